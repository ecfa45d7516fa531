// The OpenMetrics 1.0 parser conformance suite (shared/conformance/openmetrics/parsers): every
// case must parse exactly when its test.json says `shouldParse: true`.

import Foundation
import Ingest
import Testing

@Suite(.enabled(if: Conformance.exists(Conformance.openMetricsParsers), "shared/conformance/openmetrics is absent; skipping"))
struct OpenMetricsConformanceTests {
  private struct Case: Decodable {
    var type: String
    var file: String
    var shouldParse: Bool
  }

  @Test("OpenMetrics conformance case", arguments: Conformance.openMetricsCases())
  func conformanceCase(_ name: String) throws {
    let directory = Conformance.openMetricsParsers.appendingPathComponent(name)
    let spec = try JSONDecoder().decode(Case.self, from: Data(contentsOf: directory.appendingPathComponent("test.json")))
    let body = try Conformance.bytes(directory.appendingPathComponent(spec.file))
    do {
      _ = try ExpositionParser.parse(body, format: .openMetrics)
      #expect(spec.shouldParse, "\(name): parsed, but the suite says it must be rejected")
    } catch {
      #expect(!spec.shouldParse, "\(name): rejected with \(error), but the suite says it must parse")
      #expect(error.line >= 1 && error.column >= 1)
    }
  }

  @Test func suiteHasAllCases() {
    #expect(Conformance.openMetricsCases().count == 211)
  }
}
