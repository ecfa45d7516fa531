// Helpers shared by the XOR chunk tests: a bit-exact sample type, encode and decode shortcuts.
import Codecs

/// One sample, compared by bit pattern so NaN payloads and -0.0 count.
struct Sample: Equatable, CustomStringConvertible {
  var timestampMs: Int64
  var value: Double

  static func == (lhs: Sample, rhs: Sample) -> Bool {
    lhs.timestampMs == rhs.timestampMs && lhs.value.bitPattern == rhs.value.bitPattern
  }

  var description: String {
    "(\(timestampMs), \(value) 0x\(String(value.bitPattern, radix: 16)))"
  }
}

/// Encodes `samples` into one chunk.
func encodeChunk(_ samples: [Sample]) -> XORChunkEncoder {
  var encoder = XORChunkEncoder()
  for sample in samples {
    encoder.append(timestampMs: sample.timestampMs, value: sample.value)
  }
  return encoder
}

/// Decodes every sample of `bytes`, throwing at the first error.
func decodeChunk(_ bytes: [UInt8]) throws(CodecError) -> [Sample] {
  var iterator = XORChunkIterator(bytes: bytes)
  var samples: [Sample] = []
  while let next = try iterator.next() {
    samples.append(Sample(timestampMs: next.timestampMs, value: next.value))
  }
  return samples
}

/// Decodes as far as possible: the samples before the first error, and that error (if any).
func decodePrefix(_ bytes: [UInt8]) -> (samples: [Sample], error: CodecError?) {
  var iterator = XORChunkIterator(bytes: bytes)
  var samples: [Sample] = []
  do throws(CodecError) {
    while let next = try iterator.next() {
      samples.append(Sample(timestampMs: next.timestampMs, value: next.value))
    }
    return (samples, nil)
  } catch {
    return (samples, error)
  }
}

/// Pairs timestamps with values, cycling `values` when shorter.
func zipSamples(_ timestamps: [Int64], _ values: [Double]) -> [Sample] {
  timestamps.indices.map { Sample(timestampMs: timestamps[$0], value: values[$0 % values.count]) }
}
