// Remembers the series remote_write senders keep sending: a sender repeats every series in every
// request with new samples, so a series met before is found by the bytes of its label fields, and
// its labels are neither decoded, validated nor allocated again. Each entry holds what the store
// answered for that label set (`StoredSeries`): its handle, which goes into the batch in place of
// the labels and spares the store its own lookup by them.
//
// Keyed by a hash of the label fields and confirmed against the series' labels byte for byte, read
// in place from the store, so a collision costs only a decode. The entries hold nothing of their
// own beyond the key and a reference to the store's series. Lock-striped by hash, so concurrent requests rarely
// wait for each other. Bounded: a stripe that grows past its share of twice the store's live
// series (and at least `minEntries` in all) is emptied and refills from the next requests, which
// also lets go of entries whose series the store has since dropped.
import Synchronization
package import WardenCore

package final class LabelSetCache: Sendable {
  /// A power of two; several times the connections a busy receiver serves at once.
  package static let stripeCount = 64

  private final class Stripe: Sendable {
    let entries = Mutex(HashKeyedTable<StoredSeries>())
  }

  /// Unmanaged, each holding the +1 it was made with until `deinit`: a stripe is shared by every
  /// receiving thread, and retaining it per lookup made its reference count a contended atomic.
  private let stripes: [Unmanaged<Stripe>]
  /// Below this many entries in all, stripes are never emptied.
  let minEntries: Int

  package init(minEntries: Int = 65_536) {
    self.minEntries = minEntries
    stripes = (0..<Self.stripeCount).map { _ in Unmanaged.passRetained(Stripe()) }
  }

  deinit {
    for stripe in stripes { stripe.release() }
  }

  /// The series stored for exactly these label fields, if known.
  func series(hash: UInt64, fields: [UnsafeRawBufferPointer]) -> StoredSeries? {
    let found = withStripe(hash) { stripe in stripe.entries.withLock { $0[hash] } }
    guard let found, Self.matches(found.handle, fields: fields) else { return nil }
    return found
  }

  /// Records what the store answered for the series of a decoded request: the label sets it did
  /// not know and those whose handle the store replaced (a series it had dropped and made anew).
  /// - Parameters:
  ///   - content: the request as `RemoteWriteV1Decoder.decode(_:limits:cache:)` gave it.
  ///   - stored: the store's answer for each of `content.batch.series`.
  ///   - liveSeries: the store's live series now, which bounds the cache.
  package func learn(from content: RemoteWriteContent, stored: [StoredSeries?], liveSeries: Int) {
    let hashes = content.labelHashes
    let handles = content.batch.storedHandles
    guard hashes.count == stored.count else { return }
    let perStripe = max(minEntries, 2 * liveSeries) / Self.stripeCount
    for position in stored.indices {
      // nil: refused, or the handle sent was used as it was.
      guard let series = stored[position] else { continue }
      if position < handles.count, let known = handles[position], known === series.handle { continue }
      let hash = hashes[position]
      withStripe(hash) { stripe in
        stripe.entries.withLock { entries in
          if entries.count >= perStripe, entries[hash] == nil { entries.removeAll() }
          entries.set(hash, series)
        }
      }
    }
  }

  /// Entries in all (for tests and statistics).
  package var count: Int {
    stripes.reduce(0) { total, stripe in total + stripe._withUnsafeGuaranteedRef { $0.entries.withLock { $0.count } } }
  }

  @inline(__always)
  private func withStripe<T>(_ hash: UInt64, _ body: (Stripe) -> T) -> T {
    // The low bits pick the slot in the stripe's table; the stripe comes from the high ones.
    stripes[Int(truncatingIfNeeded: hash >> 58) & (Self.stripeCount - 1)]._withUnsafeGuaranteedRef(body)
  }

  /// Whether `fields`, the `Label` messages of a series as sent, are exactly the labels of
  /// `series`: each field the plain encoding of one pair, name (field 1) then value (field 2), in
  /// the labels' order. Anything else (unknown fields, other order, an empty value left out) is
  /// "no", and the series is decoded the long way, which gives the same labels.
  static func matches(_ series: any StoredSeriesHandle, fields: [UnsafeRawBufferPointer]) -> Bool {
    fields.withUnsafeBufferPointer { fields in
      series.labelsMatch(count: fields.count) { index, name, value in
        let field = fields[index]
        var offset = 0
        return consume(field, tag: 0x0A, &offset, equalTo: name) && consume(field, tag: 0x12, &offset, equalTo: value)
          && offset == field.count
      }
    }
  }

  /// Reads `tag`, a length and that many bytes at `offset` and compares them with `text`.
  @inline(__always)
  private static func consume(
    _ field: UnsafeRawBufferPointer, tag: UInt8, _ offset: inout Int, equalTo text: UnsafeRawBufferPointer
  ) -> Bool {
    guard offset < field.count, field[offset] == tag else { return false }
    offset += 1
    var length = 0
    var shift = 0
    while true {
      guard offset < field.count, shift < 35 else { return false }
      let byte = field[offset]
      offset += 1
      length |= Int(byte & 0x7F) << shift
      if byte < 0x80 { break }
      shift += 7
    }
    guard length <= field.count - offset else { return false }
    let start = offset
    offset += length
    return text.count == length && (length == 0 || equal(field.baseAddress! + start, text.baseAddress!, length))
  }

  /// `memcmp(a, b, count) == 0` for the short strings of labels, inline: ten calls to `memcmp`
  /// per series were a fifth of the lookup.
  @inline(__always)
  package static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    if count >= 8 {
      var offset = 0
      while offset + 8 <= count {
        guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        else { return false }
        offset += 8
      }
      // The last eight bytes, overlapping what was compared already.
      return offset == count
        || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    for offset in 0..<count where a.load(fromByteOffset: offset, as: UInt8.self) != b.load(fromByteOffset: offset, as: UInt8.self) {
      return false
    }
    return true
  }

  /// A multiply-xorshift hash over the fields, eight bytes at a time (byte-wise FNV was 10 % of a
  /// remote_write profile), with each field's length mixed in so boundaries count. Equality is
  /// always confirmed on the bytes, so the hash only has to spread well. Never 0 (which marks a
  /// free slot in the stripes' tables).
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
    return hash == 0 ? 1 : hash
  }

  @inline(__always)
  private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    var value = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
    value ^= value >> 29
    return value
  }
}
