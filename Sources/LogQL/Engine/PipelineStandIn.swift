// TEMPORARY stand-in for the pipeline (Sources/LogQL/Pipeline), so the engine builds before the
// pipeline branch is merged: same API, but only plain-substring `|=`/`!=` line filters. The lead
// deletes this file when merging the real pipeline.
package import WardenCore

package struct LogPipeline: Sendable {
  private let filters: [(keep: Bool, needles: [[UInt8]])]

  package init(_ stages: [PipelineStage]) throws(LogQLError) {
    var filters: [(keep: Bool, needles: [[UInt8]])] = []
    for stage in stages {
      guard case .lineFilter(let filter) = stage, !filter.isIPFilter,
        filter.op == .contains || filter.op == .notContains
      else { throw LogQLError(.invalid, "not yet") }
      filters.append((filter.op == .contains, filter.patterns.map { Array($0.utf8) }))
    }
    self.filters = filters
  }

  package var onlyFiltersLines: Bool { true }
  package var isEmpty: Bool { filters.isEmpty }

  package var requiredSubstrings: [[UInt8]] {
    var required: [[UInt8]] = []
    for filter in filters {
      guard filter.keep else { continue }
      if filter.needles.count == 1, !filter.needles[0].isEmpty { required.append(filter.needles[0]) }
    }
    return required
  }

  package func makeRunner() -> LogPipelineRunner { LogPipelineRunner(filters: filters) }
}

package final class LogPipelineRunner {
  private let filters: [(keep: Bool, needles: [[UInt8]])]

  init(filters: [(keep: Bool, needles: [[UInt8]])]) {
    self.filters = filters
  }

  package func process(line: ArraySlice<UInt8>, timestampNs: Int64, stream: Labels, metadata: ArraySlice<LogField>) -> ProcessedLine? {
    guard keepsLine(line) else { return nil }
    var labels = stream
    for field in metadata { labels = labels.setting(field.name, to: field.value) }
    return ProcessedLine(rewrittenLine: nil, labels: labels)
  }

  package func keepsLine(_ line: ArraySlice<UInt8>) -> Bool {
    for filter in filters {
      let found = filter.needles.contains { Self.contains(line, $0) }
      if found != filter.keep { return false }
    }
    return true
  }

  private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    if needle.isEmpty { return true }
    if haystack.count < needle.count { return false }
    var start = haystack.startIndex
    while start + needle.count <= haystack.endIndex {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
      start += 1
    }
    return false
  }
}

package struct ProcessedLine {
  package var rewrittenLine: [UInt8]?
  package var labels: Labels

  package init(rewrittenLine: [UInt8]?, labels: Labels) {
    self.rewrittenLine = rewrittenLine
    self.labels = labels
  }
}

package struct CompiledLabelFilter: Sendable {
  private let matcher: LabelMatcher

  package init(_ expr: LabelFilterExpr) throws(LogQLError) {
    guard case .matcher(let matcher, _) = expr else { throw LogQLError(.invalid, "not yet") }
    self.matcher = matcher
  }

  package func evaluate(_ labels: inout Labels) -> Bool {
    matcher.matches(labels[matcher.name])
  }
}

package enum LabelValueConversion {
  package static func number(_ text: String) -> Double? { Double(text) }
  package static func duration(_ text: String) -> Double? { nil }
  package static func bytes(_ text: String) -> Double? { nil }
}
