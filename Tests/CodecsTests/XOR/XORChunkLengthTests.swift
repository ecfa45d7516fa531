// XOR chunks of every interesting length, decoding while the chunk is still being appended to,
// and the three ways of handing bytes to the iterator.
import Codecs
import Testing

struct XORChunkLengthTests {
  @Test(arguments: [0, 1, 2, 3, 120, 5_000])
  func roundTripsAtLength(count: Int) throws {
    let samples = TestSeries.randomWalk(count: count, seed: UInt64(count))
    let encoder = encodeChunk(samples)
    #expect(encoder.count == count)
    #expect(try decodeChunk(encoder.bytes) == samples)
    var iterator = XORChunkIterator(bytes: encoder.bytes)
    #expect(iterator.sampleCount == nil)
    _ = try iterator.next()
    #expect(iterator.sampleCount == count)
  }

  @Test func emptyChunkIsJustTheHeader() throws {
    let encoder = XORChunkEncoder()
    #expect(encoder.bytes == [0, 0])
    #expect(encoder.count == 0)
    #expect(try decodeChunk(encoder.bytes).isEmpty)
  }

  @Test func fullChunkHoldsTheMaximum() throws {
    var encoder = XORChunkEncoder()
    for index in 0..<XORChunkFormat.maxSampleCount {
      #expect(!encoder.isFull)
      encoder.append(timestampMs: Int64(index) * 1_000, value: Double(index % 3))
    }
    #expect(encoder.isFull)
    #expect(Array(encoder.bytes.prefix(2)) == [0xFF, 0xFF])
    let decoded = try decodeChunk(encoder.bytes)
    #expect(decoded.count == XORChunkFormat.maxSampleCount)
    #expect(decoded.last == Sample(timestampMs: 65_534_000, value: 2))
  }

  @Test func decodesWhileAppending() throws {
    let samples = TestSeries.irregularCounter(count: 600) + zipSamples(TestSeries.randomTimestamps(count: 100, seed: 3), [.nan, 1])
    var encoder = XORChunkEncoder()
    var earlier: (bytes: [UInt8], count: Int)?
    for (index, sample) in samples.enumerated() {
      encoder.append(timestampMs: sample.timestampMs, value: sample.value)
      if index < 200 || index % 37 == 0 {
        #expect(try decodeChunk(encoder.bytes) == Array(samples[...index]))
      }
      if index == 250 { earlier = (encoder.bytes, index + 1) }
    }
    // A snapshot taken earlier still decodes to what it held then (copy-on-write).
    let snapshot = try #require(earlier)
    #expect(try decodeChunk(snapshot.bytes) == Array(samples.prefix(snapshot.count)))
  }

  @Test func iteratorOverSliceAndBorrowedMemory() throws {
    let samples = TestSeries.cpuSeconds(count: 120, busy: 0.9, seed: 5)
    let chunk = encodeChunk(samples).bytes
    // The chunk sits inside a larger buffer, with garbage after it that must not be read.
    let buffer: [UInt8] = [0xDE, 0xAD] + chunk + [0xFF, 0xFF, 0xFF]
    var fromSlice = XORChunkIterator(bytes: buffer[2...])
    var decoded: [Sample] = []
    while let next = try fromSlice.next() { decoded.append(Sample(timestampMs: next.timestampMs, value: next.value)) }
    #expect(decoded == samples)
    #expect(fromSlice.decodedCount == 120)

    let borrowed = try buffer.withUnsafeBytes { raw throws in
      var iterator = XORChunkIterator(bytes: UnsafeRawBufferPointer(rebasing: raw[2...]))
      var decoded: [Sample] = []
      while let next = try iterator.next() { decoded.append(Sample(timestampMs: next.timestampMs, value: next.value)) }
      #expect(try iterator.next() == nil)
      return decoded
    }
    #expect(borrowed == samples)
  }
}
