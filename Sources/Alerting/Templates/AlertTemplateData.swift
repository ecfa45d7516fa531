// The data alert templates see: `.Labels`, `.ExternalLabels`, `.ExternalURL` and `.Value` (which
// the variable prefix turns into `$labels`, `$externalLabels`, `$externalURL`, `$value`), and
// the sample objects `query` returns (`.Labels`, `.Value`).
package import GoTemplate
package import WardenCore

package enum AlertTemplateData {
  /// Dot for one alert's templates.
  package static func alert(labels: Labels, externalLabels: TemplateData, externalURL: String, value: Double) -> TemplateData {
    .object(
      TemplateObject(
        typeName: "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }",
        fields: [
          "Labels": labelMap(labels), "ExternalLabels": externalLabels, "ExternalURL": .string(externalURL), "Value": .float(value),
        ]))
  }

  /// A label set as a map of strings.
  package static func labelMap(_ labels: Labels) -> TemplateData {
    var entries: [String: TemplateData] = [:]
    entries.reserveCapacity(labels.count)
    for label in labels.pairs { entries[label.name] = .string(label.value) }
    return .map(entries)
  }

  /// One element of `query`'s result.
  package static func sample(labels: Labels, value: Double) -> TemplateData {
    .object(TemplateObject(typeName: "*template.sample", fields: ["Labels": labelMap(labels), "Value": .float(value)]))
  }
}
