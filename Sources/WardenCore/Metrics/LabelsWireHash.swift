// The hash a store keys its series by, computed alike from `Labels` and from the label fields of a
// remote_write request as they were sent (each field a `Label` message: name as field 1, value as
// field 2). A receiver can then look a series up by the bytes of its label fields, before and
// instead of decoding them, in the store's own series map: no second table of known series.
//
// Defined over the canonical encoding of each label (`0x0A len name 0x12 len value`, lengths as
// varints): a request in any other form (other order, extra fields, an empty value) hashes
// differently, finds nothing and is decoded the long way, which gives the same labels. Never
// persisted: it may change between versions. Equal hashes do not prove equal labels; callers
// confirm.

package enum LabelsWireHash {
  /// The hash of `labels` as a canonical remote_write encoding would send them.
  package static func of(_ labels: Labels) -> UInt64 {
    var hash = seed
    // Read in place: a `for label in` loop copies each label, retaining and releasing both of its
    // strings, and the store's are shared by every appending thread (contended atomics).
    labels.pairs.withUnsafeBufferPointer { pairs in
      for index in pairs.indices {
        withUTF8(pairs[index].name) { name in
          withUTF8(pairs[index].value) { value in
            let fieldLength = 2 + varintLength(name.count) + name.count + varintLength(value.count) + value.count
            var field = FieldStream(hash: mix(hash, UInt64(fieldLength)))
            field.append(0x0A)
            field.appendVarint(name.count)
            field.append(name)
            field.append(0x12)
            field.appendVarint(value.count)
            field.append(value)
            hash = field.finish()
          }
        }
      }
    }
    return finalize(hash)
  }

  /// The hash of label fields as sent (each the bytes of one `Label` message).
  package static func of(fields: UnsafeBufferPointer<UnsafeRawBufferPointer>) -> UInt64 {
    var hash = seed
    for field in fields {
      var stream = FieldStream(hash: mix(hash, UInt64(field.count)))
      stream.append(field)
      hash = stream.finish()
    }
    return finalize(hash)
  }

  private static let seed: UInt64 = 0x243f_6a88_85a3_08d3

  /// Mixes a field's bytes in eight at a time (byte-wise hashing was a tenth of a remote_write
  /// profile), whichever pieces they arrive in; the last partial word is mixed in at the end.
  private struct FieldStream {
    var hash: UInt64
    /// Bytes not yet mixed, little-endian, as an unaligned load of them would read.
    var pending: UInt64 = 0
    var pendingCount: UInt64 = 0

    @inline(__always)
    mutating func append(_ byte: UInt8) {
      pending |= UInt64(byte) &<< (pendingCount &* 8)
      pendingCount &+= 1
      if pendingCount == 8 {
        hash = LabelsWireHash.mix(hash, pending)
        pending = 0
        pendingCount = 0
      }
    }

    mutating func appendVarint(_ value: Int) {
      var rest = UInt(value)
      while rest >= 0x80 {
        append(UInt8(truncatingIfNeeded: rest) | 0x80)
        rest >>= 7
      }
      append(UInt8(rest))
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
      var offset = 0
      let count = bytes.count
      while pendingCount != 0, offset < count {
        append(bytes[offset])
        offset &+= 1
      }
      while offset &+ 8 <= count {
        hash = LabelsWireHash.mix(hash, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset &+= 8
      }
      while offset < count {
        append(bytes[offset])
        offset &+= 1
      }
    }

    func finish() -> UInt64 { LabelsWireHash.mix(hash, pending) }
  }

  @inline(__always)
  private static func withUTF8<Result>(_ text: borrowing String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
    return Array(text.utf8).withUnsafeBytes(body)  // not reached for native strings
  }

  private static func varintLength(_ value: Int) -> Int {
    var length = 1
    var rest = UInt(value) >> 7
    while rest != 0 {
      length += 1
      rest >>= 7
    }
    return length
  }

  @inline(__always)
  private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    var value = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
    value ^= value >> 29
    return value
  }

  /// Spreads the high bits over the low ones, which pick lock stripes and table slots.
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
