// Warden and the real Prometheus side by side, holding the same demo-service data: both get the
// same remote-write requests in the same order. Used to compare the query API, promtool's output
// and PromQL results between the two.
import Foundation
import Testing

final class DemoPair: Sendable {
  let warden: ServerProcess
  let prometheus: PrometheusProcess
  let data: DemoServiceData

  /// Starts both, writes `minutes` of data ending about now, and waits until both answer.
  init(minutes: Int = 120) async throws {
    // The host collector stores samples at "now" from the start, so the head range holding the
    // oldest demo samples can become ready to cut (at the first maintenance pass, 60 s in) while
    // the writes are still going on a loaded machine; later demo samples of that range would then
    // be refused as too old. A one-day out-of-order window keeps every range open meanwhile.
    let config = try TemporaryDirectory.make(prefix: "warden-config").appendingPathComponent("warden.yml")
    try "storage:\n  metrics:\n    out_of_order_window: 1d\n".write(to: config, atomically: true, encoding: .utf8)
    warden = try ServerProcess(arguments: ["--config", config.path])
    prometheus = try PrometheusProcess(configuration: "global:\n  scrape_interval: 15s\n")
    let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
    let startMs = (nowMs - Int64(minutes) * 60_000 - 60_000) / 60_000 * 60_000
    data = DemoServiceData(startMs: startMs, count: minutes * 4)
    try await warden.waitUntilReady()
    try await prometheus.waitUntilReady()
    for request in data.requests() {
      let body = try RemoteWriteClient.body(request)
      let toWarden = try await RemoteWriteClient.post(warden, body: body)
      #expect(toWarden.status == 204, "Warden refused a write: \(toWarden.status) \(toWarden.text)")
      let toPrometheus = try await HTTP.send(
        prometheus.baseURL.appendingPathComponent("api/v1/write"), method: "POST", body: body,
        headers: RemoteWriteClient.headers)
      #expect(toPrometheus.status == 204, "Prometheus refused a write: \(toPrometheus.status) \(toPrometheus.text)")
    }
  }

  func stop() async throws {
    try await warden.stop()
    try await prometheus.stop()
  }

  /// POSTs a form to `path` (e.g. "api/v1/query_range") on one server.
  static func form(_ base: URL, _ path: String, _ parameters: [(String, String)]) async throws -> HTTPResult {
    try await HTTP.send(
      base.appendingPathComponent(path), method: "POST", body: Data(FormEncoding.encode(parameters).utf8),
      headers: ["Content-Type": "application/x-www-form-urlencoded"])
  }
}

enum FormEncoding {
  static func encode(_ parameters: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return parameters.map { name, value in
      (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name) + "="
        + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }.joined(separator: "&")
  }
}
