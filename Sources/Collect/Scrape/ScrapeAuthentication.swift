// The HTTP client settings of one scrape job: basic_auth, authorization and tls_config, in
// Prometheus's shape. Only their shape and consistency are checked here; the files they name are
// read by the scrape client when it connects, as Prometheus re-reads them.

package struct BasicAuth: Decodable, Sendable, Equatable {
  package var username: String
  package var password: String?
  package var passwordFile: String?

  enum CodingKeys: String, CodingKey {
    case username
    case password
    case passwordFile = "password_file"
  }

  package init(username: String, password: String? = nil, passwordFile: String? = nil) {
    self.username = username
    self.password = password
    self.passwordFile = passwordFile
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    username = try container.decodeIfPresent(String.self, forKey: .username) ?? ""
    password = try container.decodeIfPresent(String.self, forKey: .password)
    passwordFile = try container.decodeIfPresent(String.self, forKey: .passwordFile)
    if password != nil, passwordFile != nil {
      throw ConfigurationProblem.at(decoder, "basic_auth: at most one of password and password_file may be set")
    }
  }
}

package struct AuthorizationHeader: Decodable, Sendable, Equatable {
  /// The scheme word in `Authorization: <type> <credentials>`.
  package var type: String
  package var credentials: String?
  package var credentialsFile: String?

  enum CodingKeys: String, CodingKey {
    case type
    case credentials
    case credentialsFile = "credentials_file"
  }

  package init(type: String = "Bearer", credentials: String? = nil, credentialsFile: String? = nil) {
    self.type = type
    self.credentials = credentials
    self.credentialsFile = credentialsFile
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    type = try container.decodeIfPresent(String.self, forKey: .type) ?? "Bearer"
    credentials = try container.decodeIfPresent(String.self, forKey: .credentials)
    credentialsFile = try container.decodeIfPresent(String.self, forKey: .credentialsFile)
    if type.lowercased() == "basic" {
      throw ConfigurationProblem.at(decoder, "authorization: type cannot be \"Basic\", use basic_auth instead")
    }
    if type.isEmpty || type.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
      throw ConfigurationProblem.at(decoder, "authorization: type must be one word, got \"\(type)\"")
    }
    if credentials != nil, credentialsFile != nil {
      throw ConfigurationProblem.at(decoder, "authorization: at most one of credentials and credentials_file may be set")
    }
  }
}

package struct TLSSettings: Decodable, Sendable, Equatable {
  package var caFile: String?
  package var certFile: String?
  package var keyFile: String?
  package var serverName: String?
  package var insecureSkipVerify: Bool

  enum CodingKeys: String, CodingKey {
    case caFile = "ca_file"
    case certFile = "cert_file"
    case keyFile = "key_file"
    case serverName = "server_name"
    case insecureSkipVerify = "insecure_skip_verify"
  }

  package init(
    caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, serverName: String? = nil,
    insecureSkipVerify: Bool = false
  ) {
    self.caFile = caFile
    self.certFile = certFile
    self.keyFile = keyFile
    self.serverName = serverName
    self.insecureSkipVerify = insecureSkipVerify
  }

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
    certFile = try container.decodeIfPresent(String.self, forKey: .certFile)
    keyFile = try container.decodeIfPresent(String.self, forKey: .keyFile)
    serverName = try container.decodeIfPresent(String.self, forKey: .serverName)
    insecureSkipVerify = try container.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    if (certFile == nil) != (keyFile == nil) {
      throw ConfigurationProblem.at(decoder, "tls_config: cert_file and key_file must be set together")
    }
  }
}

/// Builds the `DecodingError` every configuration type here throws for a rule it breaks; the
/// server's YAML decoder turns it into an error naming the file, line and field.
enum ConfigurationProblem {
  static func at(_ decoder: any Decoder, _ message: String) -> DecodingError {
    DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
  }
}
