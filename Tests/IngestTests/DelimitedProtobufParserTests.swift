// The delimited protobuf exposition format: families built with the generated client_model types
// come back as the text format's samples (counter, gauge, untyped, summary quantiles, histogram
// buckets with +Inf added when missing, timestamps); damaged streams fail with a message.
import Ingest
import SwiftProtobuf
import Testing
import WardenCore
import WardenTesting
import WireFormats

private func delimited(_ families: [Io_Prometheus_Client_MetricFamily]) throws -> [UInt8] {
  var out: [UInt8] = []
  for family in families {
    let bytes: [UInt8] = try family.serializedBytes()
    var length = UInt64(bytes.count)
    while length >= 0x80 {
      out.append(UInt8(length & 0x7f) | 0x80)
      length >>= 7
    }
    out.append(UInt8(length))
    out += bytes
  }
  return out
}

private func parse(_ bytes: [UInt8]) -> Result<ExpositionParseResult, ExpositionError> {
  do throws(ExpositionError) {
    return .success(try DelimitedProtobufParser.parse(bytes))
  } catch {
    return .failure(error)
  }
}

private func label(_ name: String, _ value: String) -> Io_Prometheus_Client_LabelPair {
  var pair = Io_Prometheus_Client_LabelPair()
  pair.name = name
  pair.value = value
  return pair
}

struct DelimitedProtobufParserTests {
  static func families() -> [Io_Prometheus_Client_MetricFamily] {
    var counter = Io_Prometheus_Client_MetricFamily()
    counter.name = "jobs_total"
    counter.help = "Jobs run."
    counter.type = .counter
    var metric = Io_Prometheus_Client_Metric()
    metric.label = [label("kind", "backup")]
    metric.counter.value = 3
    metric.timestampMs = 1_700_000_000_000
    counter.metric = [metric]

    var summary = Io_Prometheus_Client_MetricFamily()
    summary.name = "latency_seconds"
    summary.type = .summary
    var summaryMetric = Io_Prometheus_Client_Metric()
    var quantile = Io_Prometheus_Client_Quantile()
    quantile.quantile = 0.5
    quantile.value = 0.25
    summaryMetric.summary.quantile = [quantile]
    summaryMetric.summary.sampleSum = 10
    summaryMetric.summary.sampleCount = 40
    summary.metric = [summaryMetric]

    var histogram = Io_Prometheus_Client_MetricFamily()
    histogram.name = "size_bytes"
    histogram.type = .histogram
    var histogramMetric = Io_Prometheus_Client_Metric()
    var bucket = Io_Prometheus_Client_Bucket()
    bucket.upperBound = 1024
    bucket.cumulativeCount = 7
    histogramMetric.histogram.bucket = [bucket]
    histogramMetric.histogram.sampleCount = 9
    histogramMetric.histogram.sampleSum = 5000
    histogram.metric = [histogramMetric]

    var gauge = Io_Prometheus_Client_MetricFamily()
    gauge.name = "temperature"
    gauge.type = .gauge
    var gaugeMetric = Io_Prometheus_Client_Metric()
    gaugeMetric.gauge.value = -1.5
    gauge.metric = [gaugeMetric]
    return [counter, summary, histogram, gauge]
  }

  @Test func readsEveryTypeAsTheTextFormatWould() throws {
    let result = try parse(try delimited(Self.families())).get()
    #expect(result.families.map(\.name) == ["jobs_total", "latency_seconds", "size_bytes", "temperature"])
    #expect(result.families.map(\.type) == [.counter, .summary, .histogram, .gauge])
    #expect(result.families[0].help == "Jobs run.")
    let text = result.samples.map { "\($0.labels) \($0.value) \($0.timestampMs.map(String.init) ?? "-")" }
    #expect(text == [
      "jobs_total{kind=\"backup\"} 3.0 1700000000000",
      "latency_seconds{quantile=\"0.5\"} 0.25 -",
      "latency_seconds_sum 10.0 -",
      "latency_seconds_count 40.0 -",
      "size_bytes_bucket{le=\"1024\"} 7.0 -",
      "size_bytes_bucket{le=\"+Inf\"} 9.0 -",
      "size_bytes_sum 5000.0 -",
      "size_bytes_count 9.0 -",
      "temperature -1.5 -",
    ])
  }

  @Test func damagedStreamsFailWithAMessage() throws {
    let bytes = try delimited(Self.families())
    for length in [1, 5, bytes.count - 1] {
      guard case .failure(let error) = parse(Array(bytes.prefix(length))) else {
        Issue.record("a stream cut at \(length) bytes parsed")
        continue
      }
      #expect(!error.message.isEmpty)
    }
    var badName = Self.families()[3]
    badName.name = "bad name"
    guard case .failure(let error) = parse(try delimited([badName])) else {
      Issue.record("an invalid metric name parsed")
      return
    }
    #expect(error.message == "invalid metric name \"bad name\"")
  }

  @Test func mutatedStreamsNeverTrap() throws {
    var generator = SeededGenerator(seed: 0xde11_0001)
    let valid = try delimited(Self.families())
    for _ in 0..<3_000 {
      var bytes = valid
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
      if case .success(let result) = parse(bytes) { #expect(result.samples.count < 100) }
    }
  }
}
