// Label filters: string matchers, number/duration/bytes comparisons with Loki's error rules,
// ip(), and/or; and the Go conversions they (and unwrap) use.
@testable import LogQL
import PromQL
import Testing
import WardenCore

@Suite struct LabelFilterTests {
  private func passes(_ expr: LabelFilterExpr, _ labels: [String: String]) throws -> (Bool, Labels) {
    var set = Labels(labels)
    let kept = try CompiledLabelFilter(expr).evaluate(&set)
    return (kept, set)
  }

  private func number(_ name: String, _ op: ComparisonOperator, _ value: Double) -> LabelFilterExpr {
    .number(name: name, op: op, value: value, position: at)
  }

  @Test func stringMatchers() throws {
    #expect(try passes(.matcher(matcher(.equal, "level", "error"), position: at), ["level": "error"]).0)
    #expect(try !passes(.matcher(matcher(.equal, "level", "error"), position: at), ["level": "info"]).0)
    #expect(try passes(.matcher(matcher(.regexMatch, "method", "2..|GET"), position: at), ["method": "GET"]).0)
    #expect(try !passes(.matcher(matcher(.regexMatch, "method", "GE"), position: at), ["method": "GET"]).0, "anchored")
    #expect(try passes(.matcher(matcher(.notEqual, "missing", "x"), position: at), [:]).0)
    #expect(try passes(.matcher(matcher(.equal, "__error__", ""), position: at), ["a": "1"]).0)
  }

  @Test func numericComparisons() throws {
    #expect(try passes(number("status", .greaterOrEqual, 500), ["status": "503"]).0)
    #expect(try !passes(number("status", .greaterOrEqual, 500), ["status": "404"]).0)
    #expect(try passes(number("ratio", .less, 1), ["ratio": "0.25"]).0)
    #expect(try passes(number("big", .equal, 1e3), ["big": "1e3"]).0)
    #expect(try passes(number("x", .notEqual, 1), ["x": "+2"]).0)
    // A missing label does not pass a numeric filter.
    #expect(try !passes(number("status", .greater, 0), [:]).0)
  }

  @Test func conversionFailuresKeepTheLineWithAnError() throws {
    let (kept, labels) = try passes(number("status", .greater, 200), ["status": "abc"])
    #expect(kept)
    #expect(labels["__error__"] == "LabelFilterErr")
    #expect(labels["__error_details__"] == #"strconv.ParseFloat: parsing "abc": invalid syntax"#)
    // Once a line has an error, numeric filters let it through; a string matcher removes it.
    let pipeline = try LogPipeline([
      .labelFilter(number("status", .greater, 200)), .labelFilter(number("status", .less, 0)),
      .labelFilter(.matcher(matcher(.equal, "__error__", ""), position: at)),
    ])
    let runner = pipeline.makeRunner()
    #expect(runner.process(line: [], timestampNs: 0, stream: Labels(["status": "abc"]), metadata: []) == nil)
    let fine = runner.process(line: [], timestampNs: 0, stream: Labels(["status": "300"]), metadata: [])
    #expect(fine == nil, "300 > 200 but not < 0")
    let duration = try passes(.duration(name: "latency", op: .greater, seconds: 1, position: at), ["latency": "fast"])
    #expect(duration.0 && duration.1["__error_details__"] == #"time: invalid duration "fast""#)
    let bytes = try passes(.bytes(name: "size", op: .greater, bytes: 1, position: at), ["size": "12 parsecs"])
    #expect(bytes.0 && bytes.1["__error__"] == "LabelFilterErr")
  }

  @Test func durationAndBytesComparisons() throws {
    let slow = LabelFilterExpr.duration(name: "duration", op: .greater, seconds: 10, position: at)
    #expect(try passes(slow, ["duration": "1m"]).0)
    #expect(try !passes(slow, ["duration": "9.5s"]).0)
    #expect(try passes(.duration(name: "d", op: .equal, seconds: 1.5, position: at), ["d": "1500ms"]).0)
    #expect(try passes(.duration(name: "d", op: .equal, seconds: 0.0001, position: at), ["d": "0.10ms"]).0)
    let large = LabelFilterExpr.bytes(name: "bytes_consumed", op: .greater, bytes: 20_000_000, position: at)
    #expect(try passes(large, ["bytes_consumed": "21MB"]).0)
    #expect(try !passes(large, ["bytes_consumed": "19MiB"]).0)
    #expect(try passes(.bytes(name: "s", op: .equal, bytes: 20_480, position: at), ["s": "20KiB"]).0)
  }

