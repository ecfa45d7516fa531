// Framing SMTP replies: single and multi-line replies split anywhere, malformed lines refused
// with a reason, limits held, and random bytes never crash the parser.
import Testing
import WardenTesting

@testable import Notify

@Suite struct SMTPReplyParserTests {
  @Test func parsesSingleAndMultiLineRepliesFedInPieces() throws {
    let stream = Array("220 mail.example.com ESMTP\r\n250-mail.example.com\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n".utf8)
    for chunkSize in [1, 3, 7, stream.count] {
      var parser = SMTPReplyParser()
      var replies: [SMTPReply] = []
      var index = 0
      while index < stream.count {
        replies += try parser.feed(stream[index..<min(index + chunkSize, stream.count)]).get()
        index += chunkSize
      }
      #expect(replies == [
        SMTPReply(code: 220, lines: ["mail.example.com ESMTP"]),
        SMTPReply(code: 250, lines: ["mail.example.com", "STARTTLS", "AUTH PLAIN LOGIN"]),
      ])
    }
  }

  @Test func acceptsBareLineFeedsAndCodeOnlyLines() throws {
    var parser = SMTPReplyParser()
    #expect(try parser.feed(Array("354\n221 bye\n".utf8)).get() == [SMTPReply(code: 354, lines: [""]), SMTPReply(code: 221, lines: ["bye"])])
  }

  @Test func refusesMalformedReplies() {
    for bad in ["hello\r\n", "25 short\r\n", "250xtext\r\n", "250-a\r\n251 b\r\n", "999 no\r\n", "099 no\r\n"] {
      var parser = SMTPReplyParser()
      guard case .failure(let failure) = parser.feed(Array(bad.utf8)) else {
        Issue.record("accepted \(bad.debugDescription)")
        continue
      }
      #expect(failure.reason.contains("malformed reply"))
    }
  }

  @Test func limitsLineLengthAndLineCount() {
    var parser = SMTPReplyParser()
    let long = "250 " + String(repeating: "x", count: SMTPReplyParser.maxLineBytes + 10)
    guard case .failure = parser.feed(Array(long.utf8)) else { Issue.record("accepted an endless line"); return }
    var counted = SMTPReplyParser()
    let many = String(repeating: "250-x\r\n", count: SMTPReplyParser.maxLines + 1)
    guard case .failure = counted.feed(Array(many.utf8)) else { Issue.record("accepted an endless reply"); return }
  }

  @Test func classifiesRepliesAsRetryableOrPermanent() {
    #expect(SMTPReply(code: 451, lines: ["try later"]).failure("RCPT").isRetryable)
    #expect(!SMTPReply(code: 550, lines: ["no such user"]).failure("RCPT").isRetryable)
    #expect(SMTPReply(code: 250, lines: ["2.0.0 Ok: queued"]).summary == "250 2.0.0 Ok: queued")
  }

  @Test func randomBytesNeverCrashAndRepliesAreWellFormed() {
    var generator = SeededGenerator(seed: 2024)
    let pieces = ["250", "-", " ", "\r\n", "\n", "x", "5", "0", "\u{0}", "é", "220 ok\r\n", "250-a\r\n"]
    for _ in 0..<3000 {
      var parser = SMTPReplyParser()
      let text = (0..<Int.random(in: 0..<20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      if case .success(let replies) = parser.feed(Array(text.utf8)) {
        for reply in replies {
          #expect((200...599).contains(reply.code))
          #expect(!reply.lines.isEmpty)
        }
      }
    }
  }
}
