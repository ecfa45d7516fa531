// The predefined functions with Go's semantics: short-circuit and/or, not, len, index, slice,
// comparisons (numeric across int and float, errors across kinds), the escapers, print and
// println, call, and functions supplied by the caller (async, failing, wrong arity).
import Testing
@testable import GoTemplate

@Suite("GoTemplate functions")
struct TemplateFunctionTests {
  private static let exploding = TemplateData.object(
    TemplateObject(typeName: "test.Bomb", methods: ["Boom": TemplateMethod(arity: 0...0) { _ in throw TemplateError(message: "boom") }]))

  @Test("and/or return an argument and stop at the deciding one")
  func andOr() async {
    #expect(await TemplateRun.text("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" \"x\"}} {{or 0 \"\"}}|") == "0 2 x |")
    #expect(await TemplateRun.text("{{or true .Boom}} {{and false .Boom}}", Self.exploding) == "true false")
    #expect(await TemplateRun.text("{{and true .Boom}}", Self.exploding).contains("error calling Boom: boom"))
    #expect(await TemplateRun.text("{{and false (index . 5)}}", .list([])) == "false")
    #expect(await TemplateRun.text("{{1 | and 2}} {{0 | or 2}} {{0 | or 0}}") == "1 2 0")
    #expect(await TemplateRun.text("{{not 0}} {{not \"x\"}} {{not .}}", .list([])) == "true false true")
  }

  @Test("len, index and slice")
  func collections() async {
    let data = TemplateData.map([
      "L": .list([.string("a"), .list([.int(10), .int(20)])]), "M": .map(["k": .string("v")]), "S": .string("héllo"),
    ])
    #expect(await TemplateRun.text("{{len .L}} {{len .M}} {{len .S}}", data) == "2 1 6")
    #expect(await TemplateRun.text(#"{{index .L 0}} {{index .L 1 1}} {{index .M "k"}} [{{index .M "x"}}] {{index .S 0}}"#, data) == "a 20 v [] 104")
    #expect(await TemplateRun.text("{{index .L 5}}", data).contains("error calling index: index out of range: 5"))
    #expect(await TemplateRun.text("{{index .L -1}}", data).contains("index out of range: -1"))
    #expect(await TemplateRun.text(#"{{index .L "x"}}"#, data).contains("cannot index slice/array with type string"))
    #expect(await TemplateRun.text("{{index .M 1}}", data).contains("value has type int; should be string"))
    #expect(await TemplateRun.text("{{index 3 1}}", data).contains("can't index item of type int"))
    #expect(await TemplateRun.text("{{index nil 1}}", data).contains("index of untyped nil"))
    #expect(await TemplateRun.text("{{len 3}}", data).contains("len of type int"))
    #expect(await TemplateRun.text("{{len nil}}", data).contains("len of nil pointer"))
    #expect(await TemplateRun.text(#"{{slice "abcdef" 1 3}} {{slice "abcdef" 2}} {{slice .L 1}} {{slice .L 0 0}}"#, data) == "bc cdef [[10 20]] []")
    #expect(await TemplateRun.text(#"{{slice "abc" 2 1}}"#, data).contains("invalid slice index: 2 > 1"))
    #expect(await TemplateRun.text(#"{{slice "abc" 0 1 2}}"#, data).contains("cannot 3-index slice a string"))
    #expect(await TemplateRun.text(#"{{slice "abc" 0 9}}"#, data).contains("index out of range: 9"))
  }

  @Test("comparisons", arguments: [
    ("{{eq 1 1}} {{eq 1 2}} {{eq 1 2 1}} {{eq \"a\" \"a\"}} {{eq true true}}", "true false true true true"),
    ("{{eq 1 1.0}} {{eq 2.5 2.5}} {{lt 1 1.5}} {{gt 2 1.5}} {{ne 1 2}}", "true true true true true"),
    ("{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1 1}} {{lt \"B\" \"a\"}} {{gt 1 2}}", "true true true true true false"),
    ("{{eq .missing nil}} {{eq \"x\" nil}} {{ne nil 1}}", "true false true"),
  ])
  func comparisons(text: String, expected: String) async {
    #expect(await TemplateRun.text(text, .map([:])) == expected)
  }

