// Substring search over raw line bytes, the inner loop of every `|=` filter. A needle is compiled
// once: the search scans with memchr for its rarest byte (libc's memchr is vectorised) and
// verifies candidates with memcmp, so a selective needle touches most of the line only once.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled case-sensitive needle.
struct ByteNeedle: Sendable {
  let bytes: [UInt8]
  /// The offset in `bytes` of the byte memchr looks for (the one least common in log text).
  private let anchor: Int

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var best = 0
    var bestRank = Int.max
    for (offset, byte) in bytes.enumerated() {
      let rank = ByteFrequency.rank(byte)
      if rank < bestRank {
        best = offset
        bestRank = rank
      }
    }
    anchor = best
  }

  /// Whether `haystack` contains the needle. The empty needle is in every line.
  func occurs(in haystack: UnsafeRawBufferPointer) -> Bool {
    firstOffset(in: haystack) != nil
  }

  func firstOffset(in haystack: UnsafeRawBufferPointer) -> Int? {
    let count = bytes.count
    if count == 0 { return 0 }
    guard haystack.count >= count, let base = haystack.baseAddress else { return nil }
    let anchorByte = Int32(bytes[anchor])
    let last = haystack.count - count  // the last possible start of a match
    return bytes.withUnsafeBytes { needle -> Int? in
      var start = anchor
      let scanEnd = last + anchor + 1  // anchor positions beyond this cannot start a match
      while start < scanEnd {
        guard let hit = memchr(base + start, anchorByte, scanEnd - start) else { return nil }
        let position = base.distance(to: UnsafeRawPointer(hit))
        let matchStart = position - anchor
        if memcmp(base + matchStart, needle.baseAddress!, count) == 0 { return matchStart }
        start = position + 1
      }
      return nil
    }
  }
}

/// A needle matched ignoring ASCII case (`(?i)error`). Non-ASCII bytes compare exactly, which is
/// what case folding does to them in the ASCII-only needles this is used for.
struct CaseInsensitiveNeedle: Sendable {
  /// The needle lowercased.
  let lowered: [UInt8]

  init(_ bytes: [UInt8]) {
    lowered = bytes.map(ASCIICase.lower)
  }

  func occurs(in haystack: UnsafeRawBufferPointer) -> Bool {
    let count = lowered.count
    if count == 0 { return true }
    guard haystack.count >= count else { return false }
    let first = lowered[0]
    let firstUpper = ASCIICase.upper(first)
    let last = haystack.count - count
    var start = 0
    while start <= last {
      let byte = haystack[start]
      if byte == first || byte == firstUpper {
        var offset = 1
        while offset < count, ASCIICase.lower(haystack[start + offset]) == lowered[offset] { offset += 1 }
        if offset == count { return true }
      }
      start += 1
    }
    return false
  }
}

enum ASCIICase {
  @inline(__always) static func lower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  @inline(__always) static func upper(_ byte: UInt8) -> UInt8 {
    byte >= 0x61 && byte <= 0x7A ? byte & ~0x20 : byte
  }
}

/// A rough rank of how common each byte is in log lines (lower is rarer): letters and digits and
/// spaces are common, punctuation less so, control and non-ASCII bytes rarest. Only the order
/// matters, to pick which needle byte memchr hunts for.
enum ByteFrequency {
  static func rank(_ byte: UInt8) -> Int {
    switch byte {
    case UInt8(ascii: " "): return 1000
    case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
      UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"):
      return 900
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return 800
    case UInt8(ascii: "a")...UInt8(ascii: "z"): return 700
    case UInt8(ascii: "\""), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "-"),
      UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: ","):
      return 600
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 500
    case 0x21...0x7E: return 300
    default: return 100
    }
  }
}
