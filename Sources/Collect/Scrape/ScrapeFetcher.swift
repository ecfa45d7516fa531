// Fetches one target's page over HTTP(S) the way Prometheus's scraper asks for it: its Accept
// header (OpenMetrics preferred, text 0.0.4 accepted), gzip, the timeout header, authentication
// and TLS from the job, redirects as configured, and the body size limit.
package import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import WardenCore

/// A fetched page: its bytes (decompressed) and what the target said they are.
package struct ScrapeResponse: Sendable {
  package var body: [UInt8]
  package var contentType: String?
}

/// Why a fetch failed, in the words /api/v1/targets shows as `lastError`.
package struct ScrapeError: Error, Sendable, CustomStringConvertible {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}

/// The HTTP settings of one scrape job. Thread-safe: immutable after init.
package struct ScrapeFetcher: Sendable {
  /// Prometheus 2.42's Accept header for scrapes.
  static let acceptHeader =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
  /// A page is never larger than this after decompression, whatever `body_size_limit` says.
  package static let hardBodyLimit = 256 << 20

  let client: HTTPClient
  let configuration: ScrapeConfiguration
  let tls: TLSConfiguration?
  let userAgent: String

  /// - Throws: `ScrapeError` when the TLS files cannot be read.
  package init(client: HTTPClient, configuration: ScrapeConfiguration, userAgent: String) throws(ScrapeError) {
    self.client = client
    self.configuration = configuration
    self.userAgent = userAgent
    tls = try Self.tlsConfiguration(configuration.tlsConfig)
  }

  /// GETs `url`, failing after `timeout`.
  package func fetch(url: String, timeout: Duration) async throws(ScrapeError) -> ScrapeResponse {
    var request = HTTPClientRequest(url: url)
    request.method = .GET
    request.headers.add(name: "Accept", value: Self.acceptHeader)
    request.headers.add(name: "Accept-Encoding", value: "gzip")
    request.headers.add(name: "User-Agent", value: userAgent)
    let seconds = timeout.seconds
    request.headers.add(name: "X-Prometheus-Scrape-Timeout-Seconds", value: String(seconds))
    if let authorization = try authorizationHeader() { request.headers.add(name: "Authorization", value: authorization) }
    request.tlsConfiguration = tls
    let limit = configuration.bodySizeLimit.bytes > 0 ? Int(min(configuration.bodySizeLimit.bytes, Int64(Self.hardBodyLimit))) : Self.hardBodyLimit
    do {
      let deadline = NIODeadline.now() + .nanoseconds(Int64(seconds * 1e9))
      let response = try await client.execute(request, deadline: deadline)
      guard response.status == .ok else {
        if (300..<400).contains(response.status.code), !configuration.followRedirects {
          throw ScrapeError("server returned HTTP status \(response.status.code) \(response.status.reasonPhrase) (follow_redirects is false)")
        }
        throw ScrapeError("server returned HTTP status \(response.status.code) \(response.status.reasonPhrase)")
      }
      let contentType = response.headers.first(name: "Content-Type")
      var buffer: ByteBuffer
      do {
        buffer = try await response.body.collect(upTo: limit)
      } catch is NIOTooManyBytesError {
        throw ScrapeError("body size limit exceeded: the page is larger than \(limit) bytes")
      }
      return ScrapeResponse(body: buffer.readBytes(length: buffer.readableBytes) ?? [], contentType: contentType)
    } catch let error as ScrapeError {
      throw error
    } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
      throw ScrapeError("context deadline exceeded: no answer within \(PrometheusDuration.format(timeout))")
    } catch {
      throw ScrapeError("Get \"\(url)\": \(error)")
    }
  }

  private func authorizationHeader() throws(ScrapeError) -> String? {
    if let basic = configuration.basicAuth {
      var password = basic.password ?? ""
      if let file = basic.passwordFile { password = try Self.readSecret(file, what: "password_file") }
      return "Basic " + Data("\(basic.username):\(password)".utf8).base64EncodedString()
    }
    if let authorization = configuration.authorization {
      var credentials = authorization.credentials ?? ""
      if let file = authorization.credentialsFile { credentials = try Self.readSecret(file, what: "credentials_file") }
      return "\(authorization.type) \(credentials)"
    }
    return nil
  }

  /// Secrets are read at every scrape, as Prometheus does, so a rotated file takes effect.
  private static func readSecret(_ path: String, what: String) throws(ScrapeError) -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScrapeError("cannot read \(what) \(path)")
    }
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private static func tlsConfiguration(_ settings: TLSSettings?) throws(ScrapeError) -> TLSConfiguration? {
    guard let settings else { return nil }
    var tls = TLSConfiguration.makeClientConfiguration()
    do {
      if let caFile = settings.caFile {
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
      }
      if let certFile = settings.certFile, let keyFile = settings.keyFile {
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certFile).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
      }
    } catch {
      throw ScrapeError("cannot load tls_config files: \(error)")
    }
    if settings.insecureSkipVerify { tls.certificateVerification = .none }
    return tls
  }
}
