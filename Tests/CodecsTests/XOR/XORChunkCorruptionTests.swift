// Damaged XOR chunks: every truncation and thousands of seeded random byte flips must give either
// the samples before the damage or a CodecError — never a trap, an out-of-bounds read or a hang.
import Codecs
import Testing
import WardenTesting

struct XORChunkCorruptionTests {
  /// A varied chunk, and how many bytes the chunk had after each sample was appended.
  private static func chunk(seed: UInt64) -> (samples: [Sample], bytes: [UInt8], endAfter: [Int]) {
    var random = SeededGenerator(seed: seed)
    let count = Int.random(in: 1...300, using: &random)
    var samples: [Sample]
    switch seed % 4 {
    case 0: samples = TestSeries.randomWalk(count: count, seed: seed)
    case 1: samples = TestSeries.irregularCounter(count: count, seed: seed)
    case 2: samples = zipSamples(TestSeries.randomTimestamps(count: count, seed: seed), TestSeries.randomBitValues(count: count, seed: seed))
    default: samples = zipSamples(TestSeries.scrapeTimestamps(count: count, jitterMs: 5_000, seed: seed), TestSeries.edgeValues)
    }
    var encoder = XORChunkEncoder()
    var endAfter: [Int] = []
    for sample in samples {
      encoder.append(timestampMs: sample.timestampMs, value: sample.value)
      endAfter.append(encoder.byteCount)
    }
    return (samples, encoder.bytes, endAfter)
  }

  @Test(arguments: 0..<12)
  func everyTruncationFailsAfterTheIntactSamples(seed: UInt64) {
    let (samples, bytes, endAfter) = Self.chunk(seed: seed)
    for length in 0..<bytes.count {
      let (decoded, error) = decodePrefix(Array(bytes.prefix(length)))
      // The last byte always carries bits of the last sample, so any cut loses data: it must say so.
      #expect(error?.code == .truncated, "length \(length) of \(bytes.count)")
      // Everything that fully fits in the kept bytes comes back, and nothing else.
      let intact = endAfter.prefix { $0 <= length }.count
      #expect(decoded.count == intact, "length \(length)")
      #expect(decoded == Array(samples.prefix(decoded.count)))
    }
  }

  @Test(arguments: 0..<40)
  func randomByteFlipsNeverTrap(seed: UInt64) {
    let (samples, bytes, endAfter) = Self.chunk(seed: seed)
    var random = SeededGenerator(seed: seed &* 7_919)
    for _ in 0..<100 {
      var damaged = bytes
      let flips = Int.random(in: 1...3, using: &random)
      var firstDamaged = damaged.count
      for _ in 0..<flips {
        let index = Int.random(in: 0..<damaged.count, using: &random)
        damaged[index] ^= UInt8.random(in: 1...255, using: &random)
        firstDamaged = min(firstDamaged, index)
      }
      let (decoded, _) = decodePrefix(damaged)
      #expect(decoded.count <= XORChunkFormat.maxSampleCount)
      // Samples encoded entirely before the first damaged byte still decode exactly
      // (unless the header's count was hit, which only changes where decoding stops).
      let safe = firstDamaged < XORChunkFormat.headerSize ? 0 : endAfter.prefix { $0 <= firstDamaged }.count
      let checked = min(safe, decoded.count)
      #expect(Array(decoded.prefix(checked)) == Array(samples.prefix(checked)))
    }
  }

  @Test(arguments: 0..<20)
  func randomBytesNeverTrap(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    for _ in 0..<100 {
      let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      let (decoded, error) = decodePrefix(bytes)
      let count = bytes.count >= 2 ? Int(bytes[0]) << 8 | Int(bytes[1]) : 0
      #expect(decoded.count == count || error != nil)
    }
  }

  @Test func errorsAreStickyAndNamed() {
    let bytes = Array(encodeChunk(TestSeries.randomWalk(count: 10)).bytes.dropLast(3))
    var iterator = XORChunkIterator(bytes: bytes)
    var error: CodecError?
    do throws(CodecError) {
      while try iterator.next() != nil {}
    } catch let caught {
      error = caught
    }
    #expect(error?.subject == "XOR chunk")
    #expect(error?.message.hasPrefix("cannot decode XOR chunk: truncated at bit ") == true)
    #expect(error?.message.hasSuffix(" of 10)") == true)
    #expect(throws: CodecError.self) { try iterator.next() }
  }

  @Test func reusedWindowWithoutOneIsCorrupt() {
    // Header: 2 samples. Sample 0: timestamp 0, value 0. Sample 1: delta 0, then `10`, which
    // claims a window that no earlier value set.
    let bytes: [UInt8] = [0, 2, 0] + Array(repeating: 0, count: 8) + [0, 0b1000_0000]
    let (decoded, error) = decodePrefix(bytes)
    #expect(decoded == [Sample(timestampMs: 0, value: 0)])
    #expect(error?.code == .corrupt)
  }

  @Test func oversizedWindowIsCorrupt() {
    // Sample 1 opens a window of 31 leading and 40 significant bits: 71 > 64.
    var writer = BitWriter(prefix: [0, 2, 0] + Array(repeating: 0, count: 8) + [0])
    writer.writeBits(0b11, count: 2)
    writer.writeBits(31, count: 5)
    writer.writeBits(40, count: 6)
    writer.writeBits(0, count: 40)
    let (decoded, error) = decodePrefix(writer.bytes)
    #expect(decoded.count == 1)
    #expect(error?.code == .corrupt)
  }
}
