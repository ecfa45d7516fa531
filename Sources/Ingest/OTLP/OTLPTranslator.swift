// Walks an ExportMetricsServiceRequest and produces Prometheus-style samples: resource → job,
// instance and target_info; scope → otel_scope_name/otel_scope_version labels; each metric kind
// through its own rules (this file: gauges and sums; OTLPTranslator+Distributions: histograms,
// exponential histograms, summaries). Bad data points are rejected one by one and reported with
// their path in the request; the rest of the request is still stored.
import WardenCore
import WireFormats

typealias OTLPMetric = Opentelemetry_Proto_Metrics_V1_Metric
typealias OTLPNumberDataPoint = Opentelemetry_Proto_Metrics_V1_NumberDataPoint

/// Translation rules, with the delta accumulator the receiver owns. Thread-safe (immutable, and
/// the accumulator is).
package struct OTLPTranslator: Sendable {
  package let limits: OTLPLimits
  package let accumulator: OTLPDeltaAccumulator

  package init(limits: OTLPLimits = OTLPLimits(), accumulator: OTLPDeltaAccumulator) {
    self.limits = limits
    self.accumulator = accumulator
  }

  /// OTLP's DataPointFlags.FLAG_NO_RECORDED_VALUE: the series ended, which Prometheus calls stale.
  static let noRecordedValueFlag: UInt32 = 1

  /// Translates a decoded request. Never throws: problems are counted in the result.
  package func translate(_ request: OTLPExportRequest) -> OTLPTranslation {
    var state = State(limits: limits)
    for (resourceIndex, resourceMetrics) in request.resourceMetrics.enumerated() {
      let resourcePath = "resource_metrics[\(resourceIndex)]"
      let resourceLabels: OTLPResourceLabels
      switch OTLPResourceLabels.make(resourceMetrics.resource, maxLabelValueBytes: limits.maxLabelValueBytes) {
      case .success(let labels): resourceLabels = labels
      case .failure(let problem):
        let points = resourceMetrics.scopeMetrics.reduce(0) { $0 + $1.metrics.reduce(0) { $0 + $1.pointCount } }
        state.result.reject(points: points, reason: problem.reason, message: "\(resourcePath): \(problem.message)", maxReported: limits.maxReportedProblems)
        continue
      }
      var newestTimestampMs: Int64?
      for (scopeIndex, scopeMetrics) in resourceMetrics.scopeMetrics.enumerated() {
        var context = resourceLabels.identifying
        let scope = scopeMetrics.scope
        if !scope.name.isEmpty { context.append(Label("otel_scope_name", scope.name)) }
        if !scope.version.isEmpty { context.append(Label("otel_scope_version", scope.version)) }
        for (metricIndex, metric) in scopeMetrics.metrics.enumerated() {
          let path = MetricPath(resource: resourceIndex, scope: scopeIndex, metric: metricIndex, name: metric.name)
          let before = state.result.batch.samples.count
          translate(metric, context: context, path: path, state: &state)
          for sample in state.result.batch.samples[before...] {
            newestTimestampMs = max(newestTimestampMs ?? sample.timestampMs, sample.timestampMs)
          }
        }
      }
      // target_info carries the resource's other attributes, at the newest time the resource reported.
      if let info = resourceLabels.targetInfo, let timestampMs = newestTimestampMs {
        state.result.batch.append(Labels(info + [Label(Labels.metricName, "target_info")]), timestampMs: timestampMs, value: 1)
      }
    }
    let dropped = accumulator.accumulate(&state.result.batch, rowIndices: state.deltaRows)
    if !dropped.isEmpty { state.dropRows(dropped) }
    return state.result
  }

  private func translate(_ metric: OTLPMetric, context: [Label], path: MetricPath, state: inout State) {
    switch metric.data {
    case .gauge(let gauge):
      let name = OTLPMetricNaming.metricName(metric.name, unit: metric.unit, kind: .gauge)
      translateNumbers(gauge.dataPoints, name: name, context: context, isDelta: false, path: path, state: &state)
    case .sum(let sum):
      guard let isDelta = isDelta(sum.aggregationTemporality) else {
        state.reject(points: sum.dataPoints.count, reason: "invalid_temporality", "\(path): sum has no aggregation_temporality")
        return
      }
      // Non-monotonic sums (UpDownCounters) go up and down: a gauge, without _total.
      let kind: OTLPMetricNaming.Kind = sum.isMonotonic ? .counter : .gauge
      let name = OTLPMetricNaming.metricName(metric.name, unit: metric.unit, kind: kind)
      translateNumbers(sum.dataPoints, name: name, context: context, isDelta: isDelta, path: path, state: &state)
    case .histogram(let histogram):
      translateHistogram(histogram, metric: metric, context: context, path: path, state: &state)
    case .exponentialHistogram(let histogram):
      translateExponentialHistogram(histogram, metric: metric, context: context, path: path, state: &state)
    case .summary(let summary):
      translateSummary(summary, metric: metric, context: context, path: path, state: &state)
    case nil:
      break  // A metric with no data carries no points; nothing to reject.
    }
  }

  /// nil for UNSPECIFIED (or unknown values), which the data model forbids.
  func isDelta(_ temporality: Opentelemetry_Proto_Metrics_V1_AggregationTemporality) -> Bool? {
    switch temporality {
    case .delta: true
    case .cumulative: false
    default: nil
    }
  }

  private func translateNumbers(
    _ points: [OTLPNumberDataPoint], name: String, context: [Label], isDelta: Bool, path: MetricPath, state: inout State
  ) {
    for (pointIndex, point) in points.enumerated() {
      guard let base = state.pointLabels(point.attributes, context: context, path: path, point: pointIndex) else { continue }
      guard let timestampMs = state.timestampMs(point.timeUnixNano, path: path, point: pointIndex) else { continue }
      var value: Double
      switch point.value {
      case .asDouble(let double): value = double
      case .asInt(let int): value = Double(int)
      case nil:
        if point.flags & Self.noRecordedValueFlag == 0 {
          state.reject(points: 1, reason: "missing_value", "\(path).data_points[\(pointIndex)]: data point has neither as_double nor as_int")
          continue
        }
        value = .nan
      }
      if point.flags & Self.noRecordedValueFlag != 0 || value.isNaN { value = .staleMarker }
      state.append(base, name: name, timestampMs: timestampMs, value: value, isDelta: isDelta)
    }
  }
}

extension OTLPMetric {
  var pointCount: Int {
    switch data {
    case .gauge(let gauge): gauge.dataPoints.count
    case .sum(let sum): sum.dataPoints.count
    case .histogram(let histogram): histogram.dataPoints.count
    case .exponentialHistogram(let histogram): histogram.dataPoints.count
    case .summary(let summary): summary.dataPoints.count
    case nil: 0
    }
  }
}

/// Where a metric is in the request, for problem messages; the string is built only when needed.
struct MetricPath: CustomStringConvertible {
  var resource: Int
  var scope: Int
  var metric: Int
  var name: String

  var description: String {
    "resource_metrics[\(resource)].scope_metrics[\(scope)].metrics[\(metric)] (\(name))"
  }
}
