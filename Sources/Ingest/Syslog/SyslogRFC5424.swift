// RFC 5424 messages:
//   <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
// with `-` for an absent field, TIMESTAMP an RFC 3339 time (fractions and offsets), header fields
// printable US-ASCII of bounded length, STRUCTURED-DATA `-` or `[id name="value" ...]...` where
// values escape `"`, `\` and `]` with a backslash, and MSG optionally starting with a UTF-8 BOM
// (dropped, as is one extra leading space that rsyslog writes).
import WardenCore

enum SyslogRFC5424 {
  /// Parses the rest of a frame after `<PRI>` and the version number; the cursor is at the space
  /// after the version.
  static func parse(_ cursor: inout SyslogCursor, priority: Int, receivedAtNs: Int64) throws(SyslogParseFailure) -> SyslogMessage {
    try space(&cursor, after: "VERSION")
    let timeRange = cursor.token()
    var timestamp = receivedAtNs
    if !isNil(cursor, timeRange) {
      guard let parsed = LogTimestamps.rfc3339(cursor.slice(timeRange)) else {
        throw SyslogParseFailure(reason: "RFC 5424 timestamp \"\(cursor.text(timeRange.prefix(64)))\" is not an RFC 3339 time")
      }
      timestamp = parsed
    }
    var message = SyslogMessage(timestampNs: timestamp, message: cursor.bytes.count..<cursor.bytes.count)
    message.facility = priority / 8
    message.severity = priority % 8
    try space(&cursor, after: "TIMESTAMP")
    message.hostname = try field(&cursor, "HOSTNAME", maxBytes: 255)
    try space(&cursor, after: "HOSTNAME")
    message.appName = try field(&cursor, "APP-NAME", maxBytes: 48)
    try space(&cursor, after: "APP-NAME")
    message.procID = try field(&cursor, "PROCID", maxBytes: 128)
    try space(&cursor, after: "PROCID")
    message.msgID = try field(&cursor, "MSGID", maxBytes: 32)
    try space(&cursor, after: "MSGID")
    try structuredData(&cursor, into: &message.structuredData)
    if cursor.isAtEnd { return message }
    guard cursor.take(UInt8(ascii: " ")) else {
      throw SyslogParseFailure(reason: "RFC 5424 structured data is not followed by a space at byte \(cursor.index)")
    }
    var start = cursor.index
    if cursor.peek() == 0xEF, cursor.peek(1) == 0xBB, cursor.peek(2) == 0xBF {
      start += 3
    } else if cursor.peek() == UInt8(ascii: " ") {
      // rsyslog's RFC 5424 templates put its msg property, which keeps the space that followed
      // the tag, after the separator: "... - -  hello". One such space is not part of the text.
      start += 1
    }
    message.message = start..<cursor.bytes.count
    return message
  }

  private static func space(_ cursor: inout SyslogCursor, after name: String) throws(SyslogParseFailure) {
    guard cursor.take(UInt8(ascii: " ")) else {
      throw SyslogParseFailure(reason: cursor.isAtEnd ? "RFC 5424 message ends after \(name)" : "RFC 5424 \(name) is not followed by a space at byte \(cursor.index)")
    }
  }

  private static func isNil(_ cursor: SyslogCursor, _ range: Range<Int>) -> Bool {
    range.count == 1 && cursor.bytes[range.lowerBound] == UInt8(ascii: "-")
  }

  /// A header field: `-` (nil) or 1...maxBytes printable US-ASCII characters.
  private static func field(_ cursor: inout SyslogCursor, _ name: String, maxBytes: Int) throws(SyslogParseFailure) -> Range<Int>? {
    let range = cursor.token()
    guard !range.isEmpty else { throw SyslogParseFailure(reason: "RFC 5424 \(name) is empty") }
    if isNil(cursor, range) { return nil }
    guard range.count <= maxBytes else { throw SyslogParseFailure(reason: "RFC 5424 \(name) is longer than \(maxBytes) characters") }
    guard cursor.slice(range).allSatisfy({ $0 >= 33 && $0 <= 126 }) else {
      throw SyslogParseFailure(reason: "RFC 5424 \(name) has a character that is not printable US-ASCII")
    }
    return range
  }

  /// `-` or one or more SD-ELEMENTs, each param appended as a field.
  private static func structuredData(_ cursor: inout SyslogCursor, into fields: inout [LogField]) throws(SyslogParseFailure) {
    if cursor.take(UInt8(ascii: "-")) { return }
    guard cursor.peek() == UInt8(ascii: "[") else {
      throw SyslogParseFailure(reason: "RFC 5424 structured data must be \"-\" or start with \"[\" at byte \(cursor.index)")
    }
    var value: [UInt8] = []
    while cursor.take(UInt8(ascii: "[")) {
      let id = try name(&cursor, "SD-ID")
      while cursor.take(UInt8(ascii: " ")) {
        let param = try name(&cursor, "PARAM-NAME")
        guard cursor.take(UInt8(ascii: "=")), cursor.take(UInt8(ascii: "\"")) else {
          throw SyslogParseFailure(reason: "RFC 5424 structured data parameter is not followed by =\" at byte \(cursor.index)")
        }
        value.removeAll(keepingCapacity: true)
        while true {
          guard let byte = cursor.peek() else { throw SyslogParseFailure(reason: "RFC 5424 structured data value is not terminated") }
          cursor.index += 1
          if byte == UInt8(ascii: "\"") { break }
          if byte == UInt8(ascii: "\\"), let next = cursor.peek(),
            next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]")
          {
            value.append(next)
            cursor.index += 1
          } else {
            value.append(byte)
          }
        }
        fields.append(LogField(
          SyslogNames.structuredDataField(id: cursor.slice(id), param: cursor.slice(param)), String(decoding: value, as: UTF8.self)))
      }
      guard cursor.take(UInt8(ascii: "]")) else {
        throw SyslogParseFailure(reason: "RFC 5424 structured data element is not closed with \"]\" at byte \(cursor.index)")
      }
    }
  }

  /// An SD-ID or PARAM-NAME: 1...32 printable US-ASCII characters except `=`, space, `]` and `"`.
  private static func name(_ cursor: inout SyslogCursor, _ what: String) throws(SyslogParseFailure) -> Range<Int> {
    let start = cursor.index
    while let byte = cursor.peek(), byte >= 33, byte <= 126, byte != UInt8(ascii: "="), byte != UInt8(ascii: "]"), byte != UInt8(ascii: "\"") {
      cursor.index += 1
    }
    guard cursor.index > start, cursor.index - start <= 32 else {
      throw SyslogParseFailure(reason: "RFC 5424 \(what) at byte \(start) is empty or longer than 32 characters")
    }
    return start..<cursor.index
  }
}
