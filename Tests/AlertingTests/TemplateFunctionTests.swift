// Prometheus's template functions called directly with template values, each against the output
// Prometheus gives for the same input (its own template tests' cases where it has them).
import Alerting
import GoTemplate
import PromQL
import Testing
import WardenCore

@Suite struct TemplateFunctionTests {
  let evaluationMs: Int64 = 1_435_065_584_128
  let functions: TemplateFunctions

  init() {
    let store = TestSeriesStore()
    store.add("metric", ["instance": "b", "__value__": "x"], samples: [(1_435_065_584_000, 21)])
    store.add("metric", ["instance": "a"], samples: [(1_435_065_584_000, 11)])
    let engine = QueryEngine(source: store)
    functions = AlertTemplateFunctions(externalURL: "http://testhost:9090/path/prefix").bound(evaluationMs: evaluationMs) { text, atMs in
      guard case .vector(let samples) = try await engine.instant(text, atMs: atMs).value else { return [] }
      return samples
    }
  }

  func call(_ name: String, _ arguments: TemplateData...) async throws -> TemplateData {
    let function = try #require(functions.table[name], "\(name) is missing")
    return try await function.body(arguments)
  }

  func text(_ name: String, _ arguments: TemplateData...) async throws -> String {
    let function = try #require(functions.table[name], "\(name) is missing")
    guard case .string(let text) = try await function.body(arguments) else {
      Issue.record("\(name) did not return a string")
      return ""
    }
    return text
  }

