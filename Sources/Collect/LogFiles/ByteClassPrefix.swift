// The shapes multi-line start patterns nearly always have — `^` and then a fixed run of literal
// characters and character classes (`^\d{4}-\d\d-\d\d`, `^\[`, `^[A-Z]`, `^\S`) — compiled to one
// 256-bit byte set per position, so testing a line costs a few table lookups instead of building
// a String and running Swift's Regex. A line with a non-ASCII byte where the prefix looks goes to
// the real regex instead (`\d` matches non-ASCII digits, and the regex matches Characters, so a
// combining mark joins the ASCII letter before it), so the answer is always the regex's.

struct ByteClassPrefix: Sendable {
  /// One set of accepted bytes per position from the line's start.
  private let sets: [ByteSet]

  static let maximumLength = 256

  enum Outcome {
    case matched
    case failed
    /// A non-ASCII byte is where the prefix looks: only the regex can tell.
    case undecided
  }

  func match(_ line: UnsafeBufferPointer<UInt8>) -> Outcome {
    // One more byte than the prefix: a combining mark after it would change its last Character.
    let examined = min(line.count, sets.count + 1)
    for index in 0..<examined where line[index] >= 0x80 { return .undecided }
    guard line.count >= sets.count else { return .failed }
    for index in sets.indices where !sets[index].contains(line[index]) { return .failed }
    return .matched
  }

  /// Compiles `source`, or nil when it is not `^` followed by fixed-width atoms.
  init?(_ source: String) {
    var characters = Array(source.unicodeScalars)[...]
    guard characters.first == "^" else { return nil }
    characters = characters.dropFirst()
    var sets: [ByteSet] = []
    while let first = characters.first {
      characters = characters.dropFirst()
      let atom: ByteSet
      switch first {
      case "\\":
        guard let escaped = characters.first, let parsed = Self.escape(escaped) else { return nil }
        characters = characters.dropFirst()
        atom = parsed
      case "[":
        guard let parsed = Self.bracket(&characters) else { return nil }
        atom = parsed
      case ".", "(", ")", "|", "*", "+", "?", "{", "}", "$", "^", "]":
        return nil
      default:
        guard first.isASCII else { return nil }
        atom = ByteSet(UInt8(first.value))
      }
      var count = 1
      if characters.first == "{" {
        guard let close = characters.firstIndex(of: "}"),
          let number = Int(String(String.UnicodeScalarView(characters[(characters.startIndex + 1)..<close]))),
          (1...Self.maximumLength).contains(number)
        else { return nil }
        count = number
        characters = characters[characters.index(after: close)...]
      }
      if let next = characters.first, next == "*" || next == "+" || next == "?" { return nil }
      sets += repeatElement(atom, count: count)
      guard sets.count <= Self.maximumLength else { return nil }
    }
    guard !sets.isEmpty else { return nil }
    self.sets = sets
  }

  private static func escape(_ scalar: Unicode.Scalar) -> ByteSet? {
    switch scalar {
    case "d": return .digits
    case "D": return ByteSet.digits.inverted
    case "w": return .word
    case "W": return ByteSet.word.inverted
    case "s": return .space
    case "S": return ByteSet.space.inverted
    case "t": return ByteSet(0x09)
    default:
      // Escaped punctuation is literal; `\b`, `\A`, `\1`... are not fixed-width atoms.
      guard scalar.isASCII, !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else { return nil }
      return ByteSet(UInt8(scalar.value))
    }
  }

  /// `[...]` after its `[`: ASCII characters, ranges, `\d`-style classes, optional `^` negation.
  /// Nested classes and Swift's set operators (`&&`, `--`, `~~`) are left to the regex.
  private static func bracket(_ characters: inout ArraySlice<Unicode.Scalar>) -> ByteSet? {
    let text = String(String.UnicodeScalarView(characters))
    if text.contains("&&") || text.contains("--") || text.contains("~~") || text.contains("[") { return nil }
    var set = ByteSet()
    let negated = characters.first == "^"
    if negated { characters = characters.dropFirst() }
    var isFirst = true
    while let scalar = characters.first {
      characters = characters.dropFirst()
      if scalar == "]" && !isFirst {
        return negated ? set.inverted : set
      }
      isFirst = false
      var low: UInt8
      if scalar == "\\" {
        guard let escaped = characters.first, let parsed = escape(escaped) else { return nil }
        characters = characters.dropFirst()
        if parsed.count != 1 {
          set.formUnion(parsed)
          continue
        }
        low = UInt8(escaped.value)
        if escaped == "t" { low = 0x09 }
      } else {
        guard scalar.isASCII else { return nil }
        low = UInt8(scalar.value)
      }
      if characters.first == "-", let high = characters.dropFirst().first, high != "]" {
        guard high.isASCII, high != "\\", UInt8(high.value) >= low else { return nil }
        characters = characters.dropFirst(2)
        for byte in low...UInt8(high.value) { set.insert(byte) }
      } else {
        set.insert(low)
      }
    }
    return nil
  }
}

/// A set of bytes as four 64-bit words.
struct ByteSet: Sendable, Equatable {
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  init() {}

  init(_ byte: UInt8) {
    insert(byte)
  }

  static let digits: ByteSet = {
    var set = ByteSet()
    for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(byte) }
    return set
  }()

  static let word: ByteSet = {
    var set = digits
    for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { set.insert(byte) }
    for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { set.insert(byte) }
    set.insert(UInt8(ascii: "_"))
    return set
  }()

  static let space: ByteSet = {
    var set = ByteSet()
    for byte: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { set.insert(byte) }
    return set
  }()

  func contains(_ byte: UInt8) -> Bool {
    let bit = UInt64(1) << (byte & 63)
    switch byte >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  mutating func insert(_ byte: UInt8) {
    let bit = UInt64(1) << (byte & 63)
    switch byte >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  mutating func formUnion(_ other: ByteSet) {
    words = (words.0 | other.words.0, words.1 | other.words.1, words.2 | other.words.2, words.3 | other.words.3)
  }

  var inverted: ByteSet {
    var copy = self
    copy.words = (~words.0, ~words.1, ~words.2, ~words.3)
    return copy
  }

  var count: Int { words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount }

  static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
    lhs.words == rhs.words
  }
}
