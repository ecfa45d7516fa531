// A page in the text exposition format, read with the product's own parser (Ingest, checked
// against the OpenMetrics conformance suite) and reshaped for comparisons: types by family,
// samples by metric name with their labels as a dictionary.
import Foundation
import Ingest
import Testing
import WardenCore

struct PageSample: Hashable {
  var name: String
  /// Labels without `__name__`.
  var labels: [String: String]
  var value: Double
}

struct ExpositionText {
  /// Family name → its TYPE as the page wrote it.
  var types: [String: String] = [:]
  var samples: [PageSample] = []

  /// A page that does not parse is recorded as a test issue and reads as empty.
  init(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let parsed: ExpositionParseResult
    do {
      parsed = try ExpositionParser.parse(Array(text.utf8), format: .prometheusText)
    } catch {
      Issue.record("page does not parse: \(error)", sourceLocation: sourceLocation)
      return
    }
    for family in parsed.families { types[family.name] = family.type.rawValue }
    samples = parsed.samples.map { sample in
      var labels: [String: String] = [:]
      for label in sample.labels.pairs where label.name != "__name__" { labels[label.name] = label.value }
      return PageSample(name: sample.labels.metricName, labels: labels, value: sample.value)
    }
  }

  /// Samples grouped by metric name.
  var byName: [String: [PageSample]] { Dictionary(grouping: samples, by: \.name) }
}