  func failure(_ name: String, _ arguments: TemplateData...) async -> String? {
    guard let function = functions.table[name] else { return nil }
    do {
      _ = try await function.body(arguments)
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func humanizeFamily() async throws {
    var out: [String] = []
    for value in [0.0, 1, 1234567, 0.12, -1500, .infinity, -.infinity, .nan] { out.append(try await text("humanize", .float(value))) }
    #expect(out == ["0", "1", "1.235M", "120m", "-1.5k", "+Inf", "-Inf", "NaN"])
    out = []
    for value in [0.0, 1, 1048576, 0.12, 2048] { out.append(try await text("humanize1024", .float(value))) }
    #expect(out == ["0", "1", "1Mi", "0.12", "2ki"])
    out = []
    let durations: [Double] = [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99, 0.1, 0.0001, 0.12345, 60.1, 1.2345, 12.345]
    for value in durations {
      out.append(try await text("humanizeDuration", .float(value)))
    }
    #expect(out == ["0s", "1s", "1m 0s", "1h 0m 0s", "1d 0h 0m 0s", "1d 1h 0m 0s", "-2d 3h 4m 5s", "14m 59s", "100ms", "100us", "123.5ms", "1m 0s", "1.234s", "12.35s"])
    out = []
    for value in [-0.22222, 0, 0.1234567, 1.23456] { out.append(try await text("humanizePercentage", .float(value))) }
    #expect(out == ["-22.22%", "0%", "12.35%", "123.5%"])
    #expect(try await text("humanizeTimestamp", .float(1435065584.128)) == "2015-06-23 13:19:44.128 +0000 UTC")
    #expect(try await text("humanizeTimestamp", .float(.nan)) == "NaN")
  }

  @Test func numbersAreReadFromStringsIntegersAndDurations() async throws {
    #expect(try await text("humanize", .string("1234567")) == "1.235M")
    #expect(try await text("humanize", .int(2000)) == "2k")
    #expect(try await text("humanizeDuration", .duration(90_000_000_000)) == "1m 30s")
    #expect(try await text("humanizeTimestamp", .time(1_435_065_584_128_000_000)) == "2015-06-23 13:19:44.128 +0000 UTC")
    #expect(await failure("humanize", .string("many")) == "strconv.ParseFloat: parsing \"many\": invalid syntax")
    #expect(await failure("humanize", .bool(true)) == "can't convert bool to float")
  }

  @Test func stringFunctions() async throws {
    #expect(try await text("title", .string("aa bb CC")) == "Aa Bb CC")
    #expect(try await text("title", .string("hello_world-wide web")) == "Hello_world-Wide Web")
    #expect(try await text("toUpper", .string("aa bb CC")) == "AA BB CC")
    #expect(try await text("toLower", .string("aA bB CC")) == "aa bb cc")
    #expect(try await text("reReplaceAll", .string("(a)b"), .string("x$1"), .string("ab")) == "xa")
    #expect(try await text("reReplaceAll", .string("localhost:(.*)"), .string("my.domain:$1"), .string("localhost:3000")) == "my.domain:3000")
    #expect(try await text("reReplaceAll", .string("a*"), .string("-"), .string("baaac")) == "-b-c-")
    guard case .bool(let matched) = try await call("match", .string("a+"), .string("xaay")), case .bool(let unmatched) = try await call("match", .string("^a+$"), .string("b")) else {
      Issue.record("match returns a bool")
      return
    }
    #expect(matched && !unmatched)
    #expect(await failure("match", .string("("), .string("x"))?.contains("error parsing regexp") == true)
    #expect(try await text("graphLink", .string("up")) == "/graph?g0.expr=up&g0.tab=0")
    #expect(try await text("tableLink", .string("rate(x[5m]) > 1")) == "/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+1&g0.tab=1")
    #expect(try await text("stripPort", .string("foo.example.com:9090")) == "foo.example.com")
    #expect(try await text("stripPort", .string("[::1]:9090")) == "::1")
    #expect(try await text("stripPort", .string("foo")) == "foo")
    #expect(try await text("stripDomain", .string("foo.example.com:9090")) == "foo:9090")
    #expect(try await text("stripDomain", .string("foo.example.com")) == "foo")
    #expect(try await text("stripDomain", .string("192.168.0.1:9090")) == "192.168.0.1:9090")
    #expect(try await text("stripDomain", .string("[2001:db8::1]:9090")) == "[2001:db8::1]:9090")
    guard case .safeHTML(let html) = try await call("safeHtml", .string("<b>")) else {
      Issue.record("safeHtml marks text safe")
      return
    }
    #expect(html == "<b>")
  }

  @Test func timesDurationsAndLinks() async throws {
    guard case .time(let nanoseconds) = try await call("toTime", .float(1435065584.128)) else {
      Issue.record("toTime returns a time")
      return
    }
    #expect(nanoseconds == 1_435_065_584_128_000_000)
    guard case .duration(let duration) = try await call("toDuration", .float(90.5)) else {
      Issue.record("toDuration returns a duration")
      return
    }
    #expect(duration == 90_500_000_000)
    #expect(await failure("toTime", .float(.nan)) == "value is NaN or Inf")
    guard case .float(let seconds) = try await call("parseDuration", .string("1h2m")), case .float(let now) = try await call("now") else {
      Issue.record("parseDuration and now return numbers")
      return
    }
    #expect(seconds == 3720)
    #expect(now == 1435065584.128)
    #expect(await failure("parseDuration", .string("soon")) == "not a valid duration string: \"soon\"")
    #expect(try await text("externalURL") == "http://testhost:9090/path/prefix")
    #expect(try await text("pathPrefix") == "/path/prefix")
    guard case .map(let arguments) = try await call("args", .int(1), .string("2")) else {
      Issue.record("args returns a map")
      return
    }
    #expect(arguments.keys.sorted() == ["arg0", "arg1"])
  }

  @Test func queryFunctionsReadTheStoreAtTheEvaluationTime() async throws {
    let result = try await call("query", .string("metric"))
    guard case .list(let samples) = result else {
      Issue.record("query returns a list")
      return
    }
    #expect(samples.count == 2)
    let sorted = try await call("sortByLabel", .string("instance"), result)
    let first = try await call("first", sorted)
    #expect(try await text("label", .string("instance"), first) == "a")
    #expect(try await text("label", .string("missing"), first) == "")
    guard case .float(let value) = try await call("value", first) else {
      Issue.record("value returns a number")
      return
    }
    #expect(value == 11)
    let reversed = try await call("sortByLabel", .string("__value__"), result)
    let withValueLabel = try await call("first", .list(Array(try reversedList(reversed).suffix(1))))
    #expect(try await text("strvalue", withValueLabel) == "x")
    #expect(await failure("first", .list([])) == "first() called on vector with no elements")
    #expect(await failure("query", .string("sum(")) != nil)
  }

  private func reversedList(_ data: TemplateData) throws -> [TemplateData] {
    guard case .list(let elements) = data else { return [] }
    return elements
  }
}
