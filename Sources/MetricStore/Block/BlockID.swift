// Block ids: ULIDs (48-bit millisecond time + 80 random bits, Crockford base 32), so block
// directories sort by creation time and never collide.
import Foundation

enum BlockID {
  private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

  /// A new id for a block created now. Thread-safe (system random generator).
  static func make(nowMs: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> String {
    var bytes: [UInt8] = []
    let time = UInt64(max(0, nowMs)) & 0xFFFF_FFFF_FFFF
    for shift in stride(from: 40, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: time >> UInt64(shift))) }
    for _ in 0..<10 { bytes.append(UInt8.random(in: 0...255)) }
    // 128 bits as 26 five-bit digits (130 bits): the first digit holds only the top 3 bits.
    var characters: [UInt8] = []
    for digit in 0..<26 {
      var value = 0
      for bit in 0..<5 {
        let position = digit * 5 + bit - 2  // two leading zero bits pad 128 to 130
        value <<= 1
        if position >= 0, bytes[position / 8] & (0x80 >> UInt8(position % 8)) != 0 { value |= 1 }
      }
      characters.append(alphabet[value])
    }
    return String(decoding: characters, as: UTF8.self)
  }

  /// Whether `name` looks like a block id (26 Crockford base-32 characters).
  static func isValid(_ name: String) -> Bool {
    let utf8 = Array(name.utf8)
    return utf8.count == 26 && utf8.allSatisfy { alphabet.contains($0) } && utf8[0] <= UInt8(ascii: "7")
  }
}
