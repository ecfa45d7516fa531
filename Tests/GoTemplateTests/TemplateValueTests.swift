// Values: printing as Go's %v (floats, times, durations, lists, maps, nil), field access on maps
// and objects (fields, methods with arguments, collection keys), missing keys in both modes, and
// the methods of time and duration values.
import Testing
@testable import GoTemplate

@Suite("GoTemplate values")
struct TemplateValueTests {
  private static let novemberMorning: Int64 = 1_795_255_200 * 1_000_000_000

  @Test("printing follows fmt's %v", arguments: [
    (TemplateData.float(1e6), "1e+06"), (.float(0.5), "0.5"), (.float(3), "3"), (.float(1e21), "1e+21"),
    (.float(123456), "123456"), (.float(1234567), "1.234567e+06"), (.float(0.0001), "0.0001"), (.float(0.00001), "1e-05"),
    (.float(-2.5), "-2.5"), (.float(.infinity), "+Inf"), (.float(-.infinity), "-Inf"), (.float(.nan), "NaN"),
    (.float(0.1 + 0.2), "0.30000000000000004"), (.float(-0.0), "-0"),
    (.int(-42), "-42"), (.bool(true), "true"), (.null, "<no value>"), (.safeHTML("<b>"), "<b>"),
    (.list([.string("a"), .int(1), .null]), "[a 1 <nil>]"),
    (.map(["b": .int(2), "a": .list([.string("x")])]), "map[a:[x] b:2]"),
    (.time(novemberMorning), "2026-11-21 10:00:00 +0000 UTC"),
    (.time(novemberMorning + 500_000_000), "2026-11-21 10:00:00.5 +0000 UTC"),
    (TemplateData.zeroTime, "0001-01-01 00:00:00 +0000 UTC"),
    (.duration(3_723_500_000_000), "1h2m3.5s"), (.duration(0), "0s"), (.duration(150_000_000), "150ms"),
    (.duration(1_500), "1.5µs"), (.duration(999), "999ns"), (.duration(3_600_000_000_000), "1h0m0s"), (.duration(-90_000_000_000), "-1m30s"),
    (.object(TemplateObject(typeName: "T", fields: ["B": .int(2), "A": .int(1)])), "{1 2}"),
    (.object(TemplateObject(typeName: "KV", collection: .map(["k": .string("v")]))), "map[k:v]"),
  ])
  func printing(value: TemplateData, printed: String) async {
    #expect(await TemplateRun.text("{{.}}", value) == printed)
  }

  @Test("fields of maps and nested maps; missing keys print <no value>")
  func mapFields() async {
    let data = TemplateData.map(["A": .map(["B": .string("x")]), "n": .int(1)])
    #expect(await TemplateRun.text("{{.A.B}}", data) == "x")
    #expect(await TemplateRun.text("{{.A.C}}", data) == "<no value>")
    #expect(await TemplateRun.text("{{.Z.Q}}", data) == "<no value>")
    #expect(await TemplateRun.text("{{if .A.C}}y{{else}}n{{end}}", data) == "n")
    #expect(await TemplateRun.text("{{.A.B.C}}", data).contains("can't evaluate field C in type string"))
    #expect(await TemplateRun.text(#"{{.A "x"}}"#, data).contains("A is not a method but has arguments"))
  }

  @Test("missingkey=zero gives the element type's zero value")
  func missingKeyZero() async {
    var options = TemplateOptions()
    options.missingKeyIsZero = true
    let labels = TemplateData.map(["job": .string("node")])
    #expect(await TemplateRun.text("[{{.instance}}]", labels, options: options) == "[]")
    #expect(await TemplateRun.text("[{{.missing}}]", .map(["n": .int(1)]), options: options) == "[0]")
    #expect(await TemplateRun.text("[{{.missing}}]", .map([:]), options: options) == "[]")
    // index gives the zero value whatever the option.
    #expect(await TemplateRun.text(#"[{{index . "instance"}}]"#, labels) == "[]")
  }

