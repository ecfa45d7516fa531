// What a LogQL query returns: streams of log entries, or PromQL's vector/matrix/scalar values for
// metric queries, with the statistics Loki reports in its `stats` field and any warnings.
package import PromQL
package import WardenCore

/// One returned log line.
package struct LogEntry: Sendable, Equatable {
  package var timestampNs: Int64
  package var line: String
  /// The record's structured metadata, as stored.
  package var metadata: [LogField]

  package init(timestampNs: Int64, line: String, metadata: [LogField] = []) {
    self.timestampNs = timestampNs
    self.line = line
    self.metadata = metadata
  }
}

/// The entries of one output label set: a stream's labels after its pipeline (parsers and
/// label_format may split one stored stream into several results, as in Loki).
package struct LogStreamResult: Sendable, Equatable {
  package var labels: Labels
  /// In the query's direction.
  package var entries: [LogEntry]

  package init(labels: Labels, entries: [LogEntry]) {
    self.labels = labels
    self.entries = entries
  }
}

package enum LogQLValue: Sendable, Equatable {
  /// A log query's result, sorted by labels.
  case streams([LogStreamResult])
  /// An instant metric query's result.
  case vector([VectorSample])
  /// A range metric query's result, sorted by labels.
  case matrix([SeriesSamples])
  /// An instant query of a plain number.
  case scalar(timestampMs: Int64, value: Double)
}

/// Totals for Loki's `stats.summary`.
package struct LogQLStatistics: Sendable, Equatable {
  /// Bytes of the log lines read from the source (before filtering).
  package var bytesProcessed: Int = 0
  /// Log lines read from the source (before filtering).
  package var linesProcessed: Int = 0
  /// Entries (log queries) or samples (metric queries) in the result.
  package var entriesReturned: Int = 0
  /// Time waiting for a slot in the concurrency gate, in seconds.
  package var queueTimeSeconds: Double = 0
  /// Time from arrival to result, in seconds.
  package var execTimeSeconds: Double = 0

  package init() {}

  package var bytesProcessedPerSecond: Int {
    execTimeSeconds > 0 ? Int(Double(bytesProcessed) / execTimeSeconds) : 0
  }

  package var linesProcessedPerSecond: Int {
    execTimeSeconds > 0 ? Int(Double(linesProcessed) / execTimeSeconds) : 0
  }

  mutating func count(_ lines: LogLines) {
    linesProcessed += lines.count
    bytesProcessed += lines.lineBytes.count
  }
}

package struct LogQLResult: Sendable, Equatable {
  package var value: LogQLValue
  package var statistics: LogQLStatistics
  package var warnings: [String]

  package init(value: LogQLValue, statistics: LogQLStatistics = LogQLStatistics(), warnings: [String] = []) {
    self.value = value
    self.statistics = statistics
    self.warnings = warnings
  }
}
