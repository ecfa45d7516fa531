// The text `warden query` prints: a vector as aligned SERIES / VALUE / TIME columns, a matrix
// as one block per series with its points, scalars and strings on one line. Times are UTC
// RFC 3339 with milliseconds.
import Foundation

enum QueryTable {
  static func render(resultType: String, result: Any?) -> String {
    switch resultType {
    case "vector":
      let samples = result as? [[String: Any]] ?? []
      if samples.isEmpty { return "(empty vector)\n" }
      var rows = [["SERIES", "VALUE", "TIME"]]
      for sample in samples {
        let point = sample["value"] as? [Any] ?? []
        rows.append([series(sample["metric"]), value(point), time(point)])
      }
      return table(rows)
    case "matrix":
      let all = result as? [[String: Any]] ?? []
      if all.isEmpty { return "(empty matrix)\n" }
      var out = ""
      for entry in all {
        out += series(entry["metric"]) + "\n"
        let points = entry["values"] as? [[Any]] ?? []
        out += table(points.map { ["  " + time($0), value($0)] })
      }
      return out
    case "scalar", "string":
      let point = result as? [Any] ?? []
      return "\(resultType) \(value(point)) @ \(time(point))\n"
    default:
      return "unknown result type \"\(resultType)\"\n"
    }
  }

  /// `{__name__="up", job="node"}` with the metric name in front, as Prometheus prints series.
  static func series(_ metric: Any?) -> String {
    var labels = metric as? [String: String] ?? [:]
    let name = labels.removeValue(forKey: "__name__") ?? ""
    let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }
    if pairs.isEmpty { return name.isEmpty ? "{}" : name }
    return name + "{" + pairs.joined(separator: ", ") + "}"
  }

  private static func escape(_ value: String) -> String {
    value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "\n", with: "\\n")
  }

  private static func value(_ point: [Any]) -> String {
    point.count > 1 ? "\(point[1])" : ""
  }

  private static func time(_ point: [Any]) -> String {
    guard let seconds = (point.first as? NSNumber)?.doubleValue else { return "" }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
  }

  /// Left-aligned columns, two spaces apart.
  static func table(_ rows: [[String]]) -> String {
    guard let columns = rows.map(\.count).max() else { return "" }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var out = ""
    for row in rows {
      var line = ""
      for (index, cell) in row.enumerated() {
        line += index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
      }
      out += line + "\n"
    }
    return out
  }
}
