// The prometheus/common expfmt test data and fuzz seeds, and the prometheus/textparse testdata
// pages, with the outcomes shared/conformance/exposition/README.md states for each.

import Foundation
import Ingest
import Testing
import WardenCore

@Suite(.enabled(if: Conformance.exists(Conformance.expfmt), "shared/conformance/exposition is absent; skipping"))
struct ExpfmtCorpusTests {
  @Test func realPageParsesWith248Samples() throws {
    let body = try Conformance.bytes(Conformance.expfmt.appendingPathComponent("testdata/text"))
    let result = try ExpositionParser.parse(body, format: .prometheusText)
    #expect(result.samples.count == 248)
    let summaries = result.families.filter { $0.type == .summary }
    #expect(!summaries.isEmpty)
    #expect(result.families.allSatisfy { $0.help != nil })
  }

  @Test("fuzz seeds that must parse", arguments: Conformance.fuzzCorpus(prefix: "from_test_parse_") .filter { !$0.contains("error") } + ["minimal"])
  func acceptedSeed(_ name: String) throws {
    let body = try Conformance.bytes(Conformance.expfmt.appendingPathComponent("fuzz/corpus/\(name)"))
    #expect(throws: Never.self, "\(name)") { try ExpositionParser.parse(body, format: .prometheusText) }
  }

  @Test("fuzz seeds that must be rejected", arguments: Conformance.fuzzCorpus(prefix: "from_test_parse_error_"))
  func rejectedSeed(_ name: String) throws {
    let body = try Conformance.bytes(Conformance.expfmt.appendingPathComponent("fuzz/corpus/\(name)"))
    do {
      let result = try ExpositionParser.parse(body, format: .prometheusText)
      Issue.record("\(name) parsed into \(result.samples.count) samples but must be rejected")
    } catch {
      #expect(error.line >= 1 && error.column >= 1)
    }
  }

  @Test func errorSeedCountsMatchReadme() {
    #expect(Conformance.fuzzCorpus(prefix: "from_test_parse_error_").count == 20)
    #expect(Conformance.fuzzCorpus(prefix: "from_test_parse_").count == 25)
  }

  @Test("textparse 0.0.4 pages", arguments: ["alltypes.237mfs.prom.txt", "alltypes.237mfs.nometa.prom.txt"])
  func textparsePage(_ name: String) throws {
    let body = try Conformance.bytes(Conformance.textparse.appendingPathComponent(name))
    let result = try ExpositionParser.parse(body, format: .prometheusText)
    #expect(!result.samples.isEmpty)
    if !name.contains("nometa") {
      #expect(result.families.filter { $0.help != nil }.count == 237)
    }
  }

  @Test func textparseOpenMetricsHistogramPage() throws {
    let body = try Conformance.bytes(Conformance.textparse.appendingPathComponent("1histogram.om.txt"))
    let result = try ExpositionParser.parse(body, format: .openMetrics)
    #expect(!result.samples.isEmpty)
    #expect(result.families.map(\.type) == [.histogram])
  }

  /// client_golang wrote this page with a negative-bucket histogram that also has a (negative)
  /// `_sum`. OpenMetrics 1.0 forbids `_sum` on such histograms and the conformance suite
  /// (bad_counter_values_8/9, bad_histograms_3) requires rejecting it, so the strict parser does.
  @Test func textparseAllTypesPageHitsTheNegativeBucketSumRule() throws {
    let body = try Conformance.bytes(Conformance.textparse.appendingPathComponent("alltypes.5mfs.om.txt"))
    #expect {
      try ExpositionParser.parse(body, format: .openMetrics)
    } throws: { error in
      (error as? ExpositionError)?.line == 33
    }
  }

  /// The same page scrapes cleanly in scrape mode, as Prometheus's scraper takes it.
  @Test func textparseAllTypesPageScrapesInScrapeMode() throws {
    let body = try Conformance.bytes(Conformance.textparse.appendingPathComponent("alltypes.5mfs.om.txt"))
    let result = try ExpositionParser.parse(body, format: .openMetrics, mode: .scrape)
    #expect(result.families.count == 5)
    #expect(result.samples.contains { $0.labels.metricName == "rpc_durations_histogram_seconds_sum" && $0.value < 0 })
    // Syntax errors are still errors in scrape mode.
    #expect(throws: ExpositionError.self) { try ExpositionParser.parse(Array("a{ 1\n# EOF\n".utf8), format: .openMetrics, mode: .scrape) }
    #expect(throws: ExpositionError.self) { try ExpositionParser.parse(Array("a 1\n".utf8), format: .openMetrics, mode: .scrape) }
  }

  @Test func sameSamplesWithAndWithoutMetadata() throws {
    let full = try ExpositionParser.parse(
      Conformance.bytes(Conformance.textparse.appendingPathComponent("alltypes.237mfs.prom.txt")), format: .prometheusText)
    let bare = try ExpositionParser.parse(
      Conformance.bytes(Conformance.textparse.appendingPathComponent("alltypes.237mfs.nometa.prom.txt")), format: .prometheusText)
    #expect(full.samples == bare.samples)
  }
}
