// Big-endian fixed-width helpers and the ByteReader cursor: layout, bounds and error messages.
import Codecs
import Testing

struct ByteReaderTests {
  @Test func bigEndianAppendsHighByteFirst() {
    var buffer: [UInt8] = []
    BigEndian.append(UInt16(0x0102), to: &buffer)
    BigEndian.append(UInt32(0x0304_0506), to: &buffer)
    BigEndian.append(UInt64(0x0708_090A_0B0C_0D0E), to: &buffer)
    #expect(buffer == Array(1...14))
  }

  @Test func bigEndianStorePatchesInPlace() {
    var buffer = [UInt8](repeating: 0xEE, count: 8)
    BigEndian.store(UInt16(0xABCD), into: &buffer, at: 1)
    BigEndian.store(UInt32(0x0102_0304), into: &buffer, at: 4)
    #expect(buffer == [0xEE, 0xAB, 0xCD, 0xEE, 0x01, 0x02, 0x03, 0x04])
  }

  @Test func readsWhatWasAppended() throws {
    var buffer: [UInt8] = []
    BigEndian.append(UInt16.max, to: &buffer)
    BigEndian.append(UInt32(0xDEAD_BEEF), to: &buffer)
    BigEndian.append(UInt64(0x0123_4567_89AB_CDEF), to: &buffer)
    buffer.append(contentsOf: [9, 8, 7])
    try buffer.withUnsafeBytes { raw throws in
      var reader = ByteReader(raw)
      #expect(try reader.readUInt16BE() == UInt16.max)
      #expect(try reader.readUInt32BE() == 0xDEAD_BEEF)
      #expect(try reader.readUInt64BE() == 0x0123_4567_89AB_CDEF)
      #expect(reader.remaining == 3)
      #expect(Array(try reader.readBytes(count: 2)) == [9, 8])
      #expect(try reader.readByte() == 7)
      #expect(reader.isAtEnd)
    }
  }

  @Test func shortReadsThrowWithPositionAndConsumeNothing() {
    let buffer: [UInt8] = [1, 2, 3]
    buffer.withUnsafeBytes { raw in
      var reader = ByteReader(raw, subject: "WAL record")
      _ = try? reader.readByte()
      do throws(CodecError) {
        _ = try reader.readUInt32BE()
        Issue.record("expected a truncation error")
      } catch {
        #expect(error.code == .truncated)
        #expect(error.message == "cannot decode WAL record: truncated at byte 1: need 4, have 2")
      }
      #expect(reader.offset == 1)
      #expect(throws: CodecError.self) { try reader.readBytes(count: 3) }
      #expect(throws: CodecError.self) { try reader.readBytes(count: -1) }
      #expect(throws: CodecError.self) { try reader.readUInt64BE() }
      #expect((try? reader.readUInt16BE()) == 0x0203)
      #expect(throws: CodecError.self) { try reader.readByte() }
    }
  }

  @Test func errorsDescribeThemselves() {
    let error = CodecError.truncated("bit stream", "truncated at bit 80 of 72: need 8 more")
      .reframed(as: "XOR chunk", context: "sample 3 of 9")
    #expect(error.description == "cannot decode XOR chunk: truncated at bit 80 of 72: need 8 more (sample 3 of 9)")
    #expect(error.code == .truncated)
    #expect(error.code != .corrupt)
    #expect("\(CodecError.Code.overflow)" == "overflow")
  }
}
