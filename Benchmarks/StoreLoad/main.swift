// StoreLoad: loads a Prometheus-text-with-timestamps file (`name{labels} value timestamp_ms` per
// line, lines grouped by timestamp, as written by bench/gen_node_series.py) into a fresh
// MetricStore, one append per timestamp (every series of one "scrape round" in one batch), runs
// maintenance at every new 2 h boundary of data time (as the maintenance service would) and once
// more at the end with `nowMs: last + 3h`, closes the store and prints one line of key=value figures.
//
// Usage: StoreLoad DATA_FILE STORE_DIR [--fsync group|every|batched]
//   (the store directory must not exist or be empty). Built only with WARDEN_BENCHMARKS set:
//   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product StoreLoad
import Foundation
import Logging
import MetricStore
import WardenCore

#if canImport(Glibc)
  import Glibc
#endif

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("StoreLoad: \(message)\n".utf8))
  exit(1)
}

func procStatusKiB(_ key: String) -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
  for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
  }
  return -1
}

func directoryBytes(_ path: String) -> Int {
  var total = 0
  guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
  while let name = walker.nextObject() as? String {
    let full = path + "/" + name
    var info = stat()
    if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { total += Int(info.st_size) }
  }
  return total
}

/// Parses `name{a="b",c="d"}` (no escapes other than \" \\ \n in values) into labels.
func parseLabels(_ bytes: UnsafeBufferPointer<UInt8>) -> Labels {
  var pairs: [Label] = []
  var i = 0
  let n = bytes.count
  while i < n, bytes[i] != UInt8(ascii: "{") { i += 1 }
  pairs.append(Label(Labels.metricName, String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<i]), as: UTF8.self)))
  i += 1
  while i < n, bytes[i] != UInt8(ascii: "}") {
    let nameStart = i
    while bytes[i] != UInt8(ascii: "=") { i += 1 }
    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<i]), as: UTF8.self)
    i += 2  // ="
    var value: [UInt8] = []
    while bytes[i] != UInt8(ascii: "\"") {
      if bytes[i] == UInt8(ascii: "\\") {
        i += 1
        value.append(bytes[i] == UInt8(ascii: "n") ? 10 : bytes[i])
      } else {
        value.append(bytes[i])
      }
      i += 1
    }
    i += 1  // closing quote
    if i < n, bytes[i] == UInt8(ascii: ",") { i += 1 }
    pairs.append(Label(name, String(decoding: value, as: UTF8.self)))
  }
  return Labels(pairs)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: StoreLoad DATA_FILE STORE_DIR [--fsync group|every|batched]") }
let dataPath = arguments[1]
let storeDirectory = arguments[2]
var fsync = FsyncPolicy.groupCommit
if let index = arguments.firstIndex(of: "--fsync"), index + 1 < arguments.count {
  switch arguments[index + 1] {
  case "group": fsync = .groupCommit
  case "every": fsync = .everyBatch
  case "batched": fsync = .batched(.milliseconds(100))
  default: fail("--fsync group|every|batched")
  }
}

var logger = Logger(label: "storeload")
logger.logLevel = .warning
let wallStart = ContinuousClock.now
let store: MetricStore
do {
  store = try MetricStore(directory: storeDirectory, fsync: fsync, logger: logger)
} catch {
  fail("cannot open the store: \(error)")
}

guard let file = fopen(dataPath, "r") else { fail("cannot open \(dataPath)") }
let blockRangeMs: Int64 = 2 * 60 * 60 * 1000
var seriesIDs: [[UInt8]: Int32] = [:]
var allLabels: [Labels] = []
var batch = SampleBatch()
var batchTimestamp: Int64 = .min
var samples = 0
var rounds = 0
var lastTimestamp: Int64 = .min
var firstTimestamp: Int64 = .min
var storeTime = Duration.zero
/// `store.append` alone (no maintenance, no parsing): what the head and WAL cost per batch.
var appendTime = Duration.zero
/// Process CPU time (user + system, every thread) spent during `store.append`: the loader is idle
/// then, so this is the store's CPU cost, steadier than wall time on a loaded machine.
var appendCPUSeconds = 0.0

func processCPUSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
  return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
var report = AppendReport()
var blocksWritten = 0
var lastMaintainedRange: Int64 = .min

@MainActor func flushBatch() async {
  guard !batch.isEmpty else { return }
  let start = ContinuousClock.now
  let cpuStart = processCPUSeconds()
  do {
    report.merge(try await store.append(batch))
    appendTime += ContinuousClock.now - start
    appendCPUSeconds += processCPUSeconds() - cpuStart
    let range = batchTimestamp / blockRangeMs
    if range != lastMaintainedRange {
      lastMaintainedRange = range
      blocksWritten += try store.maintain(nowMs: batchTimestamp).blocksWritten
    }
  } catch {
    fail("append or maintain failed: \(error)")
  }
  storeTime += ContinuousClock.now - start
  rounds += 1
  batch.series.removeAll(keepingCapacity: true)
  batch.samples.removeAll(keepingCapacity: true)
}

