// The HTTP clients scrapes go through: AsyncHTTPClient sets redirect handling per client, so there
// is one that follows redirects (Prometheus's default, up to 10) and one for jobs with
// `follow_redirects: false`. Both decode gzip, bounded by a ratio here and by the job's body limit
// in the fetcher; per-job TLS settings go on each request.
import AsyncHTTPClient
import NIOCore
import NIOHTTPCompression

package struct ScrapeClients: Sendable {
  let following: HTTPClient
  let notFollowing: HTTPClient

  package init() {
    following = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(followRedirects: true))
    notFollowing = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(followRedirects: false))
  }

  func client(followRedirects: Bool) -> HTTPClient {
    followRedirects ? following : notFollowing
  }

  package func shutdown() async {
    try? await following.shutdown()
    try? await notFollowing.shutdown()
  }

  private static func configuration(followRedirects: Bool) -> HTTPClient.Configuration {
    var configuration = HTTPClient.Configuration()
    configuration.decompression = .enabled(limit: .ratio(200))
    configuration.redirectConfiguration = followRedirects ? .follow(max: 10, allowCycles: false) : .disallow
    configuration.timeout = .init(connect: .seconds(10))
    return configuration
  }
}
