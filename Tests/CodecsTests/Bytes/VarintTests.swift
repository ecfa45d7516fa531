// Varint and zigzag: exact encodings of boundary values, round trips, and rejection of
// overlong, overflowing and truncated input.
import Codecs
import Testing
import WardenTesting

struct VarintTests {
  @Test(arguments: [
    (UInt64(0), [0x00]),
    (1, [0x01]),
    (127, [0x7F]),
    (128, [0x80, 0x01]),
    (300, [0xAC, 0x02]),
    (16_383, [0xFF, 0x7F]),
    (16_384, [0x80, 0x80, 0x01]),
    (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
  ] as [(UInt64, [UInt8])])
  func encodesUnsigned(value: UInt64, expected: [UInt8]) throws {
    var buffer: [UInt8] = []
    Varint.append(value, to: &buffer)
    #expect(buffer == expected)
    #expect(Varint.encodedLength(value) == expected.count)
    let decoded = try buffer.withUnsafeBytes { bytes throws in
      var reader = ByteReader(bytes)
      let value = try reader.readVarint()
      #expect(reader.isAtEnd)
      return value
    }
    #expect(decoded == value)
  }

  @Test(arguments: [
    (Int64(0), UInt64(0)),
    (-1, 1),
    (1, 2),
    (-2, 3),
    (2, 4),
    (Int64.max, UInt64.max - 1),
    (Int64.min, UInt64.max),
    (Int64.min + 1, UInt64.max - 2),
  ] as [(Int64, UInt64)])
  func zigzagMapsSmallMagnitudesToSmallNumbers(signed: Int64, unsigned: UInt64) throws {
    #expect(Varint.zigzag(signed) == unsigned)
    #expect(Varint.unzigzag(unsigned) == signed)
    var buffer: [UInt8] = []
    Varint.appendZigZag(signed, to: &buffer)
    let decoded = try buffer.withUnsafeBytes { bytes throws in
      var reader = ByteReader(bytes)
      return try reader.readZigZagVarint()
    }
    #expect(decoded == signed)
  }

  @Test func randomValuesRoundTripBackToBack() throws {
    var random = SeededGenerator(seed: 11)
    // Mix magnitudes so every encoded length from 1 to 10 bytes appears.
    let values: [UInt64] = (0..<5_000).map { _ in random.next() >> (random.next() % 64) }
    var buffer: [UInt8] = []
    for value in values {
      Varint.append(value, to: &buffer)
      Varint.appendZigZag(Int64(bitPattern: value), to: &buffer)
    }
    try buffer.withUnsafeBytes { bytes throws in
      var reader = ByteReader(bytes)
      for value in values {
        #expect(try reader.readVarint() == value)
        #expect(try reader.readZigZagVarint() == Int64(bitPattern: value))
      }
      #expect(reader.isAtEnd)
    }
  }

  @Test(arguments: [
    [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00],  // 11 bytes
    [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02],  // 2^64
    [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00],  // 10th byte continues
  ] as [[UInt8]])
  func rejectsOverlongOrOverflowing(bytes: [UInt8]) {
    let error = bytes.withUnsafeBytes { raw -> CodecError? in
      var reader = ByteReader(raw, subject: "test record")
      do throws(CodecError) {
        _ = try reader.readVarint()
        return nil
      } catch {
        return error
      }
    }
    #expect(error?.code == .overflow)
    #expect(error?.message == "cannot decode test record: varint at byte 0 is longer than 10 bytes or exceeds 64 bits")
  }

  @Test(arguments: [[], [0x80], [0xFF, 0xFF], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]] as [[UInt8]])
  func rejectsTruncated(bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
      var reader = ByteReader(raw)
      #expect(throws: CodecError.self) { try reader.readVarint() }
      do throws(CodecError) {
        _ = try reader.readVarint()
      } catch {
        #expect(error.code == .truncated)
      }
    }
  }

  @Test func acceptsNonMinimalEncodingsWithinTenBytes() throws {
    // Zero padded to 10 bytes: not what we write, but unambiguous and within bounds.
    let bytes: [UInt8] = [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]
    let value = try bytes.withUnsafeBytes { raw throws in
      var reader = ByteReader(raw)
      return try reader.readVarint()
    }
    #expect(value == 1)
  }

  @Test func readsVarintsFromTheBitStream() throws {
    var writer = BitWriter()
    writer.writeBits(0b101, count: 3)  // misalign on purpose
    for value in [0, 127, 128, UInt64.max, 1 << 35] as [UInt64] {
      writer.writeVarint(value)
    }
    try writer.bytes.withUnsafeBytes { raw throws in
      var reader = BitReader(raw)
      #expect(try reader.readBits(3) == 0b101)
      for value in [0, 127, 128, UInt64.max, 1 << 35] as [UInt64] {
        #expect(try reader.readVarint() == value)
      }
    }
  }

  @Test func bitStreamVarintRejectsOverlong() {
    let bytes: [UInt8] = Array(repeating: 0x80, count: 10) + [0x00]
    bytes.withUnsafeBytes { raw in
      var reader = BitReader(raw)
      do throws(CodecError) {
        _ = try reader.readVarint()
        Issue.record("expected an overflow error")
      } catch {
        #expect(error.code == .overflow)
      }
    }
  }
}
