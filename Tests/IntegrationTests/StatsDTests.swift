// The StatsD receiver inside the real `warden serve`: datagrams from a real UDP socket are
// aggregated, flushed into the store every second, and counted in Warden's own /metrics.
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct StatsDTests {
  @Test func datagramsReachTheStoreAtEachFlush() async throws {
    let udpPort = try FreePort.find(udp: true)
    let directory = try TemporaryDirectory.make(prefix: "warden-config")
    let file = directory.appendingPathComponent("warden.yml")
    try "statsd:\n  listen: \"127.0.0.1:\(udpPort)\"\n  flush_interval: 1s\n".write(to: file, atomically: true, encoding: .utf8)
    let server = try ServerProcess(arguments: ["--config", file.path])
    try await server.waitUntilReady()
    for _ in 0..<100 where !server.log.contains("StatsD receiver listening") {
      try await Task.sleep(for: .milliseconds(50))
    }
    #expect(server.log.contains("StatsD receiver listening"), "\(server.log)")

    try UDP.send(
      """
      deploys:1|c|#env:test
      deploys:2|c|@0.5|#env:test
      queue.depth:7|g
      latency:250|ms
      latency:750:500|ms
      visitors:alice|s
      visitors:bob|s
      this is not statsd
      _sc|db.up|0
      """, port: udpPort)

    let expected: Set<String> = ["deploys_total", "queue_depth", "latency", "latency_sum", "latency_count", "visitors"]
    var names: Set<String> = []
    for _ in 0..<100 where !names.isSuperset(of: expected) {
      try await Task.sleep(for: .milliseconds(100))
      let json = try await server.get("/api/v1/status/tsdb?limit=10000").json()
      let data = json["data"] as? [String: Any]
      let counts = data?["seriesCountByMetricName"] as? [[String: Any]] ?? []
      names = Set(counts.compactMap { $0["name"] as? String })
    }
    #expect(names.isSuperset(of: expected), "stored StatsD metrics: \(names.intersection(expected))")

    let metrics = ExpositionText(try await server.get("/metrics").text)
    let accepted = metrics.byName["warden_ingest_samples_total"]?.first { $0.labels["receiver"] == "statsd" }
    // One flush writes 8 samples: counter, gauge, three quantiles, sum, count, set.
    #expect((accepted?.value ?? 0) >= 8)
    let rejected = metrics.byName["warden_ingest_samples_rejected_total"] ?? []
    let byReason = Dictionary(
      rejected.filter { $0.labels["receiver"] == "statsd" }.map { ($0.labels["reason"] ?? "", $0.value) },
      uniquingKeysWith: +)
    #expect(byReason["malformed_line"] == 1)
    #expect(byReason["unsupported"] == 1)
    #expect(try await server.stop() == 0)
  }

  @Test func badStatsDSectionIsRefusedWithItsPosition() throws {
    let directory = try TemporaryDirectory.make(prefix: "warden-config")
    let file = directory.appendingPathComponent("warden.yml")
    try "statsd:\n  listen: \"127.0.0.1:9125\"\n  flush_interval: 0s\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try Command.warden(["check-config", file.path])
    #expect(result.status != 0)
    let output = result.stdout + result.stderr
    #expect(output.contains("warden.yml:2:3: field statsd: flush_interval must be at least 100ms, got 0s"), "\(output)")
  }
}

/// A real UDP socket, as a StatsD client uses.
private enum UDP {
  static func send(_ text: String, port: Int) throws {
    let socketFD = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard socketFD >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(socketFD) }
    var address = loopback(port: port)
    let bytes = Array(text.utf8)
    let sent = bytes.withUnsafeBytes { buffer in
      withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          sendto(socketFD, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
    }
    guard sent == bytes.count else { throw POSIXError(.EIO) }
  }

  private static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }
}
