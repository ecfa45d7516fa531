// `tls_config` of receivers and of `http_config`: CA, client certificate, server name and
// verification, as Prometheus's common TLS configuration, turned into a swift-nio-ssl
// configuration for AsyncHTTPClient requests and the SMTP client.
import Foundation
import NIOSSL

/// A `tls_config` section.
package struct TLSSettings: Decodable, Sendable, Equatable {
  package var caFile: String?
  package var ca: String?
  package var certFile: String?
  package var cert: String?
  package var keyFile: String?
  package var key: String?
  package var serverName: String?
  package var insecureSkipVerify = false
  package var minVersion: String?
  package var maxVersion: String?

  package init() {}

  enum CodingKeys: String, CodingKey {
    case caFile = "ca_file", ca, certFile = "cert_file", cert, keyFile = "key_file", key
    case serverName = "server_name", insecureSkipVerify = "insecure_skip_verify"
    case minVersion = "min_version", maxVersion = "max_version"
  }

  private static let versions: [String: TLSVersion] = ["TLS10": .tlsv1, "TLS11": .tlsv11, "TLS12": .tlsv12, "TLS13": .tlsv13]

  package init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
    ca = try container.decodeIfPresent(String.self, forKey: .ca)
    certFile = try container.decodeIfPresent(String.self, forKey: .certFile)
    cert = try container.decodeIfPresent(String.self, forKey: .cert)
    keyFile = try container.decodeIfPresent(String.self, forKey: .keyFile)
    key = try container.decodeIfPresent(String.self, forKey: .key)
    serverName = try container.decodeIfPresent(String.self, forKey: .serverName)
    insecureSkipVerify = try container.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    minVersion = try container.decodeIfPresent(String.self, forKey: .minVersion)
    maxVersion = try container.decodeIfPresent(String.self, forKey: .maxVersion)
    if caFile != nil, ca != nil { throw ReceiverConfigProblem.at(decoder, "at most one of ca and ca_file may be set") }
    if certFile != nil, cert != nil { throw ReceiverConfigProblem.at(decoder, "at most one of cert and cert_file may be set") }
    if keyFile != nil, key != nil { throw ReceiverConfigProblem.at(decoder, "at most one of key and key_file may be set") }
    if (certFile != nil || cert != nil) != (keyFile != nil || key != nil) {
      throw ReceiverConfigProblem.at(decoder, "a client certificate and its key must be set together")
    }
    for version in [minVersion, maxVersion].compactMap({ $0 }) where Self.versions[version] == nil {
      throw ReceiverConfigProblem.at(decoder, "unknown TLS version \"\(version)\" (valid: TLS10, TLS11, TLS12, TLS13)")
    }
  }

  /// The client configuration: files are read now, so a missing CA file fails this attempt.
  /// - Parameter directory: what relative paths are relative to.
  func clientConfiguration(relativeTo directory: String?) -> Result<TLSConfiguration, ReceiverFailure> {
    var tls = TLSConfiguration.makeClientConfiguration()
    do {
      if let caFile {
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(SecretSource.resolve(caFile, relativeTo: directory)))
      } else if let ca {
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8)))
      }
      if let certFile {
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile(SecretSource.resolve(certFile, relativeTo: directory))
          .map { .certificate($0) }
      } else if let cert {
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(cert.utf8)).map { .certificate($0) }
      }
      if let keyFile {
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: SecretSource.resolve(keyFile, relativeTo: directory), format: .pem))
      } else if let key {
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
      }
    } catch {
      return .failure(.permanent("cannot load tls_config certificates: \(error)"))
    }
    if insecureSkipVerify { tls.certificateVerification = .none }
    if let minVersion, let version = Self.versions[minVersion] { tls.minimumTLSVersion = version }
    if let maxVersion, let version = Self.versions[maxVersion] { tls.maximumTLSVersion = version }
    return .success(tls)
  }
}
