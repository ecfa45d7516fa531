// Packs ascending samples into block chunks of at most a given number of samples each: used
// wherever stored samples are re-encoded (cutting with out-of-order data, deletions, compaction of
// overlapping blocks, downsampling).
import Codecs

struct BlockChunkBuilder {
  let samplesPerChunk: Int
  private(set) var chunks: [BlockChunk] = []
  private var encoder = XORChunkEncoder()

  init(samplesPerChunk: Int = 120) {
    self.samplesPerChunk = max(1, samplesPerChunk)
  }

  mutating func append(timestampMs: Int64, value: Double) {
    if encoder.count >= samplesPerChunk { closeChunk() }
    encoder.append(timestampMs: timestampMs, value: value)
  }

  /// The chunks, the last one closed.
  mutating func finish() -> [BlockChunk] {
    if encoder.count > 0 { closeChunk() }
    return chunks
  }

  private mutating func closeChunk() {
    chunks.append(BlockChunk(minTimeMs: encoder.firstTimestampMs, maxTimeMs: encoder.lastTimestampMs, bytes: encoder.bytes))
    encoder = XORChunkEncoder()
  }
}
