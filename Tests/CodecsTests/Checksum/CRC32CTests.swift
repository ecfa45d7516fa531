// CRC32C against published vectors (RFC 3720 appendix B.4 and the "123456789" check value),
// against a bit-at-a-time reference, and incrementally.
import Codecs
import Testing
import WardenTesting

struct CRC32CTests {
  @Test(arguments: [
    (Array("123456789".utf8), UInt32(0xE306_9283)),
    ([], 0),
    (Array("a".utf8), 0xC1D0_4330),
    (Array(repeating: 0x00, count: 32), 0x8A91_36AA),
    (Array(repeating: 0xFF, count: 32), 0x62A8_AB43),
    (Array(0...31), 0x46DD_794E),
    (Array((0...31).reversed()), 0x113F_DB5C),
  ] as [([UInt8], UInt32)])
  func knownVectors(input: [UInt8], expected: UInt32) {
    #expect(CRC32C.checksum(input) == expected)
    #expect(input.withUnsafeBytes { CRC32C.checksum($0) } == expected)
  }

  @Test func matchesBitwiseReferenceAtEveryLengthAndAlignment() {
    var random = SeededGenerator(seed: 32)
    let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
    for start in 0..<9 {
      for end in stride(from: start, through: data.count, by: 7) {
        let slice = data[start..<end]
        #expect(CRC32C.checksum(slice) == Self.reference(slice), "\(start)..<\(end)")
      }
    }
  }

  @Test func incrementalEqualsOneShot() {
    var random = SeededGenerator(seed: 33)
    let data = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &random) }
    let whole = CRC32C.checksum(data)
    for _ in 0..<200 {
      var crc: UInt32 = 0
      var offset = 0
      while offset < data.count {
        let end = min(data.count, offset + Int.random(in: 0...100, using: &random))
        crc = CRC32C.checksum(data[offset..<end], seed: crc)
        offset = end
      }
      #expect(crc == whole)
    }
  }

  @Test func detectsEverySingleBitFlip() {
    let data = Array("the quick brown fox jumps over the lazy dog".utf8)
    let good = CRC32C.checksum(data)
    for bit in 0..<data.count * 8 {
      var damaged = data
      damaged[bit / 8] ^= 1 << UInt8(bit % 8)
      #expect(CRC32C.checksum(damaged) != good)
    }
  }

  /// One bit at a time, straight from the definition.
  private static func reference(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 {
        crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
      }
    }
    return ~crc
  }
}
