// Differential PromQL test: the upstream compliance queries, expanded over their variant tables,
// asked as range queries of Warden and of the real Prometheus holding the same demo-service data
// (same remote-write requests, same order). Results must agree series by series and point by
// point (values within a relative 1e-6, NaN equal to NaN), or both must fail; the only accepted
// differences are listed below with their reason. A summary is printed either way.
import Foundation
import Testing

@Suite(.serialized, .timeLimit(.minutes(3)))
struct PromQLDifferentialTests {
  /// Queries whose answers differ for a known reason: Debian's Prometheus is 2.42, Warden follows
  /// Prometheus 3.
  static let knownDifferences: [String: String] = [
    #"label_replace(demo_num_cpus, "~invalid", "", "src", "(.*)")"#:
      "Prometheus 3 accepts any UTF-8 label name, so \"~invalid\" is a valid destination; 2.42 refuses it",
    #"label_join(demo_num_cpus, "~invalid", "-", "instance")"#:
      "Prometheus 3 accepts any UTF-8 label name, so \"~invalid\" is a valid destination; 2.42 refuses it",
    "avg_over_time(rate(demo_cpu_usage_seconds_total[1m])[2m:10s])":
      "the subquery has a point exactly 2m before each step: Prometheus 3's ranges are left-open and leave it out, 2.42's are closed and average it in",
  ]

  @Test func complianceQueriesAgreeWithPrometheus() async throws {
    let queries = try ComplianceQueries.load()
    #expect(queries.count > 500, "expanded only \(queries.count) queries")
    let pair = try await DemoPair(minutes: 120)
    let startMs = pair.data.startMs + 65 * 60_000
    let endMs = pair.data.startMs + 115 * 60_000
    let range = [("start", String(startMs / 1000)), ("end", String(endMs / 1000)), ("step", "60")]

    var outcomes: [(query: ComplianceQuery, difference: String?)] = []
    var withData = 0
    var inexact: [String] = []
    // A few queries in flight at once: both servers are local and the machine has two cores.
    try await withThrowingTaskGroup(of: (Int, String?, Bool, Bool).self) { group in
      var next = 0
      func launch() {
        guard next < queries.count else { return }
        let index = next
        next += 1
        let query = queries[index]
        group.addTask {
          let parameters = [("query", query.text)] + range
          async let ours = DemoPair.form(pair.warden.baseURL, "api/v1/query_range", parameters)
          async let theirs = DemoPair.form(pair.prometheus.baseURL, "api/v1/query_range", parameters)
          let (answer, reference) = (try await ours, try await theirs)
          let difference = ResultComparison.difference(warden: answer, prometheus: reference)
          let exact = difference == nil && ResultComparison.difference(warden: answer, prometheus: reference, tolerance: 0) == nil
          return (index, difference, ResultComparison.hasData(reference), difference == nil && !exact)
        }
      }
      for _ in 0..<4 { launch() }
      var differences = [String?](repeating: nil, count: queries.count)
      while let (index, difference, hasData, withinTolerance) = try await group.next() {
        differences[index] = difference
        if hasData { withData += 1 }
        if withinTolerance { inexact.append(queries[index].text) }
        launch()
      }
      outcomes = zip(queries, differences).map { ($0, $1) }
    }

    let different = outcomes.filter { $0.difference != nil }
    let unexpected = different.filter { Self.knownDifferences[$0.query.text] == nil }
    var summary = "PromQL differential: \(outcomes.count) queries (\(withData) with data in Prometheus's answer), "
    summary += "\(outcomes.count - different.count) equal, "
    summary += "\(different.count) different (\(different.count - unexpected.count) known); "
    summary += "\(inexact.count) of the equal ones only within the tolerance (last-digit float differences):\n"
    for text in inexact.sorted() { summary += "  ~ \(text)\n" }
    for outcome in different {
      let reason = Self.knownDifferences[outcome.query.text].map { " [known: \($0)]" } ?? ""
      summary += "  \(outcome.query.text)\n    \(outcome.difference ?? "")\(reason)\n"
    }
    print(summary)
    try? summary.write(toFile: NSTemporaryDirectory() + "/promql-differential-summary.txt", atomically: true, encoding: .utf8)
    // The comparison means something only if most queries select data.
    #expect(withData * 10 > outcomes.count * 8, "only \(withData) of \(outcomes.count) queries returned data")
    #expect(unexpected.isEmpty, "\(unexpected.count) queries differ from Prometheus; first: \(unexpected.first?.query.text ?? "")")
    try await pair.stop()
  }
}

