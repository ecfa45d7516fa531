// Benchmarks of the codecs on the metric store's hot paths: encoding and decoding a 120-sample
// XOR chunk, decoding a 720-sample block chunk in encodings 3 and 4, and CRC32C over 1 MiB (the
// WAL and block checksum). Compared with Prometheus in bench/.

import Benchmark
import Codecs

let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [.instructions, .mallocCountTotal, .throughput, .wallClock]

  // A node_exporter-like CPU seconds counter: 15 s scrapes with a few ms of jitter, values in
  // hundredths of a second. Deterministic, so runs compare.
  var state: UInt64 = 0x5EED
  func nextRandom() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  var timestamps: [Int64] = []
  var values: [Double] = []
  var ticks: UInt64 = 12_345_678
  for index in 0..<120 {
    timestamps.append(1_700_000_000_000 + Int64(index) * 15_000 + Int64(nextRandom() % 7) - 3)
    ticks += 1_400 + nextRandom() % 200
    values.append(Double(ticks) / 100)
  }
  let sampleTimestamps = timestamps
  let sampleValues = values

  var encoder = XORChunkEncoder()
  for index in 0..<120 {
    encoder.append(timestampMs: sampleTimestamps[index], value: sampleValues[index])
  }
  let chunk = encoder.bytes

  let mebibyte = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: nextRandom()) }

  // The same kind of counter over 720 samples (a block chunk of a 6 h block), in encoding 3
  // (decimal deltas around a base, varints) and encoding 4 (decimal planes): what a block read
  // decodes per series.
  var longTimestamps: [Int64] = []
  var longValues: [Double] = []
  for index in 0..<720 {
    longTimestamps.append(1_700_000_000_000 + Int64(index) * 15_000 + Int64(nextRandom() % 7) - 3)
    ticks += 1_400 + nextRandom() % 200
    longValues.append(Double(ticks) / 100)
  }
  let decimalChunks: [(String, ChunkEncoding, [UInt8])] = [
    ("DecimalChunk.decode720.encoding3", .decimalWithBase,
     DecimalChunkEncoder.encode(timestamps: longTimestamps, values: longValues, allowsBase: true)),
    ("DecimalChunk.decode720.encoding4", .decimalPlanes,
     DecimalPlanesEncoder.encode(timestamps: longTimestamps, values: longValues)),
  ]
  for (name, encoding, bytes) in decimalChunks {
    Benchmark(name, configuration: .init(metrics: metrics)) { benchmark in
      var decodedTimestamps: [Int64] = []
      var decodedValues: [Double] = []
      decodedTimestamps.reserveCapacity(720)
      decodedValues.reserveCapacity(720)
      for _ in benchmark.scaledIterations {
        decodedTimestamps.removeAll(keepingCapacity: true)
        decodedValues.removeAll(keepingCapacity: true)
        var iterator = ChunkIterator(encoding: encoding, bytes: bytes)
        do {
          try iterator.append(from: .min, through: .max, timestamps: &decodedTimestamps, values: &decodedValues)
        } catch {
          fatalError("BUG: the benchmark chunk does not decode: \(error)")
        }
        precondition(decodedValues.count == 720)
        blackHole(decodedValues.last)
      }
    }
  }

  Benchmark("XORChunk.encode120", configuration: .init(metrics: metrics)) { benchmark in
    for _ in benchmark.scaledIterations {
      var encoder = XORChunkEncoder()
      for index in 0..<sampleTimestamps.count {
        encoder.append(timestampMs: sampleTimestamps[index], value: sampleValues[index])
      }
      blackHole(encoder.bytes)
    }
  }

  Benchmark("XORChunk.decode120", configuration: .init(metrics: metrics)) { benchmark in
    for _ in benchmark.scaledIterations {
      var iterator = XORChunkIterator(bytes: chunk)
      var sum = 0.0
      var last: Int64 = 0
      do {
        while let sample = try iterator.next() {
          sum += sample.value
          last = sample.timestampMs
        }
      } catch {
        fatalError("BUG: the benchmark chunk does not decode: \(error)")
      }
      blackHole(sum)
      blackHole(last)
    }
  }

  Benchmark("CRC32C.1MiB", configuration: .init(metrics: metrics)) { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(CRC32C.checksum(mebibyte))
    }
  }
}
