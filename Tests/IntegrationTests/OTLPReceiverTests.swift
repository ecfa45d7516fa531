// The OTLP/HTTP metrics receiver inside the real `warden serve`: protobuf and JSON exports (plain
// and gzip) reach the store (seen in /api/v1/status/tsdb and warden_ingest_samples_total), and bad
// requests get the OTLP answers: 400 with a Status message, 413, 415.
import Foundation
import Codecs
import Ingest
import SwiftProtobuf
import Testing
import WireFormats

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

@Suite(.timeLimit(.minutes(2)))
struct OTLPReceiverTests {
  private static var nowNs: UInt64 { UInt64(Date().timeIntervalSince1970 * 1_000_000_000) }

  private static func protobufExport() throws -> [UInt8] {
    var point = Opentelemetry_Proto_Metrics_V1_NumberDataPoint()
    point.asDouble = 12
    point.timeUnixNano = nowNs
    var metric = Opentelemetry_Proto_Metrics_V1_Metric()
    metric.name = "otlp.test.requests"
    metric.unit = "{request}"
    metric.sum.isMonotonic = true
    metric.sum.aggregationTemporality = .cumulative
    metric.sum.dataPoints = [point]
    var serviceName = Opentelemetry_Proto_Common_V1_KeyValue()
    serviceName.key = "service.name"
    serviceName.value.stringValue = "otlp-it"
    var resourceMetrics = Opentelemetry_Proto_Metrics_V1_ResourceMetrics()
    resourceMetrics.resource.attributes = [serviceName]
    resourceMetrics.scopeMetrics = [Opentelemetry_Proto_Metrics_V1_ScopeMetrics()]
    resourceMetrics.scopeMetrics[0].metrics = [metric]
    var request = OTLPExportRequest()
    request.resourceMetrics = [resourceMetrics]
    return try request.serializedBytes()
  }

  private static func jsonExport() -> [UInt8] {
    Array(
      """
      {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"otlp-it"}},
        {"key":"host.name","value":{"stringValue":"box"}}]},
       "scopeMetrics":[{"metrics":[{"name":"otlp.test.latency","unit":"s","histogram":{"aggregationTemporality":2,
         "dataPoints":[{"timeUnixNano":"\(nowNs)","count":"3","sum":1.5,"bucketCounts":["1","2"],"explicitBounds":[0.5],
           "exemplars":[{"asDouble":0.7,"timeUnixNano":"\(nowNs)","traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174"}]}]}}]}]}]}
      """.utf8)
  }

  private func post(
    _ server: ServerProcess, body: [UInt8], contentType: String, contentEncoding: String? = nil
  ) async throws -> HTTPResult {
    var request = URLRequest(url: URL(string: "/v1/metrics", relativeTo: server.baseURL)!)
    request.httpMethod = "POST"
    request.httpBody = Data(body)
    request.setValue(contentType, forHTTPHeaderField: "Content-Type")
    if let contentEncoding { request.setValue(contentEncoding, forHTTPHeaderField: "Content-Encoding") }
    let (data, response) = try await HTTP.session.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    var headers: [String: String] = [:]
    for (key, value) in http.allHeaderFields {
      headers[String(describing: key).lowercased()] = String(describing: value)
    }
    return HTTPResult(status: http.statusCode, headers: headers, body: data)
  }

  private func seriesCount(_ server: ServerProcess, metric: String) async throws -> Int {
    let json = try await server.get("/api/v1/status/tsdb?limit=10000").json()
    let data = json["data"] as? [String: Any]
    let byName = data?["seriesCountByMetricName"] as? [[String: Any]] ?? []
    return byName.first { $0["name"] as? String == metric }?["value"] as? Int ?? 0
  }

  @Test func protobufAndJSONExportsAreStored() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let protobuf = try await post(server, body: try Self.protobufExport(), contentType: "application/x-protobuf")
    #expect(protobuf.status == 200, "\(protobuf.text)")
    #expect(protobuf.headers["content-type"] == "application/x-protobuf")
    #expect(try OTLPExportResponse(serializedBytes: Array(protobuf.body)).hasPartialSuccess == false)

