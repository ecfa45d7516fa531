// The product's exposition parser against real pages: node_exporter's own output (the real peer,
// not a fixture) and both of Warden's pages must parse, with every sample accounted for.
import Foundation
import Ingest
import Testing

@Suite(.timeLimit(.minutes(2)))
struct RealPagesParseTests {
  @Test func nodeExporterAndWardenPagesParse() async throws {
    let exporter = try NodeExporterProcess()
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await exporter.waitUntilUp()
    _ = try await server.get("/-/healthy")

    let pages: [(String, HTTPResult)] = [
      ("node_exporter /metrics", try await exporter.scrape()),
      ("warden /metrics/host", try await server.get("/metrics/host")),
      ("warden /metrics", try await server.get("/metrics")),
    ]
    for (name, page) in pages {
      let format = ExpositionFormat.from(contentType: page.headers["content-type"])
      do {
        let parsed = try ExpositionParser.parse(Array(page.body), format: format)
        // Every sample line of the page is a sample of the result.
        let lines = page.text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(parsed.samples.count == lines.count, "\(name): \(parsed.samples.count) samples for \(lines.count) lines")
        #expect(parsed.samples.count > 20, "\(name) is suspiciously small")
      } catch {
        Issue.record("\(name) does not parse: \(error)")
      }
    }
    try await server.stop()
    exporter.stop()
  }
}
