// Limits and output rules: recursion through template calls, huge ranges, output size, work done
// building big strings, cancellation, HTML escaping of action output, and concurrent execution of
// one parsed set (plus a coarse check that small templates render cheaply).
import Testing
@testable import GoTemplate

@Suite("GoTemplate limits and escaping")
struct TemplateLimitTests {
  @Test("infinite recursion through template calls stops at maxDepth")
  func recursion() async {
    let output = await TemplateRun.text(#"{{define "r"}}x{{template "r" .}}{{end}}{{template "r" .}}"#)
    #expect(output.contains("exceeded maximum template depth (100)"), "\(output)")
    var options = TemplateOptions()
    options.maxDepth = 3
    let counted = #"{{define "r"}}{{if .}}{{len .}}{{template "r" slice . 1}}{{end}}{{end}}{{template "r" .}}"#
    let list = TemplateData.list([.int(1), .int(2)])
    #expect(await TemplateRun.text(counted, list, options: options) == "21")
    let deeper = TemplateData.list([.int(1), .int(2), .int(3)])
    #expect(await TemplateRun.text(counted, deeper, options: options).contains("exceeded maximum template depth (3)"))
  }

  @Test("deep nesting inside deep recursion ends in an error, not a crash")
  func deepNestingTimesRecursion() async {
    let nested = String(repeating: "{{with .}}", count: 95) + #"{{template "r" .}}"# + String(repeating: "{{end}}", count: 95)
    let output = await TemplateRun.text(#"{{define "r"}}"# + nested + #"{{end}}{{template "r" 1}}"#)
    #expect(output.contains("exceeded maximum template depth (100)"), "\(output.prefix(200))")
  }

  @Test("huge ranges run out of steps")
  func steps() async {
    let output = await TemplateRun.text("{{range 1000000000}}{{end}}")
    #expect(output.contains("execution exceeds the limit of 1000000 steps"), "\(output)")
    var options = TemplateOptions()
    options.maxSteps = 50
    #expect(await TemplateRun.text("{{range 10}}{{.}}{{end}}", options: options) == "0123456789")
    #expect(await TemplateRun.text("{{range 100}}{{.}}{{end}}", options: options).contains("limit of 50 steps"))
    // Building big strings costs steps by size.
    options.maxSteps = 10_000
    let builder = #"{{range 1000}}{{$s := printf "%100000d" 1}}{{end}}"#
    #expect(await TemplateRun.text(builder, options: options).contains("limit of 10000 steps"))
  }

  @Test("output beyond maxOutputBytes fails")
  func outputLimit() async {
    var options = TemplateOptions()
    options.maxOutputBytes = 1000
    #expect(await TemplateRun.text("{{range 100}}0123456789{{end}}", options: options).count == 1000)
    #expect(await TemplateRun.text("{{range 101}}0123456789{{end}}", options: options).contains("output exceeds the limit of 1000 bytes"))
    #expect(await TemplateRun.text(#"{{printf "%2000d" 1}}"#, options: options).contains("output exceeds"))
  }

  @Test("template text beyond maxSourceBytes is refused")
  func sourceLimit() {
    var options = TemplateOptions()
    options.maxSourceBytes = 10
    if case .failure(let error) = TemplateRun.parse("01234567890", options: options) {
      #expect(error.message.contains("exceeds the limit of 10 bytes"))
    } else {
      Issue.record("an oversized template parsed")
    }
  }

  @Test("a cancelled task stops the execution")
  func cancellation() async {
    let task = Task {
      await TemplateRun.text("{{range 900000}}{{end}}")
    }
    task.cancel()
    let output = await task.value
    #expect(output.contains("execution cancelled"), "\(output)")
  }

  @Test("escapesHTML escapes action output but not text or safeHTML")
  func escaping() async {
    var options = TemplateOptions()
    options.escapesHTML = true
    let data = TemplateData.map(["T": .string("<b>\"Tom\" & 'Jerry'+1</b>"), "H": .safeHTML("<i>ok</i>")])
    #expect(
      await TemplateRun.text("<p>{{.T}}</p>{{.H}}{{html .T}}", data, options: options)
        == "<p>&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&#43;1&lt;/b&gt;</p><i>ok</i>&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;+1&lt;/b&gt;")
    #expect(await TemplateRun.text("{{.T}}", data) == "<b>\"Tom\" & 'Jerry'+1</b>")
    #expect(await TemplateRun.text(#"{{define "x"}}{{.}}{{end}}<{{template "x" "<"}}>"#, options: options) == "<&lt;>")
  }

  @Test("one parsed set runs concurrently")
  func concurrency() async throws {
    var set = TemplateSet()
    try set.parse(#"{{range $i, $e := .}}{{if $i}},{{end}}{{printf "%03d" $e}}{{end}}"#, name: "t")
    let parsed = set
    let results = await withTaskGroup(of: String.self) { group in
      for task in 0..<64 {
        group.addTask { await TemplateRun.output(parsed, data: .list((0..<task % 8).map { .int(Int64($0 * task)) })) }
      }
      var collected: [String] = []
      for await result in group { collected.append(result) }
      return collected
    }
    #expect(results.count == 64)
    #expect(!results.contains { $0.hasPrefix("ERROR") })
    #expect(results.contains("000,007,014,021,028,035,042"))
  }

  @Test("ten thousand small renders stay cheap")
  func manySmallRenders() async throws {
    var set = TemplateSet()
    try set.parse("{{ .Labels.instance }} of job {{ .Labels.job }} is down ({{ printf \"%.1f\" .Value }})", name: "t")
    let data = TemplateData.map(["Labels": .map(["instance": .string("a:9100"), "job": .string("node")]), "Value": .float(0)])
    let clock = ContinuousClock()
    var total = 0
    let elapsed = await clock.measure {
      for _ in 0..<10_000 { total += await TemplateRun.output(set, data: data).utf8.count }
    }
    #expect(total == 10_000 * "a:9100 of job node is down (0.0)".utf8.count)
    // Generous bound for a debug build on a shared two-core machine.
    #expect(elapsed < .seconds(20), "10k renders took \(elapsed)")
  }
}
