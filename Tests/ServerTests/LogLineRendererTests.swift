// Log line rendering: logfmt quoting and JSON escaping, so every line parses back.
import Foundation
import Logging
@testable import Server
import Testing

struct LogLineRendererTests {
  @Test func logfmtQuotesOnlyWhatNeedsIt() {
    let line = LogLineRenderer(format: .logfmt).render(
      timestamp: "T", level: .info, label: "warden", message: "stores open",
      metadata: ["path": "/data dir", "n": "3", "quote": "say \"hi\"", "empty": ""])
    #expect(line == #"ts=T level=info logger=warden msg="stores open" empty="" n=3 path="/data dir" quote="say \"hi\"""#)
  }

  @Test func jsonEscapesControlCharacters() throws {
    let line = LogLineRenderer(format: .json).render(
      timestamp: "T", level: .error, label: "warden", message: "bad\nline\t\"x\" \u{1}",
      metadata: ["error": .stringConvertible(42), "list": .array(["a", "b"])])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
    #expect(object["msg"] == "bad\nline\t\"x\" \u{1}")
    #expect(object["error"] == "42")
    #expect(object["list"] == "[a,b]")
    #expect(object["level"] == "error")
  }

  @Test func timestampIsRFC3339UTCWithMilliseconds() {
    let stamp = WardenLogHandler.timestamp()
    #expect(stamp.count == 24)
    #expect(stamp.hasSuffix("Z"))
    #expect(stamp.dropFirst(10).first == "T")
  }
}
