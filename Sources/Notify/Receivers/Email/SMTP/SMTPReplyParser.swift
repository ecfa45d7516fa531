// Framing of the server side of SMTP: bytes into lines, lines into replies (RFC 5321 §4.2:
// "250-first", "250 last"). A value type so it is tested on its own; bounded in line length and
// lines per reply, and a malformed line is an error naming it.

/// Incremental reply parser. Not thread-safe (a value owned by one connection's handler).
struct SMTPReplyParser {
  /// RFC 5321 allows 512 bytes per reply line; servers get some slack, not unbounded.
  static let maxLineBytes = 4096
  static let maxLines = 200

  private var pending: [UInt8] = []
  private var lines: [String] = []
  private var code: Int?

  /// Adds received bytes; returns the replies they complete, or the problem with them.
  mutating func feed(_ bytes: some Sequence<UInt8>) -> Result<[SMTPReply], ReceiverFailure> {
    pending.append(contentsOf: bytes)
    var replies: [SMTPReply] = []
    var start = 0
    while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
      var end = newline
      if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      if end - start > Self.maxLineBytes { return .failure(problem("a reply line over \(Self.maxLineBytes) bytes")) }
      switch take(Array(pending[start..<end])) {
      case .failure(let failure): return .failure(failure)
      case .success(let reply?): replies.append(reply)
      case .success(nil): break
      }
      start = newline + 1
    }
    pending.removeFirst(start)
    if pending.count > Self.maxLineBytes { return .failure(problem("a reply line over \(Self.maxLineBytes) bytes")) }
    return .success(replies)
  }

  private func problem(_ what: String) -> ReceiverFailure {
    .retryable("SMTP server sent a malformed reply: \(what)")
  }

  /// Adds one line; returns the reply it completes.
  private mutating func take(_ line: [UInt8]) -> Result<SMTPReply?, ReceiverFailure> {
    let shown = String(decoding: line.prefix(80), as: UTF8.self)
    guard line.count >= 3, line[0..<3].allSatisfy({ (0x30...0x39).contains($0) }) else {
      return .failure(problem("\"\(shown)\" does not start with a reply code"))
    }
    let value = Int(line[0] - 0x30) * 100 + Int(line[1] - 0x30) * 10 + Int(line[2] - 0x30)
    guard (200...599).contains(value) else { return .failure(problem("\"\(shown)\" has no valid reply code")) }
    if let code, code != value {
      return .failure(problem("a multi-line reply changed its code from \(code) to \(value)"))
    }
    let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
    guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
      return .failure(problem("\"\(shown)\" has no space or hyphen after its code"))
    }
    code = value
    lines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
    if lines.count > Self.maxLines { return .failure(problem("a reply of more than \(Self.maxLines) lines")) }
    guard separator == UInt8(ascii: " ") else { return .success(nil) }
    let reply = SMTPReply(code: value, lines: lines)
    code = nil
    lines = []
    return .success(reply)
  }
}
