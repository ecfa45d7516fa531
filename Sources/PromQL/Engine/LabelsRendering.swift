// Label sets as Prometheus writes them inside error messages (Go's `labels.Labels.String()`):
// every label, `__name__` included, as `{name="value", ...}`.
import WardenCore

extension Labels {
  var errorDescription: String {
    var text = "{"
    for (index, label) in pairs.enumerated() {
      if index > 0 { text += ", " }
      text += label.name
      text += "=\""
      for character in label.value {
        switch character {
        case "\\": text += "\\\\"
        case "\"": text += "\\\""
        case "\n": text += "\\n"
        default: text.append(character)
        }
      }
      text += "\""
    }
    return text + "}"
  }

  /// Only the named labels (an `on(...)` signature, or `by (...)` grouping).
  func keeping(_ names: [String]) -> Labels {
    Labels(sortedPairs: pairs.filter { names.contains($0.name) })
  }

  /// All labels but the named ones and the metric name (an `ignoring(...)` signature, or
  /// `without (...)` grouping).
  func dropping(_ names: [String]) -> Labels {
    Labels(sortedPairs: pairs.filter { $0.name != Labels.metricName && !names.contains($0.name) })
  }

  /// The labels once the metric name is dropped. The type and unit labels (`__type__`,
  /// `__unit__`, which Prometheus's type-and-unit feature stores beside the name) describe the
  /// named metric and go with it.
  var withoutMetricName: Labels {
    Labels(sortedPairs: pairs.filter { $0.name != Labels.metricName && $0.name != "__type__" && $0.name != "__unit__" })
  }
}
