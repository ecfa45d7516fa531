// The StatsD aggregator: what each flush writes for counters (with rates), gauges (with deltas),
// timers as summaries and histograms, sets, and how it bounds series and ends idle ones.
import Ingest
import Testing
import WardenCore

@Suite struct StatsDAggregatorTests {
  /// Parses and adds one datagram, failing the test on any parse error.
  @discardableResult
  private func add(_ text: String, to aggregator: inout StatsDAggregator) -> StatsDAddReport {
    let bytes = Array(text.utf8)
    let parsed = StatsDParser.parse(bytes)
    #expect(parsed.errors.isEmpty, "\(parsed.errors)")
    return aggregator.add(parsed, from: bytes)
  }

  /// A flush as `series description → value`, checking every sample has the flush timestamp.
  private func flush(_ aggregator: inout StatsDAggregator, at timestampMs: Int64) -> [String: Double] {
    let batch = aggregator.flush(atMs: timestampMs)
    var values: [String: Double] = [:]
    for row in batch.samples {
      #expect(row.timestampMs == timestampMs)
      let key = batch.series[Int(row.seriesIndex)].description
      #expect(values[key] == nil, "\(key) written twice in one flush")
      values[key] = row.value
    }
    return values
  }

  @Test func countersAccumulateAcrossFlushesWithSampleRates() {
    var aggregator = StatsDAggregator()
    add("requests:1|c\nrequests:2|c|@0.5\nrequests:1|c|#code:200", to: &aggregator)
    #expect(
      flush(&aggregator, at: 10_000) == ["requests_total": 5, "requests_total{code=\"200\"}": 1])
    add("requests:3|c\nerrors_total:1|c", to: &aggregator)
    #expect(
      flush(&aggregator, at: 20_000) == [
        "requests_total": 8, "requests_total{code=\"200\"}": 1, "errors_total": 1,
      ])
  }

  @Test func tagOrderAndNameSpellingDoNotSplitSeries() {
    var aggregator = StatsDAggregator()
    add("api.hits:1|c|#b:2,a:1\napi_hits:1|c|#a:1,b:2\napi.hits:1|c|#a:1,b:2,a:1", to: &aggregator)
    #expect(aggregator.seriesCount == 1)
    #expect(flush(&aggregator, at: 1) == ["api_hits_total{a=\"1\", b=\"2\"}": 3])
  }

  @Test func tagNamesAreSanitizedAndDuplicatesKeepTheLast() {
    var aggregator = StatsDAggregator()
    add("x:1|g|#http.method:GET,9lives:yes,env:a,env:b,solo", to: &aggregator)
    #expect(flush(&aggregator, at: 1) == ["x{_9lives=\"yes\", env=\"b\", http_method=\"GET\"}": 1])
  }

  @Test func gaugesPersistAndDeltasMoveTheLastValue() {
    var aggregator = StatsDAggregator()
    add("temp:-3|g", to: &aggregator)
    #expect(flush(&aggregator, at: 1_000) == ["temp": -3], "a delta on an unknown gauge starts from 0")
    add("temp:20|g\ntemp:+5|g\ntemp:-2.5|g", to: &aggregator)
    #expect(flush(&aggregator, at: 2_000) == ["temp": 22.5])
    #expect(flush(&aggregator, at: 3_000) == ["temp": 22.5], "kept between flushes")
    add("temp:+1|g|@0.1", to: &aggregator)
    #expect(flush(&aggregator, at: 4_000) == ["temp": 23.5], "sample rates do not scale gauges")
  }

  @Test func timersBecomeSummariesInSeconds() throws {
    var aggregator = StatsDAggregator()
    let values = (1...100).map { "lat:\($0 * 10)|ms" }.joined(separator: "\n")
    add(values, to: &aggregator)
    let first = flush(&aggregator, at: 10_000)
    #expect(first["lat{quantile=\"0.5\"}"] == 0.5)
    #expect(first["lat{quantile=\"0.9\"}"] == 0.9)
    #expect(first["lat{quantile=\"0.99\"}"] == 0.99)
    #expect(abs(try #require(first["lat_sum"]) - 50.5) < 1e-9)
    #expect(first["lat_count"] == 100)

    // Quantiles cover one window; sum and count are cumulative; an empty window gives NaN.
    add("lat:2000|ms", to: &aggregator)
    let second = flush(&aggregator, at: 20_000)
    #expect(second["lat{quantile=\"0.5\"}"] == 2)
    #expect(second["lat_count"] == 101)
    let third = flush(&aggregator, at: 30_000)
    #expect(third["lat{quantile=\"0.5\"}"]?.isNaN == true)
    #expect(third["lat_count"] == 101)
  }

  @Test func sampleRatesWeightObservations() {
    var aggregator = StatsDAggregator()
    // One value sampled at 10% stands for ten; nine unsampled ones stand for themselves.
    add("h:100|h|@0.1\n" + Array(repeating: "h:1|h", count: 9).joined(separator: "\n"), to: &aggregator)
    let values = flush(&aggregator, at: 1)
    #expect(values["h_count"] == 19)
    #expect(values["h_sum"] == 1009)
    #expect(values["h{quantile=\"0.5\"}"] == 100, "the weighted value outweighs the nine")
  }

  @Test func histogramOutputCountsBucketsCumulatively() {
    var options = StatsDAggregatorOptions()
    options.observerOutput = .histogram(buckets: [0.1, 0.5, 1])
    var aggregator = StatsDAggregator(options: options)
    add("rt:50|ms\nrt:100|ms\nrt:300|ms\nrt:2000|ms|@0.5", to: &aggregator)
    var first = flush(&aggregator, at: 1)
    #expect(abs((first.removeValue(forKey: "rt_sum") ?? 0) - 4.45) < 1e-9)
    #expect(
      first == [
        "rt_bucket{le=\"0.1\"}": 2, "rt_bucket{le=\"0.5\"}": 3, "rt_bucket{le=\"1\"}": 3, "rt_bucket{le=\"+Inf\"}": 5,
        "rt_count": 5,
      ])
    add("rt:700|ms", to: &aggregator)
    let second = flush(&aggregator, at: 2)
    #expect(second["rt_bucket{le=\"1\"}"] == 4)
    #expect(second["rt_count"] == 6)
  }

  @Test func setsCountDistinctMembersPerWindow() {
    var aggregator = StatsDAggregator()
    add("users:alice|s\nusers:bob|s\nusers:alice|s\nusers:carol|s|#app:web", to: &aggregator)
    #expect(flush(&aggregator, at: 1) == ["users": 2, "users{app=\"web\"}": 1])
    add("users:dave|s", to: &aggregator)
    #expect(flush(&aggregator, at: 2) == ["users": 1, "users{app=\"web\"}": 0])
  }

  @Test func conflictingTypesAreDropped() {
    var aggregator = StatsDAggregator()
    let report = add("x:1|c\nx:5|g\nx:1|ms", to: &aggregator)
    #expect(report.accepted == 1)
    #expect(report.typeConflicts == 2)
    #expect(flush(&aggregator, at: 1) == ["x_total": 1])
  }

  @Test func seriesLimitDropsValuesForNewSeries() {
    var options = StatsDAggregatorOptions()
    options.maxSeries = 2
    var aggregator = StatsDAggregator(options: options)
    let report = add("a:1|c\nb:1|c\nc:1|c\na:1|c\nd:1|g", to: &aggregator)
    #expect(report.accepted == 3)
    #expect(report.overSeriesLimit == 2)
    #expect(aggregator.seriesCount == 2)
    #expect(flush(&aggregator, at: 1) == ["a_total": 2, "b_total": 1])
  }

  @Test func idleSeriesEndWithAStaleMarkerAndAreForgotten() throws {
    var options = StatsDAggregatorOptions()
    options.idleTimeout = .seconds(30)
    var aggregator = StatsDAggregator(options: options)
    add("quiet:1|c\nbusy:1|g\nlat:5|ms", to: &aggregator)
    _ = flush(&aggregator, at: 10_000)
    add("busy:2|g", to: &aggregator)
    #expect(flush(&aggregator, at: 20_000)["quiet_total"] == 1, "still within the timeout")
    add("busy:3|g", to: &aggregator)
    let ended = aggregator.flush(atMs: 40_000)
    var stale: [String] = []
    var live: [String: Double] = [:]
    for row in ended.samples {
      let name = ended.series[Int(row.seriesIndex)].description
      if row.value.isStaleMarker { stale.append(name) } else { live[name] = row.value }
    }
    #expect(
      stale.sorted() == [
        "lat_count", "lat_sum", "lat{quantile=\"0.5\"}", "lat{quantile=\"0.9\"}", "lat{quantile=\"0.99\"}",
        "quiet_total",
      ])
    #expect(live == ["busy": 3])
    #expect(aggregator.seriesCount == 1)
    // A series that comes back starts afresh.
    add("quiet:4|c", to: &aggregator)
    #expect(flush(&aggregator, at: 50_000)["quiet_total"] == 4)
  }

  @Test func reservoirBoundsTheWindowButNotTheCount() {
    var options = StatsDAggregatorOptions()
    options.maxWindowObservations = 50
    var aggregator = StatsDAggregator(options: options)
    add((1...1000).map { "r:\($0)|h" }.joined(separator: "\n"), to: &aggregator)
    let values = flush(&aggregator, at: 1)
    #expect(values["r_count"] == 1000)
    #expect(values["r_sum"] == 500_500)
    let median = values["r{quantile=\"0.5\"}"] ?? 0
    #expect(median >= 1 && median <= 1000)
  }
}
