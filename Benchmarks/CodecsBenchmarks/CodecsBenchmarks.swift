// Benchmarks of the codecs on the metric store's hot paths: encoding and decoding a 120-sample
// XOR chunk, and CRC32C over 1 MiB (the WAL and block checksum). Compared with Prometheus in bench/.

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
