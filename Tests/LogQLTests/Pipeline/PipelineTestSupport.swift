// Helpers for the pipeline tests: build stages from AST values and run one line through them.
@testable import LogQL
import PromQL
import Testing
import WardenCore

let at = PositionRange(start: 0, end: 0)

func run(
  _ stages: [PipelineStage], _ line: String, stream: Labels = Labels(["job": "app"]), metadata: [LogField] = [],
  timestampNs: Int64 = 1_700_000_000_123_456_789
) throws -> ProcessedLine? {
  let runner = try LogPipeline(stages).makeRunner()
  return runner.process(line: Array(line.utf8)[...], timestampNs: timestampNs, stream: stream, metadata: metadata[...])
}

/// The labels of a processed line as a dictionary (without the stream's `job`).
func extracted(_ result: ProcessedLine?) -> [String: String] {
  var out: [String: String] = [:]
  for label in result?.labels.pairs ?? [] where label.name != "job" { out[label.name] = label.value }
  return out
}

func text(_ result: ProcessedLine?, original: String) -> String? {
  guard let result else { return nil }
  return result.rewrittenLine.map { String(decoding: $0, as: UTF8.self) } ?? original
}

func matcher(_ kind: LabelMatcher.Kind, _ name: String, _ value: String) -> LabelMatcher {
  try! LabelMatcher(kind, name, value)
}

func contains(_ patterns: String...) -> PipelineStage {
  .lineFilter(LineFilter(op: .contains, patterns: patterns, position: at))
}

func json(_ extractions: [FieldExtraction] = []) -> PipelineStage { .parser(.json(extractions: extractions, position: at)) }

func logfmt(strict: Bool = false, keepEmpty: Bool = false, _ extractions: [FieldExtraction] = []) -> PipelineStage {
  .parser(.logfmt(strict: strict, keepEmpty: keepEmpty, extractions: extractions, position: at))
}

func lineFormat(_ template: String) -> PipelineStage { .lineFormat(template: template, position: at) }

/// Renders a template against labels (and a line) with a one-stage `line_format` pipeline.
func render(_ template: String, labels: [String: String] = [:], line: String = "the line", timestampNs: Int64 = 0) throws -> String? {
  let result = try run([lineFormat(template)], line, stream: Labels(labels), timestampNs: timestampNs)
  guard let result, result.labels["__error__"].isEmpty else { return nil }
  return text(result, original: line)
}

/// The error a template run sets, "" when none.
func templateError(_ template: String, labels: [String: String] = [:]) throws -> String {
  let result = try run([lineFormat(template)], "x", stream: Labels(labels))
  return result?.labels["__error_details__"] ?? ""
}
