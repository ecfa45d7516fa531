// The OTLP → Prometheus translation rules: names and units, resource → job/instance/target_info,
// scope labels, attribute collisions, delta → cumulative, histograms, summaries, stale markers.
import Ingest
import Testing
import WardenCore
import WireFormats

@Suite struct OTLPTranslatorTests {
  typealias R = OTLPTestRequests

  private func translate(_ request: OTLPExportRequest, accumulator: OTLPDeltaAccumulator = OTLPDeltaAccumulator()) -> OTLPTranslation {
    OTLPTranslator(accumulator: accumulator).translate(request)
  }

  @Test func metricNamesGetUnitAndTypeSuffixes() {
    #expect(OTLPMetricNaming.metricName("http.server.duration", unit: "s", kind: .distribution) == "http_server_duration_seconds")
    #expect(OTLPMetricNaming.metricName("system.network.io", unit: "By", kind: .counter) == "system_network_io_bytes_total")
    #expect(OTLPMetricNaming.metricName("requests", unit: "{request}", kind: .counter) == "requests_total")
    #expect(OTLPMetricNaming.metricName("cpu.utilization", unit: "1", kind: .gauge) == "cpu_utilization_ratio")
    #expect(OTLPMetricNaming.metricName("errors", unit: "1", kind: .counter) == "errors_total")
    #expect(OTLPMetricNaming.metricName("throughput", unit: "By/s", kind: .gauge) == "throughput_bytes_per_second")
    #expect(OTLPMetricNaming.metricName("events", unit: "/m", kind: .gauge) == "events_per_minute")
    #expect(OTLPMetricNaming.metricName("latency_seconds", unit: "s", kind: .gauge) == "latency_seconds")
    #expect(OTLPMetricNaming.metricName("jobs_total", unit: "", kind: .counter) == "jobs_total")
    #expect(OTLPMetricNaming.metricName("temp", unit: "Cel", kind: .gauge) == "temp_celsius")
    #expect(OTLPMetricNaming.metricName("odd", unit: "furlong", kind: .gauge) == "odd_furlong")
  }

  @Test func metricNamesReplaceInvalidCharacters() {
    #expect(OTLPMetricNaming.metricName("my-app.queue..size_", unit: "", kind: .gauge) == "my_app_queue_size")
    #expect(OTLPMetricNaming.metricName("2xx.responses", unit: "", kind: .gauge) == "_2xx_responses")
    #expect(OTLPMetricNaming.metricName("ns:metric", unit: "", kind: .gauge) == "ns:metric")
    #expect(OTLPMetricNaming.metricName("größe", unit: "", kind: .gauge) == "gr_e")
    #expect(OTLPMetricNaming.metricName("...", unit: "", kind: .gauge) == "_")
  }

  @Test func labelNamesAreSanitizedAndNeverReserved() {
    #expect(OTLPMetricNaming.labelName("http.method") == "http_method")
    #expect(OTLPMetricNaming.labelName("1st") == "key_1st")
    #expect(OTLPMetricNaming.labelName("__name__") == "key__name__")
    #expect(OTLPMetricNaming.labelName("_private") == "key_private")
    #expect(OTLPMetricNaming.labelName("k8s.pod.name") == "k8s_pod_name")
  }

