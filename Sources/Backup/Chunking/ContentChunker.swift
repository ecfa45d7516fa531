// Content-defined chunking (FastCDC: a gear rolling hash, cut points skipped below the minimum
// size, and "normalized" chunking: a harder mask before the average size and an easier one after,
// which narrows the size spread around the average). Because cut points depend on the content
// only, an insertion early in a file moves the chunk boundaries near it and no others, so
// unchanged regions deduplicate. The gear table is derived from a per-repository seed, so chunk
// boundaries (and sizes) do not reveal which known files a repository holds.
// Our own implementation from the FastCDC paper (Xia et al., USENIX ATC 2016); no package does it.

/// Finds chunk boundaries in a byte stream. Immutable and thread-safe.
package struct ContentChunker: Sendable {
  package let minimumSize: Int
  package let averageSize: Int
  package let maximumSize: Int
  private let maskBeforeAverage: UInt64
  private let maskAfterAverage: UInt64
  /// 256 random words, one per byte value.
  private let gear: [UInt64]

  /// Defaults: 512 KiB minimum, 1 MiB average, 8 MiB maximum.
  package init(seed: UInt64, minimumSize: Int = 512 << 10, averageSize: Int = 1 << 20, maximumSize: Int = 8 << 20) {
    precondition(minimumSize > 0 && minimumSize < averageSize && averageSize < maximumSize, "BUG: chunk sizes out of order")
    self.minimumSize = minimumSize
    self.averageSize = averageSize
    self.maximumSize = maximumSize
    let bits = max(4, Int.bitWidth - averageSize.leadingZeroBitCount - 1)
    maskBeforeAverage = Self.topBits(bits + 2)
    maskAfterAverage = Self.topBits(bits - 2)
    var state = seed
    gear = (0..<256).map { _ in Self.splitMix(&state) }
  }

  /// A mask of `count` one-bits at the top: with the hash shifted left a byte at a time, the top
  /// bits depend on the most recent 64 bytes, the rolling window.
  private static func topBits(_ count: Int) -> UInt64 {
    count >= 64 ? ~0 : ((1 << UInt64(count)) - 1) << UInt64(64 - count)
  }

  /// SplitMix64: a well-mixed word sequence from one seed (Steele, Lea, Flood 2014).
  private static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The length of the chunk that starts at `bytes[0]`, or nil when `bytes` is too short to decide
  /// and more data follows (`atEnd` false). At the end of the stream the rest is one chunk.
  package func boundary(in bytes: UnsafeRawBufferPointer, atEnd: Bool) -> Int? {
    let count = bytes.count
    if count <= minimumSize { return atEnd ? count : nil }
    let limit = min(count, maximumSize)
    let normal = min(limit, averageSize)
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return atEnd ? 0 : nil }
    // The table pointer is taken once per call, so the loop reads it without bounds checks.
    let cut: Int? = gear.withUnsafeBufferPointer { table in
      let gear = table.baseAddress!
      var hash: UInt64 = 0
      var index = minimumSize
      while index < normal {
        hash = (hash << 1) &+ gear[Int(base[index])]
        if hash & maskBeforeAverage == 0 { return index + 1 }
        index += 1
      }
      while index < limit {
        hash = (hash << 1) &+ gear[Int(base[index])]
        if hash & maskAfterAverage == 0 { return index + 1 }
        index += 1
      }
      return nil
    }
    if let cut { return cut }
    if limit == maximumSize { return maximumSize }
    return atEnd ? count : nil
  }
}
