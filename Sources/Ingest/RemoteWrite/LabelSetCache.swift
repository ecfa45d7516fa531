// Remembers the label sets remote_write senders keep sending: a sender repeats the same series in
// every request with new samples, so the decoded `Labels` of a series is found by the bytes of its
// label fields instead of being decoded, validated and allocated again. Keyed by a hash of those
// bytes and confirmed byte for byte, so a collision costs only a decode. Bounded: when full it is
// emptied and refills from the next requests.
import Glibc
import Synchronization
import WardenCore

package final class LabelSetCache: Sendable {
  private struct Entry {
    /// The label fields' bytes, concatenated in the order they came.
    var bytes: [UInt8]
    var labels: Labels
  }

  private let entries = Mutex<[UInt64: Entry]>([:])
  let maxEntries: Int

  package init(maxEntries: Int = 200_000) {
    self.maxEntries = maxEntries
  }

  /// The labels stored for exactly these label-field bytes.
  func labels(hash: UInt64, fields: [UnsafeRawBufferPointer]) -> Labels? {
    entries.withLock { entries in
      guard let entry = entries[hash] else { return nil }
      var offset = 0
      for field in fields {
        guard offset + field.count <= entry.bytes.count else { return nil }
        let equal = entry.bytes.withUnsafeBytes { stored in
          field.isEmpty || memcmp(stored.baseAddress! + offset, field.baseAddress!, field.count) == 0
        }
        guard equal else { return nil }
        offset += field.count
      }
      return offset == entry.bytes.count ? entry.labels : nil
    }
  }

  func insert(hash: UInt64, fields: [UnsafeRawBufferPointer], labels: Labels) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(fields.reduce(0) { $0 + $1.count })
    for field in fields { bytes.append(contentsOf: field) }
    entries.withLock { entries in
      if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
      entries[hash] = Entry(bytes: bytes, labels: labels)
    }
  }

  /// A multiply-xorshift hash over the fields, eight bytes at a time (byte-wise FNV was 10 % of a
  /// remote_write profile), with each field's length mixed in so boundaries count. Equality is
  /// always confirmed on the bytes, so the hash only has to spread well.
  static func hash(_ fields: [UnsafeRawBufferPointer]) -> UInt64 {
    var hash: UInt64 = 0x243f_6a88_85a3_08d3
    for field in fields {
      hash = mix(hash, UInt64(field.count))
      var offset = 0
      while offset + 8 <= field.count {
        hash = mix(hash, field.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
      }
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while offset < field.count {
        tail |= UInt64(field[offset]) << shift
        shift += 8
        offset += 1
      }
      hash = mix(hash, tail)
    }
    return hash
  }

  @inline(__always)
  private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    var value = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
    value ^= value >> 29
    return value
  }
}
