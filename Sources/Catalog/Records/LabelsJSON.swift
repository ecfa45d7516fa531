// Label sets stored as JSON object text (`{"alertname":"X","job":"y"}`, keys sorted) in the
// alerting tables: readable with sqlite3, and stable so equal sets store equal text.
import Foundation
import WardenCore

enum LabelsJSON {
  static func encode(_ labels: Labels) -> String {
    var text = "{"
    for (index, label) in labels.pairs.enumerated() {
      if index > 0 { text += "," }
      text += JSONString.quoted(label.name) + ":" + JSONString.quoted(label.value)
    }
    return text + "}"
  }

  /// The labels in `text`; an empty set for text that is not a JSON object of strings (which only
  /// a hand-edited database holds).
  static func decode(_ text: String) -> Labels {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String] else { return Labels() }
    return Labels(object)
  }

  static func encode(_ fingerprints: [AlertFingerprint]) -> String {
    "[" + fingerprints.map { "\"\($0)\"" }.joined(separator: ",") + "]"
  }

  static func decodeFingerprints(_ text: String) -> [AlertFingerprint] {
    guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else { return [] }
    return array.compactMap { AlertFingerprint(hex: $0) }
  }
}