  @Test func andOrFollowTheTree() throws {
    // `duration >= 20ms or method="GET" and size <= 20KB` is ((a or b) and c).
    let a = LabelFilterExpr.duration(name: "duration", op: .greaterOrEqual, seconds: 0.02, position: at)
    let b = LabelFilterExpr.matcher(matcher(.equal, "method", "GET"), position: at)
    let c = LabelFilterExpr.bytes(name: "size", op: .lessOrEqual, bytes: 20_000, position: at)
    let expr = LabelFilterExpr.and(.or(a, b), c)
    #expect(try passes(expr, ["duration": "1ms", "method": "GET", "size": "1KB"]).0)
    #expect(try !passes(expr, ["duration": "1s", "method": "POST", "size": "1MB"]).0)
    #expect(try passes(expr, ["duration": "1s", "method": "POST", "size": "10KB"]).0)
  }

  @Test func ipLabelFilters() throws {
    let inside = LabelFilterExpr.ip(name: "addr", negated: false, pattern: "192.168.4.5/16", position: at)
    #expect(try passes(inside, ["addr": "192.168.250.3"]).0)
    #expect(try !passes(inside, ["addr": "192.169.0.1"]).0)
    #expect(try !passes(inside, ["addr": "not an ip"]).0)
    #expect(try !passes(inside, [:]).0)
    let outside = LabelFilterExpr.ip(name: "addr", negated: true, pattern: "192.168.4.2", position: at)
    #expect(try passes(outside, ["addr": "192.168.4.3"]).0)
    #expect(try !passes(outside, ["addr": "192.168.4.2"]).0)
    #expect(try passes(.ip(name: "addr", negated: false, pattern: "2001:db8::1-2001:db8::8", position: at), ["addr": "2001:db8::3"]).0)
    #expect(throws: LogQLError.self) { try CompiledLabelFilter(.ip(name: "a", negated: false, pattern: "1.2.3", position: at)) }
  }

  @Test func numberConversionFollowsGo() {
    #expect(LabelValueConversion.number("250") == 250)
    #expect(LabelValueConversion.number("-89.923") == -89.923)
    #expect(LabelValueConversion.number("1e-3") == 0.001)
    #expect(LabelValueConversion.number("+Inf") == .infinity)
    #expect(LabelValueConversion.number("NaN")?.isNaN == true)
    #expect(LabelValueConversion.number("0x1p-2") == 0.25)
    for bad in ["", " 1", "1 ", "1_000", "0x10", "abc", "1.2.3", "nan(1)"] {
      #expect(LabelValueConversion.number(bad) == nil, "\(bad)")
    }
  }

  @Test func durationConversionFollowsGo() {
    #expect(LabelValueConversion.duration("1h2m") == 3720)
    #expect(LabelValueConversion.duration("250ms") == 0.25)
    #expect(LabelValueConversion.duration("1.5s") == 1.5)
    #expect(LabelValueConversion.duration("-3s") == -3)
    #expect(LabelValueConversion.duration("0") == 0)
    #expect(LabelValueConversion.duration("2h45m30.5s") == 9930.5)
    #expect(LabelValueConversion.duration("10us") == 1e-5)
    #expect(LabelValueConversion.duration("10µs") == 1e-5)
    #expect(LabelValueConversion.duration(".5s") == 0.5)
    for bad in ["", "1", "1d", "s", "1.2.3s", "--1s", "1s2", "ms"] {
      #expect(LabelValueConversion.duration(bad) == nil, "\(bad)")
    }
  }

  @Test func bytesConversionFollowsHumanize() {
    #expect(LabelValueConversion.bytes("2KB") == 2000)
    #expect(LabelValueConversion.bytes("1.5 MiB") == 1_572_864)
    #expect(LabelValueConversion.bytes("100") == 100)
    #expect(LabelValueConversion.bytes("42mb") == 42_000_000)
    #expect(LabelValueConversion.bytes("1,024 B") == 1024)
    #expect(LabelValueConversion.bytes("3k") == 3000)
    #expect(LabelValueConversion.bytes("20B") == 20)
    #expect(LabelValueConversion.bytes("1.5KiB") == 1536)
    for bad in ["", "KB", "-1KB", "12 parsecs", "1.2.3", "99999999999EB"] {
      #expect(LabelValueConversion.bytes(bad) == nil, "\(bad)")
    }
  }
}
