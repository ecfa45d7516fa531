// Execution of control structures as Go documents them: if/else-if, with/else-with, range over
// lists, maps, integers and objects (with else, break, continue, one or two variables), variable
// scopes and assignment, define/template/block, and execution errors with their positions.
import Testing
@testable import GoTemplate

@Suite("GoTemplate execution")
struct TemplateExecutionTests {
  private let letters = TemplateData.list([.string("a"), .string("b"), .string("c")])

  @Test("if, else if, else")
  func conditionals() async {
    let text = "{{if eq . 1}}one{{else if eq . 2}}two{{else}}other{{end}}"
    #expect(await TemplateRun.text(text, .int(1)) == "one")
    #expect(await TemplateRun.text(text, .int(2)) == "two")
    #expect(await TemplateRun.text(text, .int(3)) == "other")
    #expect(await TemplateRun.text("{{if .}}yes{{end}}", .list([])) == "")
    #expect(await TemplateRun.text("{{if .}}yes{{end}}", .map(["a": .null])) == "yes")
    #expect(await TemplateRun.text("{{if .}}yes{{else}}no{{end}}", .string("")) == "no")
    #expect(await TemplateRun.text("{{if .}}yes{{else}}no{{end}}", .float(0)) == "no")
    #expect(await TemplateRun.text("{{if .}}yes{{else}}no{{end}}", .time(0)) == "yes")
    #expect(await TemplateRun.text("{{if .}}yes{{else}}no{{end}}", .null) == "no")
  }

  @Test("with sets dot; else with chains")
  func with() async {
    let data = TemplateData.map(["A": .string(""), "B": .string("bee"), "N": .int(0)])
    #expect(await TemplateRun.text("{{with .B}}[{{.}}]{{end}}", data) == "[bee]")
    #expect(await TemplateRun.text("{{with .A}}a{{else}}none{{end}}", data) == "none")
    #expect(await TemplateRun.text("{{with .A}}a{{else with .B}}{{.}}{{else}}none{{end}}", data) == "bee")
    #expect(await TemplateRun.text("{{with .N}}n{{else with .A}}a{{else}}none{{end}}", data) == "none")
    #expect(await TemplateRun.text("{{with $x := .B}}{{$x}}{{.}}{{end}}", data) == "beebee")
  }

  @Test("range over lists, maps (sorted keys) and integers")
  func ranges() async {
    #expect(await TemplateRun.text("{{range .}}{{.}}{{end}}", letters) == "abc")
    #expect(await TemplateRun.text("{{range $i, $e := .}}{{$i}}={{$e}};{{end}}", letters) == "0=a;1=b;2=c;")
    #expect(await TemplateRun.text("{{range $e := .}}<{{$e}}>{{end}}", letters) == "<a><b><c>")
    let map = TemplateData.map(["b": .int(2), "a": .int(1), "c": .int(3)])
    #expect(await TemplateRun.text("{{range $k, $v := .}}{{$k}}:{{$v}} {{end}}", map) == "a:1 b:2 c:3 ")
    #expect(await TemplateRun.text("{{range .}}{{.}}{{end}}", map) == "123")
    #expect(await TemplateRun.text("{{range 3}}{{.}}{{end}}") == "012")
    #expect(await TemplateRun.text("{{range $i := 4}}{{$i}}{{end}}") == "0123")
    #expect(await TemplateRun.text("{{range .}}{{$}}{{end}}", .list([.int(1), .int(2)])) == "[1 2][1 2]")
  }

  @Test("range else runs for empty and nil collections")
  func rangeElse() async {
    #expect(await TemplateRun.text("{{range .}}x{{else}}empty{{end}}", .list([])) == "empty")
    #expect(await TemplateRun.text("{{range .}}x{{else}}empty{{end}}", .map([:])) == "empty")
    #expect(await TemplateRun.text("{{range .}}x{{else}}empty{{end}}", .null) == "empty")
    #expect(await TemplateRun.text("{{range 0}}x{{else}}none{{end}}") == "none")
    #expect(await TemplateRun.text("{{range .Missing}}x{{else}}none{{end}}", .map([:])) == "none")
  }

  @Test("break and continue affect the innermost range")
  func breakContinue() async {
    let numbers = TemplateData.list((1...5).map { .int($0) })
    #expect(await TemplateRun.text("{{range .}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", numbers) == "12")
    #expect(await TemplateRun.text("{{range .}}{{if eq . 3}}{{continue}}{{end}}{{.}}{{end}}", numbers) == "1245")
    let nested = TemplateData.list([.list([.int(1), .int(2), .int(3)]), .list([.int(1), .int(3)])])
    #expect(await TemplateRun.text("{{range .}}{{range .}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}};{{end}}", nested) == "1;13;")
    #expect(await TemplateRun.text("{{range 10}}{{with .}}{{if gt . 2}}{{break}}{{end}}{{end}}{{.}}{{end}}") == "012")
  }

  @Test("range errors")
  func rangeErrors() async {
    #expect(await TemplateRun.text("{{range $i, $e := 3}}{{end}}").contains("can't use 3 to iterate over more than one variable"))
    #expect(await TemplateRun.text("{{range .}}{{end}}", .string("abc")).contains("range can't iterate over abc"))
  }

