// The names syslog's numeric PRI parts go by in labels: facility (PRI / 8) and severity
// (PRI % 8) as rsyslog and promtail spell them, so LogQL selectors read like `{level="err"}`.

/// Facility and severity names. Stateless.
package enum SyslogNames {
  /// Facility codes 0...23.
  package static let facilities = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
    "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
    "local6", "local7",
  ]

  /// Severity codes 0...7.
  package static let severities = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]

  /// `sd_<id>_<param>` with every byte outside `[A-Za-z0-9_]` turned into `_`.
  static func structuredDataField(id: some Collection<UInt8>, param: some Collection<UInt8>) -> String {
    var bytes: [UInt8] = Array("sd_".utf8)
    bytes.reserveCapacity(3 + id.count + 1 + param.count)
    for byte in id { bytes.append(sanitized(byte)) }
    bytes.append(UInt8(ascii: "_"))
    for byte in param { bytes.append(sanitized(byte)) }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func sanitized(_ byte: UInt8) -> UInt8 {
    let lower = byte | 0x20
    let keep = (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte &- UInt8(ascii: "0")) < 10 || byte == UInt8(ascii: "_")
    return keep ? byte : UInt8(ascii: "_")
  }
}
