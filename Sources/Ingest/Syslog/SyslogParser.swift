// One syslog frame (a TCP frame from SyslogFramer or a UDP datagram) to one log record:
// RFC 5424 when the PRI is followed by a version number, else RFC 3164 and its variants. The
// record's stream is {job="syslog", host, app, facility, level}; procid, msgid and structured
// data (`sd_<id>_<param>`) become metadata. A frame that fits neither RFC is still stored, as it
// came, with `parse_error` metadata saying why: syslog input is never dropped.
package import WardenCore

/// Parses syslog frames into a batch. Not thread-safe: one per listener task; it remembers the
/// previous frame's stream labels, which consecutive frames from one sender usually share.
package struct SyslogParser: Sendable {
  private var lastKey: [UInt8] = []
  private var lastLabels = Labels()

  package init() {}

  /// Parses `frame` and appends one record to `batch`. Trailing LF, CRLF and NUL are trimmed
  /// (rsyslog's octet-counted frames end in LF).
  /// - Parameters:
  ///   - receivedAtNs: the time of messages without a timestamp (and the year of RFC 3164 ones).
  ///   - source: the sender's address, the `host` label when the message names no host.
  package mutating func parse(frame: UnsafeRawBufferPointer, receivedAtNs: Int64, source: String?, into batch: inout LogBatch) {
    var end = frame.count
    while end > 0, frame[end - 1] == 0x0A || frame[end - 1] == 0x0D || frame[end - 1] == 0x00 { end -= 1 }
    let bytes = UnsafeRawBufferPointer(rebasing: frame[..<end])
    var cursor = SyslogCursor(bytes)
    do throws(SyslogParseFailure) {
      let message = try Self.message(&cursor, receivedAtNs: receivedAtNs)
      append(message, cursor: cursor, source: source, into: &batch)
    } catch {
      var labels = [Label("job", "syslog")]
      if let source, !source.isEmpty { labels.append(Label("host", source)) }
      let stream = batch.stream(Labels(labels))
      batch.append(stream: stream, timestampNs: receivedAtNs, line: bytes, metadata: CollectionOfOne(LogField("parse_error", error.reason)))
    }
  }

  /// `parse` over any bytes (a slice from SyslogFramer, an array).
  package mutating func parse(frame: some Collection<UInt8>, receivedAtNs: Int64, source: String?, into batch: inout LogBatch) {
    let done: Void? = frame.withContiguousStorageIfAvailable { buffer in
      parse(frame: UnsafeRawBufferPointer(buffer), receivedAtNs: receivedAtNs, source: source, into: &batch)
    }
    if done == nil {
      Array(frame).withUnsafeBytes { parse(frame: $0, receivedAtNs: receivedAtNs, source: source, into: &batch) }
    }
  }

  private static func message(_ cursor: inout SyslogCursor, receivedAtNs: Int64) throws(SyslogParseFailure) -> SyslogMessage {
    guard cursor.peek() == UInt8(ascii: "<") else {
      throw SyslogParseFailure(reason: cursor.isAtEnd ? "empty message" : "no <PRI> at the start")
    }
    guard let priority = cursor.priority() else {
      throw SyslogParseFailure(reason: "the <PRI> part is not a number from 0 to 191 in angle brackets")
    }
    // RFC 5424: a version number (1, or up to 99 for later versions) and a space.
    if let first = cursor.peek(), first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") {
      let second = cursor.peek(1)
      if second == UInt8(ascii: " ") || (second.map { $0 &- UInt8(ascii: "0") < 10 } == true && cursor.peek(2) == UInt8(ascii: " ")) {
        cursor.index += second == UInt8(ascii: " ") ? 1 : 2
        return try SyslogRFC5424.parse(&cursor, priority: priority, receivedAtNs: receivedAtNs)
      }
    }
    return SyslogRFC3164.parse(&cursor, priority: priority, receivedAtNs: receivedAtNs)
  }

  private mutating func append(_ message: SyslogMessage, cursor: SyslogCursor, source: String?, into batch: inout LogBatch) {
    let labels = streamLabels(message, cursor: cursor, source: source)
    var metadata: [LogField] = []
    if let procID = message.procID { metadata.append(LogField("procid", cursor.text(procID))) }
    if let msgID = message.msgID { metadata.append(LogField("msgid", cursor.text(msgID))) }
    metadata.append(contentsOf: message.structuredData)
    let stream = batch.stream(labels)
    batch.append(stream: stream, timestampNs: message.timestampNs, line: cursor.slice(message.message), metadata: metadata)
  }

  /// {job, host, app, facility, level}, reused from the previous frame when PRI, host, app and
  /// source are the same bytes.
  private mutating func streamLabels(_ message: SyslogMessage, cursor: SyslogCursor, source: String?) -> Labels {
    var key: [UInt8] = [UInt8(message.facility), UInt8(message.severity)]
    key.reserveCapacity(64)
    if let host = message.hostname { key.append(contentsOf: cursor.slice(host)) }
    key.append(0)
    if let app = message.appName { key.append(contentsOf: cursor.slice(app)) }
    key.append(0)
    if message.hostname == nil, let source { key.append(contentsOf: source.utf8) }
    if key == lastKey { return lastLabels }
    var pairs = [
      Label("job", "syslog"), Label("facility", SyslogNames.facilities[message.facility]),
      Label("level", SyslogNames.severities[message.severity]),
    ]
    if let host = message.hostname {
      pairs.append(Label("host", cursor.text(host)))
    } else if let source, !source.isEmpty {
      pairs.append(Label("host", source))
    }
    if let app = message.appName { pairs.append(Label("app", cursor.text(app))) }
    lastKey = key
    lastLabels = Labels(pairs)
    return lastLabels
  }
}
