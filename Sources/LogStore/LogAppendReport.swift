// What happened to the records of one appended batch: how many were stored, how many lines were
// cut to the length limit, and why the others were refused.

/// Why a record was not stored.
package enum LogRejectReason: String, Sendable, Hashable, CaseIterable {
  /// No labels, a label name outside `[a-zA-Z_][a-zA-Z0-9_]*`.
  case invalidLabels = "invalid_labels"
  /// More labels than `maxLabelsPerStream`.
  case tooManyLabels = "too_many_labels"
  /// A label name or value longer than its limit.
  case labelTooLong = "label_too_long"
  /// A new stream while the head is at `maxStreams`.
  case streamLimit = "stream_limit"
  /// Older than the retention period.
  case tooOld = "too_old"
}

package struct LogAppendReport: Sendable, Equatable {
  /// Records stored (durable when `append` returned).
  package var acceptedRecords = 0
  /// Line bytes stored (after truncation).
  package var acceptedBytes = 0
  /// Stored lines that were cut to `maxLineBytes`.
  package var truncatedLines = 0
  /// Records refused, by reason.
  package var rejected: [LogRejectReason: Int] = [:]

  package init() {}

  package var rejectedRecords: Int { rejected.values.reduce(0, +) }

  package mutating func merge(_ other: LogAppendReport) {
    acceptedRecords += other.acceptedRecords
    acceptedBytes += other.acceptedBytes
    truncatedLines += other.truncatedLines
    rejected.merge(other.rejected, uniquingKeysWith: +)
  }
}
