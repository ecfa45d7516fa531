// What happened to each sample of an appended batch: how many were stored and, for the rest,
// why not. Senders (remote_write, scrapes) turn this into their own responses and metrics.

package struct AppendReport: Sendable, Equatable {
  /// Samples stored.
  package var appended = 0
  /// New series created by this batch.
  package var seriesCreated = 0
  /// Samples identical (same timestamp and value) to one already stored: ignored, not an error.
  package var duplicatesIgnored = 0
  /// Same timestamp as a stored sample but a different value.
  package var duplicateTimestamp = 0
  /// Older than the series' newest sample by more than the out-of-order window.
  package var outOfOrder = 0
  /// Older than the oldest time the store accepts (retention, or data already in blocks).
  package var tooOld = 0
  /// Series whose labels are not valid (bad names, no metric name, too many or too long).
  package var invalidLabels = 0
  /// Samples of series refused because the store is at its series limit.
  package var overSeriesLimit = 0

  package init() {}

  /// Samples not stored (duplicates that were identical do not count as rejected).
  package var rejected: Int { duplicateTimestamp + outOfOrder + tooOld + invalidLabels + overSeriesLimit }

  package mutating func merge(_ other: AppendReport) {
    appended += other.appended
    seriesCreated += other.seriesCreated
    duplicatesIgnored += other.duplicatesIgnored
    duplicateTimestamp += other.duplicateTimestamp
    outOfOrder += other.outOfOrder
    tooOld += other.tooOld
    invalidLabels += other.invalidLabels
    overSeriesLimit += other.overSeriesLimit
  }
}
