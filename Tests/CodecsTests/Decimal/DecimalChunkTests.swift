// Decimal-delta chunks: bit-exact round trips for edge values (NaN payloads, the staleness marker,
// ±Inf, -0, huge, tiny, mixed decimals), which value mode each kind of series gets, frozen bytes of
// a small chunk, and damaged input (every truncation, seeded byte flips) failing without a trap.
import Codecs
import Testing
import WardenCore
import WardenTesting

/// Encodes `samples` as a decimal-delta chunk.
private func encodeDecimal(_ samples: [Sample]) -> [UInt8] {
  DecimalChunkEncoder.encode(timestamps: samples.map(\.timestampMs), values: samples.map(\.value))
}

/// Decodes a decimal-delta chunk, the samples before the first error and the error (if any).
private func decodeDecimal(_ bytes: [UInt8]) -> (samples: [Sample], error: CodecError?) {
  decodeChunk(bytes, encoding: .decimal)
}

/// The value mode byte of a chunk of `samples` (right after the timestamps).
private func valueMode(_ samples: [Sample]) -> UInt8 {
  var timestamps: [UInt8] = []
  var previous: Int64 = 0
  var previousDelta: Int64 = 0
  for (index, sample) in samples.enumerated() {
    let delta = sample.timestampMs &- previous
    Varint.appendZigZag(index < 2 ? delta : delta &- previousDelta, to: &timestamps)
    if index > 0 { previousDelta = delta }
    previous = sample.timestampMs
  }
  return encodeDecimal(samples)[2 + timestamps.count]
}

struct DecimalChunkTests {
  static let edgeCases: [[Double]] = [
    [.nan, Double(bitPattern: 0x7ff8_dead_beef_0001), Double(bitPattern: staleNaNBitPattern), 1, 2],
    [.infinity, -.infinity, 0, 1],
    [-0.0, 0.0, 1],
    [0.0, -0.0],
    [1e300, -1e300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude],
    [Double.leastNonzeroMagnitude, 1e-300, .leastNormalMagnitude],
    [0.1, 0.25, 3, 1.125, 7.000_000_000_001],
    [1, 2, 3, 1_000_000, -5, -1e15],
    [-0.5, -1.5, -2.25],
    [42, 42, 42, 42],
    [9_007_199_254_740_991, 9_007_199_254_740_992, 1],
    [0.1 + 0.2, 0.3],
    [1e-12, 2e-12],
    [1e-13],
    [123_456_789.123, 0.000_001],
    [Double.pi, 2.718_281_828_459_045],
  ]

  @Test(arguments: edgeCases.indices)
  func edgeValuesRoundTripBitExactly(_ index: Int) {
    let values = Self.edgeCases[index]
    let samples = zipSamples(TestSeries.scrapeTimestamps(count: values.count), values)
    let decoded = decodeDecimal(encodeDecimal(samples))
    #expect(decoded.error == nil)
    #expect(decoded.samples == samples, "\(values)")
  }

  @Test func seriesShapesRoundTrip() {
    let series: [[Sample]] = [
      TestSeries.irregularCounter(count: 120),
      TestSeries.constantGauge(count: 120),
      TestSeries.randomWalk(count: 120),
      TestSeries.cpuSeconds(count: 120, busy: 0.3, seed: 5),
      zipSamples(TestSeries.randomTimestamps(count: 300, seed: 6), TestSeries.randomBitValues(count: 300, seed: 6)),
      zipSamples(TestSeries.scrapeTimestamps(count: 200, jitterMs: 5_000), TestSeries.edgeValues),
      zipSamples([Int64.max, Int64.min, 0, -1, Int64.max], [1, 2, 3, 4, 5]),
      [Sample(timestampMs: 7, value: 1.5)],
      [],
    ]
    for samples in series {
      let decoded = decodeDecimal(encodeDecimal(samples))
      #expect(decoded.error == nil)
      #expect(decoded.samples == samples)
    }
  }

  @Test func valueModeFollowsTheValues() {
    let times = TestSeries.scrapeTimestamps(count: 6)
    #expect(valueMode(zipSamples(times, [100, 250, 400, 550, 700, 850])) == 2)  // steady counter: delta of delta
    #expect(valueMode(zipSamples(times, [1, 5, 2, 8, 3, 9])) == 1)  // jumpy gauge: delta
    #expect(valueMode(zipSamples(times, [0.5, .nan, 1, 1, 1, 1])) == 0)  // NaN: XORed bit patterns
    #expect(valueMode(zipSamples(times, [-0.0, 1, 1, 1, 1, 1])) == 0)
    #expect(valueMode(zipSamples(times, [1e-13, 1, 1, 1, 1, 1])) == 0)  // needs e > 12
  }

  /// Guards docs/format/metrics-chunk.md ("Decimal-delta chunk"): the documented example.
  @Test func frozenBytes() {
    let samples = [Sample(timestampMs: 1000, value: 0.5), Sample(timestampMs: 2000, value: 1.25), Sample(timestampMs: 3000, value: 2)]
    let hex = encodeDecimal(samples).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    // count 3 | t0 1000, Δ 1000, dod 0 | mode 2 (dod: 4 bytes < 5 as deltas), e 2 | m 50, Δ 75, dod 0
    #expect(hex == "0003" + "d00f" + "d00f" + "00" + "02" + "02" + "64" + "9601" + "00")
    #expect(decodeDecimal(encodeDecimal([])).samples.isEmpty && encodeDecimal([]) == [0, 0])
  }

  @Test(arguments: 0..<8)
  func everyTruncationFails(seed: UInt64) {
    let samples = Self.damageInput(seed: seed)
    let bytes = encodeDecimal(samples)
    for length in 0..<bytes.count {
      let (decoded, error) = decodeDecimal(Array(bytes.prefix(length)))
      #expect(error?.code == .truncated, "length \(length) of \(bytes.count)")
      #expect(decoded.isEmpty)
    }
  }

  @Test(arguments: 0..<8)
  func byteFlipsNeverTrap(seed: UInt64) {
    let bytes = encodeDecimal(Self.damageInput(seed: seed))
    var random = SeededGenerator(seed: seed &+ 100)
    for _ in 0..<500 {
      var damaged = bytes
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
      }
      let (decoded, error) = decodeDecimal(damaged)
      #expect(decoded.count <= Int(UInt16.max))
      _ = error
    }
  }

  private static func damageInput(seed: UInt64) -> [Sample] {
    switch seed % 4 {
    case 0: TestSeries.randomWalk(count: 120, seed: seed)
    case 1: TestSeries.irregularCounter(count: 120, seed: seed)
    case 2: zipSamples(TestSeries.randomTimestamps(count: 50, seed: seed), TestSeries.randomBitValues(count: 50, seed: seed))
    default: zipSamples(TestSeries.scrapeTimestamps(count: 60, jitterMs: 5_000, seed: seed), TestSeries.edgeValues)
    }
  }
}
