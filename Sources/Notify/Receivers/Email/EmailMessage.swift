// Builds the Internet message an alert e-mail is: From, To, Subject (RFC 2047-encoded when not
// ASCII), Date, Message-Id, the configured headers, and a multipart/alternative body with a
// text/plain and a text/html part, both quoted-printable UTF-8 (one part alone when the other
// is empty).

package struct EmailMessage: Sendable {
  /// Header names as Go's textproto writes them ("message-id" → "Message-Id").
  package static func canonicalHeaderName(_ name: String) -> String {
    var out = ""
    var upperNext = true
    for character in name {
      out += upperNext ? character.uppercased() : character.lowercased()
      upperNext = character == "-"
    }
    return out
  }

  /// Headers whose values are address lists.
  static let addressHeaders: Set<String> = ["From", "To", "Cc", "Bcc", "Reply-To", "Sender"]
  /// Headers the body's structure needs; configuration may not set them.
  package static let structuralHeaders: Set<String> = ["Content-Type", "Content-Transfer-Encoding", "Mime-Version"]

  package var from: [SMTPAddress]
  package var to: [SMTPAddress]
  package var subject: String
  /// Further headers by canonical name (they replace From, To and Subject when they name them).
  package var headers: [String: String] = [:]
  package var text: String
  package var html: String
  package var dateMs: Int64
  package var messageID: String
  package var boundary: String

  package init(
    from: [SMTPAddress], to: [SMTPAddress], subject: String, headers: [String: String] = [:], text: String, html: String,
    dateMs: Int64, messageID: String, boundary: String
  ) {
    self.from = from
    self.to = to
    self.subject = subject
    self.headers = headers
    self.text = text
    self.html = html
    self.dateMs = dateMs
    self.messageID = messageID
    self.boundary = boundary
  }

  /// The message, CRLF line endings (not yet dot-stuffed).
  package var bytes: [UInt8] {
    var values: [String: String] = [
      "From": from.map(\.headerText).joined(separator: ", "),
      "To": to.map(\.headerText).joined(separator: ", "),
      "Subject": MessageEncoding.headerValue(subject),
      "Date": GoTimeLayout.format(ZonedInstant(unixNanos: dateMs * 1_000_000, abbreviation: ""), layout: "Mon, 02 Jan 2006 15:04:05 -0700"),
      "Message-Id": "<\(messageID)>",
    ]
    for (rawName, value) in headers {
      let name = Self.canonicalHeaderName(rawName)
      if Self.structuralHeaders.contains(name) { continue }
      if Self.addressHeaders.contains(name), case .success(let list) = SMTPAddress.list(MessageEncoding.singleLine(value)) {
        values[name] = list.map(\.headerText).joined(separator: ", ")
      } else {
        values[name] = MessageEncoding.headerValue(value)
      }
    }
    let leading = ["From", "To", "Subject", "Date", "Message-Id"]
    var text = ""
    for name in leading + values.keys.filter({ !leading.contains($0) }).sorted() {
      guard let value = values[name], !value.isEmpty else { continue }
      text += MessageEncoding.headerLine(name, value)
    }
    text += "MIME-Version: 1.0\r\n"
    let parts = [("text/plain", self.text), ("text/html", html)].filter { !$0.1.isEmpty }
    if parts.count == 1, let part = parts.first {
      text += Self.partHeaders(part.0) + "\r\n" + MessageEncoding.quotedPrintable(part.1) + "\r\n"
    } else if parts.isEmpty {
      text += Self.partHeaders("text/plain") + "\r\n"
    } else {
      text += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
      for (type, body) in parts {
        text += "--\(boundary)\r\n" + Self.partHeaders(type) + "\r\n" + MessageEncoding.quotedPrintable(body) + "\r\n"
      }
      text += "--\(boundary)--\r\n"
    }
    return Array(text.utf8)
  }

  private static func partHeaders(_ type: String) -> String {
    "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
  }
}
