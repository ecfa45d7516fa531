// The Prometheus-compatible read API of the real `warden serve`: parameter errors worded and
// typed as Prometheus 3 words them (GET query strings and POST forms alike), and series, label
// and label-value answers byte for byte equal to the real Prometheus holding the same data.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct QueryAPITests {
  /// A request's own timeout ends a query with Prometheus's 503 `timeout`.
  @Test func requestTimeoutIsA503() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let answer = try await DemoPair.form(
      server.baseURL, "api/v1/query_range",
      [("query", "count_over_time(vector(1)[1h:1s])"), ("start", "0"), ("end", "36000"), ("step", "60"), ("timeout", "0.000001")])
    #expect(answer.status == 503, "\(answer.text)")
    #expect(try answer.json()["errorType"] as? String == "timeout", "\(answer.text)")
    try await server.stop()
  }

  /// Each bad request: 400, errorType bad_data, Prometheus's message, the same for GET and POST.
  @Test func parameterErrorsAreBadDataInPrometheusWording() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let cases: [(String, [(String, String)], String)] = [
      ("query", [("query", "up"), ("time", "abc")], #"invalid parameter "time": invalid time value for 'time': cannot parse "abc" to a valid timestamp"#),
      ("query", [("query", "up"), ("timeout", "abc")], #"invalid parameter "timeout": cannot parse "abc" to a valid duration"#),
      ("query", [("query", "up"), ("limit", "-1")], #"invalid parameter "limit": limit must be non-negative"#),
      ("query", [("query", "up"), ("limit", "x")], #"invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax"#),
      ("query", [("query", "up"), ("lookback_delta", "1x")], #"error parsing lookback delta duration: cannot parse "1x" to a valid duration"#),
      ("query_range", [("query", "up")], #"invalid parameter "start": cannot parse "" to a valid timestamp"#),
      ("query_range", [("query", "up"), ("start", "1"), ("end", "abc")], #"invalid parameter "end": cannot parse "abc" to a valid timestamp"#),
      ("query_range", [("query", "up"), ("start", "10"), ("end", "1"), ("step", "1")], #"invalid parameter "end": end timestamp must not be before start time"#),
      ("query_range", [("query", "up"), ("start", "1"), ("end", "10")], #"invalid parameter "step": cannot parse "" to a valid duration"#),
      ("query_range", [("query", "up"), ("start", "1"), ("end", "10"), ("step", "1y1y")], #"invalid parameter "step": cannot parse "1y1y" to a valid duration"#),
      (
        "query_range", [("query", "up"), ("start", "1"), ("end", "10"), ("step", "0")],
        #"invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer"#
      ),
      (
        "query_range", [("query", "up"), ("start", "1"), ("end", "10"), ("step", "-15")],
        #"invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer"#
      ),
      (
        "query_range", [("query", "up"), ("start", "0"), ("end", "11001"), ("step", "1")],
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
      ),
      ("series", [], "no match[] parameter provided"),
      ("series", [("match[]", #"{job=~".*"}"#)], #"invalid parameter "match[]": match[] must contain at least one non-empty matcher"#),
      ("series", [("match[]", "up"), ("start", "x")], #"invalid parameter "start": invalid time value for 'start': cannot parse "x" to a valid timestamp"#),
      ("labels", [("end", "tomorrow")], #"invalid parameter "end": invalid time value for 'end': cannot parse "tomorrow" to a valid timestamp"#),
      ("labels", [("match[]", #"{a=""}"#)], #"invalid parameter "match[]": match[] must contain at least one non-empty matcher"#),
      ("label/job/values", [("limit", "1.5")], #"invalid parameter "limit": strconv.Atoi: parsing "1.5": invalid syntax"#),
      ("metadata", [("limit", "x")], "limit must be a number"),
      ("metadata", [("limit_per_metric", "x")], "limit_per_metric must be a number"),
      ("query_exemplars", [("query", "up"), ("start", "10"), ("end", "1")], "end timestamp must not be before start timestamp"),
    ]
    for (path, parameters, message) in cases {
      let url = URL(string: "api/v1/\(path)?\(FormEncoding.encode(parameters))", relativeTo: server.baseURL)!
      let viaGet = try await HTTP.get(url)
      #expect(viaGet.status == 400, "\(path) \(parameters): \(viaGet.status) \(viaGet.text)")
      let json = try viaGet.json()
      #expect(json["status"] as? String == "error")
      #expect(json["errorType"] as? String == "bad_data", "\(path) \(parameters): \(viaGet.text)")
      #expect(json["error"] as? String == message, "\(path) \(parameters)")
      guard path != "label/job/values", path != "metadata" else { continue }  // GET-only endpoints, as in Prometheus
      let viaPost = try await DemoPair.form(server.baseURL, "api/v1/\(path)", parameters)
      #expect(viaPost.status == viaGet.status && viaPost.body == viaGet.body, "POST \(path): \(viaPost.text)")
    }
    // A selector that does not parse: the parser's position and message after the parameter name.
    let badSelector = try await HTTP.get(URL(string: "api/v1/series?match%5B%5D=up%7B", relativeTo: server.baseURL)!)
    #expect(badSelector.status == 400)
    #expect((try badSelector.json()["error"] as? String)?.hasPrefix(#"invalid parameter "match[]": 1:"#) == true, "\(badSelector.text)")
    // A query that does not parse is the query parameter's fault.
    for path in ["query?query=", "query_range?query=sum(&start=1&end=2&step=1"] {
      let answer = try await HTTP.get(URL(string: "api/v1/\(path)", relativeTo: server.baseURL)!)
      #expect(answer.status == 400, "\(path): \(answer.text)")
      #expect((try answer.json()["error"] as? String)?.hasPrefix(#"invalid parameter "query": "#) == true, "\(path): \(answer.text)")
    }
    try await server.stop()
  }

  /// Series, label names, label values, format_query and PromQL results: the same bytes as
  /// Prometheus for the same data, and GET and POST give the same answer.
  @Test func readEndpointsAnswerAsPrometheusDoes() async throws {
    let pair = try await DemoPair(minutes: 30)
    let start = String(pair.data.startMs / 1000)
    let end = String(pair.data.endMs / 1000 + 1)
    let demo = #"{__name__=~"demo_.+"}"#
    let at = String(format: "%.3f", Double(pair.data.endMs - 90_500) / 1000)
    let requests: [(String, [(String, String)])] = [
      ("series", [("match[]", "demo_memory_usage_bytes")]),
      ("series", [("match[]", #"{__name__=~"demo_cpu.*"}"#), ("match[]", "demo_num_cpus"), ("start", start), ("end", end)]),
      ("series", [("match[]", #"demo_api_request_duration_seconds_bucket{le="+Inf",status!="500"}"#)]),
      ("series", [("match[]", "nonexistent_metric")]),
      // Warden also stores its own host's metrics (job "warden"), so lists are narrowed to the demo data.
      ("labels", [("match[]", demo)]),
      ("labels", [("match[]", "demo_num_cpus")]),
      ("labels", [("match[]", "demo_num_cpus"), ("match[]", "demo_api_request_duration_seconds_count")]),
      ("labels", [("match[]", demo), ("start", start), ("end", end)]),
      ("label/__name__/values", [("match[]", demo)]),
      ("label/le/values", [("match[]", "demo_api_request_duration_seconds_bucket")]),
      ("label/instance/values", [("match[]", #"demo_memory_usage_bytes{type="free"}"#), ("start", start)]),
      ("label/nonexistent/values", [("match[]", demo)]),
      ("metadata", [("metric", "nonexistent_metric")]),
      // PromQL answers in every result type, with a time that has a fraction of a second.
      ("query", [("query", "demo_memory_usage_bytes"), ("time", at)]),
      ("query", [("query", "rate(demo_cpu_usage_seconds_total[5m])"), ("time", at)]),
      ("query", [("query", #"scalar(demo_num_cpus{instance="demo.promlabs.com:10000"})"#), ("time", at)]),
      ("query", [("query", #""a<b&c""#), ("time", at)]),
      ("query", [("query", "1e21 * demo_num_cpus"), ("time", at)]),
      ("query", [("query", "demo_memory_usage_bytes[1m]"), ("time", at)]),
      ("query", [("query", "nonexistent_metric"), ("time", at)]),
      ("query_range", [("query", "demo_num_cpus / 3"), ("start", start), ("end", end), ("step", "90")]),
      ("query_range", [("query", "irate(demo_cpu_usage_seconds_total[1m])"), ("start", start), ("end", end), ("step", "1m")]),
      ("query_range", [("query", "time()"), ("start", start), ("end", end), ("step", "300")]),
      ("format_query", [("query", "sum(rate(demo_cpu_usage_seconds_total[5m]))by(instance)")]),
      ("format_query", [("query", #"histogram_quantile(0.9, sum by (le, path) (rate(demo_api_request_duration_seconds_bucket{status="200", method="GET"}[5m]))) > 0.5 and on (path) demo_num_cpus"#)]),
    ]
    for (path, parameters) in requests {
      let query = parameters.isEmpty ? "" : "?" + FormEncoding.encode(parameters)
      let ours = try await HTTP.get(URL(string: "api/v1/\(path)\(query)", relativeTo: pair.warden.baseURL)!)
      let theirs = try await HTTP.get(URL(string: "api/v1/\(path)\(query)", relativeTo: pair.prometheus.baseURL)!)
      #expect(ours.status == 200, "\(path) \(parameters): \(ours.text)")
      #expect(ours.text == theirs.text, "\(path) \(parameters)\nWarden:     \(ours.text.prefix(600))\nPrometheus: \(theirs.text.prefix(600))")
      #expect(ours.headers["content-type"] == "application/json")
      if path.hasPrefix("label/") || path == "metadata" || path == "format_query" { continue }
      let posted = try await DemoPair.form(pair.warden.baseURL, "api/v1/\(path)", parameters)
      #expect(posted.body == ours.body, "POST \(path): \(posted.text.prefix(300))")
    }
    try await pair.stop()
  }

  /// Prometheus 3 takes UTF-8 label names in the path with its U__ escape, and `limit` cuts a
  /// list with a warning.
  @Test func labelValuesTakeEscapedNamesAndLimits() async throws {
    let server = try ServerProcess()
    try await server.waitUntilReady()
    let body = try RemoteWriteClient.body([
      (labels: [("__name__", "escaped_names"), ("my_label", "dotted"), ("zone", "a")], samples: [(Int64(Date().timeIntervalSince1970 * 1000), 1)]),
      (labels: [("__name__", "escaped_names"), ("my_label", "other"), ("zone", "b")], samples: [(Int64(Date().timeIntervalSince1970 * 1000), 2)]),
    ])
    #expect(try await RemoteWriteClient.post(server, body: body).status == 204)
    // `_5f_` is the escape of "_" itself: the remote-write receiver takes classic names only.
    let escaped = try await server.get("/api/v1/label/U__my_5f_label/values")
    #expect(escaped.text == #"{"status":"success","data":["dotted","other"]}"#)
    let limited = try await server.get("/api/v1/label/zone/values?limit=1")
    #expect(limited.text == #"{"status":"success","data":["a"],"warnings":["results truncated due to limit"]}"#)
    let series = try await server.get("/api/v1/series?match%5B%5D=escaped_names&limit=1")
    #expect(series.text == #"{"status":"success","data":[{"__name__":"escaped_names","my_label":"dotted","zone":"a"}],"warnings":["results truncated due to limit"]}"#)
    // lookback_delta reaches further back than the default 5m; limit cuts the vector.
    let later = String(Int64(Date().timeIntervalSince1970) + 420)
    let stale = try await server.get("/api/v1/query?query=escaped_names&time=\(later)")
    #expect(stale.text == #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
    let reached = try await server.get("/api/v1/query?query=escaped_names&time=\(later)&lookback_delta=10m&limit=1")
    let reachedJSON = try reached.json()
    let result = (reachedJSON["data"] as? [String: Any])?["result"] as? [Any]
    #expect(result?.count == 1, "\(reached.text)")
    #expect(reachedJSON["warnings"] as? [String] == ["results truncated due to limit"], "\(reached.text)")
    let exemplars = try await server.get("/api/v1/query_exemplars?query=escaped_names")
    #expect(exemplars.text == #"{"status":"success","data":[]}"#)
    #expect(try await server.get("/api/v1/query_exemplars?query=1%2B1").status == 204)
    try await server.stop()
  }
}