// Read in 8 MiB chunks; the unfinished last line of a chunk is carried over to the next.
let chunkSize = 8 << 20
var buffer = [UInt8](repeating: 0, count: chunkSize + (1 << 16))
var carried = 0
var parsed: [(series: Int32, ts: Int64, value: Double)] = []
parsed.reserveCapacity(1 << 17)
while true {
  var read = buffer.withUnsafeMutableBytes { raw in
    fread(raw.baseAddress! + carried, 1, chunkSize, file)
  }
  let atEOF = read == 0
  if atEOF {
    if carried == 0 { break }
    buffer[carried] = 10  // a last line without its newline
    read = 1
  }
  let end = carried + read
  var consumed = 0
  parsed.removeAll(keepingCapacity: true)
  buffer.withUnsafeBufferPointer { bytes in
    var lineStart = 0
    for i in 0..<end where bytes[i] == 10 {
      let lineEnd = i
      defer { lineStart = i + 1 }
      if lineEnd == lineStart || bytes[lineStart] == UInt8(ascii: "#") { continue }
      // name{labels} value ts: split at the last two spaces.
      var tsSpace = lineEnd - 1
      while bytes[tsSpace] != UInt8(ascii: " ") { tsSpace -= 1 }
      var valueSpace = tsSpace - 1
      while bytes[valueSpace] != UInt8(ascii: " ") { valueSpace -= 1 }
      var ts: Int64 = 0
      for k in (tsSpace + 1)..<lineEnd { ts = ts &* 10 &+ Int64(bytes[k] &- 48) }
      let valueText = String(decoding: UnsafeBufferPointer(rebasing: bytes[(valueSpace + 1)..<tsSpace]), as: UTF8.self)
      guard let value = Double(valueText) else { fail("bad value in line: \(valueText)") }
      let key = Array(UnsafeBufferPointer(rebasing: bytes[lineStart..<valueSpace]))
      let id: Int32
      if let known = seriesIDs[key] {
        id = known
      } else {
        id = Int32(allLabels.count)
        allLabels.append(parseLabels(UnsafeBufferPointer(rebasing: bytes[lineStart..<valueSpace])))
        seriesIDs[key] = id
      }
      parsed.append((id, ts, value))
    }
    consumed = lineStart
  }
  for row in parsed {
    if row.ts != batchTimestamp {
      await flushBatch()
      batchTimestamp = row.ts
      if firstTimestamp == .min { firstTimestamp = row.ts }
    }
    let index = batch.addSeries(allLabels[Int(row.series)])
    batch.append(seriesIndex: index, timestampMs: row.ts, value: row.value)
    samples += 1
    lastTimestamp = row.ts
  }
  if atEOF { break }
  let tail = end - consumed
  buffer.withUnsafeMutableBufferPointer { b in
    for k in 0..<tail { b[k] = b[consumed + k] }
  }
  carried = tail
}
await flushBatch()
fclose(file)

// What the WAL holds before the final maintenance moves the head into blocks: with a few hours
// of data, nearly every sample is still only in the head and the WAL here.
let walBytesBeforeFinalMaintain = directoryBytes(storeDirectory + "/wal")
let maintainStart = ContinuousClock.now
do {
  blocksWritten += try store.maintain(nowMs: lastTimestamp + 3 * 60 * 60 * 1000).blocksWritten
} catch {
  fail("maintain failed: \(error)")
}
store.close()
storeTime += ContinuousClock.now - maintainStart
let wall = ContinuousClock.now - wallStart
func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
let total = directoryBytes(storeDirectory)
let walBytes = directoryBytes(storeDirectory + "/wal")
let wallSeconds = seconds(wall)
let storeSeconds = seconds(storeTime)
print(
  "samples=\(samples) appended=\(report.appended) rejected=\(report.rejected) series=\(allLabels.count)"
    + " rounds=\(rounds) blocks_written=\(blocksWritten)"
    + " wall_s=\(String(format: "%.2f", wallSeconds)) store_s=\(String(format: "%.2f", storeSeconds))"
    + " append_s=\(String(format: "%.2f", seconds(appendTime)))"
    + " append_cpu_s=\(String(format: "%.2f", appendCPUSeconds))"
    + " samples_per_s=\(Int(Double(samples) / wallSeconds))"
    + " store_samples_per_s=\(Int(Double(samples) / storeSeconds))"
    + " peak_rss_kib=\(procStatusKiB("VmHWM")) rss_kib=\(procStatusKiB("VmRSS"))"
    + " disk_bytes=\(total) wal_bytes=\(walBytes) blocks_bytes=\(total - walBytes)"
    + " wal_bytes_before_final_maintain=\(walBytesBeforeFinalMaintain)"
    + " bytes_per_sample=\(String(format: "%.3f", Double(total) / Double(samples)))"
    + " block_bytes_per_sample=\(String(format: "%.3f", Double(total - walBytes) / Double(samples)))")
