// The series of one lock stripe of `SeriesTable`, keyed by `LabelsWireHash` so a lookup hashes the
// labels once and then compares them with the one series under that hash.

import WardenCore

/// Not thread-safe: a `SeriesTable` stripe's `Mutex` guards it.
struct SeriesStripeMap {
  /// One series per hash: all of them, unless two label sets collide.
  private var byHash: [UInt64: MemSeries] = [:]
  /// Further series whose hash is already in `byHash` (a 64-bit collision: practically never).
  private var collisions: [UInt64: [MemSeries]] = [:]

  func find(_ labels: Labels, hash: UInt64) -> MemSeries? {
    guard let series = byHash[hash] else { return nil }
    if series.hasLabels(labels) { return series }
    return collisions[hash]?.first { $0.hasLabels(labels) }
  }

  /// The series stored under `hash` first, whatever its labels (the caller confirms them).
  func first(hash: UInt64) -> MemSeries? {
    byHash[hash]
  }

  /// Adds a series whose labels are not in the map yet.
  mutating func insert(_ series: MemSeries, hash: UInt64) {
    if byHash[hash] == nil {
      byHash[hash] = series
    } else {
      collisions[hash, default: []].append(series)
    }
  }

  /// Removes `series` (the very object) if present.
  mutating func remove(_ series: MemSeries, hash: UInt64) {
    if byHash[hash] === series {
      byHash[hash] = collisions[hash]?.popLast()
      if collisions[hash]?.isEmpty == true { collisions[hash] = nil }
    } else if var others = collisions[hash], let index = others.firstIndex(where: { $0 === series }) {
      others.remove(at: index)
      collisions[hash] = others.isEmpty ? nil : others
    }
  }

  /// Every series in the map.
  var allSeries: [MemSeries] {
    var result = Array(byHash.values)
    for others in collisions.values { result.append(contentsOf: others) }
    return result
  }
}
