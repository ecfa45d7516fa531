// Reuses the Strings of one request's label names and values: a remote_write request carries the
// same metric names, job and instance values on hundreds of series, and making each a new heap
// String was the largest cost of decoding. Keyed by a hash of the bytes and confirmed byte for
// byte, so a collision only costs a new String. Lives for one decode; not thread-safe.
import Glibc

struct StringInterner {
  private var table: [UInt64: String] = [:]
  /// Strings up to 15 UTF-8 bytes live inline in Swift (no allocation): not worth a lookup.
  private static let inlineLimit = 15
  private static let maxEntries = 65_536

  /// The string of `bytes`, or nil when they are not valid UTF-8.
  mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard bytes.count > Self.inlineLimit else { return Self.decode(bytes) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    if var known = table[hash], Self.same(&known, bytes) { return known }
    guard let text = Self.decode(bytes) else { return nil }
    if table.count < Self.maxEntries { table[hash] = text }
    return text
  }

  private static func same(_ text: inout String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard text.utf8.count == bytes.count else { return false }
    return text.withUTF8 { stored in memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
  }

  /// Decodes UTF-8: ASCII (nearly every label) needs no validation; anything else must come back
  /// byte for byte from the stdlib's repairing decoder, or it was not valid.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var combined: UInt8 = 0
    for byte in bytes { combined |= byte }
    var text = String(decoding: bytes, as: UTF8.self)
    if combined < 0x80 { return text }
    return same(&text, bytes) ? text : nil
  }
}
