// XOR chunk values round-trip bit-exactly: NaN payloads and the staleness marker, infinities,
// signed zeros, subnormals, extremes, constant, alternating and random series.
import Codecs
import Testing
import WardenCore

struct XORChunkValueTests {
  private static let timestamps = TestSeries.scrapeTimestamps(count: 400)

  @Test(arguments: TestSeries.edgeValues)
  func eachEdgeValueRoundTripsInEveryPosition(value: Double) throws {
    // First sample (raw 64 bits), second (first XOR), and later (window reuse) positions.
    let values = [value, value, 1.5, value, value, -2.25, value]
    let samples = zipSamples(Array(Self.timestamps.prefix(values.count)), values)
    #expect(try decodeChunk(encodeChunk(samples).bytes) == samples)
  }

  @Test func allEdgeValuesInterleaved() throws {
    var values: [Double] = []
    for a in TestSeries.edgeValues {
      for b in TestSeries.edgeValues {
        values.append(a)
        values.append(b)
      }
    }
    let timestamps = TestSeries.scrapeTimestamps(count: values.count)
    let samples = zipSamples(timestamps, values)
    #expect(try decodeChunk(encodeChunk(samples).bytes) == samples)
  }

  @Test func staleMarkerSurvivesBitExactly() throws {
    #expect(staleNaNBitPattern == 0x7FF0_0000_0000_0002)
    #expect(Double.staleMarker.isStaleMarker)
    #expect(!Double.nan.isStaleMarker)
    #expect(!Double(bitPattern: 0x7FF0_0000_0000_0003).isStaleMarker)
    let samples = zipSamples(Array(Self.timestamps.prefix(6)), [1, Double.staleMarker, Double.staleMarker, .nan, Double.staleMarker, 2])
    let decoded = try decodeChunk(encodeChunk(samples).bytes)
    #expect(decoded == samples)
    #expect(decoded.map { $0.value.isStaleMarker } == [false, true, true, false, true, false])
  }

  @Test(arguments: [0.0, -0.0, 42.0, .nan, .infinity, Double(bitPattern: 0x0000_1268_8B70_E62B)])
  func constantSeriesCostsOneBitPerValue(value: Double) throws {
    let timestamps = TestSeries.scrapeTimestamps(count: 120, jitterMs: 0)
    let samples = zipSamples(timestamps, [value])
    let encoder = encodeChunk(samples)
    #expect(try decodeChunk(encoder.bytes) == samples)
    // Header 2 + first sample ≤ 6 + 8 + second delta 3; then 1 bit of timestamp and value each.
    #expect(encoder.byteCount <= 2 + 6 + 8 + 3 + (118 * 2 + 1 + 7) / 8)
  }

  @Test(arguments: [(1.0, -1.0), (0.0, .greatestFiniteMagnitude), (.nan, 0.1), (-0.0, 0.0), (.infinity, -.infinity)])
  func alternatingValues(a: Double, b: Double) throws {
    let samples = zipSamples(Array(Self.timestamps.prefix(200)), [a, b])
    #expect(try decodeChunk(encodeChunk(samples).bytes) == samples)
  }

  @Test(arguments: [5, 6, 7])
  func randomBitPatterns(seed: UInt64) throws {
    let samples = zipSamples(Self.timestamps, TestSeries.randomBitValues(count: Self.timestamps.count, seed: seed))
    let encoder = encodeChunk(samples)
    #expect(try decodeChunk(encoder.bytes) == samples)
    // Worst case: every value needs a fresh 64-bit window, 2 + 11 + 64 bits.
    #expect(encoder.byteCount <= 2 + 10 + 8 + 10 + samples.count * (77 + 10) / 8 + 1)
  }

  @Test(arguments: [8, 9])
  func randomWalkAndCounters(seed: UInt64) throws {
    for samples in [
      TestSeries.randomWalk(count: 1_000, seed: seed), TestSeries.irregularCounter(count: 1_000, seed: seed),
      TestSeries.cpuSeconds(count: 1_000, busy: 0.3, seed: seed),
    ] {
      #expect(try decodeChunk(encodeChunk(samples).bytes) == samples)
    }
  }

  @Test func windowsOfEverySize() throws {
    // XORs with every leading/trailing-zero combination, including > 31 leading zeros.
    var values: [Double] = [0]
    var bits: UInt64 = 0
    for leading in stride(from: 0, to: 64, by: 3) {
      for trailing in stride(from: 0, to: 64 - leading, by: 5) {
        let width = 64 - leading - trailing
        let mask = width == 64 ? UInt64.max : ((1 << UInt64(width)) - 1) << UInt64(trailing)
        bits ^= mask & (0xA5A5_A5A5_A5A5_A5A5 | 1 << UInt64(trailing) | 1 << UInt64(63 - leading))
        values.append(Double(bitPattern: bits))
      }
    }
    let samples = zipSamples(TestSeries.scrapeTimestamps(count: values.count), values)
    #expect(try decodeChunk(encodeChunk(samples).bytes) == samples)
  }
}
