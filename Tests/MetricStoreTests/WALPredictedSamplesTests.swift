// Predicted-samples records (type 6, values coded against the previous group's): every value
// comes back bit for bit (NaNs, ±Inf, −0, long fractions, decimals whose digit count changes,
// series new in this group), the restored records are byte for byte the plain ones, and hostile
// payloads are refused without a crash.
import Codecs
@testable import MetricStore
import Testing
import WardenCore

struct WALPredictedSamplesTests {
  /// Deterministic pseudo-random numbers (the test target has no seeded generator of its own).
  private struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state ^ (state >> 29)
    }
  }

  private static let awkward: [Double] = [
    0, -0.0, .staleMarker, .nan, .infinity, -.infinity, 1e300, -1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1 + 0.2,
    1.5, 1.55, 1.555, 1.5555, -123.45, 0x1p60, 0x1p53 + 2, 3, 1e-9, 123_456_789.123, 1487539.44, 0.001,
  ]

  private func record(_ samples: [WALSample]) -> [UInt8] {
    var records: [UInt8] = []
    WALRecord.appendSamples(samples, to: &records)
    return records
  }

  /// Encodes the groups with one compressor, scans them back, and checks every record the scanner
  /// hands out is byte for byte the plain one.
  private func expectRoundTrip(_ groups: [[UInt8]], sourceLocation: SourceLocation = #_sourceLocation) {
    let compressor = WALGroupCompressor()
    var segment: [UInt8] = []
    for group in groups { segment += compressor.encode(group) }
    var seen: [[UInt8]] = []
    let scan = WALSegmentScanner.scan(segment) { type, payload in
      var framed: [UInt8] = []
      WALRecord.append(type, to: &framed) { $0.append(contentsOf: payload) }
      seen.append(framed)
      return true
    }
    #expect(scan.problem == nil, sourceLocation: sourceLocation)
    let expected = groups.flatMap { group in walRecordStarts(group).map { start in
      let length = group[start..<(start + 4)].reduce(0) { $0 << 8 | Int($1) }
      return Array(group[start..<(start + WALRecord.headerSize + length)])
    } }
    #expect(seen == expected, sourceLocation: sourceLocation)
  }

  @Test func awkwardValuesComeBackBitForBit() {
    // Each round rotates which series gets which value, so every value meets every kind of
    // prediction; series 100+ appear only from round 2 on.
    let values = Self.awkward
    let groups = (0..<6).map { round -> [UInt8] in
      var samples = values.indices.map { index in
        WALSample(seriesID: SeriesID(index + 1), timestampMs: Int64(round) * 15_000, value: values[(index + round) % values.count])
      }
      if round >= 2 { samples.append(WALSample(seriesID: 100 + SeriesID(round), timestampMs: 7, value: 2.5)) }
      // Also a value that gains a digit in the same series: 1.5, 1.55, 1.555 ...
      samples.append(WALSample(seriesID: 500, timestampMs: Int64(round) * 15_000, value: [1.5, 1.55, 1.555, 1.5, 20, 20.25][round]))
      return record(samples) + record(samples.reversed())
    }
    expectRoundTrip(groups)
  }

  @Test func randomValuesComeBackBitForBit() {
    var random = LCG(state: 42)
    var current = (0..<300).map { _ in Double(random.next() % 10_000_000) / 100 }
    let groups = (0..<12).map { round -> [UInt8] in
      for index in current.indices {
        switch random.next() % 6 {
        case 0: current[index] = Double(bitPattern: random.next())  // anything, NaNs included
        case 1: current[index] += Double(random.next() % 1000) / 1000
        case 2: current[index] = -current[index]
        case 3: break
        default: current[index] += Double(random.next() % 100) / 100
        }
      }
      let samples = current.indices.map { index in
        WALSample(
          seriesID: SeriesID(index * 3 + 1), timestampMs: 1_700_000_000_000 + Int64(round) * 15_000 + Int64(random.next() % 3),
          value: current[index])
      }
      return record(samples)
    }
    expectRoundTrip(groups)
  }

  /// Counters that grow by small decimals: the second group on takes a couple of bytes a sample.
  @Test func growingCountersShrink() {
    let compressor = WALGroupCompressor()
    var sizes: [Int] = []
    for round in 0..<10 {
      let samples = (0..<500).map { id in
        WALSample(seriesID: SeriesID(id + 1), timestampMs: Int64(round) * 15_000, value: 1_487_539.44 + Double(round * (id % 97)) * 0.37)
      }
      sizes.append(compressor.encode(record(samples)).count)
    }
    #expect(sizes.dropFirst().allSatisfy { $0 < 500 * 2 }, "\(sizes)")
  }

  @Test func hostilePayloadsAreRefusedWithoutACrash() {
    var predictions = WALValuePredictions()
    let reference = record((1...50).map { WALSample(seriesID: SeriesID($0), timestampMs: 0, value: Double($0) / 4) })
    #expect(throws: Never.self) { try reference.withUnsafeBytes { try predictions.learn(from: $0) } }
    var valid: [UInt8] = []
    predictions.appendRecord((1...50).map { WALSample(seriesID: SeriesID($0), timestampMs: 9, value: Double($0) / 2) }, to: &valid)
    let payload = Array(valid[WALRecord.headerSize...])
    var decoded: [WALSample] = []
    #expect(throws: Never.self) { try payload.withUnsafeBytes { try predictions.decodeRecord($0, into: &decoded) } }
    #expect(decoded.map(\.value) == (1...50).map { Double($0) / 2 })
    var random = LCG(state: 7)
    for trial in 0..<3000 {
      var damaged = payload
      if trial % 3 == 0 {
        damaged = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      } else {
        for _ in 0...(random.next() % 4) {
          damaged[Int(random.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: random.next())
        }
        if trial % 3 == 2 { damaged.removeLast(Int(random.next() % UInt64(damaged.count))) }
      }
      var samples: [WALSample] = []
      for candidate in [predictions, WALValuePredictions()] {
        samples.removeAll()
        _ = damaged.withUnsafeBytes { try? candidate.decodeRecord($0, into: &samples) }
        #expect(samples.count <= damaged.count)
      }
    }
  }

  /// A value coded as a delta needs a decimal prediction: without the reference, it is refused.
  @Test func deltasWithoutTheirPredictionAreRefused() {
    var predictions = WALValuePredictions()
    let reference = record([WALSample(seriesID: 1, timestampMs: 0, value: 10.5)])
    #expect(throws: Never.self) { try reference.withUnsafeBytes { try predictions.learn(from: $0) } }
    var coded: [UInt8] = []
    predictions.appendRecord([WALSample(seriesID: 1, timestampMs: 15_000, value: 10.75)], to: &coded)
    let payload = Array(coded[WALRecord.headerSize...])
    var samples: [WALSample] = []
    #expect(throws: Never.self) { try payload.withUnsafeBytes { try predictions.decodeRecord($0, into: &samples) } }
    #expect(samples == [WALSample(seriesID: 1, timestampMs: 15_000, value: 10.75)])
    #expect(throws: CodecError.self) { try payload.withUnsafeBytes { try WALValuePredictions().decodeRecord($0, into: &samples) } }
  }
}
