// RemoteWriteLoad: the ingestion benchmark's load generator and exposition-parser timer.
//
//   RemoteWriteLoad send URL [--series N] [--timestamps T] [--per-request K] [--concurrency C]
//                            [--seed S] [--end-ms MS] [--samples-per-series P] [--histograms]
//                            [--plan-file PATH]
//     Builds every remote_write 1.0 body in memory first (N node_exporter-like series, T samples
//     each at 15 s ending at MS, default now; K series per request), then POSTs them to URL with C
//     workers, each series in time order, fails on any non-2xx answer, and prints key=value figures
//     (samples_per_s counts only the sending). P consecutive samples of a series go in one request
//     (default 1); --histograms adds a request-latency histogram family to every host; --plan-file
//     reuses the plan saved at PATH by an earlier run (or saves this one there).
//   RemoteWriteLoad parse FILE [--runs R]          times ExpositionParser.parse on a text page
//   RemoteWriteLoad parse --generate N [--runs R]  the same on a generated page of N series
//
// Built only with WARDEN_BENCHMARKS set:
//   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product RemoteWriteLoad
import Foundation

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("RemoteWriteLoad: \(message)\n".utf8))
  exit(1)
}

let arguments = CommandLine.arguments

func option(_ name: String) -> String? {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
  return arguments[index + 1]
}

func intOption(_ name: String, default value: Int) -> Int {
  guard let text = option(name) else { return value }
  guard let number = Int(text), number > 0 else { fail("\(name) wants a positive integer, got \"\(text)\"") }
  return number
}

guard arguments.count >= 2 else { fail("usage: RemoteWriteLoad send URL [options] | parse FILE | parse --generate N") }
switch arguments[1] {
case "send":
  guard arguments.count >= 3 else { fail("send wants a URL") }
  let url = arguments[2]
  let stepMs: Int64 = 15_000
  let nowMs = Int64(Date().timeIntervalSince1970 * 1000) / stepMs * stepMs
  let endMs = option("--end-ms").flatMap { Int64($0) } ?? nowMs
  let buildStart = ContinuousClock.now
  let plan: RequestPlan
  do {
    // With --plan-file, a plan saved by an earlier run is reused (its options win), or the one
    // built now is saved there for the next.
    if let path = option("--plan-file"), FileManager.default.fileExists(atPath: path) {
      plan = try PlanFile.read(from: path)
    } else {
      plan = try RequestPlan.build(
        seriesCount: intOption("--series", default: 10_000), timestamps: intOption("--timestamps", default: 40),
        stepMs: stepMs, endMs: endMs, samplesPerRequest: intOption("--per-request", default: 1000),
        seed: UInt64(intOption("--seed", default: 1)), samplesPerSeries: intOption("--samples-per-series", default: 1),
        histograms: arguments.contains("--histograms"))
      if let path = option("--plan-file") { try PlanFile.write(plan, to: path) }
    }
  } catch {
    fail("building the requests: \(error)")
  }
  let buildTime = ContinuousClock.now - buildStart
  let concurrency = intOption("--concurrency", default: 4)
  do {
    let result = try await Sender.run(plan: plan, url: url, concurrency: concurrency)
    print(
      "series=\(plan.seriesCount) timestamps=\(plan.timestamps) requests=\(result.requests) samples=\(result.samples)"
        + " body_bytes=\(plan.bodyBytes) first_ms=\(plan.firstMs) last_ms=\(plan.lastMs) concurrency=\(concurrency)"
        + " build_s=\(String(format: "%.2f", Double(buildTime.components.seconds) + Double(buildTime.components.attoseconds) / 1e18))"
        + " send_s=\(String(format: "%.3f", result.seconds)) samples_per_s=\(Int(Double(result.samples) / result.seconds))"
        + " order_waits=\(result.waits)")
  } catch {
    fail("sending to \(url): \(error)")
  }
case "parse":
  let runs = intOption("--runs", default: 20)
  let bytes: [UInt8]
  if let count = option("--generate") {
    guard let series = Int(count), series > 0 else { fail("--generate wants a series count") }
    bytes = ParseBenchmark.generatedPage(series: series, seed: 1)
  } else {
    guard arguments.count >= 3, let data = FileManager.default.contents(atPath: arguments[2]) else {
      fail("parse wants a readable FILE or --generate N")
    }
    bytes = Array(data)
  }
  do {
    print(try ParseBenchmark.run(bytes: bytes, runs: runs))
  } catch {
    fail("parse error: \(error)")
  }
default:
  fail("unknown mode \"\(arguments[1])\"; use send or parse")
}
