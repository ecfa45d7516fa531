// Whole pipelines from Loki's documentation, run end to end over a few records.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct PipelineExampleTests {
  @Test func logfmtThenDurationAndNumberFilters() throws {
    // {container="query-frontend"} |= "metrics.go" | logfmt | duration > 10s and throughput_mb < 500
    let pipeline = try LogPipeline([
      contains("metrics.go"), logfmt(),
      .labelFilter(
        .and(
          .duration(name: "duration", op: .greater, seconds: 10, position: at),
          .number(name: "throughput_mb", op: .less, value: 500, position: at))),
    ])
    #expect(pipeline.requiredSubstrings == [Array("metrics.go".utf8)])
    let runner = pipeline.makeRunner()
    let stream = Labels(["container": "query-frontend"])
    let lines = [
      "caller=metrics.go:80 duration=12.5s throughput_mb=120",
      "caller=metrics.go:80 duration=2s throughput_mb=120",
      "caller=metrics.go:80 duration=1m throughput_mb=900",
      "caller=engine.go:10 duration=1m throughput_mb=1",
      "caller=metrics.go:80 duration=soon throughput_mb=1",
    ]
    let results = lines.map { runner.process(line: Array($0.utf8)[...], timestampNs: 0, stream: stream, metadata: []) }
    #expect(results.map { $0 != nil } == [true, false, false, false, true])
    #expect(results[0]?.labels["caller"] == "metrics.go:80")
    #expect(results[4]?.labels["__error__"] == "LabelFilterErr")
  }

  @Test func metadataIsVisibleToFiltersAndTemplates() throws {
    let pipeline = try LogPipeline([
      .labelFilter(.matcher(matcher(.equal, "trace_id", "abc"), position: at)), lineFormat("{{.trace_id}} {{__line__}}"),
    ])
    let runner = pipeline.makeRunner()
    let stream = Labels(["job": "app"])
    let hit = try #require(runner.process(line: Array("hello".utf8)[...], timestampNs: 0, stream: stream, metadata: [LogField("trace_id", "abc")][...]))
    #expect(hit.rewrittenLine == Array("abc hello".utf8))
    #expect(hit.labels == Labels(["job": "app", "trace_id": "abc"]))
    #expect(runner.process(line: Array("hello".utf8)[...], timestampNs: 0, stream: stream, metadata: [LogField("trace_id", "x")][...]) == nil)
  }

  @Test func jsonLabelFilterAndLineFormat() throws {
    // {job="access_log"} | json | status >= 500 | line_format `{{.method}} {{.http_request_headers_x_forwarded_for | default "-"}}`
    let pipeline = try LogPipeline([
      json(), .labelFilter(.number(name: "status", op: .greaterOrEqual, value: 500, position: at)),
      lineFormat(#"{{.method}} {{.http_request_headers_x_forwarded_for | default "-"}}"#),
    ])
    let runner = pipeline.makeRunner()
    let stream = Labels(["job": "access_log"])
    let error = runner.process(
      line: Array(#"{"method": "GET", "status": 502, "http": {"request": {"headers": {"x-forwarded-for": "10.0.0.1"}}}}"#.utf8)[...],
      timestampNs: 0, stream: stream, metadata: [])
    #expect(error?.rewrittenLine == Array("GET 10.0.0.1".utf8))
    let missingHeader = runner.process(line: Array(#"{"method": "POST", "status": 500}"#.utf8)[...], timestampNs: 0, stream: stream, metadata: [])
    #expect(missingHeader?.rewrittenLine == Array("POST -".utf8))
    #expect(runner.process(line: Array(#"{"method": "GET", "status": 200}"#.utf8)[...], timestampNs: 0, stream: stream, metadata: []) == nil)
  }
}
