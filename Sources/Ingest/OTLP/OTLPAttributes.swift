// OTLP attributes to Prometheus labels: keys through `OTLPMetricNaming.labelName`, values to text
// (strings as they are, numbers and booleans printed, arrays and maps as JSON, bytes as base64),
// and keys that collide after sanitizing ("a.b" and "a_b") joined into one label whose values are
// separated by ";" in the order of the original keys, as the compatibility spec says.
import Foundation
package import WardenCore
package import WireFormats

package typealias OTLPKeyValue = Opentelemetry_Proto_Common_V1_KeyValue
package typealias OTLPAnyValue = Opentelemetry_Proto_Common_V1_AnyValue

/// Attribute conversion. Stateless and thread-safe.
package enum OTLPAttributes {
  /// Appends the labels for `attributes` to `labels`.
  /// - Returns: a problem description when a value is over `maxLabelValueBytes` (nothing is
  ///   appended then), else nil.
  package static func appendLabels(
    _ attributes: [OTLPKeyValue], to labels: inout [Label], maxLabelValueBytes: Int
  ) -> String? {
    guard !attributes.isEmpty else { return nil }
    var converted: [(name: String, key: String, value: String)] = []
    converted.reserveCapacity(attributes.count)
    for attribute in attributes {
      let value = text(attribute.value)
      if value.utf8.count > maxLabelValueBytes {
        return "attribute \"\(attribute.key)\" has a value of \(value.utf8.count) bytes, more than the limit of \(maxLabelValueBytes)"
      }
      converted.append((OTLPMetricNaming.labelName(attribute.key), attribute.key, value))
    }
    converted.sort { ($0.name, $0.key) < ($1.name, $1.key) }
    var index = 0
    while index < converted.count {
      var end = index + 1
      while end < converted.count, converted[end].name == converted[index].name { end += 1 }
      if end == index + 1 {
        labels.append(Label(converted[index].name, converted[index].value))
      } else {
        let values = converted[index..<end].map(\.value).filter { !$0.isEmpty }
        labels.append(Label(converted[index].name, values.joined(separator: ";")))
      }
      index = end
    }
    return nil
  }

  /// The text form of an attribute value.
  package static func text(_ value: OTLPAnyValue) -> String {
    switch value.value {
    case .stringValue(let string): string
    case .boolValue(let bool): bool ? "true" : "false"
    case .intValue(let int): String(int)
    case .doubleValue(let double): String(double)
    case .bytesValue(let bytes): bytes.base64EncodedString()
    case .arrayValue, .kvlistValue:
      json(value)
    case .stringValueStrindex(let index): String(index)  // Only profiles use string tables.
    case nil: ""
    }
  }

  /// Arrays and maps as compact JSON, the form the compatibility spec asks for.
  private static func json(_ value: OTLPAnyValue) -> String {
    var out = ""
    appendJSON(value, to: &out)
    return out
  }

  private static func appendJSON(_ value: OTLPAnyValue, to out: inout String) {
    switch value.value {
    case .stringValue(let string): appendJSONString(string, to: &out)
    case .boolValue(let bool): out += bool ? "true" : "false"
    case .intValue(let int): out += String(int)
    case .doubleValue(let double): out += double.isFinite ? String(double) : "\"\(double)\""
    case .bytesValue(let bytes): appendJSONString(bytes.base64EncodedString(), to: &out)
    case .arrayValue(let array):
      out += "["
      for (index, element) in array.values.enumerated() {
        if index > 0 { out += "," }
        appendJSON(element, to: &out)
      }
      out += "]"
    case .kvlistValue(let list):
      out += "{"
      for (index, pair) in list.values.enumerated() {
        if index > 0 { out += "," }
        appendJSONString(pair.key, to: &out)
        out += ":"
        appendJSON(pair.value, to: &out)
      }
      out += "}"
    case .stringValueStrindex(let index): out += String(index)
    case nil: out += "null"
    }
  }

  private static func appendJSONString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
