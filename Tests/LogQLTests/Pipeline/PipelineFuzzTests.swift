// Random and mutated input through every parser and the template engine: nothing may crash, and
// every outcome is either labels or a named error. Seeded, so a failure replays.
@testable import LogQL
import PromQL
import Testing
import WardenCore
import WardenTesting

@Suite struct PipelineFuzzTests {
  private static let seeds: [String] = [
    #"{"a": {"b": [1, 2, {"c": "d"}]}, "e": "f\u00e9\n", "g": -1.5e3, "h": null, "i": true}"#,
    #"at=info msg="quoted \"value\"" key= standalone n=1.5"#,
    #"0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] "GET /api HTTP/1.1" 200 2"#,
    "\u{1B}[31mred\u{1B}[0m ::1 10.0.0.1:80",
  ]

  private static func mutate(_ bytes: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
    var out = bytes
    for _ in 0..<Int.random(in: 1...8, using: &generator) {
      let choice = Int.random(in: 0..<4, using: &generator)
      if out.isEmpty || choice == 0 {
        out.insert(UInt8.random(in: 0...255, using: &generator), at: Int.random(in: 0...out.count, using: &generator))
      } else if choice == 1 {
        out.remove(at: Int.random(in: 0..<out.count, using: &generator))
      } else if choice == 2 {
        out[Int.random(in: 0..<out.count, using: &generator)] = Array(#"{}[]":,\ ="<>.-"#.utf8).randomElement(using: &generator)!
      } else {
        out = Array(out.prefix(Int.random(in: 0...out.count, using: &generator)))
      }
    }
    return out
  }

  @Test func parsersSurviveRandomAndMutatedLines() throws {
    let pipelines = try [
      [json()], [json([FieldExtraction(label: "x", path: "a.b[2].c"), FieldExtraction(label: "y", path: "a")])],
      [logfmt()], [logfmt(strict: true, keepEmpty: true)], [.parser(.unpack(position: at)), json()],
      [.parser(.pattern(pattern: #"<ip> - - [<ts>] "<method> <_>" <status> <_>"#, position: at))],
      [.parser(.regexp(pattern: #"(?P<word>\w+)=(?P<value>\S*)"#, position: at))],
      [.decolorize(position: at), .lineFilter(LineFilter(op: .contains, patterns: ["10.0.0.0/8", "::/0"], isIPFilter: true, position: at))],
      [.lineFilter(LineFilter(op: .matchesRegex, patterns: [#"(?i)get|\d+\.\d+"#], position: at))],
      [logfmt(), .labelFilter(.or(.number(name: "n", op: .greater, value: 1, position: at), .bytes(name: "key", op: .less, bytes: 5, position: at)))],
      [json(), lineFormat(#"{{ .a_b | default "-" | upper }} {{ __line__ | count "a" }} {{ printf "%5.2f %s" .g .e }}"#)],
    ].map { try LogPipeline($0) }
    var generator = SeededGenerator(seed: 0x5EED_F00D)
    let stream = Labels(["job": "fuzz"])
    for iteration in 0..<600 {
      let line: [UInt8]
      if iteration % 3 == 0 {
        line = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      } else {
        line = Self.mutate(Array(Self.seeds.randomElement(using: &generator)!.utf8), &generator)
      }
      for pipeline in pipelines {
        let runner = pipeline.makeRunner()
        if let result = runner.process(line: line[...], timestampNs: Int64(iteration), stream: stream, metadata: []) {
          for label in result.labels.pairs {
            #expect(!label.value.isEmpty)
            #expect(label.name == "__error__" || label.name == "__error_details__" || isValidLabelName(label.name), "\(label.name)")
          }
        }
      }
    }
  }

  @Test func templateParserSurvivesRandomTemplates() {
    var generator = SeededGenerator(seed: 42)
    let pieces = ["{{", "}}", "{{-", "-}}", " ", ".a", "|", "(", ")", "\"s\"", "`r`", "if", "else", "end", "upper", "printf", "\"%d\"",
                  "1", "-2.5", "eq", "and", "/*", "*/", "x", "$", "substr", "0x1F", "\\", "\n"]
    for _ in 0..<2000 {
      var template = ""
      for _ in 0..<Int.random(in: 0...12, using: &generator) { template += pieces.randomElement(using: &generator)! }
      if case .success(let nodes) = TemplateParser.parse(template) {
        // Parsed templates also run without crashing.
        let pipeline = try? LogPipeline([lineFormat(template)])
        #expect(pipeline != nil, "\(nodes.count) nodes")
        _ = pipeline?.makeRunner().process(line: Array("line".utf8)[...], timestampNs: 0, stream: Labels(["a": "7"]), metadata: [])
      }
    }
  }

  @Test func printfSurvivesRandomFormats() {
    var generator = SeededGenerator(seed: 7)
    let pieces = ["%", "d", "s", "-", "+", "0", "5", ".", "2", "f", "x", "q", "v", "e", "g", "%%", "a", "#", " ", "t", "c"]
    let values: [TemplateValue] = [.int(-42), .float(3.25), .string("héllo"), .bool(true), .null, .int(.min), .float(.infinity)]
    for _ in 0..<2000 {
      var format = ""
      for _ in 0..<Int.random(in: 0...10, using: &generator) { format += pieces.randomElement(using: &generator)! }
      let arguments = (0..<Int.random(in: 0...3, using: &generator)).map { _ in values.randomElement(using: &generator)! }
      _ = GoPrintf.format(format, arguments)
    }
  }
}