  @Test func gaugeWithResourceAndScope() {
    let request = R.request(
      resource: [
        R.attribute("service.name", "checkout"), R.attribute("service.namespace", "shop"),
        R.attribute("service.instance.id", "pod-7"), R.attribute("host.name", "node-a"), R.attribute("cloud.region", "eu-1"),
      ],
      scope: ("io.opentelemetry.runtime", "1.2.0"),
      metrics: [R.gauge("queue.length", points: [R.numberPoint(42, attributes: [R.attribute("queue", "orders")])])])
    let result = translate(request)
    #expect(result.rejectedDataPoints == 0)
    #expect(
      result.lines == [
        #"queue_length{instance="pod-7", job="shop/checkout", otel_scope_name="io.opentelemetry.runtime", otel_scope_version="1.2.0", queue="orders"} 42"#,
        #"target_info{cloud_region="eu-1", host_name="node-a", instance="pod-7", job="shop/checkout"} 1"#,
      ])
    #expect(result.batch.samples.allSatisfy { $0.timestampMs == R.timeMs })
  }

  @Test func noTargetInfoWithoutOtherResourceAttributes() {
    let result = translate(R.request(metrics: [R.gauge("g", points: [R.numberPoint(1)])]))
    #expect(result.lines == [#"g{instance="host-1:8080", job="api"} 1"#])
  }

  @Test func resourceJobAndInstanceWinOverPointAttributes() {
    let point = R.numberPoint(1, attributes: [R.attribute("job", "fake"), R.attribute("__name__", "evil")])
    let result = translate(R.request(metrics: [R.gauge("g", points: [point])]))
    #expect(result.lines == [#"g{instance="host-1:8080", job="api", key__name__="evil"} 1"#])
  }

  @Test func collidingAttributeNamesJoinValuesInKeyOrder() {
    let point = R.numberPoint(1, attributes: [R.attribute("http_method", "b"), R.attribute("http.method", "a")])
    let result = translate(R.request(resource: [], metrics: [R.gauge("g", points: [point])]))
    #expect(result.lines == [#"g{http_method="a;b"} 1"#])
  }

  @Test func nonStringAttributeValuesArePrinted() {
    var flag = OTLPKeyValue()
    flag.key = "enabled"
    flag.value.boolValue = true
    var count = OTLPKeyValue()
    count.key = "shards"
    count.value.intValue = 12
    var list = OTLPKeyValue()
    list.key = "zones"
    list.value.arrayValue.values = [R.attribute("", "a").value, R.attribute("", "b\"c").value]
    let result = translate(R.request(resource: [], metrics: [R.gauge("g", points: [R.numberPoint(1, attributes: [flag, count, list])])]))
    #expect(result.lines == [#"g{enabled="true", shards="12", zones="[\"a\",\"b\\\"c\"]"} 1"#])
  }

  @Test func monotonicCumulativeSumIsCounterAndNonMonotonicIsGauge() {
    let result = translate(
      R.request(
        resource: [],
        metrics: [
          R.sum("http.requests", unit: "{request}", points: [R.numberPoint(10)]),
          R.sum("active.connections", unit: "{connection}", isMonotonic: false, points: [R.numberPoint(3)]),
          R.sum("memory.usage", unit: "By", isMonotonic: false, points: [R.numberPoint(2048)]),
        ]))
    #expect(result.lines == ["active_connections 3", "http_requests_total 10", "memory_usage_bytes 2048"])
  }

  @Test func intValuesAndMissingValues() {
    var intPoint = R.numberPoint(0)
    intPoint.asInt = -7
    var empty = R.numberPoint(0)
    empty.value = nil
    let result = translate(R.request(resource: [], metrics: [R.gauge("g", points: [intPoint, empty])]))
    #expect(result.lines == ["g -7"])
    #expect(result.rejectedDataPoints == 1)
    #expect(result.rejectionsByReason == ["missing_value": 1])
    #expect(result.errorMessage.contains("resource_metrics[0].scope_metrics[0].metrics[0] (g).data_points[1]"))
  }

  @Test func nanAndNoRecordedValueBecomeStaleMarkers() {
    var flagged = R.numberPoint(5, attributes: [R.attribute("a", "1")], flags: 1)
    flagged.value = nil
    let result = translate(
      R.request(resource: [], metrics: [R.gauge("g", points: [R.numberPoint(.nan), flagged, R.numberPoint(5, attributes: [R.attribute("a", "2")], flags: 1)])]))
    #expect(result.lines == [#"g stale"#, #"g{a="1"} stale"#, #"g{a="2"} stale"#])
    #expect(result.batch.samples.allSatisfy { $0.value.isStaleMarker })
  }

  @Test func deltaSumsAccumulateAcrossRequests() {
    let accumulator = OTLPDeltaAccumulator()
    func export(_ value: Double, at offsetMs: UInt64) -> OTLPTranslation {
      translate(
        R.request(
          resource: [],
          metrics: [R.sum("jobs", temporality: .delta, points: [R.numberPoint(value, timeNs: R.timeNs + offsetMs * 1_000_000)])]),
        accumulator: accumulator)
    }
    #expect(export(5, at: 0).lines == ["jobs_total 5"])
    #expect(export(3, at: 1000).lines == ["jobs_total 8"])
    // A retried (not newer) delta would be counted twice, so it is dropped and reported.
    let retry = export(3, at: 1000)
    #expect(retry.lines.isEmpty)
    #expect(retry.rejectionsByReason == ["delta_out_of_order": 1])
    #expect(export(2, at: 2000).lines == ["jobs_total 10"])
    #expect(accumulator.trackedSeries == 1)
  }

  @Test func deltaPointsInOneRequestApplyInTimeOrder() {
    let points = [R.numberPoint(2, timeNs: R.timeNs + 2_000_000_000), R.numberPoint(1, timeNs: R.timeNs)]
    let result = translate(R.request(resource: [], metrics: [R.sum("n", isMonotonic: false, temporality: .delta, points: points)]))
    let values = result.batch.samples.sorted { $0.timestampMs < $1.timestampMs }.map(\.value)
    #expect(values == [1, 3])
  }

  @Test func deltaSeriesBeyondTheLimitAreRejected() {
    let accumulator = OTLPDeltaAccumulator(maxSeries: 2)
    let points = (0..<3).map { R.numberPoint(1, attributes: [R.attribute("i", "\($0)")]) }
    let result = translate(R.request(resource: [], metrics: [R.sum("c", temporality: .delta, points: points)]), accumulator: accumulator)
    #expect(result.batch.samples.count == 2)
    #expect(result.rejectionsByReason == ["delta_series_limit": 1])
    #expect(accumulator.trackedSeries == 2)
  }

  @Test func unspecifiedTemporalityIsRejected() {
    let result = translate(R.request(resource: [], metrics: [R.sum("c", temporality: .unspecified, points: [R.numberPoint(1)])]))
    #expect(result.batch.isEmpty)
    #expect(result.rejectionsByReason == ["invalid_temporality": 1])
  }

  @Test func histogramBecomesCumulativeBuckets() {
    let result = translate(
      R.request(resource: [], metrics: [R.histogram("http.server.duration", unit: "ms", bounds: [5, 10.5, 100], counts: [1, 2, 3, 4], sum: 321.5)]))
    #expect(
      result.lines == [
        #"http_server_duration_milliseconds_bucket{le="+Inf"} 10"#,
        #"http_server_duration_milliseconds_bucket{le="10.5"} 3"#,
        #"http_server_duration_milliseconds_bucket{le="100"} 6"#,
        #"http_server_duration_milliseconds_bucket{le="5"} 1"#,
        "http_server_duration_milliseconds_count 10",
        "http_server_duration_milliseconds_sum 321.5",
      ])
  }

  @Test func histogramWithoutSumOrBuckets() {
    let result = translate(R.request(resource: [], metrics: [R.histogram("h", bounds: [], counts: [])]))
    #expect(result.lines == [#"h_bucket{le="+Inf"} 0"#, "h_count 0"])
  }

  @Test func histogramWithMismatchedBucketsIsRejectedWithItsPath() {
    let result = translate(R.request(resource: [], metrics: [R.gauge("ok", points: [R.numberPoint(1)]), R.histogram("h", bounds: [1, 2], counts: [1, 2, 3, 4])]))
    #expect(result.lines == ["ok 1"])
    #expect(result.rejectedDataPoints == 1)
    #expect(
      result.errorMessage
        == "resource_metrics[0].scope_metrics[0].metrics[1] (h).data_points[0]: histogram bucket_counts has 4 entries, explicit_bounds 2 (want bounds + 1)")
  }

  @Test func histogramWithUnorderedBoundsIsRejected() {
    let result = translate(R.request(resource: [], metrics: [R.histogram("h", bounds: [2, 1], counts: [1, 2, 3])]))
    #expect(result.batch.isEmpty)
    #expect(result.rejectionsByReason == ["invalid_histogram": 1])
  }

  @Test func deltaHistogramsAccumulate() {
    let accumulator = OTLPDeltaAccumulator()
    _ = translate(R.request(resource: [], metrics: [R.histogram("h", bounds: [1], counts: [1, 1], sum: 3, temporality: .delta)]), accumulator: accumulator)
    let second = translate(
      R.request(resource: [], metrics: [R.histogram("h", bounds: [1], counts: [2, 0], sum: 1, temporality: .delta, timeNs: R.timeNs + 1_000_000_000)]),
      accumulator: accumulator)
    #expect(second.lines == [#"h_bucket{le="+Inf"} 4"#, #"h_bucket{le="1"} 3"#, "h_count 4", "h_sum 4"])
  }

  @Test func exponentialHistogramBecomesClassicBuckets() {
    var point = Opentelemetry_Proto_Metrics_V1_ExponentialHistogramDataPoint()
    point.scale = 0  // base 2
    point.zeroCount = 1
    point.positive.offset = 0  // (1,2], (2,4]
    point.positive.bucketCounts = [2, 3]
    point.negative.offset = 1  // [-4,-2)
    point.negative.bucketCounts = [4]
    point.count = 10
    point.sum = 7
    point.timeUnixNano = R.timeNs
    var metric = PBMetric()
    metric.name = "sizes"
    metric.exponentialHistogram.aggregationTemporality = .cumulative
    metric.exponentialHistogram.dataPoints = [point]
    let result = translate(R.request(resource: [], metrics: [metric]))
    #expect(
      result.lines == [
        #"sizes_bucket{le="+Inf"} 10"#, #"sizes_bucket{le="-2"} 4"#, #"sizes_bucket{le="0"} 5"#, #"sizes_bucket{le="2"} 7"#,
        #"sizes_bucket{le="4"} 10"#, "sizes_count 10", "sizes_sum 7",
      ])
  }

  @Test func unconvertibleExponentialHistogramIsSkippedWithAReason() {
    var point = Opentelemetry_Proto_Metrics_V1_ExponentialHistogramDataPoint()
    point.scale = -10
    point.positive.offset = 5  // 2^(1024*6): beyond float64
    point.positive.bucketCounts = [1]
    point.count = 1
    point.timeUnixNano = R.timeNs
    var metric = PBMetric()
    metric.name = "huge"
    metric.exponentialHistogram.aggregationTemporality = .cumulative
    metric.exponentialHistogram.dataPoints = [point]
    let result = translate(R.request(resource: [], metrics: [metric]))
    #expect(result.batch.isEmpty)
    #expect(result.rejectionsByReason == ["unconvertible_exponential_histogram": 1])
  }

  @Test func summaryBecomesQuantilesSumAndCount() {
    var point = Opentelemetry_Proto_Metrics_V1_SummaryDataPoint()
    point.timeUnixNano = R.timeNs
    point.count = 4
    point.sum = 2.5
    for (quantile, value) in [(0.5, 0.25), (0.99, 1.5)] {
      var entry = Opentelemetry_Proto_Metrics_V1_SummaryDataPoint.ValueAtQuantile()
      entry.quantile = quantile
      entry.value = value
      point.quantileValues.append(entry)
    }
    var metric = PBMetric()
    metric.name = "rpc.latency"
    metric.unit = "s"
    metric.summary.dataPoints = [point]
    let result = translate(R.request(resource: [], metrics: [metric]))
    #expect(
      result.lines == [
        "rpc_latency_seconds_count 4", "rpc_latency_seconds_sum 2.5", #"rpc_latency_seconds{quantile="0.5"} 0.25"#,
        #"rpc_latency_seconds{quantile="0.99"} 1.5"#,
      ])
  }

  @Test func limitsRejectPointsWithTooManyOrTooLongAttributes() {
    var limits = OTLPLimits()
    limits.maxAttributesPerPoint = 2
    limits.maxLabelValueBytes = 8
    let points = [
      R.numberPoint(1, attributes: [R.attribute("a", "1"), R.attribute("b", "2"), R.attribute("c", "3")]),
      R.numberPoint(2, attributes: [R.attribute("a", String(repeating: "x", count: 9))]),
      R.numberPoint(3, attributes: [R.attribute("a", "short")]),
    ]
    let result = OTLPTranslator(limits: limits, accumulator: OTLPDeltaAccumulator())
      .translate(R.request(resource: [], metrics: [R.gauge("g", points: points)]))
    #expect(result.lines == [#"g{a="short"} 3"#])
    #expect(result.rejectionsByReason == ["too_many_attributes": 1, "label_value_too_long": 1])
    #expect(result.errorMessage.contains("3 attributes, more than the limit of 2"))
    #expect(result.errorMessage.contains(#"attribute "a" has a value of 9 bytes, more than the limit of 8"#))
  }

  @Test func missingTimestampIsRejected() {
    let result = translate(R.request(resource: [], metrics: [R.gauge("g", points: [R.numberPoint(1, timeNs: 0)])]))
    #expect(result.batch.isEmpty)
    #expect(result.rejectionsByReason == ["missing_timestamp": 1])
  }
}
