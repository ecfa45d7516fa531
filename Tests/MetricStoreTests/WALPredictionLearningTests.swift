// The WAL compressor learns each group's predictions while coding it (instead of decoding its own
// records again); the reader learns them from the opened records. Both must agree exactly, or the
// next chained group decodes to wrong values: checked here on seeded random groups mixing every
// kind of value the coding distinguishes.
@testable import MetricStore
import Testing
import WardenCore
import WardenTesting

struct WALPredictionLearningTests {
  /// A value of one of the kinds the predicted-samples coding treats differently.
  private func value(previous: Double, using generator: inout SeededGenerator) -> Double {
    switch Int.random(in: 0..<10, using: &generator) {
    case 0, 1: return previous  // repeated exactly
    case 2: return previous + Double(Int.random(in: 1...999, using: &generator)) / 100  // counter, 2 decimals
    case 3: return previous + Double(Int.random(in: 1...9, using: &generator)) / 1000  // one more decimal digit
    case 4: return Double(Int.random(in: -50...50, using: &generator))  // small integer gauge
    case 5: return Double(Int.random(in: 1...1000, using: &generator)) / 3  // no decimal form
    case 6: return [Double.nan, .infinity, -.infinity, -0.0, .staleMarker][Int.random(in: 0..<5, using: &generator)]
    case 7: return Double(Int.random(in: 1...9, using: &generator)) * 1e15  // large, few digits
    case 8: return Double(Int64.random(in: 1_000_000_000_000_000...9_000_000_000_000_000, using: &generator)) / 1e3
    default: return previous * 10  // the same digits at a smaller exponent
    }
  }

  private func payloads(_ bytes: [UInt8]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    _ = WALSegmentScanner.scan(bytes) { _, payload in
      result.append(Array(payload))
      return true
    }
    return result
  }

  @Test func compressorAndReaderLearnTheSamePredictions() {
    var generator = SeededGenerator(seed: 0x5eed_3)
    let compressor = WALGroupCompressor()
    var last = [Double](repeating: 1.5, count: 300)
    var written: [UInt8] = []
    var expected: [[UInt8]] = []
    for round in 0..<40 {
      // A varying subset of the series, some of them twice (two timestamps in one batch).
      var samples: [WALSample] = []
      for id in 0..<last.count where Int.random(in: 0..<4, using: &generator) != 0 {
        for _ in 0..<(Int.random(in: 0..<8, using: &generator) == 0 ? 2 : 1) {
          last[id] = value(previous: last[id], using: &generator)
          samples.append(WALSample(seriesID: SeriesID(id + 1), timestampMs: 1_700_000_000_000 + Int64(round) * 15_000, value: last[id]))
        }
      }
      var records: [UInt8] = []
      WALRecord.appendSamples(samples, to: &records)
      expected.append(contentsOf: payloads(records))
      written += compressor.encode(records)
    }
    #expect(walRecordStarts(written).contains { written[$0 + 8] == WALRecordType.chained.rawValue })
    let scan = WALSegmentScanner.scan(written) { _, _ in true }
    #expect(scan.problem == nil)
    #expect(scan.validLength == written.count)
    #expect(payloads(written) == expected)
  }
}
