// One series in the head: its identity (immutable, read without a lock) and its chunks (behind
// the series' own mutex, so appends to different series never contend).
import Foundation
import Synchronization
import WardenCore

/// Thread-safe: `id` and `labels` never change; `chunks` is guarded by its `Mutex`.
final class MemSeries: Sendable {
  let id: SeriesID
  /// The `SeriesTable.token` of the table that made it: a handle handed out by one store and
  /// brought back to another (or to a reopened one) is told apart by it. Sits beside the 4-byte
  /// id, in what would otherwise be padding.
  let owner: UInt32
  let labels: Labels
  /// Wall-clock creation time; garbage collection spares young series (see `SeriesTable.collect`).
  let createdAtMs = Int64(Date().timeIntervalSince1970 * 1000)
  let chunks = Mutex(SeriesChunks())

  init(id: SeriesID, owner: UInt32, labels: Labels) {
    self.id = id
    self.owner = owner
    self.labels = labels
  }
}
