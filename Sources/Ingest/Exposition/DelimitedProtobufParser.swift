// The protobuf exposition format (`application/vnd.google.protobuf;
// proto=io.prometheus.client.MetricFamily; encoding=delimited`): varint-length-prefixed
// MetricFamily messages, as Go clients push them to a Pushgateway. Turned into the same families
// and samples the text parser gives, with the text format's sample names (`_bucket{le}`, `_sum`,
// `_count`, `{quantile}`), so callers handle one shape.
import Codecs
import SwiftProtobuf
import WardenCore
import WireFormats

package enum DelimitedProtobufParser {
  /// Parses a delimited MetricFamily stream.
  /// - Throws: `ExpositionError` (line 0; the column is the byte offset of the bad message).
  package static func parse(_ bytes: [UInt8], limits: ExpositionLimits = .init()) throws(ExpositionError) -> ExpositionParseResult {
    var result = ExpositionParseResult()
    var offset = 0
    while offset < bytes.count {
      let start = offset
      var length: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard offset < bytes.count, shift < 64 else {
          throw ExpositionError(line: 0, column: start + 1, message: "truncated length prefix of the message at byte \(start)")
        }
        let byte = bytes[offset]
        offset += 1
        length |= UInt64(byte & 0x7f) << shift
        if byte & 0x80 == 0 { break }
        shift += 7
      }
      guard length <= UInt64(bytes.count - offset) else {
        throw ExpositionError(line: 0, column: start + 1, message: "the message at byte \(start) declares \(length) bytes; \(bytes.count - offset) remain")
      }
      let family: Io_Prometheus_Client_MetricFamily
      do {
        family = try Io_Prometheus_Client_MetricFamily(serializedBytes: Array(bytes[offset..<offset + Int(length)]))
      } catch {
        throw ExpositionError(line: 0, column: start + 1, message: "the message at byte \(start) is not a MetricFamily: \(error)")
      }
      offset += Int(length)
      try append(family, to: &result, limits: limits, at: start)
    }
    return result
  }

  private static func append(
    _ family: Io_Prometheus_Client_MetricFamily, to result: inout ExpositionParseResult, limits: ExpositionLimits, at start: Int
  ) throws(ExpositionError) {
    let name = family.name
    guard MetricName.isValid(name) else {
      throw ExpositionError(line: 0, column: start + 1, message: "invalid metric name \"\(name)\"")
    }
    let type: MetricType =
      switch family.type {
      case .counter: .counter
      case .gauge: .gauge
      case .summary: .summary
      case .histogram, .gaugeHistogram: .histogram
      default: .untyped
      }
    result.families.append(ParsedFamily(name: name, type: type, help: family.hasHelp ? family.help : nil))
    for metric in family.metric {
      guard limits.maxLabelsPerSample == 0 || metric.label.count <= limits.maxLabelsPerSample else {
        throw ExpositionError(line: 0, column: start + 1, message: "metric \"\(name)\" has more than \(limits.maxLabelsPerSample) labels")
      }
      var labels: [Label] = []
      for pair in metric.label {
        guard LabelName.isValid(pair.name) else {
          throw ExpositionError(line: 0, column: start + 1, message: "invalid label name \"\(pair.name)\" on metric \"\(name)\"")
        }
        labels.append(Label(pair.name, pair.value))
      }
      let timestamp = metric.hasTimestampMs ? metric.timestampMs : nil
      func add(_ sampleName: String, _ value: Double, _ extra: Label? = nil) throws(ExpositionError) {
        if limits.maxSamples > 0 && result.samples.count >= limits.maxSamples {
          throw ExpositionError(line: 0, column: start + 1, message: "more than \(limits.maxSamples) samples")
        }
        var pairs = labels
        pairs.append(Label(Labels.metricName, sampleName))
        if let extra { pairs.append(extra) }
        result.samples.append(ExpositionSample(labels: Labels(pairs), value: value, timestampMs: timestamp))
      }
      switch family.type {
      case .counter: try add(name, metric.counter.value)
      case .gauge: try add(name, metric.gauge.value)
      case .summary:
        for quantile in metric.summary.quantile {
          try add(name, quantile.value, Label("quantile", Self.format(quantile.quantile)))
        }
        try add(name + "_sum", metric.summary.sampleSum)
        try add(name + "_count", Double(metric.summary.sampleCount))
      case .histogram, .gaugeHistogram:
        let histogram = metric.histogram
        let count = histogram.hasSampleCountFloat ? histogram.sampleCountFloat : Double(histogram.sampleCount)
        var sawInfinity = false
        for bucket in histogram.bucket {
          if bucket.upperBound == .infinity { sawInfinity = true }
          let value = bucket.hasCumulativeCountFloat ? bucket.cumulativeCountFloat : Double(bucket.cumulativeCount)
          try add(name + "_bucket", value, Label("le", Self.format(bucket.upperBound)))
        }
        if !sawInfinity { try add(name + "_bucket", count, Label("le", "+Inf")) }
        try add(name + "_sum", histogram.sampleSum)
        try add(name + "_count", count)
      default: try add(name, metric.untyped.value)
      }
    }
  }

  /// Bounds and quantiles as the text format writes them (`0.5`, `1`, `+Inf`).
  private static func format(_ value: Double) -> String {
    if value == .infinity { return "+Inf" }
    if value == -.infinity { return "-Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }
}
