// Exact results of the text 0.0.4 parser on typical pages, and the errors (with positions) it
// reports for broken ones.

import Ingest
import Testing
import WardenCore

struct PrometheusTextParserTests {
  private func parse(_ text: String) throws(ExpositionError) -> ExpositionParseResult {
    try ExpositionParser.parse(Array(text.utf8), format: .prometheusText)
  }

  private func error(_ text: String) -> ExpositionError? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesTypicalPage() throws {
    let result = try parse(
      """
      # HELP http_requests_total Requests served.\\nSecond line with \\\\ backslash.
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="post",code="400",} 3 1395066363000
      # A comment.

      \tmetric_without_timestamp_and_labels 12.47
      # TYPE rpc histogram
      rpc_bucket{le="0.05"} 24054
      rpc_bucket{le="+Inf"} 144320
      rpc_sum 53423
      rpc_count 144320
      weird{path="C:\\\\dir\\"x\\"\\nend"} -Inf

      """)
    #expect(result.families == [
      ParsedFamily(name: "http_requests_total", type: .counter, help: "Requests served.\nSecond line with \\ backslash."),
      ParsedFamily(name: "metric_without_timestamp_and_labels", type: .untyped),
      ParsedFamily(name: "rpc", type: .histogram),
      ParsedFamily(name: "weird", type: .untyped),
    ])
    #expect(result.samples == [
      ExpositionSample(labels: Labels(["__name__": "http_requests_total", "method": "post", "code": "200"]), value: 1027, timestampMs: 1_395_066_363_000),
      ExpositionSample(labels: Labels(["__name__": "http_requests_total", "method": "post", "code": "400"]), value: 3, timestampMs: 1_395_066_363_000),
      ExpositionSample(labels: Labels(["__name__": "metric_without_timestamp_and_labels"]), value: 12.47),
      ExpositionSample(labels: Labels(["__name__": "rpc_bucket", "le": "0.05"]), value: 24054),
      ExpositionSample(labels: Labels(["__name__": "rpc_bucket", "le": "+Inf"]), value: 144_320),
      ExpositionSample(labels: Labels(["__name__": "rpc_sum"]), value: 53423),
      ExpositionSample(labels: Labels(["__name__": "rpc_count"]), value: 144_320),
      ExpositionSample(labels: Labels(["__name__": "weird", "path": "C:\\dir\"x\"\nend"]), value: -.infinity),
    ])
  }

  @Test func specialValuesAndNegativeTimestamps() throws {
    let result = try parse("a NaN\nb +Inf\nc Inf -5\nd -inf\ne 1e3\nf .5\n")
    let values = result.samples.map(\.value)
    #expect(values[0].isNaN && values[0].bitPattern == Double.nan.bitPattern)
    #expect(Array(values.dropFirst()) == [.infinity, .infinity, -.infinity, 1000, 0.5])
    #expect(result.samples[2].timestampMs == -5)
  }

  @Test func emptyLabelValuesAreDropped() throws {
    let result = try parse("a{x=\"\",y=\"1\"} 1\n")
    #expect(result.samples[0].labels == Labels(["__name__": "a", "y": "1"]))
  }

  @Test func emptyBodyIsValid() throws {
    #expect(try parse("").samples.isEmpty)
    #expect(try parse("\n\n").samples.isEmpty)
  }

  @Test func errorsNameLineAndColumn() {
    #expect(error("a 1\nb{x=\"\\t\"} 1\n") == ExpositionError(line: 2, column: 6, message: "invalid escape sequence in label value; expected \\\\, \\\" or \\n"))
    #expect(error("a 1\nb 1") == ExpositionError(line: 2, column: 4, message: "expected a newline at the end of the last line"))
    #expect(error("a{__name__=\"b\"} 1\n")?.column == 3)
    #expect(error("a{x=\"1\",x=\"2\"} 1\n")?.message == "duplicate label name \"x\"")
    #expect(error("a 1 2 3\n")?.column == 7)
    #expect(error("a 1 2.5\n")?.column == 5)
    #expect(error("a{x=1} 1\n")?.message.contains("open label value") == true)
    #expect(error("# TYPE a gauge\n# TYPE a counter\n")?.line == 2)
    #expect(error("# HELP a x\n# HELP a y\n")?.line == 2)
    #expect(error("a 1\n# TYPE a gauge\n")?.message == "TYPE line for metric name \"a\" after its samples")
    #expect(error("# TYPE a summary\na{quantile=\"x\"} 1\n") != nil)
    #expect(error("a zz\n")?.description == "line 1, column 3: cannot parse sample value \"zz\": expected a float, NaN or Inf")
  }

  @Test func limitsAreEnforced() {
    let body = Array("a{x=\"1\",y=\"2\"} 1\nb 2\n".utf8)
    #expect(throws: ExpositionError.self) { try ExpositionParser.parse(body, format: .prometheusText, limits: .init(maxSamples: 1)) }
    #expect(throws: ExpositionError.self) { try ExpositionParser.parse(body, format: .prometheusText, limits: .init(maxLabelsPerSample: 1)) }
    #expect(throws: ExpositionError.self) { try ExpositionParser.parse(body, format: .prometheusText, limits: .init(maxLineBytes: 8)) }
    let longValue = Array("a{x=\"12345\"} 1\n".utf8)
    #expect(throws: ExpositionError.self) { try ExpositionParser.parse(longValue, format: .prometheusText, limits: .init(maxLabelValueBytes: 4)) }
    #expect(throws: Never.self) { try ExpositionParser.parse(longValue, format: .prometheusText, limits: .init(maxLabelValueBytes: 5)) }
    #expect(throws: Never.self) {
      try ExpositionParser.parse(body, format: .prometheusText, limits: .init(maxSamples: 0, maxLabelsPerSample: 0, maxLineBytes: 0, maxLabelValueBytes: 0))
    }
  }

  @Test func contentTypeSelectsFormat() {
    #expect(ExpositionFormat.from(contentType: nil) == .prometheusText)
    #expect(ExpositionFormat.from(contentType: "text/plain; version=0.0.4; charset=utf-8") == .prometheusText)
    #expect(ExpositionFormat.from(contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8") == .openMetrics)
    #expect(ExpositionFormat.from(contentType: " Application/OpenMetrics-Text ") == .openMetrics)
    #expect(ExpositionFormat.from(contentType: "application/json") == .prometheusText)
  }
}
