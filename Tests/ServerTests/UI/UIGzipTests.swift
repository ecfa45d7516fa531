// Text files of the UI are also kept gzipped; the gzip copy is served only to clients that accept
// it (Accept-Encoding), under its own ETag, and decompresses to the file's exact bytes.
import Codecs
import NIOCore
@testable import Server
import Testing

@Suite struct UIGzipTests {
  @Test func textFilesHaveASmallerGzipCopyWithTheSameBytes() throws {
    let assets = UIAssets.load(environment: [:])
    let app = try #require(assets.asset("js/app.js"))
    let gzip = try #require(app.gzipBody)
    #expect(gzip.readableBytes < app.body.readableBytes)
    let unpacked = try Gzip.decompress(Array(gzip.readableBytesView), limit: 1 << 24)
    #expect(unpacked == Array(app.body.readableBytesView))
    #expect(app.gzipETag != app.etag && app.gzipETag.hasSuffix("-gz\""))
    // Tiny files are not worth it.
    let icon = try #require(assets.asset("favicon.svg"))
    #expect(icon.gzipBody == nil)
  }

  @Test(arguments: [
    ("gzip, deflate, br", true), ("br;q=1.0, gzip;q=0.8", true), ("*", true), ("identity", false), (nil, false),
    ("gzip;q=0", false), ("gzip; q=0.0", false), ("deflate, gzip;q=0.5", true), ("", false),
  ] as [(String?, Bool)])
  func acceptEncodingIsRead(header: String?, accepts: Bool) {
    #expect(UIRoutes.acceptsGzip(header) == accepts)
  }
}
