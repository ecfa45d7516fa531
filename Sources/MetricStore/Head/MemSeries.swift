// One series in the head: its identity (immutable, read without a lock) and its chunks (behind
// the series' own mutex, so appends to different series never contend).
import Synchronization
import WardenCore

/// Thread-safe: `id` and `labels` never change; `chunks` is guarded by its `Mutex`.
final class MemSeries: Sendable {
  let id: SeriesID
  let labels: Labels
  let chunks = Mutex(SeriesChunks())

  init(id: SeriesID, labels: Labels) {
    self.id = id
    self.labels = labels
  }
}
