// A deterministic stand-in for the PromLabs demo service the upstream PromQL compliance queries
// were written against (three instances of job "demo"): gauges, counters with a rare reset, a
// cumulative request-duration histogram, a batch-success timestamp and an intermittent series
// that goes stale. Samples sit 7.321 s off the minute grid, so no sample lands exactly on a
// window boundary of the minute-aligned queries (range selectors are left-open in Prometheus 3
// and closed in 2.x; this data cannot tell them apart).
import Foundation
import WardenTesting

struct DemoServiceData {
  typealias Series = (labels: [(String, String)], samples: [(Int64, Double)])

  static let instances = ["demo.promlabs.com:10000", "demo.promlabs.com:10001", "demo.promlabs.com:10002"]
  static let bucketBounds: [Double] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, .infinity]
  static let intervalMs: Int64 = 15_000
  static let offsetMs: Int64 = 7_321

  /// The first minute of data (a multiple of 60 s).
  let startMs: Int64
  /// Number of scrapes per series.
  let count: Int

  var endMs: Int64 { startMs + Self.offsetMs + Int64(count - 1) * Self.intervalMs }

  func timestamp(_ index: Int) -> Int64 { startMs + Self.offsetMs + Int64(index) * Self.intervalMs }

  /// Every series with all of its samples, labels sorted by name.
  func series() -> [Series] {
    var all: [Series] = []
    for (instanceIndex, instance) in Self.instances.enumerated() {
      var random = SeededGenerator(seed: UInt64(instanceIndex + 1) * 0x9E37_79B9)
      let base = [("instance", instance), ("job", "demo")]
      func add(_ name: String, _ extra: [(String, String)], _ values: [Double]) {
        let labels = ([("__name__", name)] + base + extra).sorted { $0.0 < $1.0 }
        all.append((labels, values.enumerated().map { (timestamp($0.offset), $0.element) }))
      }
      let phase = Double(instanceIndex) * 0.7
      for (typeIndex, type) in ["buffers", "cached", "free", "used"].enumerated() {
        let scale = 1e8 * Double(typeIndex + 1)
        add("demo_memory_usage_bytes", [("type", type)], (0..<count).map { index in
          (scale + scale * 0.2 * sin(Double(index) / 20 + phase) + Double(random.next() % 1_000_000)).rounded()
        })
      }
      add("demo_num_cpus", [], [Double](repeating: Double(instanceIndex * 2 + 2), count: count))
      for (modeIndex, mode) in ["idle", "system", "user"].enumerated() {
        var total = 1000.0 * Double(modeIndex + 1)
        add("demo_cpu_usage_seconds_total", [("mode", mode)], (0..<count).map { index in
          // One restart of instance 1 halfway through: its counters start again from zero.
          if instanceIndex == 1, index == count / 2 { total = 0 }
          total += 15 * (0.2 + 0.1 * Double(modeIndex)) * (1 + Double(random.next() % 100) / 200)
          return (total * 1000).rounded() / 1000
        })
      }
      var disk = 5e10 + 1e9 * Double(instanceIndex)
      add("demo_disk_usage_bytes", [], (0..<count).map { index in
        disk += Double(random.next() % 2_000_000) - (index % 40 == 39 ? 3e7 : 0)
        return disk
      })
      var lastSuccess = Double(timestamp(0) / 1000) - 100
      add("demo_batch_last_success_timestamp_seconds", [], (0..<count).map { index in
        if index % 20 == 7 { lastSuccess = Double(timestamp(index)) / 1000 - 3 }
        return lastSuccess
      })
      // Five minutes present, five absent; the first absent scrape writes a stale marker.
      var intermittent: [(Int64, Double)] = []
      for index in 0..<count {
        let present = (index / 20) % 2 == 0
        if present {
          intermittent.append((timestamp(index), Double(instanceIndex + 1)))
        } else if (index / 20) % 2 == 1, index % 20 == 0 {
          intermittent.append((timestamp(index), Double(bitPattern: 0x7FF0_0000_0000_0002)))
        }
      }
      all.append(((([("__name__", "demo_intermittent_metric")] + base).sorted { $0.0 < $1.0 }), intermittent))
      for path in ["/api/bar", "/api/foo"] {
        for status in ["200", "500"] {
          var buckets = [Double](repeating: 0, count: Self.bucketBounds.count)
          var sum = 0.0
          var bucketValues = [[Double]](repeating: [], count: Self.bucketBounds.count)
          var sums: [Double] = []
          for _ in 0..<count {
            let requests = status == "200" ? 10 + Int(random.next() % 20) : Int(random.next() % 3)
            for _ in 0..<requests {
              let uniform = Double(random.next() % 1_000_000) / 1_000_000
              let latency = -log(1 - uniform * 0.999) * (path == "/api/foo" ? 0.08 : 0.3)
              sum += latency
              for (bucketIndex, bound) in Self.bucketBounds.enumerated() where latency <= bound { buckets[bucketIndex] += 1 }
            }
            for bucketIndex in buckets.indices { bucketValues[bucketIndex].append(buckets[bucketIndex]) }
            sums.append(sum)
          }
          let extra = [("method", "GET"), ("path", path), ("status", status)]
          for (bucketIndex, bound) in Self.bucketBounds.enumerated() {
            let le = bound == .infinity ? "+Inf" : String(bound)
            add("demo_api_request_duration_seconds_bucket", extra + [("le", le)], bucketValues[bucketIndex])
          }
          add("demo_api_request_duration_seconds_count", extra, bucketValues[Self.bucketBounds.count - 1])
          add("demo_api_request_duration_seconds_sum", extra, sums)
        }
      }
    }
    return all
  }

  /// The series cut into remote-write requests of `perRequest` consecutive scrapes, in time order.
  func requests(perRequest: Int = 40) -> [[Series]] {
    let all = series()
    var requests: [[Series]] = []
    var from = 0
    while from < count {
      let to = min(count, from + perRequest)
      let fromMs = timestamp(from)
      let toMs = timestamp(to - 1)
      requests.append(
        all.compactMap { entry in
          let samples = entry.samples.filter { $0.0 >= fromMs && $0.0 <= toMs }
          return samples.isEmpty ? nil : (entry.labels, samples)
        })
      from = to
    }
    return requests
  }
}
