// An open-addressing table keyed by a hash the caller has already computed (`LabelSetCache` keys
// by a 64-bit hash of a series' label bytes): linear probing over two flat arrays, the slot taken
// from the key's low bits as they are. The standard Dictionary would hash the key again with
// SipHash on every lookup, a lookup per series of every request; this key is already well mixed,
// and what it stands for is always confirmed by the caller.
// MetricStore's `SeriesIDTable` is the same idea for series ids. They are not one generic type in
// a shared module on purpose: across a module boundary a generic table is not specialised (and
// this package's calls across modules were seen not to inline), which on these per-series paths
// costs more than the forty lines.

/// Not thread-safe: a `LabelSetCache` stripe's mutex guards it. Keys are never 0, which marks a
/// free slot (`LabelSetCache.hash` never gives 0).
struct HashKeyedTable<Value> {
  private var keys: [UInt64] = [UInt64](repeating: 0, count: 16)
  private var values: [Value?] = [Value?](repeating: nil, count: 16)
  private(set) var count = 0

  subscript(key: UInt64) -> Value? {
    keys.withUnsafeBufferPointer { keys in
      let mask = keys.count &- 1
      var slot = Int(truncatingIfNeeded: key) & mask
      while true {
        let found = keys[slot]
        if found == key { return values[slot] }
        if found == 0 { return nil }
        slot = (slot &+ 1) & mask
      }
    }
  }

  /// Stores `value` under `key`, replacing what was there.
  mutating func set(_ key: UInt64, _ value: Value) {
    precondition(key != 0, "BUG: 0 marks a free slot of a HashKeyedTable")
    if (count &+ 1) &* 10 > keys.count &* 7 { grow() }
    let mask = keys.count &- 1
    var slot = Int(truncatingIfNeeded: key) & mask
    while true {
      let found = keys[slot]
      if found == key {
        values[slot] = value
        return
      }
      if found == 0 {
        keys[slot] = key
        values[slot] = value
        count &+= 1
        return
      }
      slot = (slot &+ 1) & mask
    }
  }

  /// Empties the table, keeping its capacity.
  mutating func removeAll() {
    keys.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    values.withUnsafeMutableBufferPointer { $0.update(repeating: nil) }
    count = 0
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    values = [Value?](repeating: nil, count: oldKeys.count * 2)
    count = 0
    for index in oldKeys.indices where oldKeys[index] != 0 {
      if let value = oldValues[index] { set(oldKeys[index], value) }
    }
  }
}
