// Builds the byte streams of the syslog TCP load before any is sent: every corpus line wrapped in
// an RFC 5424 header and framed by octet counting (RFC 6587 3.4.1), `LEN SP MSG`. The header
// carries the line's timestamp (microseconds, UTC), its stream's host label as HOSTNAME and its
// service (or job) label as APP-NAME, so the stored line is the corpus line itself. Streams are
// split over the connections like the push plan, each connection's frames in time order.

struct SyslogPlan: Sendable {
  /// `byConnection[c]`: everything connection c writes.
  let byConnection: [[UInt8]]
  let lines: Int
  let lineBytes: Int

  var frameBytes: Int { byConnection.reduce(0) { $0 + $1.count } }

  static func build(corpus: Corpus, connections: Int) -> SyslogPlan {
    // Per stream the fixed part after the timestamp: " HOST APP - - - ".
    let headerTails: [[UInt8]] = corpus.streamLabels.map { labels in
      let host = labels.first { $0.name == "host" }?.value ?? "-"
      let app = labels.first { $0.name == "service" }?.value ?? labels.first { $0.name == "job" }?.value ?? "-"
      return Array(" \(host) \(app) - - - ".utf8)
    }
    var outputs: [[UInt8]] = Array(repeating: [], count: connections)
    let estimate = corpus.lineBytes / connections + corpus.lineCount / connections * 80
    for index in outputs.indices { outputs[index].reserveCapacity(estimate) }
    var clock = RFC3339Clock()
    var lines = 0
    var lineBytes = 0
    // <14>: facility user (1), severity informational (6).
    let priority = Array("<14>1 ".utf8)
    var message: [UInt8] = []
    corpus.forEachInTimeOrder { sourceIndex, line in
      let source = corpus.sources[sourceIndex]
      let stream = Int(source.streams[line])
      message.removeAll(keepingCapacity: true)
      message.append(contentsOf: priority)
      clock.append(source.timestampsNs[line], to: &message)
      message.append(contentsOf: headerTails[stream])
      let start = source.lineStarts[line]
      let length = Int(source.lineLengths[line])
      message.append(contentsOf: source.bytes[start..<start + length])
      let connection = stream % connections
      outputs[connection].append(contentsOf: String(message.count).utf8)
      outputs[connection].append(UInt8(ascii: " "))
      outputs[connection].append(contentsOf: message)
      lines += 1
      lineBytes += length
    }
    return SyslogPlan(byConnection: outputs, lines: lines, lineBytes: lineBytes)
  }
}

/// Formats `2026-11-21T01:24:03.123456Z`, recomputing the date and time of day once per second.
struct RFC3339Clock {
  private var second = Int64.min
  private var prefix: [UInt8] = []

  mutating func append(_ ns: Int64, to out: inout [UInt8]) {
    let wholeSecond = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
    if wholeSecond != second {
      second = wholeSecond
      prefix = Array(Self.dateTime(wholeSecond).utf8)
    }
    out.append(contentsOf: prefix)
    out.append(UInt8(ascii: "."))
    let micros = (ns - wholeSecond * 1_000_000_000) / 1000
    var divisor: Int64 = 100_000
    while divisor > 0 {
      out.append(UInt8(ascii: "0") + UInt8((micros / divisor) % 10))
      divisor /= 10
    }
    out.append(UInt8(ascii: "Z"))
  }

  /// `YYYY-MM-DDThh:mm:ss` of a Unix second, by the days-to-civil-date conversion of the
  /// proleptic Gregorian calendar (400-year eras).
  static func dateTime(_ unixSecond: Int64) -> String {
    let days = unixSecond >= 0 ? unixSecond / 86_400 : (unixSecond - 86_399) / 86_400
    let secondOfDay = unixSecond - days * 86_400
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
  }
}
