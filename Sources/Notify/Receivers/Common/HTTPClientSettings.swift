// `http_config` of HTTP-based receivers: the subset of Prometheus's common HTTP client settings
// Warden implements (basic_auth, authorization / bearer_token, tls_config, follow_redirects,
// http_headers). Proxies and OAuth 2 are refused at load rather than ignored, since ignoring
// them would send requests the operator did not mean to send.

/// An `http_config` section.
package struct HTTPClientSettings: Decodable, Sendable, Equatable {
  package struct BasicAuth: Decodable, Sendable, Equatable {
    package var username: String
    package var password: SecretSource?

    enum CodingKeys: String, CodingKey {
      case username, password, passwordFile = "password_file", usernameFile = "username_file"
    }

    package init(username: String, password: SecretSource?) {
      self.username = username
      self.password = password
    }

    package init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      if container.contains(.usernameFile) { throw ReceiverConfigProblem.at(decoder, "username_file is not supported; set username") }
      username = try container.decodeIfPresent(String.self, forKey: .username) ?? ""
      password = try SecretSource.decode(container, .password, file: .passwordFile, decoder: decoder)
    }
  }

  package struct Authorization: Decodable, Sendable, Equatable {
    package var type: String
    package var credentials: SecretSource?

    enum CodingKeys: String, CodingKey {
      case type, credentials, credentialsFile = "credentials_file"
    }

    package init(type: String = "Bearer", credentials: SecretSource?) {
      self.type = type
      self.credentials = credentials
    }

    package init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      type = try container.decodeIfPresent(String.self, forKey: .type) ?? "Bearer"
      if type.isEmpty { type = "Bearer" }
      if type.lowercased() == "basic" {
        throw ReceiverConfigProblem.at(decoder, "authorization type cannot be Basic; use basic_auth")
      }
      credentials = try SecretSource.decode(container, .credentials, file: .credentialsFile, decoder: decoder)
    }
  }

  /// One `http_headers` entry: values given inline, as secrets, or read from files.
  package struct HeaderValues: Decodable, Sendable, Equatable {
    package var values: [String] = []
    package var secrets: [String] = []
    package var files: [String] = []

    enum CodingKeys: String, CodingKey { case values, secrets, files }

    package init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      values = try container.decodeIfPresent([String].self, forKey: .values) ?? []
      secrets = try container.decodeIfPresent([String].self, forKey: .secrets) ?? []
      files = try container.decodeIfPresent([String].self, forKey: .files) ?? []
    }
  }

  package var basicAuth: BasicAuth?
  package var authorization: Authorization?
  package var tls = TLSSettings()
  package var followRedirects = true
  package var headers: [String: HeaderValues] = [:]

  package init() {}

  enum CodingKeys: String, CodingKey {
    case basicAuth = "basic_auth", authorization, bearerToken = "bearer_token", bearerTokenFile = "bearer_token_file"
    case tlsConfig = "tls_config", followRedirects = "follow_redirects", enableHTTP2 = "enable_http2"
    case httpHeaders = "http_headers", oauth2, proxyURL = "proxy_url", noProxy = "no_proxy"
    case proxyFromEnvironment = "proxy_from_environment", proxyConnectHeader = "proxy_connect_header"
  }

  /// Headers Warden sets itself, which `http_headers` may not replace.
  private static let reservedHeaders: Set<String> = ["authorization", "content-type", "content-length", "host", "user-agent"]

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    basicAuth = try container.decodeIfPresent(BasicAuth.self, forKey: .basicAuth)
    authorization = try container.decodeIfPresent(Authorization.self, forKey: .authorization)
    if let bearer = try SecretSource.decode(container, .bearerToken, file: .bearerTokenFile, decoder: decoder) {
      if authorization != nil {
        throw ReceiverConfigProblem.at(decoder, "at most one of authorization and bearer_token may be set")
      }
      authorization = Authorization(credentials: bearer)
    }
    if basicAuth != nil, authorization != nil {
      throw ReceiverConfigProblem.at(decoder, "at most one of basic_auth and authorization may be set")
    }
    tls = try container.decodeIfPresent(TLSSettings.self, forKey: .tlsConfig) ?? TLSSettings()
    followRedirects = try container.decodeIfPresent(Bool.self, forKey: .followRedirects) ?? true
    // HTTP/2 is negotiated by the client where the server offers it; the switch changes nothing here.
    _ = try container.decodeIfPresent(Bool.self, forKey: .enableHTTP2)
    headers = try container.decodeIfPresent([String: HeaderValues].self, forKey: .httpHeaders) ?? [:]
    for name in headers.keys where Self.reservedHeaders.contains(name.lowercased()) {
      throw ReceiverConfigProblem.at(decoder, "http_headers may not set \(name), which Warden sets itself")
    }
    for (key, what) in [(CodingKeys.oauth2, "OAuth 2"), (.proxyURL, "proxies"), (.noProxy, "proxies"), (.proxyConnectHeader, "proxies")]
    where container.contains(key) {
      throw ReceiverConfigProblem.at(decoder, "\(key.stringValue) is not supported: Warden's receivers do not use \(what)")
    }
    if try container.decodeIfPresent(Bool.self, forKey: .proxyFromEnvironment) == true {
      throw ReceiverConfigProblem.at(decoder, "proxy_from_environment is not supported: Warden's receivers do not use proxies")
    }
  }
}
