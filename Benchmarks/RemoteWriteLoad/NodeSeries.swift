// The synthetic node_exporter-like series the remote_write load sends: label sets shaped like a
// node_exporter page (sorted, with __name__, instance, job and per-metric labels such as cpu/mode or
// device) and values that behave like real ones (counters with irregular increments, random-walk
// gauges), all from one seed so every target receives the same bytes.

/// SplitMix64: small, fast and deterministic across runs and platforms.
struct SeededRandom {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in 0..<1.
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// One metric family of the host template: its name, whether it is a counter, and the extra
/// label sets every host exposes for it.
struct MetricTemplate {
  let name: String
  let isCounter: Bool
  let extraLabels: [[(String, String)]]
}

/// A series: its sorted labels and its current value. Histogram buckets stay cumulative: a
/// bucket grows by at least what the bucket below it (`lowerBucket`, an index into the same
/// array, always earlier) grew in the same step.
struct SyntheticSeries {
  let labels: [(String, String)]
  let isCounter: Bool
  var value: Double
  var lowerBucket: Int? = nil
  var lastIncrement: Double = 0
}

enum NodeSeries {
  /// About 100 series per host, the size of a small node_exporter page.
  static let template: [MetricTemplate] = {
    let cpus = (0..<4).map(String.init)
    let modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"]
    let devices = ["nvme0n1", "sda", "sdb"]
    let interfaces = ["eth0", "lo"]
    let filesystems = [("/", "/dev/nvme0n1p2", "ext4"), ("/boot", "/dev/nvme0n1p1", "vfat"), ("/var", "/dev/sda1", "xfs")]
    var result: [MetricTemplate] = []
    result.append(MetricTemplate(
      name: "node_cpu_seconds_total", isCounter: true,
      extraLabels: cpus.flatMap { cpu in modes.map { [("cpu", cpu), ("mode", $0)] } }))
    for name in ["node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_disk_io_time_seconds_total",
                 "node_disk_reads_completed_total", "node_disk_writes_completed_total"] {
      result.append(MetricTemplate(name: name, isCounter: true, extraLabels: devices.map { [("device", $0)] }))
    }
    for name in ["node_network_receive_bytes_total", "node_network_transmit_bytes_total",
                 "node_network_receive_packets_total", "node_network_transmit_packets_total"] {
      result.append(MetricTemplate(name: name, isCounter: true, extraLabels: interfaces.map { [("device", $0)] }))
    }
    for name in ["node_filesystem_avail_bytes", "node_filesystem_free_bytes", "node_filesystem_size_bytes"] {
      result.append(MetricTemplate(
        name: name, isCounter: false,
        extraLabels: filesystems.map { [("device", $0.1), ("fstype", $0.2), ("mountpoint", $0.0)] }))
    }
    for name in ["node_memory_MemAvailable_bytes", "node_memory_MemFree_bytes", "node_memory_Cached_bytes",
                 "node_memory_Buffers_bytes", "node_load1", "node_load5", "node_load15", "node_procs_running"] {
      result.append(MetricTemplate(name: name, isCounter: false, extraLabels: [[]]))
    }
    for name in ["node_context_switches_total", "node_intr_total", "node_forks_total"] {
      result.append(MetricTemplate(name: name, isCounter: true, extraLabels: [[]]))
    }
    return result
  }()

  static var seriesPerHost: Int { template.reduce(0) { $0 + $1.extraLabels.count } }

  /// The upper bounds of the optional request-latency histogram, one family per host and handler.
  static let bucketBounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]
  static let handlers = ["/api", "/login"]

  /// `count` series: whole hosts of the template, the last one cut short if needed. With
  /// `histograms`, each host also has `http_request_duration_seconds` buckets, sum and count
  /// for two handlers (28 series), for histogram_quantile queries.
  static func make(count: Int, histograms: Bool = false, random: inout SeededRandom) -> [SyntheticSeries] {
    var series: [SyntheticSeries] = []
    series.reserveCapacity(count)
    var host = 0
    while series.count < count {
      let instance = "host-\(host).example.internal:9100"
      for metric in template {
        for extra in metric.extraLabels where series.count < count {
          var labels = [("__name__", metric.name), ("instance", instance), ("job", "node")] + extra
          labels.sort { $0.0 < $1.0 }
          let start = metric.isCounter ? (random.unit() * 1e6).rounded() : random.unit() * 1e9
          series.append(SyntheticSeries(labels: labels, isCounter: metric.isCounter, value: start))
        }
      }
      if histograms {
        for handler in handlers {
          var lower: Int? = nil
          for bound in bucketBounds where series.count < count {
            let labels = [("__name__", "http_request_duration_seconds_bucket"), ("handler", handler), ("instance", instance), ("job", "node"), ("le", bound)]
            series.append(SyntheticSeries(labels: labels, isCounter: true, value: 0, lowerBucket: lower))
            lower = series.count - 1
          }
          for suffix in ["count", "sum"] where series.count < count {
            let labels = [("__name__", "http_request_duration_seconds_\(suffix)"), ("handler", handler), ("instance", instance), ("job", "node")]
            // _count follows the +Inf bucket; _sum grows by about 0.2 s per request.
            series.append(SyntheticSeries(labels: labels, isCounter: true, value: 0, lowerBucket: suffix == "count" ? lower : nil))
          }
        }
      }
      host += 1
    }
    return series
  }

  /// Moves every value one scrape interval on: counters grow by an irregular amount (sometimes
  /// zero), gauges take a bounded random step.
  static func advance(_ series: inout [SyntheticSeries], random: inout SeededRandom) {
    for index in series.indices {
      let r = random.unit()
      if let lower = series[index].lowerBucket {
        let isCount = series[index].labels[0].1.hasSuffix("_count")
        let increment = series[lower].lastIncrement + (isCount ? 0 : (r * 6).rounded(.down))
        series[index].lastIncrement = increment
        series[index].value += increment
      } else if series[index].labels[0].1.hasPrefix("http_request_duration_seconds") {
        // The lowest bucket, or the _sum (which follows the _count just before it).
        let increment = series[index].labels[0].1.hasSuffix("_sum") ? series[index - 1].lastIncrement * 0.2 * (0.5 + r) : (r * 4).rounded(.down)
        series[index].lastIncrement = increment
        series[index].value += increment
      } else if series[index].isCounter {
        series[index].value += r < 0.2 ? 0 : (r * 1000).rounded()
      } else {
        series[index].value = max(0, series[index].value + (r - 0.5) * 1e6)
      }
    }
  }
}
