// Which encoding a stored chunk uses, and one iterator over any of them, so readers of block
// chunks need not care which one a block was written with.

/// A chunk encoding's id, as recorded next to the chunk (a block's chunk frame).
package enum ChunkEncoding: UInt8, Sendable, Equatable {
  /// Gorilla-style bit stream (`XORChunkEncoder`): the head's encoding and blocks of version 1.
  case xor = 1
  /// Byte-aligned decimal mantissas (`DecimalChunkEncoder`): blocks of version 2.
  case decimal = 2
}

/// Iterates the samples of a chunk of either encoding. A value type; not thread-safe.
package struct ChunkIterator {
  // Exactly one is set. Optionals (not an enum with payloads) so `next()` mutates in place
  // instead of copying the iterator out and back on every sample.
  private var xor: XORChunkIterator?
  private var decimal: DecimalChunkIterator?

  /// Iterates over `bytes`, a chunk in `encoding`.
  package init(encoding: ChunkEncoding, bytes: [UInt8]) {
    switch encoding {
    case .xor: xor = XORChunkIterator(bytes: bytes)
    case .decimal: decimal = DecimalChunkIterator(bytes: bytes)
    }
  }

  /// The next sample, or nil after the last one.
  /// - Throws: `CodecError` if the chunk is truncated or corrupt.
  package mutating func next() throws(CodecError) -> (timestampMs: Int64, value: Double)? {
    if decimal != nil { return try decimal!.next() }
    return try xor!.next()
  }
}