  @Test("comparison errors", arguments: [
    ("{{eq 1 \"1\"}}", "error calling eq: incompatible types for comparison"),
    ("{{lt 1 \"1\"}}", "error calling lt: incompatible types for comparison"),
    ("{{lt true false}}", "error calling lt: invalid type for comparison"),
    ("{{lt nil 1}}", "error calling lt: invalid type for comparison"),
    ("{{eq 1}}", "error calling eq: missing argument for comparison"),
    ("{{eq . .}}", "error calling eq: non-comparable type []interface {}"),
  ])
  func comparisonErrors(text: String, message: String) async {
    let output = await TemplateRun.text(text, .list([]))
    #expect(output.contains(message), "\(output)")
  }

  @Test("html, js and urlquery escape as Go does")
  func escapers() async {
    #expect(await TemplateRun.text(#"{{html "<a href='x'>&\"" }}"#) == "&lt;a href=&#39;x&#39;&gt;&amp;&#34;")
    #expect(await TemplateRun.text(#"{{html 1 "<"}} {{"<b>" | html}}"#) == "1&lt; &lt;b&gt;")
    #expect(await TemplateRun.text(#"{{js "a'b\"c<d>e&f=g\\h\n"}}"#) == #"a\'b\"c\u003Cd\u003Ee\u0026f\u003Dg\\h\u000A"#)
    #expect(await TemplateRun.text(#"{{urlquery "a b&c=d/é~_.-"}}"#) == "a+b%26c%3Dd%2F%C3%A9~_.-")
  }

  @Test("print and println space operands as fmt does")
  func printing() async {
    #expect(await TemplateRun.text(#"{{print 1 2 "a" "b" 3}}"#) == "1 2ab3")
    #expect(await TemplateRun.text(#"{{print nil}} {{print .missing}} {{print 1.5 true}}"#, .map([:])) == "<nil> <nil> 1.5 true")
    #expect(await TemplateRun.text(#"{{println "a" 1}}"#) == "a 1\n")
  }

  @Test("call needs a method")
  func call() async {
    #expect(await TemplateRun.text("{{call .X}}", .map(["X": .string("s")])).contains("error calling call: non-function of type string"))
    #expect(await TemplateRun.text("{{call nil}}").contains("error calling call: call of nil"))
  }

  @Test("caller functions: async bodies, failures, arity")
  func callerFunctions() async {
    let functions = TemplateFunctions.builtins.merging(
      TemplateFunctions([
        "slow": TemplateFunction(arity: 1...1) { arguments in
          await Task.yield()
          return .string("<" + arguments[0].printed + ">")
        },
        "fail": TemplateFunction(arity: 0...0) { _ in throw TemplateError(message: "bad input") },
        "twice": TemplateFunction(arity: 1...2) { arguments in .int(Int64(arguments.count)) },
        // Replacing a predefined function replaces its special behaviour too.
        "and": TemplateFunction(arity: 0...Int.max) { _ in .string("mine") },
      ]))
    #expect(await TemplateRun.text("{{slow 1 | slow}}", functions: functions) == "<<1>>")
    #expect(await TemplateRun.text("{{fail}}", functions: functions).contains("error calling fail: bad input"))
    #expect(await TemplateRun.text("{{twice 1 2 3}}", functions: functions).contains("wrong number of args for twice: want 1 to 2 got 3"))
    #expect(await TemplateRun.text("{{and 1 2}}", functions: functions) == "mine")
  }

  @Test("the table holds Go's predefined functions")
  func table() async throws {
    let names = Set(TemplateFunctions.builtins.table.keys)
    #expect(names == ["and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "call"])
    let printf = try #require(TemplateFunctions.builtins.table["printf"])
    #expect(try await printf.body([.string("%03d"), .int(7)]).printed == "007")
  }
}
