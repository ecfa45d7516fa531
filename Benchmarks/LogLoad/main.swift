// LogLoad: the logs benchmark's ingest load generator (bench/logs-compare.sh).
//
//   LogLoad push URL --corpus DIR [--concurrency N] [--request-bytes B] [--tenant T]
//     Builds every Loki push request (protobuf + snappy, about B raw line bytes each, default 1 MB)
//     from the corpus written by bench/log_corpus.py before the clock starts, then POSTs them to
//     URL (…/loki/api/v1/push) over N connections (default 4), streams split over the connections so
//     each stays in time order; fails on any non-2xx answer. Prints key=value figures; MB/s and
//     lines/s count raw line bytes and time only the sending.
//   LogLoad syslog HOST:PORT --corpus DIR --metrics URL [--lines-metric SELECTOR] [--connections K]
//                  [--timeout S]
//     Sends every corpus line as an octet-counted RFC 5424 frame over K TCP connections (default
//     4), then polls URL (the server's /metrics) until SELECTOR (default
//     warden_logs_lines_received_total) has grown by the number of lines sent, or S seconds
//     (default 900) pass. The figures use the time until the server reported them all.
//
// Built only with WARDEN_BENCHMARKS set:
//   WARDEN_BENCHMARKS=1 swift build -c release --scratch-path .build-bench --product LogLoad
import Foundation

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("LogLoad: \(message)\n".utf8))
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

func format(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }

func loadCorpus() -> (Corpus, Double) {
  guard let directory = option("--corpus") else { fail("--corpus DIR is required") }
  let start = ContinuousClock.now
  do {
    return (try Corpus.load(directory: directory), seconds(ContinuousClock.now - start))
  } catch {
    fail("reading the corpus in \(directory): \(error)")
  }
}

guard arguments.count >= 3 else {
  fail("usage: LogLoad push URL --corpus DIR [options] | syslog HOST:PORT --corpus DIR --metrics URL [options]")
}
switch arguments[1] {
case "push":
  let url = arguments[2]
  let (corpus, readSeconds) = loadCorpus()
  let concurrency = intOption("--concurrency", default: 4)
  let buildStart = ContinuousClock.now
  let plan = PushPlan.build(corpus: corpus, workers: concurrency, requestBytes: intOption("--request-bytes", default: 1_000_000))
  let buildSeconds = seconds(ContinuousClock.now - buildStart)
  do {
    let sendSeconds = try await PushSender.run(plan: plan, url: url, tenant: option("--tenant"))
    print(
      "mode=push lines=\(plan.lines) line_bytes=\(plan.lineBytes) requests=\(plan.requestCount) body_bytes=\(plan.bodyBytes)"
        + " concurrency=\(concurrency) read_s=\(format(readSeconds, 2)) build_s=\(format(buildSeconds, 2))"
        + " send_s=\(format(sendSeconds)) mb_per_s=\(format(Double(plan.lineBytes) / 1e6 / sendSeconds, 1))"
        + " lines_per_s=\(Int(Double(plan.lines) / sendSeconds))")
  } catch {
    fail("sending to \(url): \(error)")
  }
case "syslog":
  let target = arguments[2]
  guard let colon = target.lastIndex(of: ":"), let port = UInt16(target[target.index(after: colon)...]) else {
    fail("syslog wants HOST:PORT, got \"\(target)\"")
  }
  let host = String(target[..<colon])
  guard let metricsURL = option("--metrics") else { fail("syslog wants --metrics URL (the server's /metrics)") }
  let selector: MetricSelector
  do {
    selector = try MetricSelector(option("--lines-metric") ?? "warden_logs_lines_received_total")
  } catch {
    fail("\(error)")
  }
  let (corpus, readSeconds) = loadCorpus()
  let connections = intOption("--connections", default: 4)
  let buildStart = ContinuousClock.now
  let plan = SyslogPlan.build(corpus: corpus, connections: connections)
  let buildSeconds = seconds(ContinuousClock.now - buildStart)
  do {
    let before = try await StoredLines.current(metricsURL: metricsURL, selector: selector)
    let start = ContinuousClock.now
    let sendSeconds = try SyslogSender.run(plan: plan, host: host, port: port)
    let (storedSeconds, reached) = try await StoredLines.wait(
      metricsURL: metricsURL, selector: selector, target: before + Double(plan.lines), start: start,
      timeout: .seconds(intOption("--timeout", default: 900)))
    print(
      "mode=syslog lines=\(plan.lines) line_bytes=\(plan.lineBytes) frame_bytes=\(plan.frameBytes) connections=\(connections)"
        + " read_s=\(format(readSeconds, 2)) build_s=\(format(buildSeconds, 2)) send_s=\(format(sendSeconds))"
        + " stored_s=\(format(storedSeconds)) counted=\(Int(reached - before))"
        + " mb_per_s=\(format(Double(plan.lineBytes) / 1e6 / storedSeconds, 1))"
        + " lines_per_s=\(Int(Double(plan.lines) / storedSeconds))")
  } catch {
    fail("syslog to \(target): \(error)")
  }
default:
  fail("unknown mode \"\(arguments[1])\"; use push or syslog")
}
