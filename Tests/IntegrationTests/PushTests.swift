// Pushgateway-compatible push into the real `warden serve`: the same requests sent to the real
// Pushgateway and to Warden get the same status codes; pushed groups are stored every scrape
// interval with their grouping labels, push_time_seconds and push_failure_time_seconds; they
// survive a restart; a deleted group's series go stale.
import Foundation
import SwiftProtobuf
import Testing
import WardenCore
import WireFormats

@Suite(.timeLimit(.minutes(2)))
struct PushTests {
  /// (method, path, body) → the status both servers must answer.
  static let requests: [(String, String, String)] = [
    ("PUT", "/metrics/job/backup/instance/db1", "# TYPE backup_last_success_timestamp_seconds gauge\nbackup_last_success_timestamp_seconds 1700000000\nbackup_bytes 123\n"),
    ("POST", "/metrics/job/backup/instance/db1", "backup_files 7\n"),
    ("PUT", "/metrics/job/cron", "x{job=\"other\"} 42\n"),
    ("PUT", "/metrics/job/cron", "x 42 1700000000000\n"),
    ("PUT", "/metrics/job/cron", "x{ 42\n"),
    ("PUT", "/metrics/job/cron/instance", "x 1\n"),
    ("PUT", "/metrics/job@base64/Zm9vL2Jhcg/path@base64/=", "y 1\n"),
    ("PUT", "/metrics/job/cron/1abc/v", "x 1\n"),
    ("PUT", "/metrics/job/other", "# TYPE x counter\nx 1\n"),
    ("PUT", "/metrics/job/gone", "gone_metric 1\n"),
    ("DELETE", "/metrics/job/gone", ""),
  ]

  @Test func sameAnswersAsThePushgatewayAndStoredEveryInterval() async throws {
    let pushgateway = try PeerProcess(
      tool: "prometheus-pushgateway", package: "prometheus-pushgateway",
      arguments: { port, directory in ["--web.listen-address=127.0.0.1:\(port)", "--persistence.file=\(directory.path)/metrics.store"] })
    try await pushgateway.waitUntilUp(path: "/-/ready")
    let config = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("warden.yml")
    try "global:\n  scrape_interval: 1s\n".write(to: config, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", config.path])
    try await server.waitUntilReady()

    for (method, path, body) in Self.requests {
      let reference = try await HTTP.send(URL(string: "http://127.0.0.1:\(pushgateway.port)\(path)")!, method: method, body: Data(body.utf8))
      let ours = try await server.send(path, method: method, body: Data(body.utf8))
      #expect(ours.status == reference.status, "\(method) \(path): Warden \(ours.status) \(ours.text), Pushgateway \(reference.status) \(reference.text)")
      if reference.status == 400 { #expect(!ours.text.isEmpty, "a 400 must say why") }
    }
    // A Go client's push: delimited protobuf MetricFamily messages.
    var family = Io_Prometheus_Client_MetricFamily()
    family.name = "go_job_last_run_seconds"
    family.type = .gauge
    var metric = Io_Prometheus_Client_Metric()
    metric.gauge.value = 42
    family.metric = [metric]
    let message: [UInt8] = try family.serializedBytes()
    let protobufBody = Data([UInt8(message.count)] + message)
    let protobufHeaders = ["Content-Type": "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"]
    let reference = try await HTTP.send(
      URL(string: "http://127.0.0.1:\(pushgateway.port)/metrics/job/gojob")!, method: "PUT", body: protobufBody, headers: protobufHeaders)
    let ours = try await server.send("/metrics/job/gojob", method: "PUT", body: protobufBody, headers: protobufHeaders)
    #expect(reference.status == 200)
    #expect(ours.status == reference.status, "\(ours.text)")
    let damaged = try await server.send("/metrics/job/gojob", method: "PUT", body: Data([0x7f, 0x01]), headers: protobufHeaders)
    #expect(damaged.status == 400)
    #expect(damaged.text.contains("protobuf parsing error"), "\(damaged.text)")

    try await Task.sleep(for: .milliseconds(2_500))
    // Restarted, the groups are still there and still stored.
    try await server.stop()
    let restarted = try ServerProcess(arguments: ["--config", config.path], dataDirectory: server.dataDirectory)
    try await restarted.waitUntilReady()
    try await Task.sleep(for: .milliseconds(2_500))
    try await restarted.stop()

    let stored = try StoreReader.samples(dataDirectory: server.dataDirectory, [try LabelMatcher(.notEqual, "job", "warden")])
    let backup = try #require(stored["__name__=backup_last_success_timestamp_seconds,instance=db1,job=backup"])
    #expect(backup.count >= 2, "stored every interval across the restart: \(backup.count)")
    #expect(backup.filter { !$0.1.isStaleMarker }.allSatisfy { $0.1 == 1_700_000_000 })
    #expect(stored["__name__=backup_files,instance=db1,job=backup"] != nil, "POST added to the group")
    #expect(stored["__name__=backup_bytes,instance=db1,job=backup"] != nil, "POST kept the other names")
    // The grouping key wins over a pushed job label, as in the Pushgateway.
    #expect(stored["__name__=x,job=cron"] != nil)
    #expect(stored["__name__=y,job=foo/bar"] != nil)
    #expect(stored["__name__=go_job_last_run_seconds,job=gojob"]?.first?.1 == 42)
    #expect((stored["__name__=push_time_seconds,instance=db1,job=backup"]?.last?.1 ?? 0) > 1_700_000_000)
    #expect((stored["__name__=push_failure_time_seconds,job=cron"]?.last { !$0.1.isStaleMarker }?.1 ?? 0) > 1_700_000_000)
    // The deleted group was either never stored or ends in a staleness marker.
    if let gone = stored["__name__=gone_metric,job=gone"] { #expect(gone.last?.1.isStaleMarker == true) }
  }
}
