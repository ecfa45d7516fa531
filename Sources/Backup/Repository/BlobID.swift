// A blob's identity: the SHA-256 of its plaintext, which is what makes identical chunks (in any
// file, snapshot or source of the repository) stored once. Kept as four words so the index holds
// millions of them compactly; printed and parsed as 64 lowercase hex digits.
import Crypto

package struct BlobID: Hashable, Sendable, Comparable, CustomStringConvertible {
  package let a: UInt64, b: UInt64, c: UInt64, d: UInt64

  package init(a: UInt64, b: UInt64, c: UInt64, d: UInt64) {
    (self.a, self.b, self.c, self.d) = (a, b, c, d)
  }

  /// From 32 bytes (a digest), big-endian words so hex order is byte order.
  package init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
    var words: [UInt64] = [0, 0, 0, 0]
    var index = 0
    for byte in bytes where index < 32 {
      words[index / 8] = words[index / 8] << 8 | UInt64(byte)
      index += 1
    }
    precondition(index == 32, "BUG: a blob id is 32 bytes, got \(index)")
    (a, b, c, d) = (words[0], words[1], words[2], words[3])
  }

  /// The SHA-256 of `bytes`.
  package static func hash(_ bytes: UnsafeRawBufferPointer) -> BlobID {
    BlobID(bytes: SHA256.hash(data: bytes))
  }

  package static func hash(_ bytes: [UInt8]) -> BlobID {
    bytes.withUnsafeBytes { hash($0) }
  }

  package init?(hex: some StringProtocol) {
    guard hex.utf8.count == 64 else { return nil }
    var words: [UInt64] = []
    var text = Substring(hex)
    for _ in 0..<4 {
      guard let word = UInt64(text.prefix(16), radix: 16) else { return nil }
      words.append(word)
      text = text.dropFirst(16)
    }
    guard hex.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
    (a, b, c, d) = (words[0], words[1], words[2], words[3])
  }

  package var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(32)
    for word in [a, b, c, d] {
      for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
    return out
  }

  package var hex: String {
    [a, b, c, d].map { word in
      let text = String(word, radix: 16)
      return String(repeating: "0", count: 16 - text.count) + text
    }.joined()
  }

  /// The first 8 hex digits, as snapshots are shown.
  package var short: String { String(hex.prefix(8)) }

  package var description: String { hex }

  package static func < (lhs: BlobID, rhs: BlobID) -> Bool {
    (lhs.a, lhs.b, lhs.c, lhs.d) < (rhs.a, rhs.b, rhs.c, rhs.d)
  }
}

extension BlobID: Codable {
  package init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let id = BlobID(hex: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 64-digit hex id: \(text.prefix(80))"))
    }
    self = id
  }

  package func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(hex)
  }
}
