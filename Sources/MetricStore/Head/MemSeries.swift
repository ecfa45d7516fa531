// One series in the head: its identity (immutable, read without a lock) and its chunks (behind
// the series' own mutex, so appends to different series never contend).
import Foundation
import Synchronization
import WardenCore

/// Thread-safe: `id` and `labels` never change; `chunks` is guarded by its `Mutex`.
final class MemSeries: Sendable {
  let id: SeriesID
  let labels: Labels
  /// Wall-clock creation time; garbage collection spares young series (see `SeriesTable.collect`).
  let createdAtMs = Int64(Date().timeIntervalSince1970 * 1000)
  let chunks = Mutex(SeriesChunks())

  init(id: SeriesID, labels: Labels) {
    self.id = id
    self.labels = labels
  }
}
