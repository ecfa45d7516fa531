// XOR chunk timestamps round-trip for any Int64 sequence: regular, jittered, equal, decreasing,
// huge jumps and the Int64 extremes, where delta arithmetic must wrap rather than trap.
import Codecs
import Testing

struct XORChunkTimestampTests {
  private static let start = TestSeries.start

  static let sequences: [(String, [Int64])] = [
    ("regular 15s", (0..<200).map { start + Int64($0) * 15_000 }),
    ("jittered 15s", TestSeries.scrapeTimestamps(count: 200, jitterMs: 40)),
    ("equal", Array(repeating: start, count: 50)),
    ("decreasing", (0..<100).map { start - Int64($0) * 15_000 }),
    ("zigzag", (0..<100).map { start + ($0 % 2 == 0 ? 1 : -1) * Int64($0) * 7_919 }),
    ("missed scrapes", [0, 15, 30, 60, 75, 90, 150, 165, 180, 900, 915, 930].map { start + $0 * 1_000 }),
    ("negative epoch", (0..<50).map { -start + Int64($0) * 60_000 }),
    ("Int64 extremes", [.min, .max, .min, .max, 0, -1, 1, .min, .min + 1, .max - 1, .max, .max, 0, .min]),
    ("near max", (0..<20).map { Int64.max - 15_000 * 19 + Int64($0) * 15_000 }),
    ("near min", (0..<20).map { Int64.min + Int64($0) * 15_000 }),
    ("every bucket edge", bucketEdges()),
    ("single", [start]),
    ("pair", [start, start - 1]),
  ]

  @Test(arguments: sequences)
  func roundTrips(name: String, timestamps: [Int64]) throws {
    let samples = zipSamples(timestamps, [1, 2.5, -3])
    let encoder = encodeChunk(samples)
    #expect(try decodeChunk(encoder.bytes) == samples, "\(name)")
    #expect(encoder.count == timestamps.count)
    #expect(encoder.firstTimestampMs == timestamps.first)
    #expect(encoder.lastTimestampMs == timestamps.last)
    #expect(encoder.minTimestampMs == timestamps.min())
    #expect(encoder.maxTimestampMs == timestamps.max())
  }

  @Test(arguments: [21, 22, 23])
  func randomInt64Timestamps(seed: UInt64) throws {
    let timestamps = TestSeries.randomTimestamps(count: 1_000, seed: seed)
    let samples = zipSamples(timestamps, TestSeries.randomBitValues(count: 7, seed: seed))
    #expect(try decodeChunk(encodeChunk(samples).bytes) == samples)
  }

  @Test func regularIntervalsCostOneBitEach() {
    let samples = zipSamples((0..<121).map { Self.start + Int64($0) * 15_000 }, [7])
    // 2 header + 6 first timestamp + 8 first value + 3 second delta, then 2 bits per sample.
    #expect(encodeChunk(samples).byteCount == 2 + 6 + 8 + 3 + (119 * 2 + 1 + 7) / 8)
  }

  /// Deltas-of-delta at both ends of every bucket, and one past each end.
  private static func bucketEdges() -> [Int64] {
    var dods: [Int64] = []
    for width in [5, 9, 16, 32] {
      let limit = Int64(1) << Int64(width - 1)
      dods += [limit - 1, limit, -limit, -limit - 1]
    }
    dods += [.max, .min, 0]
    var timestamps: [Int64] = [start, start + 15_000]
    var delta: Int64 = 15_000
    for dod in dods {
      delta = delta &+ dod
      timestamps.append(timestamps[timestamps.count - 1] &+ delta)
      // Come back to a 15 s delta so every listed dod is seen from the same starting point.
      let back = 15_000 &- delta
      delta = delta &+ back
      timestamps.append(timestamps[timestamps.count - 1] &+ delta)
    }
    return timestamps
  }
}
