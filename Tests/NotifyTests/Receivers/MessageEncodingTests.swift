// The byte-level rules of alert e-mails: dot-stuffing and CRLF for DATA, quoted-printable
// bodies, RFC 2047 encoded words, header folding and address lists.
import Foundation
import Testing
import WardenTesting

@testable import Notify

@Suite struct MessageEncodingTests {
  @Test func dotStuffingDoublesLeadingDotsAndTerminatesTheMessage() {
    let input = Array("a\n.b\r\n..c\nd".utf8)
    #expect(String(decoding: MessageEncoding.dotStuffed(input), as: UTF8.self) == "a\r\n..b\r\n...c\r\nd\r\n.\r\n")
    // A message already ending in CRLF gets no empty line before the terminator.
    #expect(String(decoding: MessageEncoding.dotStuffed(Array("x\r\n".utf8)), as: UTF8.self) == "x\r\n.\r\n")
    // A lone "." line would end DATA early; it must be stuffed.
    #expect(String(decoding: MessageEncoding.dotStuffed(Array("top\n.\nbottom".utf8)), as: UTF8.self) == "top\r\n..\r\nbottom\r\n.\r\n")
  }

  @Test func dotStuffingRoundTripsRandomText() {
    var generator = SeededGenerator(seed: 7)
    let alphabet = Array(".a\r\n é")
    for _ in 0..<300 {
      let text = String((0..<Int.random(in: 0..<60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      let stuffed = MessageEncoding.dotStuffed(Array(text.utf8))
      let terminator = Array("\r\n.\r\n".utf8)
      // An empty message is the terminating line alone (DATA's own CRLF precedes it).
      if text.isEmpty {
        #expect(stuffed == Array(".\r\n".utf8))
        continue
      }
      #expect(Array(stuffed.suffix(5)) == terminator)
      // Undo as a server does: drop the terminator, undouble leading dots (bytes, since "\r\n"
      // is one Character in Swift).
      let body = String(decoding: stuffed.dropLast(5), as: UTF8.self)
      var lines: [String] = []
      for line in body.isEmpty ? [] : body.components(separatedBy: "\r\n") {
        lines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
      }
      let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      let expected = normalized.hasSuffix("\n") ? String(normalized.dropLast()) : normalized
      #expect(lines.joined(separator: "\n") == expected, "input \(text.debugDescription)")
      // The terminator may appear only at the very end.
      var early = false
      let lastStart = stuffed.count - 5
      for index in 0..<max(0, lastStart) where Array(stuffed[index..<(index + 5)]) == terminator {
        early = true
      }
      #expect(!early, "an unstuffed lone dot in \(String(decoding: stuffed, as: UTF8.self).debugDescription)")
    }
  }

  @Test func quotedPrintableEncodesWhatMustBeEncoded() {
    #expect(MessageEncoding.quotedPrintable("a=b") == "a=3Db")
    #expect(MessageEncoding.quotedPrintable("Überlast") == "=C3=9Cberlast")
    #expect(MessageEncoding.quotedPrintable("trailing \nnext") == "trailing=20\r\nnext")
    #expect(MessageEncoding.quotedPrintable("tab\t") == "tab=09")
  }

  @Test func quotedPrintableRoundTripsWithShortLines() throws {
    var generator = SeededGenerator(seed: 42)
    let alphabet = Array("abc xyz=é€\t\n.0123456789-_")
    for _ in 0..<300 {
      let text = String((0..<Int.random(in: 0..<400, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      let encoded = MessageEncoding.quotedPrintable(text)
      for line in encoded.components(separatedBy: "\r\n") {
        #expect(line.utf8.count <= 76, "line too long: \(line)")
        #expect(line.utf8.allSatisfy { $0 < 0x80 })
      }
      #expect(try Self.decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }
  }

  /// RFC 2045's decoding, written plainly for the check.
  static func decodeQuotedPrintable(_ text: String) throws -> String {
    var bytes: [UInt8] = []
    let input = Array(text.utf8)
    var index = 0
    while index < input.count {
      if input[index] == UInt8(ascii: "=") {
        if index + 2 < input.count, input[index + 1] == 0x0D, input[index + 2] == 0x0A {
          index += 3
          continue
        }
        let hex = String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self)
        bytes.append(try #require(UInt8(hex, radix: 16)))
        index += 3
      } else {
        bytes.append(input[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func encodedWordsStayShortAndDecodeBack() throws {
    let subject = "[FIRING:2] Überlast auf dem Server — Größe ✓ " + String(repeating: "ß", count: 40)
    let encoded = MessageEncoding.encodedWords(subject)
    var decoded = ""
    for word in encoded.components(separatedBy: "\r\n ") {
      #expect(word.count <= 75)
      #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
      let base64 = String(word.dropFirst(10).dropLast(2))
      decoded += String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self)
    }
    #expect(decoded == subject)
  }

  @Test func headerValuesCannotInjectHeaders() {
    #expect(MessageEncoding.headerValue("Alert\r\nBcc: victim@example.com") == "Alert Bcc: victim@example.com")
    #expect(MessageEncoding.headerValue("Alert\nBcc: x@y.z\rX: y") == "Alert Bcc: x@y.z X: y")
    #expect(MessageEncoding.headerValue("plain subject") == "plain subject")
    #expect(MessageEncoding.headerValue("café").hasPrefix("=?UTF-8?B?"))
  }

  @Test func longHeadersFoldAtSpaces() {
    let value = (0..<30).map { "word\($0)" }.joined(separator: " ")
    let line = MessageEncoding.headerLine("Subject", value)
    #expect(line.hasSuffix("\r\n"))
    let physical = String(decoding: line.utf8.dropLast(2), as: UTF8.self).components(separatedBy: "\r\n")
    #expect(physical.count > 1)
    #expect(physical.allSatisfy { $0.count <= 78 })
    #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
    #expect(physical.joined().replacingOccurrences(of: "  ", with: " ") == "Subject: " + value)
  }

  @Test func addressListsParseNamesQuotesAndCommas() throws {
    let list = try SMTPAddress.list("Ops <ops@example.com>, \"Doe, Jane\" <jane@example.com>,oncall@example.com").get()
    #expect(list.map(\.address) == ["ops@example.com", "jane@example.com", "oncall@example.com"])
    #expect(list.map(\.displayName) == ["Ops", "Doe, Jane", ""])
    #expect(list[1].headerText == "\"Doe, Jane\" <jane@example.com>")
    #expect(list[2].headerText == "oncall@example.com")
    #expect(SMTPAddress(displayName: "Équipe", address: "eq@example.com").headerText.hasPrefix("=?UTF-8?B?"))
  }

  @Test func addressListsRefuseWhatIsNotAnAddress() {
    for bad in ["", "not-an-address", "a@b.c, <x y@z>", "a@b.c>\r\nRCPT TO:<evil@x>", "@example.com"] {
      if case .success(let list) = SMTPAddress.list(bad) {
        Issue.record("accepted \(bad.debugDescription) as \(list.map(\.address))")
      }
    }
  }

  @Test func addressListParsingSurvivesRandomInput() {
    var generator = SeededGenerator(seed: 99)
    let alphabet = Array("ab@.<>\", \\\r\nxé")
    for _ in 0..<2000 {
      let text = String((0..<Int.random(in: 0..<30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
      if case .success(let list) = SMTPAddress.list(text) {
        for address in list {
          #expect(SMTPAddress.isValidAddress(address.address))
          let forbidden: Set<Character> = ["\r", "\n", "<", ">"]
          #expect(address.address.allSatisfy { !forbidden.contains($0) })
        }
      }
    }
  }

  @Test func smarthostsSplitIntoHostAndPort() {
    #expect(SMTPAddress.hostAndPort("smtp.example.org:587")?.host == "smtp.example.org")
    #expect(SMTPAddress.hostAndPort("smtp.example.org:587")?.port == 587)
    #expect(SMTPAddress.hostAndPort("[::1]:25")?.host == "::1")
    #expect(SMTPAddress.hostAndPort("smtp.example.org") == nil)
    #expect(SMTPAddress.hostAndPort("host:0") == nil)
    #expect(SMTPAddress.hostAndPort(":25") == nil)
  }

  @Test func headerNamesAreCanonical() {
    #expect(EmailMessage.canonicalHeaderName("message-id") == "Message-Id")
    #expect(EmailMessage.canonicalHeaderName("X-PRIORITY") == "X-Priority")
    #expect(EmailMessage.canonicalHeaderName("subject") == "Subject")
  }

  @Test func messageIsMultipartAlternativeWithBothParts() {
    let message = EmailMessage(
      from: [SMTPAddress(displayName: "Warden", address: "warden@example.com")],
      to: [SMTPAddress(address: "a@example.com"), SMTPAddress(address: "b@example.com")],
      subject: "[FIRING:1] Disk full", headers: ["x-team": "storage", "content-type": "text/evil"], text: "plain body",
      html: "<p>html body</p>", dateMs: 1_700_000_000_000, messageID: "1.abc@example.com", boundary: "BOUNDARY")
    let text = String(decoding: message.bytes, as: UTF8.self)
    #expect(text.hasPrefix("From: Warden <warden@example.com>\r\nTo: a@example.com, b@example.com\r\nSubject: [FIRING:1] Disk full\r\n"))
    #expect(text.contains("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"))
    #expect(text.contains("Message-Id: <1.abc@example.com>\r\n"))
    #expect(text.contains("X-Team: storage\r\n"))
    #expect(!text.contains("text/evil"))
    #expect(text.contains("Content-Type: multipart/alternative; boundary=\"BOUNDARY\"\r\n"))
    #expect(text.contains("--BOUNDARY\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nplain body\r\n"))
    #expect(text.contains("--BOUNDARY\r\nContent-Type: text/html; charset=UTF-8\r\n"))
    #expect(text.hasSuffix("--BOUNDARY--\r\n"))
    #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in the message")
  }
}
