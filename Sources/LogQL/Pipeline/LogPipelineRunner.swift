// Runs records through a compiled pipeline for one query task. Holds everything that changes
// from line to line (the label working set, line buffers, parser scratch, its own regex copies),
// reused so that a line costs no allocation beyond the labels and text the stages produce.
package import WardenCore

package final class LogPipelineRunner {
  private let stages: [CompiledStage]
  /// The line-filter stages alone, for `keptRecords`.
  private let lineFilters: [CompiledLineFilter]
  private let regexes: RegexTable
  private let templateRegexes = TemplateRegexCache()
  private var labels = LabelWorkingSet()
  private var scratch = ParserScratch()
  /// The current line once a stage rewrote it.
  private var lineBuffer: [UInt8] = []
  /// Where a rewriting stage writes; swapped with `lineBuffer` afterwards.
  private var nextBuffer: [UInt8] = []
  /// label_format's template output.
  private var templateBuffer: [UInt8] = []

  init(_ pipeline: LogPipeline) {
    stages = pipeline.stages
    lineFilters = pipeline.stages.compactMap { stage in
      if case .lineFilter(let filter) = stage { filter } else { nil }
    }
    regexes = RegexTable(pipeline.regexes)
    scratch.wanted = pipeline.wantedExtracted
  }

  private enum Outcome {
    case drop, keep, rewrote
  }

  /// Runs one record through the stages; nil when a stage drops it. `stream` are the stream
  /// labels; `metadata` the record's structured metadata, visible to later stages as labels.
  package func process(line: ArraySlice<UInt8>, timestampNs: Int64, stream: Labels, metadata: ArraySlice<LogField>) -> ProcessedLine? {
    labels.reset(stream: stream, metadata: metadata)
    var rewritten = false
    for stage in stages {
      let outcome =
        rewritten
        ? lineBuffer.withUnsafeBytes { run(stage, line: $0, timestampNs: timestampNs) }
        : line.withUnsafeBytes { run(stage, line: $0, timestampNs: timestampNs) }
      switch outcome {
      case .drop: return nil
      case .keep: break
      case .rewrote:
        swap(&lineBuffer, &nextBuffer)
        rewritten = true
      }
    }
    return ProcessedLine(rewrittenLine: rewritten ? lineBuffer : nil, labels: labels.build())
  }

  /// Only the line filters (the fast path when `onlyFiltersLines`): whether the line is kept.
  /// `keepsLine` for every record of `lines` at once: `kept[i]` says whether record i passes the
  /// line filters. One pass over the run's buffer, so a count over millions of lines costs no
  /// reference counting per line.
  package func keptRecords(_ lines: LogLines, into kept: inout [Bool]) {
    kept.removeAll(keepingCapacity: true)
    kept.reserveCapacity(lines.count)
    let filters = lineFilters
    lines.lineBytes.withUnsafeBytes { buffer in
      var start = 0
      for end in lines.lineEnds {
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        var keep = true
        for index in filters.indices where keep { keep = filters[index].keeps(line, regexes: regexes) }
        kept.append(keep)
        start = end
      }
    }
  }

  package func keepsLine(_ line: ArraySlice<UInt8>) -> Bool {
    line.withUnsafeBytes { bytes in
      for stage in stages {
        if case .lineFilter(let filter) = stage, !filter.keeps(bytes, regexes: regexes) { return false }
      }
      return true
    }
  }

  private func run(_ stage: CompiledStage, line: UnsafeRawBufferPointer, timestampNs: Int64) -> Outcome {
    switch stage {
    case .lineFilter(let filter):
      return filter.keeps(line, regexes: regexes) ? .keep : .drop
    case .json(let parser):
      parser.process(line, labels: &labels, scratch: &scratch)
    case .logfmt(let parser):
      parser.process(line, labels: &labels, scratch: &scratch)
    case .regexp(let parser):
      parser.process(line, labels: &labels, scratch: &scratch, regexes: regexes)
    case .pattern(let parser):
      parser.process(line, labels: &labels, scratch: &scratch)
    case .unpack:
      nextBuffer.removeAll(keepingCapacity: true)
      if UnpackStage.process(line, labels: &labels, scratch: &scratch, entry: &nextBuffer) { return .rewrote }
    case .labelFilter(let filter):
      return filter.evaluate(&labels) ? .keep : .drop
    case .lineFormat(let template):
      nextBuffer.removeAll(keepingCapacity: true)
      do {
        try template.render(into: &nextBuffer, context: context(line, timestampNs))
        return .rewrote
      } catch {
        labels.setError(Self.templateErrorKind, details: error.message)
      }
    case .labelFormat(let operations):
      formatLabels(operations, line: line, timestampNs: timestampNs)
    case .drop(let selection):
      selection.drop(from: &labels)
    case .keep(let selection):
      selection.keep(in: &labels)
    case .decolorize:
      if Decolorizer.strip(line, into: &nextBuffer) { return .rewrote }
    }
    return .keep
  }

  static let templateErrorKind = "TemplateFormatErr"

  private func context(_ line: UnsafeRawBufferPointer, _ timestampNs: Int64) -> TemplateContext {
    TemplateContext(labels: labels, line: line, timestampNs: timestampNs, regexes: templateRegexes)
  }

  /// Every template sees the labels as they were before this stage; results apply in order.
  private func formatLabels(_ operations: [LabelFormatOperation], line: UnsafeRawBufferPointer, timestampNs: Int64) {
    var results: [(destination: String, value: String?, source: String?)] = []
    results.reserveCapacity(operations.count)
    let snapshot = context(line, timestampNs)
    for operation in operations {
      switch operation {
      case .rename(let destination, let source):
        results.append((destination, labels.value(source), source))
      case .template(let destination, let template):
        templateBuffer.removeAll(keepingCapacity: true)
        do {
          try template.render(into: &templateBuffer, context: snapshot)
          results.append((destination, String(decoding: templateBuffer, as: UTF8.self), nil))
        } catch {
          labels.setError(Self.templateErrorKind, details: error.message)
        }
      }
    }
    for result in results {
      guard let value = result.value else { continue }  // renaming a label that is not there
      if let source = result.source, source != result.destination { labels.remove(source) }
      labels.set(result.destination, value)
    }
  }
}
