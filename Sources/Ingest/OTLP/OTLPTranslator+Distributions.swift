// Histograms, exponential histograms and summaries as classic Prometheus series:
// - histogram: `_bucket{le}` with cumulative counts (the `+Inf` bucket is the point's count),
//   `_sum` (only when the point has one) and `_count`;
// - exponential histogram: the same classic series, with one `le` per exponential bucket boundary
//   (negative buckets, the zero bucket at `zero_threshold`, positive buckets); points whose
//   boundaries overflow a Double or that have too many buckets are rejected with a reason;
// - summary: `{quantile}` series, `_sum`, `_count`. NaN quantiles stay NaN (a summary with no
//   observations in its window reports them), only the no-recorded-value flag makes them stale.
import Foundation
import WardenCore
import WireFormats

extension OTLPTranslator {
  func translateHistogram(
    _ histogram: Opentelemetry_Proto_Metrics_V1_Histogram, metric: OTLPMetric, context: [Label], path: MetricPath,
    state: inout State
  ) {
    guard let isDelta = isDelta(histogram.aggregationTemporality) else {
      state.reject(points: histogram.dataPoints.count, reason: "invalid_temporality", "\(path): histogram has no aggregation_temporality")
      return
    }
    let name = OTLPMetricNaming.metricName(metric.name, unit: metric.unit, kind: .distribution)
    for (pointIndex, point) in histogram.dataPoints.enumerated() {
      let counts = point.bucketCounts
      let bounds = point.explicitBounds
      let location = "\(path).data_points[\(pointIndex)]"
      if !counts.isEmpty, counts.count != bounds.count + 1 {
        state.reject(
          points: 1, reason: "invalid_histogram",
          "\(location): histogram bucket_counts has \(counts.count) entries, explicit_bounds \(bounds.count) (want bounds + 1)")
        continue
      }
      if bounds.count > limits.maxBucketsPerHistogram {
        state.reject(
          points: 1, reason: "too_many_buckets", "\(location): histogram has \(bounds.count) buckets, more than the limit of \(limits.maxBucketsPerHistogram)")
        continue
      }
      if let bad = zip(bounds, bounds.dropFirst()).first(where: { !($0 < $1) }) ?? bounds.first(where: { !$0.isFinite }).map({ ($0, $0) }) {
        state.reject(
          points: 1, reason: "invalid_histogram",
          "\(location): histogram explicit_bounds must be finite and strictly increasing (found \(bad.0) then \(bad.1))")
        continue
      }
      guard let base = state.pointLabels(point.attributes, context: context, path: path, point: pointIndex),
        let timestampMs = state.timestampMs(point.timeUnixNano, path: path, point: pointIndex)
      else { continue }
      let isStale = point.flags & Self.noRecordedValueFlag != 0
      let id = state.beginPoint()
      var cumulative = 0.0
      if !counts.isEmpty {
        for (bucket, bound) in bounds.enumerated() {
          cumulative += Double(counts[bucket])
          state.append(
            base, name: name + "_bucket", extra: Label("le", Self.formatFloat(bound)), timestampMs: timestampMs,
            value: isStale ? .staleMarker : cumulative, isDelta: isDelta, point: id)
        }
      }
      appendTotals(
        base, name: name, infinityCount: Double(point.count), sum: point.hasSum ? point.sum : nil, count: Double(point.count),
        timestampMs: timestampMs, isStale: isStale, isDelta: isDelta, point: id, state: &state)
    }
  }

  func translateExponentialHistogram(
    _ histogram: Opentelemetry_Proto_Metrics_V1_ExponentialHistogram, metric: OTLPMetric, context: [Label],
    path: MetricPath, state: inout State
  ) {
    guard let isDelta = isDelta(histogram.aggregationTemporality) else {
      state.reject(
        points: histogram.dataPoints.count, reason: "invalid_temporality", "\(path): exponential histogram has no aggregation_temporality")
      return
    }
    let name = OTLPMetricNaming.metricName(metric.name, unit: metric.unit, kind: .distribution)
    for (pointIndex, point) in histogram.dataPoints.enumerated() {
      let location = "\(path).data_points[\(pointIndex)]"
      let buckets: [(le: Double, count: UInt64)]
      switch Self.classicBuckets(point, maxBuckets: limits.maxBucketsPerHistogram) {
      case .success(let converted): buckets = converted
      case .failure(let problem):
        state.reject(points: 1, reason: problem.reason, "\(location): \(problem.message)")
        continue
      }
      guard let base = state.pointLabels(point.attributes, context: context, path: path, point: pointIndex),
        let timestampMs = state.timestampMs(point.timeUnixNano, path: path, point: pointIndex)
      else { continue }
      let isStale = point.flags & Self.noRecordedValueFlag != 0
      let id = state.beginPoint()
      var cumulative = 0.0
      for bucket in buckets {
        cumulative += Double(bucket.count)
        state.append(
          base, name: name + "_bucket", extra: Label("le", Self.formatFloat(bucket.le)), timestampMs: timestampMs,
          value: isStale ? .staleMarker : cumulative, isDelta: isDelta, point: id)
      }
      appendTotals(
        base, name: name, infinityCount: Double(point.count), sum: point.hasSum ? point.sum : nil, count: Double(point.count),
        timestampMs: timestampMs, isStale: isStale, isDelta: isDelta, point: id, state: &state)
    }
  }

