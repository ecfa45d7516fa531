// SeriesMemory: resident memory per active series in the metric store's head. Creates N
// node_exporter-like series (name, instance, job and two more labels, values of realistic length)
// with a few samples each in a fresh store, and prints the RSS growth divided by N. Each batch's
// labels are built just for it, as a scrape's parser would, so what the store keeps of them counts
// and the rest is freed with the batch.
//
// Usage: SeriesMemory SERIES_COUNT [SAMPLES_PER_SERIES] (a temporary store directory is used and removed).
//   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product SeriesMemory
import Foundation
import Logging
import MetricStore
import WardenCore

#if canImport(Glibc)
  import Glibc
#endif

func residentKiB() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
  for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
  }
  return -1
}

let arguments = CommandLine.arguments
guard arguments.count >= 2, let seriesCount = Int(arguments[1]), seriesCount > 0 else {
  FileHandle.standardError.write(Data("usage: SeriesMemory SERIES_COUNT [SAMPLES_PER_SERIES]\n".utf8))
  exit(1)
}
let samplesPerSeries = arguments.count >= 3 ? Int(arguments[2]) ?? 4 : 4
let directory = NSTemporaryDirectory() + "series-memory-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: directory) }

let metricNames = [
  "node_cpu_seconds_total", "node_network_receive_bytes_total", "node_filesystem_avail_bytes",
  "node_disk_read_bytes_total", "node_memory_MemAvailable_bytes",
]
func seriesLabels(_ n: Int) -> Labels {
  Labels([
    Label(Labels.metricName, metricNames[n % metricNames.count]),
    Label("instance", "host-\(n / 250).example.internal:9100"),
    Label("job", "node"),
    Label("device", "dev\(n % 250)"),
    Label("mode", ["idle", "user", "system", "iowait"][n % 4]),
  ])
}

var logger = Logger(label: "series-memory")
logger.logLevel = .warning
let store = try MetricStore(directory: directory, fsync: .groupCommit, logger: logger)
let before = residentKiB()
let start = ContinuousClock.now
let batchSeries = 10_000
for round in 0..<samplesPerSeries {
  for first in stride(from: 0, to: seriesCount, by: batchSeries) {
    var batch = SampleBatch()
    for n in first..<min(first + batchSeries, seriesCount) {
      let index = batch.addSeries(seriesLabels(n))
      batch.append(seriesIndex: index, timestampMs: 1_767_225_600_000 + Int64(round) * 15_000, value: Double(n &* 31 &+ round))
    }
    _ = try await store.append(batch)
  }
}
let after = residentKiB()
let elapsed = ContinuousClock.now - start
print(
  "series=\(seriesCount) samples_per_series=\(samplesPerSeries) rss_before_kib=\(before) rss_after_kib=\(after)"
    + " bytes_per_series=\((after - before) * 1024 / seriesCount) store_series=\(store.seriesCount)"
    + " seconds=\(elapsed.components.seconds)")
store.close()
