// RFC 3164 ("BSD") messages and the variants senders really write:
//   <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG     the classic form (day space-padded or not)
//   <PRI>Mmm dd hh:mm:ss.ffffff HOST TAG: MSG   fractional seconds
//   <PRI>2024-05-01T10:00:00.123+02:00 HOST TAG: MSG   rsyslog's high-precision forwarding format
//   <PRI>Mmm dd hh:mm:ss TAG: MSG               no hostname (local senders)
//   <PRI>TAG: MSG, <PRI>anything                no timestamp: the receive time is used
// A classic timestamp has no year and no zone: it is read as UTC in the receive time's year, or
// the year before when that would put it more than a week in the future (December's messages
// read in January).

enum SyslogRFC3164 {
  private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    .map { Array($0.utf8) }

  /// Parses the rest of a frame after `<PRI>`.
  static func parse(_ cursor: inout SyslogCursor, priority: Int, receivedAtNs: Int64) -> SyslogMessage {
    var message = SyslogMessage(timestampNs: receivedAtNs, message: cursor.bytes.count..<cursor.bytes.count)
    message.facility = priority / 8
    message.severity = priority % 8
    var timestamp = classicTimestamp(&cursor, receivedAtNs: receivedAtNs)
    if timestamp == nil { timestamp = isoTimestamp(&cursor) }
    if let timestamp {
      message.timestampNs = timestamp
      _ = cursor.take(UInt8(ascii: " "))
      // HOST, unless the first word is already the tag.
      let save = cursor.index
      let word = cursor.token()
      if !word.isEmpty, cursor.peek() == UInt8(ascii: " "), !looksLikeTag(cursor, word) {
        message.hostname = word
        cursor.index += 1
      } else {
        cursor.index = save
      }
    }
    tag(&cursor, into: &message)
    message.message = cursor.index..<cursor.bytes.count
    return message
  }

  /// `Mmm dd hh:mm:ss[.fraction]`, or nil (cursor unmoved).
  private static func classicTimestamp(_ cursor: inout SyslogCursor, receivedAtNs: Int64) -> Int64? {
    let bytes = cursor.bytes
    let start = cursor.index
    guard start + 14 <= bytes.count,
      let month = months.firstIndex(where: { name in (0..<3).allSatisfy { bytes[start + $0] == name[$0] } }),
      bytes[start + 3] == UInt8(ascii: " ")
    else { return nil }
    var digits = DigitCursor(UnsafeRawBufferPointer(rebasing: bytes[(start + 4)...]))
    var day: Int?
    if digits.skip(UInt8(ascii: " ")) {
      day = digits.digits(1)
    } else {
      day = digits.digits(2) ?? digits.digits(1)
    }
    guard let day, digits.skip(UInt8(ascii: " ")),
      let hour = digits.digits(2), digits.skip(UInt8(ascii: ":")),
      let minute = digits.digits(2), digits.skip(UInt8(ascii: ":")),
      let second = digits.digits(2)
    else { return nil }
    var fraction: Int64 = 0
    if digits.skip(UInt8(ascii: ".")) {
      guard let value = digits.fractionNanoseconds() else { return nil }
      fraction = value
    }
    guard digits.isAtEnd || digits.text[digits.index] == UInt8(ascii: " ") else { return nil }
    let year = LogTimestamps.year(ofNanoseconds: receivedAtNs)
    guard var time = LogTimestamps.nanoseconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
    else { return nil }
    if time > receivedAtNs + 7 * 86_400 * 1_000_000_000,
      let earlier = LogTimestamps.nanoseconds(year: year - 1, month: month + 1, day: day, hour: hour, minute: minute, second: second, fraction: fraction)
    {
      time = earlier
    }
    cursor.index = start + 4 + digits.index
    return time
  }

  /// An RFC 3339 time up to the next space, or nil (cursor unmoved).
  private static func isoTimestamp(_ cursor: inout SyslogCursor) -> Int64? {
    guard let first = cursor.peek(), first &- UInt8(ascii: "0") < 10 else { return nil }
    let save = cursor.index
    let word = cursor.token()
    guard let time = LogTimestamps.rfc3339(cursor.slice(word)) else {
      cursor.index = save
      return nil
    }
    return time
  }

  /// Whether `word` reads as a tag (`name:` or `name[pid]:`) rather than a hostname.
  private static func looksLikeTag(_ cursor: SyslogCursor, _ word: Range<Int>) -> Bool {
    let bytes = cursor.slice(word)
    return bytes.last == UInt8(ascii: ":") || bytes.contains(UInt8(ascii: "["))
  }

  /// `TAG[PID]: ` or `TAG: ` at the cursor: fills app name and procid and moves past it;
  /// otherwise leaves the cursor where it is (the whole rest is the message).
  private static func tag(_ cursor: inout SyslogCursor, into message: inout SyslogMessage) {
    let start = cursor.index
    var index = start
    let bytes = cursor.bytes
    while index < bytes.count, index - start <= 48 {
      let byte = bytes[index]
      if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "[") || byte <= 32 || byte >= 127 { break }
      index += 1
    }
    guard index > start, index < bytes.count, index - start <= 48 else { return }
    let name = start..<index
    var procID: Range<Int>?
    if bytes[index] == UInt8(ascii: "[") {
      let pidStart = index + 1
      var pidEnd = pidStart
      while pidEnd < bytes.count, bytes[pidEnd] != UInt8(ascii: "]"), bytes[pidEnd] > 32, pidEnd - pidStart <= 128 { pidEnd += 1 }
      guard pidEnd < bytes.count, bytes[pidEnd] == UInt8(ascii: "]") else { return }
      if pidEnd > pidStart { procID = pidStart..<pidEnd }
      index = pidEnd + 1
    }
    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return }
    index += 1
    if index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    message.appName = name
    message.procID = procID
    cursor.index = index
  }
}
