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

  /// FNV-1a over the fields, with each field's length mixed in so boundaries count.
  static func hash(_ fields: [UnsafeRawBufferPointer]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for field in fields {
      hash = (hash ^ UInt64(field.count)) &* 0x100_0000_01b3
      for byte in field { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
    return hash
  }
}
