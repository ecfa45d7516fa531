// Benchmarks of the built-in collectors: one full host collection encoded to exposition text, and
// one collection of the process's own metrics. Compared with node_exporter in bench/.

import Benchmark
import Collect
import WardenCore

let benchmarks: @Sendable () -> Void = {
  let metrics: [BenchmarkMetric] = [.instructions, .mallocCountTotal, .wallClock]
  // One collector for all samples, as the server keeps one: its name caches are warm after the
  // warm-up run, which is the steady state being measured.
  let hostCollector = HostCollector()
  let processCollector = ProcessCollector()

  Benchmark("HostCollector.collect", configuration: .init(metrics: metrics)) { benchmark in
    let collector = hostCollector
    for _ in benchmark.scaledIterations {
      var encoder = ExpositionEncoder(reservingCapacity: 64 * 1024)
      collector.collect(into: &encoder)
      blackHole(encoder.bytes)
    }
  }

  Benchmark("ProcessCollector.collect", configuration: .init(metrics: metrics)) { benchmark in
    let collector = processCollector
    for _ in benchmark.scaledIterations {
      var encoder = ExpositionEncoder(reservingCapacity: 4 * 1024)
      collector.collect(into: &encoder)
      blackHole(encoder.bytes)
    }
  }
}
