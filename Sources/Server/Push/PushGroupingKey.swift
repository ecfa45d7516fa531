// The grouping key of a Pushgateway-style push, read from the URL path as the Pushgateway reads
// it: `/metrics/job/<job>{/<label>/<value>}`, where `<name>@base64/<value>` carries a value in
// URL-safe base64 (padding optional, `=` alone for the empty value) so values may contain `/`.
import Foundation
import WardenCore

enum PushGroupingKey {
  /// The grouping labels of `path` (everything after `/metrics/`), `job` first.
  /// - Throws: `ReceiverError` 400 naming what is wrong with the path.
  static func parse(_ path: Substring) throws -> Labels {
    let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard components.count >= 2, components[0] == "job" || components[0] == "job@base64" else {
      throw ReceiverError.badRequest("the path must start with /metrics/job/<job>")
    }
    guard components.count % 2 == 0 else {
      throw ReceiverError.badRequest("odd number of components in label string \"/\(components.joined(separator: "/"))\"")
    }
    var labels: [Label] = []
    var names: Set<String> = []
    for index in stride(from: 0, to: components.count, by: 2) {
      var name = components[index]
      var value = components[index + 1].removingPercentEncoding ?? components[index + 1]
      if name.hasSuffix("@base64") {
        name.removeLast("@base64".count)
        value = try decodeBase64(value, label: name)
      }
      guard LabelName.isValid(name), !name.hasPrefix("__") else {
        throw ReceiverError.badRequest("improper label name \"\(name)\"")
      }
      guard names.insert(name).inserted else { throw ReceiverError.badRequest("duplicate label name \"\(name)\" in the grouping key") }
      labels.append(Label(name, value))
    }
    guard !labels[0].value.isEmpty else { throw ReceiverError.badRequest("the job name must not be empty") }
    return Labels(labels)
  }

  private static func decodeBase64(_ text: String, label: String) throws -> String {
    if text == "=" { return "" }
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard.append("=") }
    guard let data = Data(base64Encoded: standard), let value = String(data: data, encoding: .utf8) else {
      throw ReceiverError.badRequest("invalid base64 encoding in the value of label \"\(label)\"")
    }
    return value
  }
}
