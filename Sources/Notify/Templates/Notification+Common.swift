// What a notification's alerts share: the labels and annotations equal in all of them
// (Alertmanager's CommonLabels / CommonAnnotations), and the silence link for a label set.
// Used by the template data and by the webhook payload alike.
import Foundation
package import WardenCore

extension Notification {
  /// Labels with the same value in every alert.
  package var commonLabels: Labels { Self.common(alerts.map(\.labels)) }

  /// Annotations with the same value in every alert.
  package var commonAnnotations: Labels { Self.common(alerts.map(\.annotations)) }

  static func common(_ sets: [Labels]) -> Labels {
    guard var shared = sets.first?.pairs else { return Labels() }
    for set in sets.dropFirst() {
      shared.removeAll { set[$0.name] != $0.value }
      if shared.isEmpty { break }
    }
    return Labels(sortedPairs: shared)
  }

  /// The UI's "new silence" page with matchers for `labels` filled in:
  /// `EXTERNAL_URL/#/silences/new?filter={alertname="X",instance="Y"}` (percent-encoded).
  package static func silenceURL(externalURL: String, labels: Labels) -> String {
    let matchers = labels.pairs.map { label in
      let escaped = label.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n")
      return "\(label.name)=\"\(escaped)\""
    }
    let filter = "{" + matchers.joined(separator: ",") + "}"
    let base = externalURL.hasSuffix("/") ? String(externalURL.dropLast()) : externalURL
    return base + "/#/silences/new?filter=" + percentEncoded(filter)
  }

  /// RFC 3986 percent-encoding of everything but unreserved characters.
  static func percentEncoded(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        out += String(format: "%%%02X", byte)
      }
    }
    return out
  }
}
