// Decodes a whole chunk through `ChunkIterator`, as block reads do, keeping what came before the
// first error: the shared reader of the decimal chunk tests.
import Codecs
import WardenCore

/// The samples of `bytes` in `encoding` up to the first error, and that error.
func decodeChunk(_ bytes: [UInt8], encoding: ChunkEncoding) -> (samples: [Sample], error: CodecError?) {
  var iterator = ChunkIterator(encoding: encoding, bytes: bytes)
  var samples: [Sample] = []
  do throws(CodecError) {
    while let next = try iterator.next() { samples.append(Sample(timestampMs: next.timestampMs, value: next.value)) }
    return (samples, nil)
  } catch {
    return (samples, error)
  }
}
