// `RemoteWriteLoad parse`: the speed of ExpositionParser.parse on one exposition page (a captured
// node_exporter page or a generated one), in MB/s and samples/s, best and median of several runs.
import Foundation
import Ingest

enum ParseBenchmark {
  /// A Prometheus text page of `series` series in families of 10 (one HELP/TYPE per family),
  /// label sets shaped like node_exporter's.
  static func generatedPage(series: Int, seed: UInt64) -> [UInt8] {
    var random = SeededRandom(state: seed)
    var text = ""
    text.reserveCapacity(series * 100)
    for index in 0..<series {
      let family = index / 10
      if index % 10 == 0 {
        text += "# HELP bench_metric_\(family)_total Synthetic counter number \(family).\n"
        text += "# TYPE bench_metric_\(family)_total counter\n"
      }
      let value = (random.unit() * 1e9).rounded() / 100
      text += "bench_metric_\(family)_total{device=\"dev\(index % 10)\",instance=\"host-\(family % 50):9100\",job=\"node\",mode=\"m\(index % 7)\"} \(value)\n"
    }
    return Array(text.utf8)
  }

  /// Parses `bytes` `runs` times; returns one line of key=value figures.
  static func run(bytes: [UInt8], runs: Int) throws -> String {
    var times: [Double] = []
    var samples = 0
    for _ in 0..<max(runs, 1) {
      let start = ContinuousClock.now
      let result = try ExpositionParser.parse(bytes, format: .prometheusText)
      let elapsed = ContinuousClock.now - start
      samples = result.samples.count
      times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    times.sort()
    let best = times[0]
    let median = times[times.count / 2]
    let megabytes = Double(bytes.count) / 1e6
    func fixed(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
    return "bytes=\(bytes.count) samples=\(samples) runs=\(times.count)"
      + " best_ms=\(fixed(best * 1000, 3)) median_ms=\(fixed(median * 1000, 3))"
      + " best_mb_per_s=\(fixed(megabytes / best)) median_mb_per_s=\(fixed(megabytes / median))"
      + " best_samples_per_s=\(Int(Double(samples) / best)) median_samples_per_s=\(Int(Double(samples) / median))"
  }
}
