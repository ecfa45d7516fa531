// The series of one lock stripe of `SeriesTable`, keyed by `LabelsWireHash` so a lookup hashes the
// labels once and then compares them with the series under that hash.
//
// Open addressing with linear probing over one array of (hash, series) slots, not a Dictionary:
// the hash is already well mixed (Dictionary would hash it again with SipHash), and a slot holds
// the key beside the series, so a lookup, one per series of every remote_write request, touches
// one cache line of the table rather than a bitmap, a key and a value in three arrays. Two label
// sets with the same hash (practically never) simply take two slots. The low bits of the hash
// pick the slot; `SeriesTable` picks the stripe with the high ones.
import WardenCore

/// Not thread-safe: a `SeriesTable` stripe's `Mutex` guards it.
struct SeriesStripeMap {
  private struct Slot {
    var hash: UInt64 = 0
    /// nil marks a free slot.
    var series: MemSeries?
  }

  /// A power of two; at most three quarters used.
  private var slots = ContiguousArray(repeating: Slot(), count: 8)
  private(set) var count = 0

  /// The series with these labels under `hash`, if any.
  func find(_ labels: Labels, hash: UInt64) -> MemSeries? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count &- 1
      var index = Int(truncatingIfNeeded: hash) & mask
      while let series = slots[index].series {
        if slots[index].hash == hash, series.hasLabels(labels) { return series }
        index = (index &+ 1) & mask
      }
      return nil
    }
  }

  /// The first series stored under `hash`, whatever its labels (the caller confirms them).
  func first(hash: UInt64) -> MemSeries? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count &- 1
      var index = Int(truncatingIfNeeded: hash) & mask
      while let series = slots[index].series {
        if slots[index].hash == hash { return series }
        index = (index &+ 1) & mask
      }
      return nil
    }
  }

  /// Adds a series whose labels are not in the map yet.
  mutating func insert(_ series: MemSeries, hash: UInt64) {
    if (count &+ 1) &* 4 > slots.count &* 3 { grow() }
    let mask = slots.count &- 1
    var index = Int(truncatingIfNeeded: hash) & mask
    while slots[index].series != nil { index = (index &+ 1) & mask }
    slots[index] = Slot(hash: hash, series: series)
    count &+= 1
  }

  /// Removes `series` (the very object) if present.
  mutating func remove(_ series: MemSeries, hash: UInt64) {
    let mask = slots.count &- 1
    var index = Int(truncatingIfNeeded: hash) & mask
    while let found = slots[index].series {
      if found === series {
        slots[index] = Slot()
        count &-= 1
        closeGap(at: index)
        return
      }
      index = (index &+ 1) & mask
    }
  }

  /// Every series in the map.
  var allSeries: [MemSeries] {
    slots.compactMap(\.series)
  }

  /// Moves back the slots after a freed one that would otherwise no longer be found (backward
  /// shift deletion: linear probing needs no tombstones).
  private mutating func closeGap(at freed: Int) {
    let mask = slots.count &- 1
    var gap = freed
    var index = (freed &+ 1) & mask
    while slots[index].series != nil {
      let home = Int(truncatingIfNeeded: slots[index].hash) & mask
      // The slot may move into the gap if its home is not in (gap, index], cyclically.
      let fromHome = (index &- home) & mask
      let fromGap = (index &- gap) & mask
      if fromHome >= fromGap {
        slots[gap] = slots[index]
        slots[index] = Slot()
        gap = index
      }
      index = (index &+ 1) & mask
    }
  }

  private mutating func grow() {
    let old = slots
    slots = ContiguousArray(repeating: Slot(), count: old.count * 2)
    count = 0
    for slot in old where slot.series != nil { insert(slot.series!, hash: slot.hash) }
  }
}