  @Test("variables: scope ends at the control's end; = assigns the outer one")
  func variables() async {
    #expect(await TemplateRun.text(#"{{$x := "a"}}{{with $x}}{{$x := "b"}}{{$x}}{{end}}{{$x}}"#) == "ba")
    #expect(await TemplateRun.text("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}") == "2")
    #expect(await TemplateRun.text(#"{{$last := ""}}{{range .}}{{$last = .}}{{end}}{{$last}}"#, letters) == "c")
    #expect(await TemplateRun.text(#"{{$i := 0}}{{$e := ""}}{{range $i, $e = .}}{{end}}{{$i}}{{$e}}"#, letters) == "2c")
    #expect(await TemplateRun.text("{{$x := 0}}{{range $x = .}}{{end}}{{$x}}", letters) == "c")
    #expect(await TemplateRun.text("{{$x := .}}{{$x.A.B}}", .map(["A": .map(["B": .string("deep")])])) == "deep")
    #expect(await TemplateRun.text("{{$x := 5}}{{$x}}{{$}}", .string("dot")) == "5dot")
    #expect(await TemplateRun.text("{{if $x := 3}}{{$x}}{{else}}{{$x}}{{end}}") == "3")
    // A variable declared in an if body is gone after the if.
    #expect(TemplateRun.parseError("{{if true}}{{$y := 1}}{{end}}{{$y}}")?.contains(#"undefined variable "$y""#) == true)
  }

  @Test("define and template, with and without a pipeline")
  func defineAndTemplate() async {
    let text = #"{{define "T1"}}ONE{{end}}{{define "T2"}}TWO {{template "T1"}}{{end}}{{define "T3"}}{{template "T1"}} {{template "T2"}}{{end}}{{template "T3"}}"#
    #expect(await TemplateRun.text(text) == "ONE TWO ONE")
    #expect(await TemplateRun.text(#"{{define "x"}}[{{.}}]{{end}}{{template "x" 5}}{{template "x"}}"#) == "[5][<no value>]")
    #expect(await TemplateRun.text(#"{{define "x"}}{{$}}{{end}}{{template "x" .A}}"#, .map(["A": .string("a")])) == "a")
    #expect(await TemplateRun.text(#"{{template "x" $v := 3}}{{$v}}{{define "x"}}<{{.}}>{{end}}"#) == "<3>3")
    // Template calls do not see the caller's variables.
    #expect(TemplateRun.parseError(#"{{$v := 1}}{{define "x"}}{{$v}}{{end}}"#)?.contains(#"undefined variable "$v""#) == true)
    #expect(await TemplateRun.text(#"{{template "nope"}}"#).contains(#"template "nope" not defined"#))
  }

  @Test("block defines a default that a later definition replaces")
  func block() async throws {
    #expect(await TemplateRun.text(#"{{block "b" .}}default {{.}}{{end}}!"#, .int(5)) == "default 5!")
    var set = TemplateSet()
    try set.parse(#"{{block "b" .}}default {{.}}{{end}}!"#, name: "t")
    try set.parse(#"{{define "b"}}override {{.}}{{end}}"#, name: "other")
    #expect(await TemplateRun.output(set, data: .int(5)) == "override 5!")
  }

  @Test("execution errors carry the position and the node")
  func executionErrors() async {
    #expect(
      await TemplateRun.text("{{.X.Y}}", .map(["X": .string("s")]))
        == #"ERROR: template: t:1:3: executing "t" at <.X.Y>: can't evaluate field Y in type string"#)
    let nested = "{{define \"inner\"}}\n  {{.Foo.Bar}}{{end}}{{template \"inner\" .}}"
    #expect(
      await TemplateRun.text(nested, .map(["Foo": .int(1)]))
        == #"ERROR: template: t:2:5: executing "inner" at <.Foo.Bar>: can't evaluate field Bar in type int"#)
    #expect(await TemplateRun.text("{{nil}}").contains("nil is not a command"))
    #expect(await TemplateRun.text("{{3 4}}").contains("can't give argument to non-function 3"))
    #expect(await TemplateRun.text("{{$x := 1}}{{$x 2}}").contains("can't give argument to non-function $x"))
    #expect(await TemplateRun.text("{{len}}").contains("wrong number of args for len: want 1 got 0"))
    #expect(await TemplateRun.text("{{not 1 2}}").contains("wrong number of args for not: want 1 got 2"))
    #expect(await TemplateRun.text("{{printf}}").contains("wrong number of args for printf: want at least 1 got 0"))
    #expect(await TemplateRun.text("{{(nil).X}}").contains("nil is not a command"))
    #expect(await TemplateRun.output(TemplateSet(), "absent").contains(#"no template "absent""#))
  }

  @Test("pipelines pass the value as the last argument")
  func pipelines() async {
    #expect(await TemplateRun.text(#"{{"x" | printf "%s-%s" "a"}}"#) == "a-x")
    #expect(await TemplateRun.text(#"{{. | len | printf "%03d"}}"#, letters) == "003")
    #expect(await TemplateRun.text(#"{{(index . 1) | printf "<%s>"}}"#, letters) == "<b>")
    #expect(await TemplateRun.text("{{.X | not}}", .map(["X": .bool(false)])) == "true")
  }
}
