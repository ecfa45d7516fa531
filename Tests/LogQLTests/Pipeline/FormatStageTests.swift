// line_format, label_format, drop, keep and decolorize as stages, and how stages chain.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct FormatStageTests {
  static let line = #"{"level": "info", "method": "GET", "path": "/", "host": "grafana.net", "status": "200"}"#

  @Test func lineFormatRewritesTheLineForLaterStages() throws {
    let result = try #require(try run([logfmt(), lineFormat("{{.query}} {{.duration}}"), contains("5s")], "query=up duration=5s x=1"))
    #expect(text(result, original: "") == "up 5s")
    #expect(extracted(result) == ["query": "up", "duration": "5s", "x": "1"])
    #expect(try run([logfmt(), lineFormat("{{.query}}"), contains("duration")], "query=up duration=5s") == nil)
  }

  @Test func labelFormatRenamesAndTemplates() throws {
    let stage = PipelineStage.labelFormat(
      [.rename(destination: "dst", source: "src"), .template(destination: "both", template: "{{.src}}-{{.other}}"), .rename(destination: "nothing", source: "absent")],
      position: at)
    let result = try run([stage], "x", stream: Labels(["src": "a", "other": "b"]))
    // The template sees `src` as it was before this stage's rename.
    #expect(result?.labels == Labels(["dst": "a", "both": "a-b", "other": "b"]))
    // A template may overwrite a stream label.
    let overwrite = try run([.labelFormat([.template(destination: "job", template: "{{.job | upper}}")], position: at)], "x")
    #expect(overwrite?.labels["job"] == "APP")
    #expect(throws: LogQLError.self) {
      try LogPipeline([.labelFormat([.rename(destination: "foo", source: "bar"), .template(destination: "foo", template: "new")], position: at)])
    }
    let failing = try run([.labelFormat([.template(destination: "x", template: "{{ div 1 0 }}")], position: at)], "x")
    #expect(failing?.labels["__error__"] == "TemplateFormatErr")
    #expect(failing?.labels["x"] == "")
  }

  @Test func dropRemovesByNameOrMatcher() throws {
    let drop = PipelineStage.drop([.name("level"), .matcher(matcher(.equal, "method", "GET"))], position: at)
    let result = try run([json(), drop], Self.line, stream: Labels(["job": "varlogs"]))
    #expect(result?.labels == Labels(["host": "grafana.net", "path": "/", "status": "200", "job": "varlogs"]))
    let regex = PipelineStage.drop([.name("level"), .name("path"), .matcher(matcher(.regexMatch, "app", "some-api.*"))], position: at)
    let kept = try run([json(), regex], #"{"app": "other-service", "level": "info", "method": "GET", "path": "/"}"#, stream: Labels(["job": "varlogs"]))
    #expect(kept?.labels == Labels(["app": "other-service", "job": "varlogs", "method": "GET"]))
    let errors = try run([json(), .drop([.name("__error__"), .name("__error_details__")], position: at)], "INFO GET / loki.net 200")
    #expect(errors?.labels == Labels(["job": "app"]))
  }

  @Test func keepKeepsOnlySelectedLabelsAndErrors() throws {
    let keep = PipelineStage.keep([.name("level"), .matcher(matcher(.equal, "method", "GET"))], position: at)
    let get = try run([json(), keep], Self.line, stream: Labels(["job": "varlogs"]))
    #expect(get?.labels == Labels(["level": "info", "method": "GET"]))
    let post = try run([json(), keep], Self.line.replacingOccurrences(of: "GET", with: "POST"), stream: Labels(["job": "varlogs"]))
    #expect(post?.labels == Labels(["level": "info"]))
    let failed = try run([json(), keep], "not json")
    #expect(failed?.labels["__error__"] == "JSONParserErr" && failed?.labels["job"] == "")
  }

  @Test func decolorizeStripsEscapeSequences() throws {
    let colored = "\u{1B}[31mERROR\u{1B}[0m disk \u{1B}[1;38;5;208mfull\u{1B}[m \u{1B}]0;title\u{07}done"
    let result = try run([.decolorize(position: at)], colored)
    #expect(text(result, original: colored) == "ERROR disk full done")
    let plain = try run([.decolorize(position: at)], "no color")
    #expect(plain?.rewrittenLine == nil)
  }

  @Test func unchangedLabelsAreTheStreamItself() throws {
    let stream = Labels(["job": "app", "host": "a"])
    let result = try run([contains("x"), .labelFilter(.matcher(matcher(.equal, "host", "a"), position: at))], "x", stream: stream)
    #expect(result?.labels == stream)
    #expect(result?.rewrittenLine == nil)
    #expect(try run([contains("x")], "y") == nil)
  }

  @Test func runnersAreIndependentAndReusable() throws {
    let pipeline = try LogPipeline([json(), lineFormat("{{.msg}}!")])
    let first = pipeline.makeRunner()
    let second = pipeline.makeRunner()
    let stream = Labels(["job": "app"])
    for index in 0..<50 {
      let line = Array(#"{"msg": "m\#(index)"}"#.utf8)
      let a = try #require(first.process(line: line[...], timestampNs: 0, stream: stream, metadata: []))
      let b = try #require(second.process(line: line[...], timestampNs: 0, stream: stream, metadata: []))
      #expect(a.rewrittenLine == Array("m\(index)!".utf8))
      #expect(a.rewrittenLine == b.rewrittenLine && a.labels == b.labels)
    }
  }
}

private extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    TemplateStrings.replace(self, target, replacement, limit: -1)
  }
}
