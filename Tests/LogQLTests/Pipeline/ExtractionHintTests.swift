// `LogPipeline.extractingOnly`: when a metric query keeps only some labels (`sum by (level)`),
// json and logfmt build just those and what the pipeline's own filters read, with the same
// filtering outcome as a full extraction; template stages turn the hint off.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct ExtractionHintTests {
  private func process(_ pipeline: LogPipeline, _ line: String, stream: Labels = Labels(["job": "app"])) -> ProcessedLine? {
    pipeline.makeRunner().process(line: Array(line.utf8)[...], timestampNs: 1, stream: stream, metadata: [][...])
  }

  @Test func jsonBuildsOnlyTheWantedLabelsAndThoseItsFiltersRead() throws {
    let line = #"{"level":"error","msg":"disk full","trace_id":"abc","duration_ms":700,"http":{"method":"GET"}}"#
    let filter = PipelineStage.labelFilter(.number(name: "duration_ms", op: .greater, value: 500, position: at))
    let full = try LogPipeline([json(), filter])
    let hinted = full.extractingOnly(["level"])
    #expect(extracted(process(full, line)).count == 5)
    #expect(extracted(process(hinted, line)) == ["level": "error", "duration_ms": "700"])
    // The filter still drops what it dropped.
    let fast = #"{"level":"error","msg":"disk full","trace_id":"abc","duration_ms":20,"http":{"method":"GET"}}"#
    #expect(process(full, fast) == nil)
    #expect(process(hinted, fast) == nil)
  }

  @Test func aFieldNamedLikeAStreamLabelIsStillFoundUnderItsSuffix() throws {
    let hinted = try LogPipeline([json()]).extractingOnly(["job_extracted"])
    #expect(extracted(process(hinted, #"{"job":"inner","other":"x"}"#)) == ["job_extracted": "inner"])
  }

  @Test func logfmtBuildsOnlyTheWantedLabels() throws {
    let hinted = try LogPipeline([logfmt()]).extractingOnly(["level"])
    #expect(extracted(process(hinted, "level=info msg=\"hello world\" user=7")) == ["level": "info"])
  }

  @Test func templatesTurnTheHintOff() throws {
    let hinted = try LogPipeline([json(), lineFormat("{{.msg}}")]).extractingOnly(["level"])
    let result = process(hinted, #"{"level":"info","msg":"hello"}"#)
    #expect(extracted(result) == ["level": "info", "msg": "hello"])
    #expect(text(result, original: "") == "hello")
  }

  @Test func parserErrorsAreStillReported() throws {
    let hinted = try LogPipeline([json()]).extractingOnly(["level"])
    #expect(extracted(process(hinted, "not json"))["__error__"] == "JSONParserErr")
  }
}
