// When a group evaluates: on its interval, at a fixed offset within it derived from a hash of
// the group's name and file, so many groups with the same interval spread out instead of all
// running at once (as Prometheus spreads them), and the timestamps stay aligned across restarts.
import WardenCore

struct GroupSchedule: Sendable, Equatable {
  let intervalMs: Int64
  /// Where in each interval the group's evaluations fall.
  let offsetMs: Int64

  init(name: String, file: String, intervalMs: Int64) {
    self.intervalMs = max(1, intervalMs)
    let hash = Labels([Label("name", name), Label("file", file)]).stableHash
    offsetMs = Int64(hash % UInt64(self.intervalMs))
  }

  /// The latest evaluation time at or before `ms`.
  func slot(atOrBefore ms: Int64) -> Int64 {
    let adjusted = ms - offsetMs
    var remainder = adjusted % intervalMs
    if remainder < 0 { remainder += intervalMs }
    return adjusted - remainder + offsetMs
  }

  /// The first evaluation time after `ms`.
  func slot(after ms: Int64) -> Int64 {
    slot(atOrBefore: ms) + intervalMs
  }
}
