// The per-block content filter: a bloom filter (one hash function) of a content-defined sample of
// the 5-byte n-grams of the block's lines. A gram is sampled when its hash says so (1 in 8), never
// by position, so every sampled gram of a needle is in the filter of any block whose lines contain
// the needle: a block whose filter lacks one of them cannot match, and is not decompressed.
// Sampling keeps the filter about an eighth of a full n-gram bloom; needles long enough to hold a
// sampled gram (most of 12 bytes or more, nearly all of 20 or more) can be tested. Sizes and
// false-positive rates: docs/format/logs.md.
#if canImport(Glibc)
  import Glibc
#endif

enum GramBloom {
  /// Bytes per gram; grams never cross line boundaries.
  static let gramLength = 5
  /// A gram is sampled when the top `sampleBits` bits of its hash are zero (1 in 2^sampleBits).
  static let sampleBits: UInt64 = 3
  /// The filter has between this many and twice this many bits per distinct sampled gram.
  static let bitsPerGram = 2
  /// Build-time bitmap: large enough that distinct sampled grams rarely collide before folding.
  static let buildBits = 1 << 20
  /// A filter is never folded below this (bytes), nor written when the block has no grams.
  static let minBytes = 64

  private static let gramMask: UInt64 = (1 << 40) - 1

  @inline(__always)
  static func hash(_ window: UInt64) -> UInt64 {
    (window &+ 0x2545_F491_4F6C_DD1D) &* 0x9E37_79B9_7F4A_7C15
  }

  @inline(__always)
  static func isSampled(_ hash: UInt64) -> Bool { hash >> (64 - sampleBits) == 0 }

  /// The bit of `hash` in a filter of `bitCount` bits (a power of two up to `buildBits`). Folding a
  /// filter in half keeps this relation, which is what lets the builder shrink it.
  @inline(__always)
  static func bit(_ hash: UInt64, bitCount: Int) -> Int { Int(truncatingIfNeeded: hash >> 40) & (bitCount - 1) }

  /// Calls `body` with the hash of each sampled gram of `bytes`.
  @inline(__always)
  static func forEachSampledGram(_ bytes: UnsafeRawBufferPointer, _ body: (UInt64) -> Void) {
    guard bytes.count >= gramLength else { return }
    var window: UInt64 = 0
    for index in 0..<bytes.count {
      window = ((window << 8) | UInt64(bytes[index])) & gramMask
      if index >= gramLength - 1 {
        let hashed = hash(window)
        if isSampled(hashed) { body(hashed) }
      }
    }
  }

  /// The filter of `lines` (each an `UnsafeRawBufferPointer` range of `bytes`), or empty when they
  /// hold no sampled gram.
  static func build(bytes: UnsafeRawBufferPointer, lineEnds: some Sequence<Int>) -> [UInt8] {
    var bits = [UInt64](repeating: 0, count: buildBits / 64)
    var any = false
    bits.withUnsafeMutableBufferPointer { words in
      var start = 0
      for end in lineEnds {
        forEachSampledGram(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { hashed in
          let index = bit(hashed, bitCount: buildBits)
          words[index >> 6] |= 1 << UInt64(index & 63)
          any = true
        }
        start = end
      }
    }
    guard any else { return [] }
    // Linear counting: the number of distinct grams from the share of bits still clear.
    let set = bits.reduce(0) { $0 + $1.nonzeroBitCount }
    let clear = Double(buildBits - set) / Double(buildBits)
    let distinct = clear > 0 ? -Double(buildBits) * log(clear) : Double(buildBits)
    var wordCount = bits.count
    while wordCount > minBytes / 8, Double(wordCount * 64 / 2) >= distinct * Double(bitsPerGram) {
      wordCount /= 2
      for index in 0..<wordCount { bits[index] |= bits[index + wordCount] }
    }
    var result = [UInt8]()
    result.reserveCapacity(wordCount * 8)
    for word in bits[0..<wordCount] {
      for shift in stride(from: 0, to: 64, by: 8) { result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
    return result
  }

  /// The sampled gram hashes of the needles (deduplicated). Needles without one add nothing: they
  /// cannot be tested.
  static func probes(_ needles: [[UInt8]]) -> [UInt64] {
    var hashes = Set<UInt64>()
    for needle in needles {
      needle.withUnsafeBytes { forEachSampledGram($0) { hashes.insert($0) } }
    }
    return Array(hashes)
  }

  /// False when the filter proves the block's lines cannot contain every needle the probes came
  /// from. An empty filter means the block holds no sampled gram at all.
  static func mayContain(_ filter: UnsafeRawBufferPointer, probes: [UInt64]) -> Bool {
    guard !probes.isEmpty else { return true }
    guard filter.count >= minBytes, filter.count.nonzeroBitCount == 1 else { return filter.isEmpty ? false : true }
    let bitCount = filter.count * 8
    for probe in probes {
      let index = bit(probe, bitCount: bitCount)
      if filter[index >> 3] & (1 << UInt8(index & 7)) == 0 { return false }
    }
    return true
  }
}
