// Labels set over a result's labels in one sorted merge (no intermediate label sets): a
// recording rule's `__name__` and labels, an alert's labels and `alertname`, the ALERTS series'
// `__name__` and `alertstate`, external labels added to sent alerts.
package import WardenCore

package struct LabelOverlay: Sendable {
  /// Sorted by name, unique; an empty value removes the label.
  package let pairs: [Label]
  /// Drop the base's `__name__` (alerts do not carry the metric name).
  package let removesMetricName: Bool
  /// Only add labels the base lacks, never replace (external labels on sent alerts).
  package let addsOnlyAbsent: Bool

  /// `labels` in any order (later duplicates win); empty values remove.
  package init(_ labels: [Label], removingMetricName: Bool = false, addingOnlyAbsent: Bool = false) {
    var unique: [Label] = []
    for label in labels.enumerated().sorted(by: { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }).map(\.element) {
      if let last = unique.last, last.name == label.name {
        unique[unique.count - 1] = label
      } else {
        unique.append(label)
      }
    }
    pairs = unique
    removesMetricName = removingMetricName
    addsOnlyAbsent = addingOnlyAbsent
  }

  package var isEmpty: Bool { pairs.isEmpty && !removesMetricName }

  /// `base` with the overlay applied.
  package func apply(to base: Labels) -> Labels {
    if isEmpty { return base }
    let basePairs = base.pairs
    var out: [Label] = []
    out.reserveCapacity(basePairs.count + pairs.count)
    var i = 0
    var j = 0
    while i < basePairs.count || j < pairs.count {
      if j == pairs.count || (i < basePairs.count && basePairs[i].name < pairs[j].name) {
        if !(removesMetricName && basePairs[i].name == Labels.metricName) { out.append(basePairs[i]) }
        i += 1
      } else if i == basePairs.count || pairs[j].name < basePairs[i].name {
        if !pairs[j].value.isEmpty { out.append(pairs[j]) }
        j += 1
      } else {
        // Same name: the overlay wins unless it only fills gaps.
        let chosen = addsOnlyAbsent ? basePairs[i] : pairs[j]
        if !chosen.value.isEmpty && !(removesMetricName && chosen.name == Labels.metricName) { out.append(chosen) }
        i += 1
        j += 1
      }
    }
    return Labels(sortedPairs: out)
  }
}
