// CRC32C (Castagnoli), the checksum of WAL records and block files: software slice-by-8, eight
// bytes per step. Written here rather than imported to keep Codecs free of C dependencies.

/// CRC-32C as used by iSCSI, ext4 and LevelDB: reflected, initial value and final XOR 0xFFFFFFFF.
///
/// `checksum(b, seed: checksum(a)) == checksum(a + b)`, so a long input can be checked in pieces.
/// Thread-safe: pure functions over a shared immutable table.
package enum CRC32C {
  /// The CRC32C of `bytes`, continuing from `seed`.
  /// - Parameters:
  ///   - bytes: the data.
  ///   - seed: the checksum of the data before `bytes`; 0 to start.
  /// - Returns: the checksum of everything so far.
  package static func checksum(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
    let register = CRC32CTable.shared.entries.withUnsafeBufferPointer { table in
      update(~seed, bytes, table: table)
    }
    return ~register
  }

  /// The CRC32C of `bytes`, continuing from `seed`.
  package static func checksum(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0, seed: seed) }
  }

  /// The CRC32C of `bytes`, continuing from `seed`.
  package static func checksum(_ bytes: ArraySlice<UInt8>, seed: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0, seed: seed) }
  }

  /// Runs the register over `bytes`: 8 bytes at a time through the eight tables, the tail
  /// (and inputs shorter than 8 bytes) one byte at a time through table 0.
  private static func update(
    _ start: UInt32, _ bytes: UnsafeRawBufferPointer, table: UnsafeBufferPointer<UInt32>
  ) -> UInt32 {
    var crc = start
    var offset = 0
    let count = bytes.count
    while count - offset >= 8 {
      let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      let low = crc ^ UInt32(truncatingIfNeeded: word)
      let high = UInt32(truncatingIfNeeded: word &>> 32)
      crc =
        table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low &>> 8) & 0xFF)]
        ^ table[5 * 256 + Int((low &>> 16) & 0xFF)] ^ table[4 * 256 + Int(low &>> 24)]
        ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high &>> 8) & 0xFF)]
        ^ table[1 * 256 + Int((high &>> 16) & 0xFF)] ^ table[Int(high &>> 24)]
      offset += 8
    }
    while offset < count {
      crc = table[Int((crc ^ UInt32(bytes[offset])) & 0xFF)] ^ (crc &>> 8)
      offset += 1
    }
    return crc
  }
}
