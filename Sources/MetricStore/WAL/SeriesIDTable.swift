// A map from series id to a small value for the WAL's per-group predictions: open addressing with
// linear probing over two flat arrays, and a multiplicative hash of the id. The standard
// Dictionary hashes every key with SipHash through `Hasher`, which was most of its cost on the
// WAL thread (one lookup and one store per sample); ids are dense small integers that need no
// such protection, since they come from the store, not from senders.

/// Not thread-safe: a value owned by one WAL compressor or decompressor.
struct SeriesIDTable<Value> {
  /// `empty` marks a free slot (series ids are dense from 0 and never reach it).
  private static var empty: UInt32 { .max }

  private var keys: [UInt32]
  private var values: [Value]
  private let placeholder: Value
  /// 64 minus log2 of the capacity: the hash's top bits pick the slot.
  private var shift: UInt64
  private(set) var count = 0

  /// - Parameter placeholder: what free slots hold (never read back).
  init(placeholder: Value) {
    self.placeholder = placeholder
    keys = [UInt32](repeating: Self.empty, count: 16)
    values = [Value](repeating: placeholder, count: 16)
    shift = 64 - 4
  }

  var isEmpty: Bool { count == 0 }

  /// Empties the table, keeping its capacity (it is refilled by every group of about the same size).
  mutating func removeAll() {
    guard count > 0 else { return }
    keys.withUnsafeMutableBufferPointer { $0.update(repeating: Self.empty) }
    count = 0
  }

  subscript(key: UInt32) -> Value? {
    get {
      keys.withUnsafeBufferPointer { keys in
        var slot = slot(for: key)
        while true {
          let found = keys[slot]
          if found == key { return values[slot] }
          if found == Self.empty { return nil }
          slot = (slot &+ 1) & (keys.count &- 1)
        }
      }
    }
    set {
      // Removal is not needed by the WAL (tables are only ever emptied as a whole).
      guard let newValue else { preconditionFailure("BUG: SeriesIDTable does not remove single keys") }
      precondition(key != Self.empty, "BUG: series id \(key) is the table's free-slot marker")
      if (count &+ 1) &* 2 > keys.count { grow() }
      var slot = slot(for: key)
      while true {
        let found = keys[slot]
        if found == key {
          values[slot] = newValue
          return
        }
        if found == Self.empty {
          keys[slot] = key
          values[slot] = newValue
          count &+= 1
          return
        }
        slot = (slot &+ 1) & (keys.count &- 1)
      }
    }
  }

  @inline(__always)
  private func slot(for key: UInt32) -> Int {
    Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt32](repeating: Self.empty, count: oldKeys.count * 2)
    values = [Value](repeating: placeholder, count: oldKeys.count * 2)
    shift -= 1
    count = 0
    for index in oldKeys.indices where oldKeys[index] != Self.empty {
      self[oldKeys[index]] = oldValues[index]
    }
  }
}
