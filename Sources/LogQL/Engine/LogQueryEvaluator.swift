// Log queries: the selector's streams merged in the query's direction, each line through the
// pipeline, kept lines grouped by their labels after the pipeline, until `limit` entries. Lines
// the pipeline cannot relabel (no parser or formatter, no structured metadata) go to their
// stream's result without building labels.
import WardenCore

struct LogQueryEvaluator {
  let source: any LogSource

  /// Entries of `[startNs, endNs)`, at most `limit`, the newest first for backward queries and
  /// the oldest first for forward ones; results sorted by labels.
  func evaluate(
    _ selector: LogSelectorExpr, startNs: Int64, endNs: Int64, limit: Int, direction: LogDirection, intervalNs: Int64,
    budget: inout QueryBudget, statistics: inout LogQLStatistics
  ) throws(LogQLError) -> [LogStreamResult] {
    let pipeline = try LogPipeline(selector.pipeline)
    let selection = LogSelection(
      matchers: selector.matchers, startNs: startNs, endNs: endNs, direction: direction, requiredSubstrings: pipeline.requiredSubstrings)
    let cursors: [any LogStreamCursor]
    do {
      cursors = try source.select(selection)
    } catch {
      throw LogQLError(.storage, "reading logs: \(error)")
    }
    let merge = try LogRecordMerge(cursors: cursors, direction: direction)
    let runner = pipeline.makeRunner()
    let labelsFixed = pipeline.onlyFiltersLines

    var results: [LogStreamResult] = []
    var resultByLabels: [Labels: Int] = [:]
    /// The result each cursor's unchanged stream labels go to, once known.
    var resultByCursor = [Int?](repeating: nil, count: cursors.count)
    var returned = 0
    var lastTimestamp: Int64?

    func result(for labels: Labels) -> Int {
      if let known = resultByLabels[labels] { return known }
      resultByLabels[labels] = results.count
      results.append(LogStreamResult(labels: labels, entries: []))
      return results.count - 1
    }

    var runsChecked = merge.runsRead
    while returned < limit, let (cursor, record) = try merge.next() {
      if merge.runsRead != runsChecked {
        runsChecked = merge.runsRead
        try budget.check()
      } else {
        try budget.tick()
      }
      let run = merge.runs[cursor]
      let timestamp = run.timestampsNs[record]
      if intervalNs > 0, let last = lastTimestamp {
        // Loki's `interval`: skip entries closer than it to the last one returned.
        let farEnough = direction == .forward ? timestamp >= last + intervalNs : timestamp <= last - intervalNs
        if !farEnough { continue }
      }
      let line = run.lineSlice(record)
      let hasMetadata = run.metadataStart(record) != Int(run.metadataEnds[record])
      let target: Int
      let text: String
      if labelsFixed && !hasMetadata {
        if !pipeline.isEmpty && !runner.keepsLine(line) { continue }
        if let known = resultByCursor[cursor] {
          target = known
        } else {
          target = result(for: merge.cursorLabels(cursor))
          resultByCursor[cursor] = target
        }
        text = String(decoding: line, as: UTF8.self)
      } else {
        guard let processed = runner.process(line: line, timestampNs: timestamp, stream: merge.cursorLabels(cursor), metadata: run.metadata(record)) else { continue }
        target = result(for: processed.labels)
        text = processed.rewrittenLine.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: line, as: UTF8.self)
      }
      results[target].entries.append(LogEntry(timestampNs: timestamp, line: text, metadata: Array(run.metadata(record))))
      returned += 1
      lastTimestamp = timestamp
    }

    statistics.linesProcessed += merge.statistics.linesProcessed
    statistics.bytesProcessed += merge.statistics.bytesProcessed
    statistics.entriesReturned = returned
    results.sort { $0.labels < $1.labels }
    return results
  }
}
