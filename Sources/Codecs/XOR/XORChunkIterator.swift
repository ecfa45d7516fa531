// Reads the samples of one XOR chunk in order, from an array, a slice or borrowed memory
// (a memory-mapped block). Works on a chunk that is still being appended to: it sees the
// samples that the copy of `bytes` it was given holds.

/// Iterates the samples of an XOR chunk produced by `XORChunkEncoder`.
///
/// Decoding stops after the sample count in the header. Short or corrupt input ends with a
/// `CodecError`, never a trap, and never reads outside the bytes; samples returned before the
/// error are the ones the bytes really hold (for truncation) or at worst wrong values (for bit
/// flips, which the containing file's checksum is there to catch). After an error, `next()`
/// throws the same error again.
///
/// A value type; not thread-safe. Each reader makes its own.
package struct XORChunkIterator {
  /// Keeps owned bytes alive; empty when iterating borrowed memory.
  private let owned: ArraySlice<UInt8>
  /// The borrowed memory, or nil when iterating `owned`.
  private let borrowed: UnsafeRawBufferPointer?
  private var decoder = XORChunkDecoder()
  private var failure: CodecError?

  /// Iterates over a copy-on-write snapshot of encoded bytes (for example `XORChunkEncoder.bytes`).
  package init(bytes: [UInt8]) {
    owned = bytes[...]
    borrowed = nil
  }

  /// Iterates over a slice of a larger buffer that holds the chunk at its start.
  package init(bytes: ArraySlice<UInt8>) {
    owned = bytes
    borrowed = nil
  }

  /// Iterates over borrowed memory, such as a chunk inside a memory-mapped block.
  /// - Parameter bytes: must stay valid and unchanged for the life of the iterator.
  package init(bytes: UnsafeRawBufferPointer) {
    owned = []
    borrowed = bytes
  }

  /// Samples in the chunk, known after the first call to `next()`.
  package var sampleCount: Int? { decoder.sampleCount }

  /// Samples returned so far.
  package var decodedCount: Int { decoder.decoded }

  /// The next sample, or nil after the last one.
  /// - Throws: `CodecError` if the chunk is truncated or corrupt.
  package mutating func next() throws(CodecError) -> (timestampMs: Int64, value: Double)? {
    if let failure { throw failure }
    do {
      if let borrowed {
        return try decoder.next(in: borrowed)
      }
      // `withUnsafeBufferPointer` forwards typed throws; `withUnsafeBytes` does not (6.3).
      return try owned.withUnsafeBufferPointer { (buffer) throws(CodecError) in
        try self.decoder.next(in: UnsafeRawBufferPointer(buffer))
      }
    } catch {
      failure = error
      throw error
    }
  }
}