  @Test("objects: fields first, then methods (with arguments), then collection keys")
  func objects() async {
    let object = TemplateData.object(
      TemplateObject(
        typeName: "test.Thing",
        fields: ["Name": .string("field")],
        methods: [
          "Greet": TemplateMethod(arity: 1...1) { arguments in .string("hi " + arguments[0].printed) },
          "Add": TemplateMethod(arity: 2...2) { arguments in
            guard case .int(let left) = arguments[0], case .int(let right) = arguments[1] else { return .null }
            return .int(left + right)
          },
          "Boom": TemplateMethod(arity: 0...0) { _ in throw TemplateError(message: "boom") },
          "Self": TemplateMethod(arity: 0...0) { _ in .map(["Deep": .string("deep")]) },
        ],
        collection: .map(["Name": .string("key"), "k": .string("v")])))
    #expect(await TemplateRun.text("{{.Name}} {{.k}}", object) == "field v")
    #expect(await TemplateRun.text(#"{{.Greet "bob"}} {{"ann" | .Greet}} {{.Add 2 3}}"#, object) == "hi bob hi ann 5")
    #expect(await TemplateRun.text("{{.Self.Deep}} {{(.Self).Deep}}", object) == "deep deep")
    #expect(await TemplateRun.text("{{.Greet}}", object).contains("wrong number of args for Greet: want 1 got 0"))
    #expect(await TemplateRun.text("{{.Boom}}", object).contains("error calling Boom: boom"))
    #expect(await TemplateRun.text("{{.Nope}}", object) == "<no value>")
    #expect(await TemplateRun.text("{{call .Add 1 2}}", object) == "3")
    #expect(await TemplateRun.text("{{len .}} {{index . \"k\"}}", object) == "2 v")
    let plain = TemplateData.object(TemplateObject(typeName: "test.Plain", fields: ["A": .int(1)]))
    #expect(await TemplateRun.text("{{.B}}", plain).contains("can't evaluate field B in type test.Plain"))
    #expect(await TemplateRun.text("{{len .}}", plain).contains("len of type test.Plain"))
  }

  @Test("time and duration methods")
  func timeMethods() async {
    let data = TemplateData.map([
      "T": .time(Self.novemberMorning + 1_500_000_000), "U": .time(Self.novemberMorning), "D": .duration(5_400_000_000_000),
      "Z": TemplateData.zeroTime,
    ])
    #expect(await TemplateRun.text(#"{{.T.Format "2006-01-02T15:04:05.000Z07:00"}}"#, data) == "2026-11-21T10:00:01.500Z")
    #expect(await TemplateRun.text(#"{{.T.Format "Mon Jan _2 3:04PM"}}"#, data) == "Sat Nov 21 10:00AM")
    #expect(await TemplateRun.text("{{.U.Unix}} {{.T.UnixMilli}} {{.T.Year}} {{.T.Month}} {{.T.Day}} {{.T.Weekday}}", data)
      == "1795255200 1795255201500 2026 November 21 Saturday")
    #expect(await TemplateRun.text("{{.T.Sub .U}} {{(.U.Add .D).Hour}} {{.U.Before .T}} {{.U.After .T}} {{.U.Equal .U}}", data)
      == "1.5s 11 true false true")
    #expect(await TemplateRun.text("{{.Z.IsZero}} {{.U.IsZero}}", data) == "true false")
    #expect(await TemplateRun.text("{{.D.Hours}} {{.D.Minutes}} {{.D.Seconds}} {{.D.Milliseconds}} {{.D.String}}", data)
      == "1.5 90 5400 5400000 1h30m0s")
    #expect(await TemplateRun.text("{{.D.Truncate 3600000000000}} {{.D.Round 3600000000000}}", data) == "1h0m0s 2h0m0s")
    #expect(await TemplateRun.text("{{.T.Nope}}", data).contains("can't evaluate field Nope in type time.Time"))
    #expect(await TemplateRun.text("{{.T.Format 1}}", data).contains("error calling Format: wrong type for value; expected string; got int"))
  }
}
