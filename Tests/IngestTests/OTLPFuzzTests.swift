// Property test: random bytes and seeded mutations of valid OTLP bodies (protobuf, JSON, gzip)
// never crash the decoder or translator; each either decodes and translates, or fails with an
// OTLPError whose message says what was wrong.
import Codecs
import Ingest
import SwiftProtobuf
import Testing
import WardenCore
import WardenTesting
import WireFormats

@Suite struct OTLPFuzzTests {
  typealias R = OTLPTestRequests

  static func seedRequest() -> OTLPExportRequest {
    var expPoint = Opentelemetry_Proto_Metrics_V1_ExponentialHistogramDataPoint()
    expPoint.scale = 3
    expPoint.positive.offset = -2
    expPoint.positive.bucketCounts = [1, 2, 3]
    expPoint.count = 6
    expPoint.timeUnixNano = R.timeNs
    var exponential = PBMetric()
    exponential.name = "exp"
    exponential.exponentialHistogram.aggregationTemporality = .delta
    exponential.exponentialHistogram.dataPoints = [expPoint]
    return R.request(
      resource: [R.attribute("service.name", "svc"), R.attribute("host.name", "h")], scope: ("s", "1"),
      metrics: [
        R.gauge("g", unit: "1", points: [R.numberPoint(1.5, attributes: [R.attribute("a.b", "x"), R.attribute("a_b", "y")])]),
        R.sum("c", unit: "By", temporality: .delta, points: [R.numberPoint(2)]),
        R.histogram("h", unit: "s", bounds: [0.1, 1], counts: [1, 2, 3], sum: 4),
        exponential,
      ])
  }

  private func check(_ body: [UInt8], _ encoding: OTLPEncoding, gzip: Bool, translator: OTLPTranslator) {
    do throws(OTLPError) {
      let request = try OTLPRequestDecoder.decode(body, encoding: encoding, contentEncoding: gzip ? "gzip" : nil, limits: translator.limits)
      let result = translator.translate(request)
      #expect(result.batch.samples.allSatisfy { Int($0.seriesIndex) < result.batch.series.count })
      #expect(result.rejectedDataPoints == 0 || !result.errorMessage.isEmpty)
    } catch {
      #expect(!error.message.isEmpty)
      #expect(error.message.hasPrefix("cannot ") || error.message.contains("limit") || error.message.contains("more than"))
    }
  }

  @Test func mutatedProtobufNeverCrashes() throws {
    var generator = SeededGenerator(seed: 0x07_1B)
    let seed: [UInt8] = try Self.seedRequest().serializedBytes()
    let translator = OTLPTranslator(accumulator: OTLPDeltaAccumulator(maxSeries: 1000))
    for _ in 0..<3000 {
      check(mutate(seed, using: &generator), .protobuf, gzip: false, translator: translator)
    }
  }

  @Test func mutatedJSONNeverCrashes() throws {
    var generator = SeededGenerator(seed: 0x15_0A)
    let seed = Array(try Self.seedRequest().jsonString().utf8)
    let translator = OTLPTranslator(accumulator: OTLPDeltaAccumulator(maxSeries: 1000))
    for _ in 0..<2000 {
      check(mutate(seed, using: &generator), .json, gzip: false, translator: translator)
    }
  }

  @Test func mutatedGzipNeverCrashes() throws {
    var generator = SeededGenerator(seed: 0x9E_12)
    let seed = Gzip.compress(try Self.seedRequest().serializedBytes())
    let translator = OTLPTranslator(accumulator: OTLPDeltaAccumulator(maxSeries: 1000))
    for _ in 0..<1000 {
      check(mutate(seed, using: &generator), .protobuf, gzip: true, translator: translator)
    }
  }

  @Test func randomBytesNeverCrash() {
    var generator = SeededGenerator(seed: 42)
    let translator = OTLPTranslator(accumulator: OTLPDeltaAccumulator(maxSeries: 1000))
    for _ in 0..<2000 {
      let count = Int.random(in: 0..<200, using: &generator)
      let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
      check(bytes, .protobuf, gzip: false, translator: translator)
      check(bytes, .json, gzip: false, translator: translator)
    }
  }

  /// Flips, replaces, deletes, duplicates or truncates a few bytes.
  private func mutate(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
      let index = Int.random(in: 0..<bytes.count, using: &generator)
      switch Int.random(in: 0..<5, using: &generator) {
      case 0: bytes[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
      case 1: bytes[index] = UInt8.random(in: 0...255, using: &generator)
      case 2: bytes.remove(at: index)
      case 3: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + 8)], at: index)
      default: bytes.removeSubrange(index...)
      }
    }
    return bytes
  }
}
