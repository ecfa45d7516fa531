// Benchmarks of the built-in collectors: one full host collection encoded to exposition text, and
// one collection of the process's own metrics. Compared with node_exporter in bench/.

import Benchmark
import Collect
import WardenCore

let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [.instructions, .mallocCountTotal, .wallClock]

  Benchmark("HostCollector.collect", configuration: .init(metrics: metrics)) { benchmark in
    let collector = HostCollector()
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      var encoder = ExpositionEncoder(reservingCapacity: 64 * 1024)
      collector.collect(into: &encoder)
      blackHole(encoder.bytes)
    }
  }

  Benchmark("ProcessCollector.collect", configuration: .init(metrics: metrics)) { benchmark in
    let collector = ProcessCollector()
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      var encoder = ExpositionEncoder(reservingCapacity: 4 * 1024)
      collector.collect(into: &encoder)
      blackHole(encoder.bytes)
    }
  }
}
