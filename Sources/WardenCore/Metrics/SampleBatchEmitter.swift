// A `MetricEmitter` that collects samples into a `SampleBatch` for a store, adding target labels
// (`job`, `instance`) the way a scrape does, with one timestamp for the whole collection.

package struct SampleBatchEmitter: MetricEmitter {
  package private(set) var batch = SampleBatch()
  private let targetLabels: [Label]
  private let timestampMs: Int64

  /// - Parameters:
  ///   - targetLabels: added to every sample (a sample's own label of the same name wins, as
  ///     with Prometheus's `honor_labels: true` for a collector we trust).
  ///   - timestampMs: the time of this collection.
  package init(targetLabels: [Label], timestampMs: Int64) {
    self.targetLabels = targetLabels
    self.timestampMs = timestampMs
  }

  package mutating func family(_ name: String, type: MetricType, help: String) {}

  package mutating func sample<L: Collection<Label>>(_ name: String, labels: L, value: Double) {
    var pairs: [Label] = []
    pairs.reserveCapacity(labels.count + targetLabels.count + 1)
    pairs.append(contentsOf: targetLabels)
    pairs.append(contentsOf: labels)
    pairs.append(Label(Labels.metricName, name))
    batch.append(Labels(pairs), timestampMs: timestampMs, value: value)
  }
}
