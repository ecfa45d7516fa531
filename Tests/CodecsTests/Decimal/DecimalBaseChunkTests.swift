// Decimal-delta chunks with value mode 3 allowed (encoding 3): a counter picks deltas around a
// base, frozen bytes of the documented example, round trips of every kind of series, encoding 2
// refusing mode 3, and damaged input (truncations, seeded byte flips) failing without a trap.
import Codecs
import Testing
import WardenCore
import WardenTesting

private func encodeWithBase(_ samples: [Sample]) -> [UInt8] {
  DecimalChunkEncoder.encode(timestamps: samples.map(\.timestampMs), values: samples.map(\.value), allowsBase: true)
}

private func decode(_ bytes: [UInt8], allowsBase: Bool = true) -> (samples: [Sample], error: CodecError?) {
  decodeChunk(bytes, encoding: allowsBase ? .decimalWithBase : .decimal)
}

struct DecimalBaseChunkTests {
  /// Guards docs/format/metrics-chunk.md ("Encoding 3"): mantissas 5, 1005, 2045, … whose deltas
  /// scatter ±50 around 1 000: as deltas around 1 000 they take 10 bytes, as deltas of deltas 13.
  static let example: [Sample] = zip([5, 1005, 2045, 3005, 4035, 5005, 6055, 7005], 1...8).map {
    Sample(timestampMs: Int64($0.1) * 1000, value: Double($0.0))
  }
  static let frozen = "0008" + "d00f" + "d00f" + "000000000000" + "03" + "00" + "0a" + "d00f" + "00504f3c3b6463"

  @Test func frozenBytes() {
    let hex = encodeWithBase(Self.example).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    #expect(hex == Self.frozen)
    #expect(decode(encodeWithBase(Self.example)).samples == Self.example)
    // Encoding 2 has no mode 3: the same bytes are corrupt there, and its encoder never picks it.
    #expect(decode(encodeWithBase(Self.example), allowsBase: false).error?.code == .corrupt)
    let plain = DecimalChunkEncoder.encode(timestamps: Self.example.map(\.timestampMs), values: Self.example.map(\.value))
    #expect(plain[2 + 10] != 3 && decode(plain, allowsBase: false).samples == Self.example)
  }

  @Test(arguments: 0..<12)
  func everyKindOfSeriesRoundTripsBitExactly(seed: UInt64) {
    let samples = Self.input(seed: seed)
    let (decoded, error) = decode(encodeWithBase(samples))
    #expect(error == nil)
    #expect(decoded.map(\.timestampMs) == samples.map(\.timestampMs))
    #expect(decoded.map(\.value.bitPattern) == samples.map(\.value.bitPattern))
  }

  @Test func counterPicksTheBaseAndShrinks() {
    let counter = TestSeries.irregularCounter(count: 720, seed: 5)
    let withBase = encodeWithBase(counter)
    let without = DecimalChunkEncoder.encode(timestamps: counter.map(\.timestampMs), values: counter.map(\.value))
    #expect(withBase.count <= without.count)
    #expect(decode(withBase).samples == counter)
  }

  @Test(arguments: 0..<6)
  func damagedInputFailsWithoutATrap(seed: UInt64) {
    let bytes = encodeWithBase(Self.input(seed: seed))
    for length in 0..<bytes.count {
      let (decoded, error) = decode(Array(bytes.prefix(length)))
      #expect(error?.code == .truncated && decoded.isEmpty, "length \(length) of \(bytes.count)")
    }
    var random = SeededGenerator(seed: seed &+ 200)
    for _ in 0..<500 {
      var damaged = bytes
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
      }
      #expect(decode(damaged).samples.count <= Int(UInt16.max))
    }
  }

  private static func input(seed: UInt64) -> [Sample] {
    switch seed % 4 {
    case 0: TestSeries.randomWalk(count: 300, seed: seed)
    case 1: TestSeries.irregularCounter(count: 300, seed: seed)
    case 2: zipSamples(TestSeries.randomTimestamps(count: 50, seed: seed), TestSeries.randomBitValues(count: 50, seed: seed))
    default: zipSamples(TestSeries.scrapeTimestamps(count: 60, jitterMs: 5_000, seed: seed), TestSeries.edgeValues)
    }
  }
}
