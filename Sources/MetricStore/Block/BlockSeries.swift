// The unit a block is written from and read back as: one series' labels and its chunks (XOR from
// the head and version-1 blocks, decimal-delta from version-2 and -3 blocks, decimal-planes from
// version-4 blocks).
package import Codecs
package import WardenCore

/// One series' data for a block: labels and its chunks (ascending, non-overlapping in time).
/// A plain value; safe to share between tasks.
package struct BlockSeries: Sendable, Equatable {
  package var labels: Labels
  package var chunks: [BlockChunk]

  package init(labels: Labels, chunks: [BlockChunk]) {
    self.labels = labels
    self.chunks = chunks
  }
}

/// One encoded chunk and the time range of its samples (both ends inclusive).
package struct BlockChunk: Sendable, Equatable {
  package var minTimeMs: Int64
  package var maxTimeMs: Int64
  /// The encoded chunk: an XOR chunk (`XORChunkEncoder.bytes`), a decimal-delta chunk
  /// (`DecimalChunkEncoder`) or a decimal-planes chunk (`DecimalPlanesEncoder`), as `encoding`
  /// says. Read it with `samples()`.
  package var bytes: [UInt8]
  /// How `bytes` is encoded.
  package var encoding: ChunkEncoding

  package init(minTimeMs: Int64, maxTimeMs: Int64, bytes: [UInt8], encoding: ChunkEncoding = .xor) {
    self.minTimeMs = minTimeMs
    self.maxTimeMs = maxTimeMs
    self.bytes = bytes
    self.encoding = encoding
  }

  /// An iterator over the chunk's samples, whatever its encoding.
  package func samples() -> ChunkIterator {
    ChunkIterator(encoding: encoding, bytes: bytes)
  }

  /// Samples in the chunk, from its 2-byte big-endian header, which every encoding starts with
  /// (0 if the header is missing).
  var sampleCount: Int {
    bytes.count >= 2 ? Int(bytes[0]) << 8 | Int(bytes[1]) : 0
  }
}