/// Compares two query_range answers.
enum ResultComparison {
  static let relativeTolerance = 1e-6

  /// Whether a successful answer holds at least one series (or a scalar).
  static func hasData(_ answer: HTTPResult) -> Bool {
    guard let json = try? answer.json(), let data = json["data"] as? [String: Any] else { return false }
    if let list = data["result"] as? [Any] { return !list.isEmpty }
    return data["result"] != nil
  }

  /// nil when equal, else the first difference in words.
  static func difference(warden: HTTPResult, prometheus: HTTPResult, tolerance: Double = relativeTolerance) -> String? {
    guard let ours = try? warden.json(), let theirs = try? prometheus.json() else {
      return "unreadable answer: Warden \(warden.status) \(warden.text.prefix(200)) / Prometheus \(prometheus.status)"
    }
    let ourStatus = ours["status"] as? String
    let theirStatus = theirs["status"] as? String
    if ourStatus != "success" || theirStatus != "success" {
      if ourStatus == theirStatus { return nil }  // both failed: equal, whatever the wording
      return "Warden \(ourStatus ?? "?") (\(ours["error"] as? String ?? "")), Prometheus \(theirStatus ?? "?") (\(theirs["error"] as? String ?? ""))"
    }
    let ourData = ours["data"] as? [String: Any] ?? [:]
    let theirData = theirs["data"] as? [String: Any] ?? [:]
    let ourType = ourData["resultType"] as? String ?? ""
    let theirType = theirData["resultType"] as? String ?? ""
    guard ourType == theirType else { return "result type \(ourType) vs \(theirType)" }
    let ourSeries = series(ourData["result"])
    let theirSeries = series(theirData["result"])
    let missing = Set(theirSeries.keys).subtracting(ourSeries.keys)
    let extra = Set(ourSeries.keys).subtracting(theirSeries.keys)
    if let first = missing.sorted().first { return "missing series \(first) (\(missing.count) missing, \(extra.count) extra)" }
    if let first = extra.sorted().first { return "extra series \(first) (\(extra.count) extra)" }
    for key in theirSeries.keys.sorted() {
      let a = ourSeries[key]!
      let b = theirSeries[key]!
      if a.count != b.count { return "\(key): \(a.count) points vs \(b.count)" }
      for (p, q) in zip(a, b) {
        if p.0 != q.0 { return "\(key): point at \(p.0) vs \(q.0)" }
        if !approximatelyEqual(p.1, q.1, tolerance: tolerance) { return "\(key) at \(q.0): \(p.1) vs \(q.1)" }
      }
    }
    return nil
  }

  /// Matrix series by a `name=value,...` key; a scalar as one series keyed "scalar".
  private static func series(_ result: Any?) -> [String: [(String, Double)]] {
    var out: [String: [(String, Double)]] = [:]
    if let entries = result as? [[String: Any]] {
      for entry in entries {
        let metric = entry["metric"] as? [String: String] ?? [:]
        let key = metric.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let points = (entry["values"] as? [[Any]]) ?? ((entry["value"] as? [Any]).map { [$0] } ?? [])
        out[key] = points.map(point)
      }
    } else if let scalar = result as? [Any] {
      out["scalar"] = [point(scalar)]
    }
    return out
  }

  private static func point(_ pair: [Any]) -> (String, Double) {
    let time = pair.first.map { "\($0)" } ?? ""
    let value = PrometheusProcess.parseValue(pair.count > 1 ? (pair[1] as? String ?? "") : "")
    return (time, value)
  }

  static func approximatelyEqual(_ a: Double, _ b: Double, tolerance: Double = relativeTolerance) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    if a.isInfinite || b.isInfinite { return false }
    return abs(a - b) <= tolerance * max(abs(a), abs(b))
  }
}
