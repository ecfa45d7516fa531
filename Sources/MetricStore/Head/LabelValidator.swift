// Checks a series' labels before it is created: a valid metric name, valid label names, and the
// configured limits on count and length.
import WardenCore

struct LabelValidator: Sendable {
  let options: StoreOptions

  func isValid(_ labels: Labels) -> Bool {
    guard labels.count <= options.maxLabelsPerSeries, MetricName.isValid(labels.metricName) else { return false }
    for label in labels.pairs {
      guard label.name.utf8.count <= options.maxLabelNameBytes, label.value.utf8.count <= options.maxLabelValueBytes,
        label.name == Labels.metricName || LabelName.isValid(label.name)
      else { return false }
    }
    return true
  }
}
