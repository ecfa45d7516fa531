// The running state of one translation: the batch being built (each series added once), the rows
// that hold deltas for the accumulator, and the bookkeeping for rejected points.
import WardenCore
import WireFormats

extension OTLPTranslator {
  struct State {
    let limits: OTLPLimits
    var result = OTLPTranslation()
    /// Each label set's index in `result.batch.series`, so a series with many points is added once.
    private var seriesIndex: [Labels: Int32] = [:]
    /// Rows whose values are deltas, and the data point each belongs to (a histogram point has many
    /// rows; a point counts as rejected once however many of its rows are dropped).
    private(set) var deltaRows: [Int] = []
    private var deltaRowPoints: [Int: Int] = [:]
    private var nextPointID = 0

    init(limits: OTLPLimits) {
      self.limits = limits
    }

    /// Counts rejected points; `message` is only built on this (rare) path, so it is a plain String.
    mutating func reject(points: Int, reason: String, _ message: String) {
      result.reject(points: points, reason: reason, message: message, maxReported: limits.maxReportedProblems)
    }

    /// A data point's labels (attributes, then the resource's and scope's, which win), or nil after
    /// rejecting the point when it breaks a limit.
    mutating func pointLabels(
      _ attributes: [OTLPKeyValue], context: [Label], path: MetricPath, point: Int
    ) -> [Label]? {
      guard attributes.count <= limits.maxAttributesPerPoint else {
        reject(
          points: 1, reason: "too_many_attributes",
          "\(path).data_points[\(point)]: \(attributes.count) attributes, more than the limit of \(limits.maxAttributesPerPoint)")
        return nil
      }
      var labels: [Label] = []
      labels.reserveCapacity(attributes.count + context.count + 2)
      if let problem = OTLPAttributes.appendLabels(attributes, to: &labels, maxLabelValueBytes: limits.maxLabelValueBytes) {
        reject(points: 1, reason: "label_value_too_long", "\(path).data_points[\(point)]: \(problem)")
        return nil
      }
      labels.append(contentsOf: context)
      return labels
    }

    /// `time_unix_nano` in milliseconds, or nil after rejecting a point without a time.
    mutating func timestampMs(_ timeUnixNano: UInt64, path: MetricPath, point: Int) -> Int64? {
      guard timeUnixNano > 0 else {
        reject(points: 1, reason: "missing_timestamp", "\(path).data_points[\(point)]: time_unix_nano is 0")
        return nil
      }
      return Int64(timeUnixNano / 1_000_000)
    }

    /// Starts a data point whose rows may be deltas; pass the result to `append(..., point:)`.
    mutating func beginPoint() -> Int {
      nextPointID += 1
      return nextPointID
    }

    /// Adds one sample: `base` labels plus `extra` (le, quantile) plus the metric name.
    mutating func append(
      _ base: [Label], name: String, extra: Label? = nil, timestampMs: Int64, value: Double, isDelta: Bool, point: Int = 0
    ) {
      var pairs = base
      if let extra { pairs.append(extra) }
      pairs.append(Label(Labels.metricName, name))
      let labels = Labels(pairs)
      let index: Int32
      if let known = seriesIndex[labels] {
        index = known
      } else {
        index = result.batch.addSeries(labels)
        seriesIndex[labels] = index
      }
      if isDelta {
        deltaRows.append(result.batch.samples.count)
        deltaRowPoints[result.batch.samples.count] = point == 0 ? beginPoint() : point
      }
      result.batch.append(seriesIndex: index, timestampMs: timestampMs, value: value)
    }

    /// Removes rows the accumulator could not use and counts their data points as rejected.
    mutating func dropRows(_ dropped: [(row: Int, reason: String)]) {
      var rows = Set<Int>()
      var seenPoints = Set<Int>()
      for (row, reason) in dropped {
        rows.insert(row)
        let point = deltaRowPoints[row] ?? -row
        guard seenPoints.insert(point).inserted else { continue }
        let message =
          reason == "delta_series_limit"
          ? "delta series \(result.batch.series[Int(result.batch.samples[row].seriesIndex)].metricName) not stored: the receiver already tracks as many delta series as it may"
          : "delta point for \(result.batch.series[Int(result.batch.samples[row].seriesIndex)].metricName) not newer than the last one; dropped so it is not counted twice"
        reject(points: 1, reason: reason, message)
      }
      var kept: [SampleRow] = []
      kept.reserveCapacity(result.batch.samples.count - rows.count)
      for (row, sample) in result.batch.samples.enumerated() where !rows.contains(row) {
        kept.append(sample)
      }
      result.batch.samples = kept
    }
  }
}
