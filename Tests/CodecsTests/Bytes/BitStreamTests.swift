// BitWriter and BitReader: fields of every width at every alignment read back exactly, and the
// reader refuses to read past the end.
import Codecs
import Testing
import WardenTesting

struct BitStreamTests {
  @Test func fillsBytesFromTheHighBit() {
    var writer = BitWriter()
    writer.writeBit(true)
    writer.writeBits(0b01, count: 2)
    #expect(writer.bytes == [0b1010_0000])
    #expect(writer.bitCount == 3)
    writer.writeBits(0x1F_FFFF, count: 13)  // only the low 13 bits count
    #expect(writer.bytes == [0b1011_1111, 0xFF])
    writer.writeBits(0, count: 0)
    #expect(writer.bitCount == 16)
    writer.writeBits(UInt64.max, count: 64)
    #expect(writer.bytes == [0b1011_1111, 0xFF] + Array(repeating: 0xFF, count: 8))
  }

  @Test func prefixStaysInFrontAndCanBePatched() {
    var writer = BitWriter(prefix: [0, 0], reservingCapacity: 16)
    writer.writeBit(true)
    writer.store(UInt16(0x1234), atByte: 0)
    #expect(writer.bytes == [0x12, 0x34, 0x80])
    #expect(writer.bitCount == 17)
  }

  @Test(arguments: [1, 2, 3])
  func randomFieldsRoundTrip(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var fields: [(value: UInt64, width: Int)] = []
    var writer = BitWriter()
    for _ in 0..<10_000 {
      let width = Int.random(in: 0...64, using: &random)
      let value = width == 64 ? random.next() : random.next() & ((1 << UInt64(width)) - 1)
      fields.append((value, width))
      if width == 1 && Bool.random(using: &random) {
        writer.writeBit(value == 1)
      } else {
        writer.writeBits(value, count: width)
      }
    }
    #expect(writer.bitCount == fields.reduce(0) { $0 + $1.width })
    #expect(writer.bytes.count == (writer.bitCount + 7) / 8)
    try writer.bytes.withUnsafeBytes { raw throws in
      var reader = BitReader(raw)
      for field in fields {
        #expect(try reader.readBits(field.width) == field.value)
      }
      #expect(reader.remainingBits < 8)
    }
  }

  @Test func neverReadsPastTheEnd() {
    let bytes: [UInt8] = [0xAB, 0xCD, 0xEF]
    bytes.withUnsafeBytes { raw in
      var reader = BitReader(raw)
      #expect((try? reader.readBits(20)) == 0xABCDE)
      do throws(CodecError) {
        _ = try reader.readBits(5)
        Issue.record("expected a truncation error")
      } catch {
        #expect(error.code == .truncated)
        #expect(error.message == "cannot decode bit stream: truncated at bit 20 of 24: need 5 more")
      }
      #expect(reader.bitOffset == 20)
      #expect((try? reader.readBits(4)) == 0xF)
      #expect(throws: CodecError.self) { try reader.readBit() }
      #expect((try? reader.readBits(0)) == 0)
    }
  }

  @Test func peekZeroFillsAndSkipChecksBounds() throws {
    let bytes: [UInt8] = Array(1...12)
    try bytes.withUnsafeBytes { raw throws in
      var reader = BitReader(raw, bitOffset: 4)
      #expect(reader.peek() == 0x1020_3040_5060_7080)  // nibbles 1, 0x02…0x08, then 0x09's high nibble 0
      try reader.skip(60)
      #expect(reader.peek() == 0x090A_0B0C_0000_0000)
      #expect(throws: CodecError.self) { try reader.skip(33) }
      #expect(throws: CodecError.self) { try reader.skip(-1) }
      try reader.skip(32)
      #expect(reader.remainingBits == 0)
      #expect(reader.peek() == 0)
    }
    // Inputs shorter than a window.
    try [UInt8]([0xF0, 0x0F]).withUnsafeBytes { raw throws in
      var reader = BitReader(raw, bitOffset: 2)
      #expect(reader.peek() == 0xC03C_0000_0000_0000)
      try reader.skip(14)
      #expect(reader.peek() == 0)
    }
  }

  @Test func emptyInputThrowsOnFirstRead() {
    [UInt8]().withUnsafeBytes { raw in
      var reader = BitReader(raw)
      #expect(throws: CodecError.self) { try reader.readBit() }
      #expect(throws: CodecError.self) { try reader.readBits(64) }
    }
  }

  @Test func readsWideFieldsNearTheEndAtEveryAlignment() throws {
    for shift in 0..<8 {
      var writer = BitWriter()
      writer.writeBits(0, count: shift)
      writer.writeBits(0x8123_4567_89AB_CDEF, count: 64)
      try writer.bytes.withUnsafeBytes { raw throws in
        var reader = BitReader(raw, bitOffset: shift)
        #expect(try reader.readBits(64) == 0x8123_4567_89AB_CDEF)
      }
    }
  }
}
