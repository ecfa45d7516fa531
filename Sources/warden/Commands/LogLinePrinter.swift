// How `warden logs query` and `warden logs tail` print log entries: one line each, a UTC
// timestamp, the stream's labels padded to a common width, then the line; colors (labels by
// stream, the timestamp dimmed, error-ish levels highlighted) only on a terminal and never when
// NO_COLOR is set.
import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// One entry as the Loki API returns it: the stream's labels and one `[ns, line]` value.
struct PrintedLogEntry {
  var labels: [String: String]
  var timestampNs: Int64
  var line: String
}

struct LogLinePrinter {
  enum Mode: String, CaseIterable {
    /// Time, labels and line.
    case `default`
    /// The line only.
    case raw
    /// One JSON object per entry: {"timestamp", "labels", "line"}.
    case jsonl
  }

  let mode: Mode
  let colored: Bool
  /// The label column's width so far; grows as wider label sets appear (tail cannot know ahead).
  private var labelWidth = 0
  private var colorByLabels: [String: String] = [:]

  private static let palette = ["\u{1B}[36m", "\u{1B}[32m", "\u{1B}[35m", "\u{1B}[34m", "\u{1B}[33m", "\u{1B}[96m", "\u{1B}[92m", "\u{1B}[95m"]
  private static let dim = "\u{1B}[2m"
  private static let red = "\u{1B}[31m"
  private static let reset = "\u{1B}[0m"

  init(mode: Mode, colorChoice: Bool?) {
    self.mode = mode
    let terminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    colored = colorChoice ?? terminal
  }

  /// The text for `entries` (in the order given), each ending in a newline.
  mutating func render(_ entries: [PrintedLogEntry]) -> String {
    var out = ""
    if mode == .default {
      labelWidth = max(labelWidth, entries.map { Self.labelText($0.labels).count }.max() ?? 0)
    }
    for entry in entries {
      switch mode {
      case .raw:
        out += entry.line + "\n"
      case .jsonl:
        out += Self.jsonLine(entry) + "\n"
      case .default:
        let labels = Self.labelText(entry.labels)
        let padding = String(repeating: " ", count: max(0, labelWidth - labels.count))
        let time = Self.timestamp(entry.timestampNs)
        if colored {
          let color = streamColor(labels)
          let line = Self.looksLikeError(entry.line) ? Self.red + entry.line + Self.reset : entry.line
          out += "\(Self.dim)\(time)\(Self.reset) \(color)\(labels)\(Self.reset)\(padding) \(line)\n"
        } else {
          out += "\(time) \(labels)\(padding) \(entry.line)\n"
        }
      }
    }
    return out
  }

  private mutating func streamColor(_ labels: String) -> String {
    if let color = colorByLabels[labels] { return color }
    let color = Self.palette[colorByLabels.count % Self.palette.count]
    colorByLabels[labels] = color
    return color
  }

  static func labelText(_ labels: [String: String]) -> String {
    "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ") + "}"
  }

  /// RFC 3339 in UTC with nanoseconds, as logcli prints.
  static func timestamp(_ nanoseconds: Int64) -> String {
    let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000
    let fraction = nanoseconds - seconds * 1_000_000_000
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), fraction)
  }

  private static func looksLikeError(_ line: String) -> Bool {
    let lowered = line.prefix(200).lowercased()
    return lowered.contains("error") || lowered.contains("level=err") || lowered.contains("fatal") || lowered.contains("panic")
  }

  private static func jsonLine(_ entry: PrintedLogEntry) -> String {
    let object: [String: Any] = ["timestamp": timestamp(entry.timestampNs), "labels": entry.labels, "line": entry.line]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self)
  }

  /// The entries of a Loki `streams` result (`[{"stream": {...}, "values": [["ns", "line"], ...]}]`).
  static func entries(fromStreams result: Any?) -> [PrintedLogEntry] {
    var entries: [PrintedLogEntry] = []
    for stream in result as? [[String: Any]] ?? [] {
      let labels = stream["stream"] as? [String: String] ?? [:]
      for value in stream["values"] as? [[Any]] ?? [] {
        guard value.count >= 2, let ns = (value[0] as? String).flatMap({ Int64($0) }), let line = value[1] as? String else {
          continue
        }
        entries.append(PrintedLogEntry(labels: labels, timestampNs: ns, line: line))
      }
    }
    return entries
  }
}
