// Builders for OTLP metrics requests in the OTLP tests: one resource, one scope, the metrics given.
import Ingest
import WardenCore
import WireFormats

typealias PBMetric = Opentelemetry_Proto_Metrics_V1_Metric
typealias PBNumberPoint = Opentelemetry_Proto_Metrics_V1_NumberDataPoint
typealias PBHistogramPoint = Opentelemetry_Proto_Metrics_V1_HistogramDataPoint

enum OTLPTestRequests {
  static let timeNs: UInt64 = 1_700_000_000_123_456_789
  static let timeMs: Int64 = 1_700_000_000_123

  static func attribute(_ key: String, _ value: String) -> OTLPKeyValue {
    var pair = OTLPKeyValue()
    pair.key = key
    pair.value.stringValue = value
    return pair
  }

  static func request(
    resource: [OTLPKeyValue] = [attribute("service.name", "api"), attribute("service.instance.id", "host-1:8080")],
    scope: (String, String) = ("", ""), metrics: [PBMetric]
  ) -> OTLPExportRequest {
    var scopeMetrics = Opentelemetry_Proto_Metrics_V1_ScopeMetrics()
    scopeMetrics.scope.name = scope.0
    scopeMetrics.scope.version = scope.1
    scopeMetrics.metrics = metrics
    var resourceMetrics = Opentelemetry_Proto_Metrics_V1_ResourceMetrics()
    resourceMetrics.resource.attributes = resource
    resourceMetrics.scopeMetrics = [scopeMetrics]
    var request = OTLPExportRequest()
    request.resourceMetrics = [resourceMetrics]
    return request
  }

  static func numberPoint(_ value: Double, attributes: [OTLPKeyValue] = [], timeNs: UInt64 = timeNs, flags: UInt32 = 0) -> PBNumberPoint {
    var point = PBNumberPoint()
    point.asDouble = value
    point.attributes = attributes
    point.timeUnixNano = timeNs
    point.flags = flags
    return point
  }

  static func gauge(_ name: String, unit: String = "", points: [PBNumberPoint]) -> PBMetric {
    var metric = PBMetric()
    metric.name = name
    metric.unit = unit
    metric.gauge.dataPoints = points
    return metric
  }

  static func sum(
    _ name: String, unit: String = "", isMonotonic: Bool = true, temporality: Opentelemetry_Proto_Metrics_V1_AggregationTemporality = .cumulative,
    points: [PBNumberPoint]
  ) -> PBMetric {
    var metric = PBMetric()
    metric.name = name
    metric.unit = unit
    metric.sum.isMonotonic = isMonotonic
    metric.sum.aggregationTemporality = temporality
    metric.sum.dataPoints = points
    return metric
  }

  static func histogram(
    _ name: String, unit: String = "", bounds: [Double], counts: [UInt64], sum: Double? = nil,
    temporality: Opentelemetry_Proto_Metrics_V1_AggregationTemporality = .cumulative, timeNs: UInt64 = timeNs
  ) -> PBMetric {
    var point = PBHistogramPoint()
    point.explicitBounds = bounds
    point.bucketCounts = counts
    point.count = counts.reduce(0, +)
    if let sum { point.sum = sum }
    point.timeUnixNano = timeNs
    var metric = PBMetric()
    metric.name = name
    metric.unit = unit
    metric.histogram.aggregationTemporality = temporality
    metric.histogram.dataPoints = [point]
    return metric
  }
}

extension OTLPTranslation {
  /// Every sample as "labels value" lines, sorted, for readable expectations.
  var lines: [String] {
    batch.samples.map { row in
      let value = row.value.isStaleMarker ? "stale" : OTLPTranslator.formatFloat(row.value)
      return "\(batch.series[Int(row.seriesIndex)]) \(value)"
    }.sorted()
  }

  /// The value of the one sample of the series printed as `series`.
  func value(_ series: String) -> Double? {
    batch.samples.first { batch.series[Int($0.seriesIndex)].description == series }?.value
  }
}
