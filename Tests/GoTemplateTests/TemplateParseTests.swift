// Parsing: positions and Go's wording for syntax errors, trim markers and comments, constants,
// nesting limits, and how definitions from several texts combine.
import Testing
@testable import GoTemplate

@Suite("GoTemplate parsing")
struct TemplateParseTests {
  private func error(_ text: String) -> TemplateError? {
    if case .failure(let error) = TemplateRun.parse(text) { return error }
    return nil
  }

  @Test("errors name the template, line and column")
  func positions() throws {
    let unknown = try #require(error("{{foo}}"))
    #expect(unknown.description == #"template: t:1:3: function "foo" not defined"#)
    let secondLine = try #require(error("line one\n  {{ .X | bogus }}"))
    #expect(secondLine.line == 2)
    #expect(secondLine.column == 11)
    #expect(secondLine.message == #"function "bogus" not defined"#)
    // Columns count characters, not bytes.
    let unicode = try #require(error("é{{foo}}"))
    #expect(unicode.column == 4)
  }

  @Test("syntax errors read as Go's", arguments: [
    ("{{if .X}}a", "unexpected EOF"),
    ("a{{end}}", "unexpected {{end}}"),
    ("{{else}}", "unexpected {{else}}"),
    ("{{$x}}", #"undefined variable "$x""#),
    ("{{$x = 1}}", #"undefined variable "$x""#),
    ("{{break}}", "{{break}} outside {{range}}"),
    ("{{range .}}{{else}}{{continue}}{{end}}", "{{continue}} outside {{range}}"),
    (#"{{if true}}{{define "x"}}{{end}}{{end}}"#, "unexpected <define> in command"),
    ("{{.X", "unclosed action"),
    (#"{{"abc}}"#, "unterminated quoted string"),
    ("{{`abc}}", "unterminated raw quoted string"),
    ("{{'a}}", "unterminated character constant"),
    ("{{/* x }}", "unclosed comment"),
    ("{{/* x */ .X}}", "comment ends before closing delimiter"),
    ("{{.X | 3}}", "non executable command in pipeline stage 2"),
    ("{{}}", "missing value for command"),
    ("{{if}}{{end}}", "missing value for if"),
    ("{{.X || .Y}}", #"unexpected "|" in command"#),
    ("{{(1}}", "unclosed left paren"),
    ("{{1)}}", "unexpected right paren"),
    ("{{0x}}", #"illegal number syntax: "0x""#),
    ("{{99999999999999999999}}", #"integer overflow: "99999999999999999999""#),
    ("{{'ab'}}", "malformed character constant: 'ab'"),
    (#"{{"\q"}}"#, #"invalid syntax: "\q""#),
    ("{{.X!}}", "bad character U+0021 '!'"),
    ("{{3x}}", #"bad number syntax: "3x""#),
    ("{{range $i, $e, $f := .}}{{end}}", "too many declarations in range"),
    ("{{with $x, $y := .}}{{end}}", "too many declarations in with"),
    ("{{range $i, 3}}{{end}}", "range can only initialize variables"),
    (#"{{"x".Y}}"#, #"unexpected . after term "\"x\"""#),
    (#"{{define "a"}}A{{end}}{{define "a"}}B{{end}}"#, #"template: multiple definition of template "a""#),
    ("{{if 1}}{{else}}{{else}}{{end}}", "expected end; found {{else}}"),
    ("{{range 3}}{{else if 1}}{{end}}", "unexpected <if> in input"),
    ("{{template .X}}", #"unexpected ".X" in template clause"#),
    ("{{ # }}", ##"unexpected "#" in command"##),
    ("{{ ~ }}", #"unexpected "~" in command"#),
    ("{{ a := 1 }}", #"function "a" not defined"#),
  ])
  func syntaxErrors(text: String, message: String) throws {
    let failure = try #require(error(text))
    #expect(failure.message == message, "\(text)")
    #expect(failure.line != nil)
  }

  @Test("trim markers remove the whitespace next to them")
  func trimMarkers() async {
    #expect(await TemplateRun.text("{{23 -}} < {{- 45}}") == "23<45")
    #expect(await TemplateRun.text("a \n\t{{- 1 -}} \n b") == "a1b")
    #expect(await TemplateRun.text("{{ 3 -}}\n\n  x") == "3x")
    #expect(await TemplateRun.text("x  {{- 3 }}  y") == "x3  y")
    // Without the space the minus belongs to a number.
    #expect(await TemplateRun.text("a {{-3}} b") == "a -3 b")
    #expect(await TemplateRun.text("a {{- /* note */ -}} b") == "ab")
    #expect(await TemplateRun.text("a{{/* one\ntwo */}}b") == "ab")
  }

  @Test("constants: strings, raw strings, chars and Go's number forms")
  func constants() async {
    #expect(await TemplateRun.text(#"{{"a\tb\u00e9\x41\101\\"}}"#) == "a\tbéAA\\")
    #expect(await TemplateRun.text("{{`a\\nb\nc`}}") == "a\\nb\nc")
    #expect(await TemplateRun.text(#"{{'a'}} {{'\n'}} {{'\x41'}} {{'é'}}"#) == "97 10 65 233")
    #expect(await TemplateRun.text("{{0x1F}} {{0X1f}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{0x_FF}}") == "31 31 15 15 5 1000 255")
    #expect(await TemplateRun.text("{{1.5}} {{1e3}} {{1e6}} {{-3}} {{+3}} {{0x1p4}} {{.5}} {{0xE}}") == "1.5 1000 1e+06 -3 3 16 0.5 14")
    #expect(await TemplateRun.text("{{true}} {{false}}") == "true false")
    #expect(await TemplateRun.text(#"{{printf "%T %T %T %T" 1 1.0 'a' 1e3}}"#) == "int float64 int float64")
    #expect(TemplateRun.parseError("{{1__0}}") != nil)
    #expect(TemplateRun.parseError("{{1_}}") != nil)
  }

  @Test("newlines may appear inside actions")
  func multilineActions() async {
    #expect(await TemplateRun.text("{{ printf\n  \"%d-%d\"\n  1\n  2 }}") == "1-2")
  }

  @Test("nesting beyond the limit is refused, long else-if chains are not")
  func nesting() async throws {
    let parens = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
    #expect(error("{{" + parens + "}}")?.message == "max nesting depth (100) exceeded")
    let ifs = String(repeating: "{{if 1}}", count: 300) + String(repeating: "{{end}}", count: 300)
    #expect(error(ifs)?.message == "max nesting depth (100) exceeded")
    #expect(await TemplateRun.text(String(repeating: "(", count: 50) + "{{" + String(repeating: "(", count: 90) + "7" + String(repeating: ")", count: 90) + "}}") == String(repeating: "(", count: 50) + "7")
    var chain = "{{if eq . 0}}zero"
    for branch in 1..<1000 { chain += "{{else if eq . \(branch)}}b\(branch)" }
    chain += "{{else}}none{{end}}"
    #expect(await TemplateRun.text(chain, .int(999)) == "b999")
    #expect(await TemplateRun.text(chain, .int(5000)) == "none")
  }

  @Test("definitions combine across parses; empty ones do not replace")
  func definitionsAcrossParses() async throws {
    var set = TemplateSet()
    try set.parse(#"{{define "x"}}one{{end}}"#, name: "a")
    try set.parse(#"{{define "x"}}two{{end}}{{define "y"}}[{{template "x"}}]{{end}}"#, name: "b")
    try set.parse(#"{{define "x"}}  {{end}}"#, name: "c")
    #expect(set.contains("x") && set.contains("y") && set.contains("a") && set.contains("b"))
    #expect(!set.contains("nope"))
    #expect(await TemplateRun.output(set, "y") == "[two]")
    // A failed parse leaves the set as it was.
    #expect(throws: TemplateError.self) { try set.parse(#"{{define "x"}}three{{end}}{{"#, name: "d") }
    #expect(await TemplateRun.output(set, "x") == "two")
    #expect(set.names == ["a", "b", "c", "x", "y"])
  }

  @Test("functions must be known when parsing")
  func functionsAtParseTime() throws {
    #expect(TemplateRun.parseError("{{shout .}}")?.contains(#"function "shout" not defined"#) == true)
    let functions = TemplateFunctions.builtins.merging(
      TemplateFunctions(["shout": TemplateFunction(arity: 1...1) { arguments in .string(arguments[0].printed + "!") }]))
    #expect(TemplateRun.parseError("{{shout .}}", functions: functions) == nil)
  }
}