  /// The upper bounds (ascending) and counts of an exponential histogram's buckets. Bucket `i` of
  /// scale `s` covers (base^i, base^(i+1)] with base = 2^(2^-s); negative bucket `i` mirrors it.
  static func classicBuckets(
    _ point: Opentelemetry_Proto_Metrics_V1_ExponentialHistogramDataPoint, maxBuckets: Int
  ) -> Result<[(le: Double, count: UInt64)], OTLPPointProblem> {
    guard (-10...20).contains(point.scale) else {
      return .failure(.init(reason: "invalid_histogram", message: "exponential histogram scale \(point.scale) is outside -10...20"))
    }
    let negative = point.negative.bucketCounts
    let positive = point.positive.bucketCounts
    let total = negative.count + positive.count + 1
    guard total <= maxBuckets else {
      return .failure(
        .init(reason: "too_many_buckets", message: "exponential histogram has \(total) buckets, more than the limit of \(maxBuckets)"))
    }
    let step = Double(sign: .plus, exponent: -Int(point.scale), significand: 1)  // 2^-scale
    func boundary(_ index: Int64) -> Double { exp2(Double(index) * step) }
    var buckets: [(le: Double, count: UInt64)] = []
    buckets.reserveCapacity(total)
    // Most negative first: the highest negative index has the smallest upper bound, -base^index.
    for offset in stride(from: negative.count - 1, through: 0, by: -1) {
      buckets.append((-boundary(Int64(point.negative.offset) + Int64(offset)), negative[offset]))
    }
    buckets.append((point.zeroThreshold, point.zeroCount))
    for offset in positive.indices {
      buckets.append((boundary(Int64(point.positive.offset) + Int64(offset) + 1), positive[offset]))
    }
    guard buckets.allSatisfy({ $0.le.isFinite }) else {
      return .failure(
        .init(reason: "unconvertible_exponential_histogram", message: "exponential histogram bucket boundaries do not fit a float64 at scale \(point.scale)"))
    }
    guard zip(buckets, buckets.dropFirst()).allSatisfy({ $0.le < $1.le }) else {
      return .failure(
        .init(reason: "unconvertible_exponential_histogram", message: "exponential histogram buckets overlap its zero bucket (zero_threshold \(point.zeroThreshold))"))
    }
    return .success(buckets)
  }

  func translateSummary(
    _ summary: Opentelemetry_Proto_Metrics_V1_Summary, metric: OTLPMetric, context: [Label], path: MetricPath,
    state: inout State
  ) {
    let name = OTLPMetricNaming.metricName(metric.name, unit: metric.unit, kind: .distribution)
    for (pointIndex, point) in summary.dataPoints.enumerated() {
      if point.quantileValues.count > limits.maxBucketsPerHistogram {
        state.reject(
          points: 1, reason: "too_many_buckets",
          "\(path).data_points[\(pointIndex)]: summary has \(point.quantileValues.count) quantiles, more than the limit of \(limits.maxBucketsPerHistogram)")
        continue
      }
      guard let base = state.pointLabels(point.attributes, context: context, path: path, point: pointIndex),
        let timestampMs = state.timestampMs(point.timeUnixNano, path: path, point: pointIndex)
      else { continue }
      let isStale = point.flags & Self.noRecordedValueFlag != 0
      for quantile in point.quantileValues {
        state.append(
          base, name: name, extra: Label("quantile", Self.formatFloat(quantile.quantile)), timestampMs: timestampMs,
          value: isStale ? .staleMarker : quantile.value, isDelta: false)
      }
      state.append(base, name: name + "_sum", timestampMs: timestampMs, value: isStale ? .staleMarker : point.sum, isDelta: false)
      state.append(
        base, name: name + "_count", timestampMs: timestampMs, value: isStale ? .staleMarker : Double(point.count), isDelta: false)
    }
  }

  /// The `+Inf` bucket, `_sum` and `_count` every histogram has.
  private func appendTotals(
    _ base: [Label], name: String, infinityCount: Double, sum: Double?, count: Double, timestampMs: Int64,
    isStale: Bool, isDelta: Bool, point: Int, state: inout State
  ) {
    state.append(
      base, name: name + "_bucket", extra: Label("le", "+Inf"), timestampMs: timestampMs,
      value: isStale ? .staleMarker : infinityCount, isDelta: isDelta, point: point)
    if let sum {
      state.append(base, name: name + "_sum", timestampMs: timestampMs, value: isStale ? .staleMarker : sum, isDelta: isDelta, point: point)
    }
    state.append(base, name: name + "_count", timestampMs: timestampMs, value: isStale ? .staleMarker : count, isDelta: isDelta, point: point)
  }

  /// Bounds and quantiles as Prometheus clients print them: integers without ".0" ("1", "+Inf",
  /// "0.005", "1e-05").
  package static func formatFloat(_ value: Double) -> String {
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value.isNaN { return "NaN" }
    if value == value.rounded(.towardZero), abs(value) < 1e15 { return String(Int64(value)) }
    return value.description
  }
}
