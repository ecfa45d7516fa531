// Guards the XOR chunk's on-disk format (docs/format/metrics-chunk.md): a fixed series must
// encode to frozen bytes, and frozen chunks must keep decoding. A failure here means the format
// changed: update the document, bump `XORChunkFormat.encodingID`, and keep a decoder for old chunks.
import Codecs
import Testing

struct XORChunkFormatTests {
  @Test func formatConstants() {
    #expect(XORChunkFormat.encodingID == 1)
    #expect(XORChunkFormat.headerSize == 2)
    #expect(XORChunkFormat.maxSampleCount == 65_535)
  }

  /// The worked example of the format document, bit for bit.
  @Test func guardSeriesEncodesToFrozenBytes() {
    let encoder = encodeChunk(XORChunkFixtures.guardSamples)
    #expect(encoder.bytes == XORChunkFixtures.guardBytes)
  }

  @Test func guardBytesDecode() throws {
    #expect(try decodeChunk(XORChunkFixtures.guardBytes) == XORChunkFixtures.guardSamples)
  }

  /// A chunk frozen when layout 1 was introduced, using every timestamp bucket and awkward
  /// values. It must decode forever, whatever the encoder does later.
  @Test func frozenFixtureDecodes() throws {
    #expect(try decodeChunk(XORChunkFixtures.layout1Bytes) == XORChunkFixtures.layout1Samples)
  }

  /// While the encoder still writes layout 1, it reproduces the fixture exactly.
  @Test func encoderReproducesFrozenFixture() {
    #expect(encodeChunk(XORChunkFixtures.layout1Samples).bytes == XORChunkFixtures.layout1Bytes)
  }

  /// The error the format document quotes: the guard chunk cut to 50 bytes.
  @Test func truncationMessageNamesBitAndSample() {
    let (decoded, error) = decodePrefix(Array(XORChunkFixtures.guardBytes.prefix(50)))
    #expect(decoded == Array(XORChunkFixtures.guardSamples.prefix(6)))
    #expect(error?.message == "cannot decode XOR chunk: truncated at bit 396 of 400: need 13 more (sample 6 of 7)")
  }

  /// Field-by-field reading of the guard bytes, following the document's tables.
  @Test func guardBytesMatchTheDocumentedFields() throws {
    try XORChunkFixtures.guardBytes.withUnsafeBytes { raw throws in
      var header = ByteReader(raw)
      #expect(try header.readUInt16BE() == 7)
      var bits = BitReader(raw, bitOffset: 16)
      #expect(Varint.unzigzag(try bits.readVarint()) == 1_700_000_000_000)  // t0: 6 bytes
      #expect(try bits.readBits(64) == (1.0).bitPattern)  // v0
      #expect(Varint.unzigzag(try bits.readVarint()) == 15_000)  // Δ1: 3 bytes
      #expect(try bits.readBits(1) == 0)  // v1: unchanged
      #expect(try bits.readBits(2) == 0b10)  // dod2 bucket `10`
      #expect(try bits.readBits(5) == 1)  // dod2 = +1
      #expect(try bits.readBits(2) == 0b11)  // v2: new window
      #expect(try bits.readBits(5) == 1)  // leading zeros of 1.0 ^ 2.0 = 0x7FF0…
      #expect(try bits.readBits(6) == 11)  // significant bits
      #expect(try bits.readBits(11) == 0x7FF)
      #expect(try bits.readBits(2) == 0b10)  // dod3 bucket `10`
      #expect(try bits.readBits(5) == 0b11111)  // dod3 = −1
      // v3: 2.0 ^ 3.0 = 0x0008_0000_0000_0000 has 51 trailing zeros, fewer than the window's 52.
      #expect(try bits.readBits(2) == 0b11)  // so: a new window
      #expect(try bits.readBits(5) == 12)
      #expect(try bits.readBits(6) == 1)
      #expect(try bits.readBits(1) == 1)
      #expect(try bits.readBits(1) == 0)  // dod4 = 0
    }
  }
}
