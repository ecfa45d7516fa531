// Which encoding a stored chunk uses, and one iterator over any of them, so readers of block
// chunks need not care which one a block was written with.

/// A chunk encoding's id, as recorded next to the chunk (a block's chunk frame).
package enum ChunkEncoding: UInt8, Sendable, Equatable {
  /// Gorilla-style bit stream (`XORChunkEncoder`): the head's encoding and blocks of version 1.
  case xor = 1
  /// Byte-aligned decimal mantissas (`DecimalChunkEncoder`): blocks of version 2.
  case decimal = 2
  /// As `decimal`, with value mode 3 (deltas around a base) allowed: blocks of version 3.
  case decimalWithBase = 3
  /// Decimal mantissas as byte planes of model residuals (`DecimalPlanesEncoder`): blocks of version 4.
  case decimalPlanes = 4
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
    case .decimalWithBase: decimal = DecimalChunkIterator(bytes: bytes, allowsBase: true)
    case .decimalPlanes: decimal = DecimalChunkIterator(bytes: bytes[...], layout: .planes)
    }
  }

  /// The next sample, or nil after the last one.
  /// - Throws: `CodecError` if the chunk is truncated or corrupt.
  package mutating func next() throws(CodecError) -> (timestampMs: Int64, value: Double)? {
    if decimal != nil { return try decimal!.next() }
    return try xor!.next()
  }

  /// Appends the remaining samples with timestamps in `[startMs, endMs]` to the columns, in bulk
  /// where the encoding allows (a decimal chunk is decoded whole anyway).
  /// - Throws: `CodecError` if the chunk is truncated or corrupt.
  package mutating func append(
    from startMs: Int64, through endMs: Int64, timestamps: inout [Int64], values: inout [Double]
  ) throws(CodecError) {
    if decimal != nil {
      try decimal!.append(from: startMs, through: endMs, timestamps: &timestamps, values: &values)
      return
    }
    while let sample = try xor!.next() {
      if sample.timestampMs < startMs { continue }
      if sample.timestampMs > endMs { break }
      timestamps.append(sample.timestampMs)
      values.append(sample.value)
    }
  }
}
