// A fast in-memory hash of a label set for the head's series table: one pass over the UTF-8 bytes,
// eight at a time, used both to pick the lock stripe and as the map key, so a lookup hashes the
// labels once (`Labels.stableHash` goes byte by byte and the `Hashable` conformance hashes every
// string again through `Hasher`). Never persisted: it may change between versions.
import WardenCore

enum LabelsHash {
  private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

  /// Equal label sets hash equally; different ones may collide (the table compares labels).
  static func of(_ labels: Labels) -> UInt64 {
    var hash: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(labels.count)
    // Read in place: a `for label in` loop copies each label, retaining and releasing both of its
    // strings, and the interned ones are shared by every appending thread (contended atomics).
    labels.pairs.withUnsafeBufferPointer { pairs in
      for index in pairs.indices {
        hash = mix(hash, pairs[index].name)
        hash = mix(hash, pairs[index].value)
      }
    }
    return finalize(hash)
  }

  /// Folds one string's bytes and length in (the length keeps `a`+`bc` apart from `ab`+`c`).
  @inline(__always)
  private static func mix(_ start: UInt64, _ text: borrowing String) -> UInt64 {
    if let hash = text.utf8.withContiguousStorageIfAvailable({ bytes in mix(start, UnsafeRawBufferPointer(bytes)) }) {
      return hash
    }
    // Not reached for native strings (all of them on Linux); same result as the fast path.
    return Array(text.utf8).withUnsafeBytes { mix(start, $0) }
  }

  private static func mix(_ start: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash = start
    var offset = 0
    let count = bytes.count
    while offset &+ 8 <= count {
      hash = step(hash, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      offset &+= 8
    }
    if offset < count {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while offset < count {
        tail |= UInt64(bytes[offset]) &<< shift
        shift &+= 8
        offset &+= 1
      }
      hash = step(hash, tail)
    }
    return step(hash, UInt64(count) | 1 << 63)
  }

  private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    ((hash &<< 5 | hash &>> 59) ^ word) &* multiplier
  }

  /// Spreads the high bits (where the multiplications put them) over the low ones, which pick
  /// the stripe.
  private static func finalize(_ value: UInt64) -> UInt64 {
    var hash = value
    hash ^= hash &>> 33
    hash &*= 0xFF51_AFD7_ED55_8CCD
    hash ^= hash &>> 33
    hash &*= 0xC4CE_B9FE_1A85_EC53
    hash ^= hash &>> 33
    return hash
  }
}
