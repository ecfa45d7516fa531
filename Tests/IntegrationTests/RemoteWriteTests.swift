// remote_write into the real `warden serve`: a real Prometheus pointed at it with no special
// settings stores the same series and values in Warden as in its own TSDB; bad bodies get the
// answers senders act on (400 not retried, 413, 415); and what Warden acknowledged with 204
// survives kill -9 (the store crash test through the server).
import Foundation
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(4)))
struct RemoteWriteTests {
  private func ingested(_ server: ServerProcess) async throws -> Double {
    let page = ExpositionText(try await server.get("/metrics").text)
    return page.byName["warden_ingest_samples_total"]?.first { $0.labels["receiver"] == "remote_write" }?.value ?? 0
  }

  @Test func prometheusRemoteWriteMatchesPrometheusOwnStore() async throws {
    let exporter = try NodeExporterProcess()
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await exporter.waitUntilUp()
    let remoteWrite = """
      remote_write:
        - url: \(server.baseURL.absoluteString)/api/v1/write
          queue_config:
            batch_send_deadline: 1s
            min_backoff: 100ms
      """
    let scraping = """
      global:
        scrape_interval: 1s
      scrape_configs:
        - job_name: node
          static_configs:
            - targets: ['127.0.0.1:\(exporter.port)']
      """
    let prometheus = try PrometheusProcess(configuration: scraping + "\n" + remoteWrite)
    try await prometheus.waitUntilReady()

    // A few scrapes' worth; then the target goes away (Prometheus writes stale markers for its
    // series on the failed scrape, and sends them too); then scraping stops, and the test waits
    // until Warden has taken everything Prometheus had to send.
    var received = 0.0
    for _ in 0..<300 where received < 2_000 {
      try await Task.sleep(for: .milliseconds(100))
      received = try await ingested(server)
    }
    try await Task.sleep(for: .seconds(3))
    exporter.stop()
    try await Task.sleep(for: .seconds(3))
    try await prometheus.reload(configuration: "global:\n  scrape_interval: 1s\n" + remoteWrite)
    var stableFor = 0
    var last = -1.0
    for _ in 0..<200 where stableFor < 8 {
      try await Task.sleep(for: .milliseconds(500))
      let now = try await ingested(server)
      stableFor = now == last ? stableFor + 1 : 0
      last = now
    }
    #expect(stableFor >= 8, "Warden kept receiving samples")
    let expected = try await prometheus.rawSamples(selector: "{job=\"node\"}")
    try await prometheus.stop()
    try await server.stop()

    let stored = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.equal, "job", "node")])
    #expect(expected.count > 100, "Prometheus itself stored only \(expected.count) series")
    #expect(Set(stored.keys) == Set(expected.keys), "series only in Warden: \(Set(stored.keys).subtracting(expected.keys).sorted().prefix(5)); only in Prometheus: \(Set(expected.keys).subtracting(stored.keys).sorted().prefix(5))")
    var compared = 0
    for (key, samples) in expected {
      // Prometheus's query API leaves out stale markers; Warden keeps them as samples.
      let ours = (stored[key] ?? []).filter { !$0.1.isStaleMarker }
      let same = ours.count == samples.count
        && zip(ours, samples).allSatisfy { $0.0 == $1.0 && ($0.1 == $1.1 || ($0.1.isNaN && $1.1.isNaN)) }
      #expect(same, "\(key): Warden \(ours.prefix(4)) … (\(ours.count)), Prometheus \(samples.prefix(4)) … (\(samples.count))")
      compared += samples.count
    }
    #expect(compared > 2_000)
    // The target's disappearance was passed on: its series end in a stale marker in Warden too.
    let exported = stored.filter { !$0.key.contains("__name__=up,") && !$0.key.contains("__name__=scrape_") }
    let endingStale = exported.values.filter { $0.last?.1.isStaleMarker == true }.count
    #expect(endingStale == exported.count, "\(endingStale) of \(exported.count) series end in a stale marker")
    #expect(!prometheus.log.contains("level=error"), "Prometheus logged errors:\n\(prometheus.log)")
  }

  @Test func badBodiesGetTheAnswersSendersActOn() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    let good = try RemoteWriteClient.body([(labels: [("__name__", "rw_test"), ("job", "t")], samples: [(now, 1)])])

    let stored = try await RemoteWriteClient.post(server, body: good)
    #expect(stored.status == 204, "\(stored.text)")

    let notSnappy = try await RemoteWriteClient.post(server, body: Data("plain text".utf8))
    #expect(notSnappy.status == 400)
    #expect(notSnappy.text.contains("snappy"), "\(notSnappy.text)")

    let garbage = try await RemoteWriteClient.post(server, body: Data([0x03, 0x0a, 0xff, 0x01]))
    #expect(garbage.status == 400)

    let duplicate = try RemoteWriteClient.body([(labels: [("__name__", "x"), ("a", "1"), ("a", "2")], samples: [(now, 1)])])
    let duplicateAnswer = try await RemoteWriteClient.post(server, body: duplicate)
    #expect(duplicateAnswer.status == 400)
    #expect(duplicateAnswer.text.contains("timeseries[0]: duplicate label name \"a\""), "\(duplicateAnswer.text)")

    var textType = RemoteWriteClient.headers
    textType["Content-Type"] = "text/plain"
    #expect(try await RemoteWriteClient.post(server, body: good, headers: textType).status == 415)
    var gzip = RemoteWriteClient.headers
    gzip["Content-Encoding"] = "gzip"
    #expect(try await RemoteWriteClient.post(server, body: good, headers: gzip).status == 415)
    var unknownProto = RemoteWriteClient.headers
    unknownProto["Content-Type"] = "application/x-protobuf;proto=something.Else"
    #expect(try await RemoteWriteClient.post(server, body: good, headers: unknownProto).status == 415)

    let huge = Data(count: 33 << 20)
    let tooLarge = try await RemoteWriteClient.post(server, body: huge)
    #expect(tooLarge.status == 413)

    // An hour behind the series' newest sample: out of the 10-minute window, a client error.
    let late = try RemoteWriteClient.body([(labels: [("__name__", "rw_test"), ("job", "t")], samples: [(now - 3_600_000, 5)])])
    let lateAnswer = try await RemoteWriteClient.post(server, body: late)
    #expect(lateAnswer.status == 400)
    #expect(lateAnswer.text.contains("1 out of order"), "\(lateAnswer.text)")

    let page = ExpositionText(try await server.get("/metrics").text)
    let rejectedRequests = page.byName["warden_ingest_requests_rejected_total"] ?? []
    #expect(rejectedRequests.contains { $0.labels["reason"] == "malformed" && $0.value >= 3 })
    #expect(rejectedRequests.contains { $0.labels["reason"] == "too_large" && $0.value == 1 })
    let rejectedSamples = page.byName["warden_ingest_samples_rejected_total"] ?? []
    #expect(rejectedSamples.contains { $0.labels["reason"] == "out_of_order" && $0.value == 1 })
    try await server.stop()

    let samples = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.equal, "__name__", "rw_test")])
    #expect(samples.values.first?.map(\.0) == [now], "only the good sample is stored")
  }

  @Test func sendersOverTheIngestLimitGet429WithRetryAfter() async throws {
    let config = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("warden.yml")
    try "ingest:\n  max_samples_per_second: 10\n".write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    // 1000 samples at 10/s: admitted on a full bucket, then nothing more for about 100 s, so the
    // answer does not depend on how fast this machine is today.
    let body = try RemoteWriteClient.body((0..<1_000).map { (labels: [("__name__", "limited"), ("i", String($0))], samples: [(now, 1)]) })
    #expect(try await RemoteWriteClient.post(server, body: body).status == 204)
    let refused = try await RemoteWriteClient.post(server, body: body)
    #expect(refused.status == 429)
    let retryAfter = Int(refused.headers["retry-after"] ?? "") ?? 0
    #expect(retryAfter > 1 && retryAfter <= 100, "\(refused.headers)")
    #expect(refused.text.contains("10 samples/s"))
    try await server.stop()
  }

  /// The crash test of the metric store, through the server: a sender posts batches as fast as it
  /// can and notes each one Warden answered 204; Warden is killed with SIGKILL at a random moment,
  /// and every acknowledged sample must be read back. Several rounds on one data directory.
  @Test func acknowledgedSamplesSurviveKillNine() async throws {
    let dataDirectory = try TemporaryDirectory.make(prefix: "warden-crash")
    var acknowledged: [Int64] = []  // batch numbers; batch n holds 50 series at timestamp base + n
    let base = Int64(Date().timeIntervalSince1970 * 1000) - 600_000
    var generator = SystemRandomNumberGenerator()
    for round in 0..<4 {
      let server = try ServerProcess(dataDirectory: dataDirectory)
      try await server.waitUntilReady()
      let killAfter = Duration.milliseconds(Int.random(in: 300...1_500, using: &generator))
      let first = Int64(round) * 100_000
      // One batch before the clock starts, so a slow machine still has something acknowledged.
      let opening = try RemoteWriteClient.body(
        (0..<50).map { (labels: [("__name__", "crash_test"), ("series", String($0))], samples: [(base + first, Double(first))]) })
      #expect(try await RemoteWriteClient.post(server, body: opening).status == 204)
      let sender = Task { () -> [Int64] in
        var ok: [Int64] = [first]
        while !Task.isCancelled {
          let batch = first + Int64(ok.count)
          let body = try RemoteWriteClient.body(
            (0..<50).map { (labels: [("__name__", "crash_test"), ("series", String($0))], samples: [(base + batch, Double(batch))]) })
          guard let answer = try? await RemoteWriteClient.post(server, body: body) else { break }
          if answer.status == 204 { ok.append(batch) } else { break }
        }
        return ok
      }
      try await Task.sleep(for: killAfter)
      kill(server.process.processIdentifier, SIGKILL)
      _ = try await server.waitForExit()
      // The sender stops by itself at its first post that fails, now that the server is gone. It
      // is not cancelled: cancelling a task inside URLSession's async `data(for:)` as the request
      // completes can deadlock FoundationNetworking (the task's status lock against the session's
      // queue), which once froze the whole test process in CI.
      let ok = try await sender.value
      #expect(!ok.isEmpty, "round \(round): no batch was acknowledged before the kill")
      acknowledged += ok
    }
    let stored = try StoreReader.samples(dataDirectory: dataDirectory, [try LabelMatcher(.equal, "__name__", "crash_test")])
    #expect(stored.count == 50)
    for (key, samples) in stored {
      let timestamps = Set(samples.map(\.0))
      let missing = acknowledged.filter { !timestamps.contains(base + $0) }
      #expect(missing.isEmpty, "\(key): \(missing.count) of \(acknowledged.count) acknowledged batches lost, e.g. \(missing.prefix(3))")
    }
  }
}
