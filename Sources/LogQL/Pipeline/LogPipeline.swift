// A log pipeline (everything between a stream selector and the result line) compiled once per
// query. Immutable and Sendable: each query task makes its own `LogPipelineRunner`, which holds
// the per-task scratch state, so tasks never share mutable state or locks.
package import WardenCore

package struct LogPipeline: Sendable {
  let stages: [CompiledStage]
  let regexes: [SharedRegex]
  /// Set by `extractingOnly`: the label names full-extraction parsers need to produce.
  private(set) var wantedExtracted: [[UInt8]]?
  private let source: [PipelineStage]

  /// Compiles regexes, templates, patterns and paths; `.invalid` errors carry the stage's
  /// position.
  package init(_ stages: [PipelineStage]) throws(LogQLError) {
    var regexes: [SharedRegex] = []
    var compiled: [CompiledStage] = []
    compiled.reserveCapacity(stages.count)
    for stage in stages { compiled.append(try CompiledStage(stage, regexes: &regexes)) }
    self.stages = compiled
    self.regexes = regexes
    source = stages
  }

  /// The same pipeline, told that after it only the labels `names` are looked at (a metric
  /// query's `sum by (names)`): `json` and `logfmt` then build only those labels and the ones its
  /// own label filters read, instead of one per field of every line. Unchanged when a template
  /// stage could read any label.
  package func extractingOnly(_ names: Set<String>) -> LogPipeline {
    var wanted = names
    for stage in source {
      switch stage {
      case .lineFormat, .labelFormat: return self
      case .labelFilter(let filter): wanted.formUnion(filter.labelNames)
      case .lineFilter, .parser, .drop, .keep, .decolorize: break
      }
    }
    // A field named like a stream label is extracted as `<name>_extracted`.
    for name in wanted where name.hasSuffix("_extracted") { wanted.insert(String(name.dropLast("_extracted".count))) }
    var copy = self
    copy.wantedExtracted = wanted.sorted().map { Array($0.utf8) }
    return copy
  }

  /// No stage changes lines or labels (only line filters, or nothing): callers may skip label
  /// work and use `keepsLine`.
  package var onlyFiltersLines: Bool { stages.allSatisfy(\.isLineFilter) }

  package var isEmpty: Bool { stages.isEmpty }

  /// Substrings every kept line must contain: from positive case-sensitive line filters with one
  /// pattern, up to the first stage that rewrites the line. A hint for `LogSelection`.
  package var requiredSubstrings: [[UInt8]] {
    var required: [[UInt8]] = []
    for stage in stages {
      if stage.rewritesLine { break }
      if case .lineFilter(let filter) = stage, let substring = filter.requiredSubstring, !required.contains(substring) {
        required.append(substring)
      }
    }
    return required
  }

  package func makeRunner() -> LogPipelineRunner {
    LogPipelineRunner(self)
  }
}

/// The result of running one record through a pipeline.
package struct ProcessedLine {
  /// nil when no stage rewrote the line (use the input bytes).
  package var rewrittenLine: [UInt8]?
  /// Stream labels + metadata + extracted labels (+ `__error__`/`__error_details__` when a stage
  /// failed); the stream's own `Labels` (no allocation) when nothing was added.
  package var labels: Labels
}