    let json = try await post(server, body: Gzip.compress(Self.jsonExport()), contentType: "application/json", contentEncoding: "gzip")
    #expect(json.status == 200, "\(json.text)")
    #expect(json.headers["content-type"] == "application/json")
    #expect(json.text == "{}")

    #expect(try await seriesCount(server, metric: "otlp_test_requests_total") == 1)
    #expect(try await seriesCount(server, metric: "otlp_test_latency_seconds_bucket") == 2)
    #expect(try await seriesCount(server, metric: "otlp_test_latency_seconds_sum") == 1)
    #expect(try await seriesCount(server, metric: "target_info") == 1)

    // One good gauge and one histogram whose buckets do not match its bounds: partial success.
    let partialBody = """
      {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
        {"name":"otlp.test.good","gauge":{"dataPoints":[{"asDouble":1,"timeUnixNano":"\(Self.nowNs)"}]}},
        {"name":"otlp.test.bad","histogram":{"aggregationTemporality":2,"dataPoints":[{"timeUnixNano":"\(Self.nowNs)",
          "count":"3","bucketCounts":["1","2","0"],"explicitBounds":[1]}]}}]}]}]}
      """
    let partial = try await post(server, body: Array(partialBody.utf8), contentType: "application/json")
    #expect(partial.status == 200)
    let partialSuccess = try #require(try partial.json()["partialSuccess"] as? [String: Any])
    #expect(partialSuccess["rejectedDataPoints"] as? String == "1")
    #expect(
      partialSuccess["errorMessage"] as? String
        == "resource_metrics[0].scope_metrics[0].metrics[1] (otlp.test.bad).data_points[0]: histogram bucket_counts has 3 entries, explicit_bounds 1 (want bounds + 1)")
    #expect(try await seriesCount(server, metric: "otlp_test_good") == 1)

    let metrics = ExpositionText(try await server.get("/metrics").text)
    let invalid = metrics.byName["warden_ingest_samples_rejected_total"]?.first {
      $0.labels["receiver"] == "otlp" && $0.labels["reason"] == "invalid_histogram"
    }
    #expect(invalid?.value == 1)
    let accepted = metrics.byName["warden_ingest_samples_total"]?.first { $0.labels["receiver"] == "otlp" }
    // 1 counter sample, then 2 buckets + sum + count + target_info, then the good gauge.
    #expect(accepted?.value == 7)
    try await server.stop()
  }

  @Test func badRequestsGetOTLPAnswers() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()

    let malformed = try await post(server, body: [0x0a, 0xff, 0xff, 0x01], contentType: "application/x-protobuf")
    #expect(malformed.status == 400)
    #expect(malformed.headers["content-type"] == "application/x-protobuf")
    // google.rpc.Status: field 2 (message) carries the reason.
    #expect(malformed.text.contains("cannot decode OTLP metrics request as protobuf"))

    let badJSON = try await post(server, body: Array("{\"resourceMetrics\":".utf8), contentType: "application/json")
    #expect(badJSON.status == 400)
    let status = try badJSON.json()
    #expect((status["message"] as? String)?.hasPrefix("cannot decode OTLP metrics request as JSON") == true)

    let huge = try await post(server, body: [UInt8](repeating: 0, count: 21 * 1024 * 1024), contentType: "application/x-protobuf")
    #expect(huge.status == 413)

    let wrongType = try await post(server, body: try Self.protobufExport(), contentType: "text/plain")
    #expect(wrongType.status == 415)
    #expect((try wrongType.json()["message"] as? String)?.contains("unsupported content type") == true)

    let metrics = ExpositionText(try await server.get("/metrics").text)
    let rejected = metrics.byName["warden_ingest_requests_rejected_total"]?.filter { $0.labels["receiver"] == "otlp" } ?? []
    #expect(rejected.first { $0.labels["reason"] == "malformed" }?.value == 2)
    #expect(rejected.first { $0.labels["reason"] == "too_large" }?.value == 1)
    #expect(rejected.first { $0.labels["reason"] == "unsupported_media_type" }?.value == 1)
    try await server.stop()
  }
}
