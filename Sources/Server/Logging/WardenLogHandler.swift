// The swift-log handler Warden installs: one line per event on standard error, logfmt or JSON,
// with an RFC 3339 UTC timestamp. Lines are written with a single write(2) so concurrent events
// never interleave.
import Foundation
#if canImport(Glibc)
  import Glibc
#endif
package import Logging

package struct WardenLogHandler: LogHandler {
  package var logLevel: Logger.Level
  package var metadata: Logger.Metadata = [:]
  private let label: String
  private let renderer: LogLineRenderer

  package init(label: String, level: Logger.Level, format: LogFormat) {
    self.label = label
    self.logLevel = level
    self.renderer = LogLineRenderer(format: format)
  }

  package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  package func log(event: LogEvent) {
    var merged = metadata
    if let extra = event.metadata { merged.merge(extra) { $1 } }
    var line = renderer.render(
      timestamp: Self.timestamp(), level: event.level, label: label, message: event.message.description,
      metadata: merged)
    line += "\n"
    line.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
        if written <= 0 { break }
        offset += written
      }
    }
  }

  /// `2026-11-21T00:35:14.123Z`
  static func timestamp() -> String {
    // Date rather than clock_gettime: `timespec` resolves to Dispatch's copy in some build
    // graphs (benchmarks), where the import-visibility rules then reject it.
    let wall = Date().timeIntervalSince1970
    var seconds = time_t(wall.rounded(.down))
    let milliseconds = Int((wall - wall.rounded(.down)) * 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func pad(_ value: Int32, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
      + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
  }
}
