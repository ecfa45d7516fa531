// The byte-level rules of an Internet message: CRLF line endings and dot-stuffing for SMTP's
// DATA (RFC 5321 §4.5.2), quoted-printable bodies (RFC 2045 §6.7), RFC 2047 encoded words for
// non-ASCII header text, and header folding (RFC 5322 §2.2.3).
import Foundation

package enum MessageEncoding {
  /// `message` with CRLF line endings, a "." doubled at the start of every line, and the
  /// terminating "CRLF.CRLF" appended: the bytes to write after DATA's 354.
  package static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(message.count + message.count / 50 + 5)
    var atLineStart = true
    var index = 0
    while index < message.count {
      let byte = message[index]
      if byte == UInt8(ascii: "\r"), index + 1 < message.count, message[index + 1] == UInt8(ascii: "\n") {
        index += 1
        continue  // the LF that follows writes the CRLF
      }
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        out.append(contentsOf: [0x0D, 0x0A])
        atLineStart = true
      } else {
        if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
        out.append(byte)
        atLineStart = false
      }
      index += 1
    }
    if !atLineStart { out.append(contentsOf: [0x0D, 0x0A]) }
    out.append(contentsOf: Array(".\r\n".utf8))
    return out
  }

  // MARK: - Quoted-printable

  private static let hex = Array("0123456789ABCDEF".utf8)

  /// Quoted-printable text with CRLF hard line breaks and lines of at most 76 characters.
  package static func quotedPrintable(_ text: String) -> String {
    var out: [UInt8] = []
    let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
      .split(separator: "\n", omittingEmptySubsequences: false)
    for (lineIndex, line) in lines.enumerated() {
      if lineIndex > 0 { out.append(contentsOf: [0x0D, 0x0A]) }
      let bytes = Array(line.utf8)
      var width = 0
      for (index, byte) in bytes.enumerated() {
        let isLast = index == bytes.count - 1
        var token: [UInt8]
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
          // Whitespace before a line break would be lost in transport.
          token = isLast ? encoded(byte) : [byte]
        case 33...126 where byte != UInt8(ascii: "="):
          token = [byte]
        default:
          token = encoded(byte)
        }
        // A soft break ("=") must fit on the line too, unless this is the line's last token.
        let room = isLast ? 76 : 75
        if width + token.count > room {
          out.append(contentsOf: Array("=\r\n".utf8))
          width = 0
        }
        out.append(contentsOf: token)
        width += token.count
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func encoded(_ byte: UInt8) -> [UInt8] {
    [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
  }

  // MARK: - Headers

  /// Header text with line breaks replaced by spaces (template output must not start a header).
  static func singleLine(_ text: String) -> String {
    var result = ""
    for character in text {
      result.append(character == "\r\n" || character == "\n" || character == "\r" ? " " : character)
    }
    return result.trimmingCharacters(in: .whitespaces)
  }

  static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }
  }

  /// RFC 2047 "B" encoded words for `text`, each at most 75 characters, never splitting a
  /// character; joined with folding whitespace.
  package static func encodedWords(_ text: String) -> String {
    // "=?UTF-8?B?" + base64 + "?=" is 12 characters; 63 left hold 15 base64 quads = 45 bytes.
    let maxBytes = 45
    var words: [String] = []
    var chunk: [UInt8] = []
    for character in text {
      let bytes = Array(String(character).utf8)
      if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
        words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
        chunk = []
      }
      chunk.append(contentsOf: bytes)
    }
    if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
    return words.joined(separator: "\r\n ")
  }

  /// An unstructured header value (Subject, custom headers): as is when plain ASCII (folded
  /// at spaces past 78 characters), encoded words otherwise.
  package static func headerValue(_ text: String) -> String {
    let line = singleLine(text)
    return isPlainASCII(line) ? line : encodedWords(line)
  }

  /// `Name: value` folded so lines stay within 78 characters where spaces allow.
  static func headerLine(_ name: String, _ value: String) -> String {
    let full = name + ": " + value
    guard full.count > 78, !value.contains("\r\n") else { return full + "\r\n" }
    var lines: [String] = []
    var current = ""
    for word in full.split(separator: " ", omittingEmptySubsequences: false) {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count > 78 {
        lines.append(current)
        current = String(word)
      } else {
        current += " " + word
      }
    }
    lines.append(current)
    return lines.joined(separator: "\r\n ") + "\r\n"
  }
}
