// The query API's parameters read as Prometheus reads them, with its messages: times, durations,
// limits, selectors, RFC 3339 and the U__ escape of label names in paths.
import HTTPTypes
@testable import Server
import PromQL
import Testing

struct QueryAPIParametersTests {
  @Test(arguments: [
    ("1700000000", Int64(1_700_000_000_000)), ("1700000000.123", 1_700_000_000_123), ("1700000000.1235", 1_700_000_000_124),
    ("0", 0), ("-1.5", -1500), ("1e3", 1_000_000), ("2026-11-21T05:30:00Z", 1_795_239_000_000),
    ("2026-11-21T05:30:00.25Z", 1_795_239_000_250), ("2026-11-21T07:30:00.123456789+02:00", 1_795_239_000_123),
    ("1970-01-01T00:00:00Z", 0), ("2000-02-29T00:00:00Z", 951_782_400_000),
    (QueryAPIParameters.minTimeText, QueryAPIParameters.minTimeMs), (QueryAPIParameters.maxTimeText, QueryAPIParameters.maxTimeMs),
  ])
  func timesParse(text: String, expected: Int64) {
    #expect(QueryAPIParameters.parseTime(text) == expected)
  }

  @Test(arguments: ["", "abc", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-21 05:30:00Z", "2026-11-21T05:30:00", " 1", "NaN", "Inf"])
  func badTimesDoNotParse(text: String) {
    #expect(QueryAPIParameters.parseTime(text) == nil)
  }

  @Test func timeMessagesNameTheParameter() {
    let form = FormParameters(encoded: "time=abc&start=x")
    #expect(throws: APIError.self) { try QueryAPIParameters.optionalTime(form, "time", fallback: 0) }
    do {
      _ = try QueryAPIParameters.optionalTime(form, "time", fallback: 0)
    } catch {
      #expect(error.message == #"invalid parameter "time": invalid time value for 'time': cannot parse "abc" to a valid timestamp"#)
      #expect(error.status.code == 400 && error.errorType == "bad_data")
    }
    do {
      _ = try QueryAPIParameters.requiredTime(FormParameters(encoded: ""), "start")
    } catch {
      #expect(error.message == #"invalid parameter "start": cannot parse "" to a valid timestamp"#)
    }
    #expect((try? QueryAPIParameters.optionalTime(FormParameters(encoded: "time="), "time", fallback: 7)) == 7)
  }

  @Test(arguments: [
    ("15s", Int64(15_000_000_000)), ("1m30s", 90_000_000_000), ("1.5", 1_500_000_000), ("0", 0), ("-3", -3_000_000_000),
    ("100ms", 100_000_000), ("1d", 86_400_000_000_000), ("0.0001", 100_000),
  ])
  func durationsParse(text: String, expected: Int64) throws {
    #expect(try QueryAPIParameters.parseDuration(text).get() == expected)
  }

  @Test func durationMessages() {
    #expect(messageOf(QueryAPIParameters.parseDuration("abc")) == #"cannot parse "abc" to a valid duration"#)
    #expect(messageOf(QueryAPIParameters.parseDuration("1e20")) == #"cannot parse "1e20" to a valid duration. It overflows int64"#)
    #expect(messageOf(QueryAPIParameters.parseDuration("5m1h")) == #"cannot parse "5m1h" to a valid duration"#)
  }

  private func messageOf(_ result: Result<Int64, QueryAPIParameters.DurationError>) -> String? {
    if case .failure(let error) = result { return error.description }
    return nil
  }

  @Test func limits() throws {
    #expect(try QueryAPIParameters.limit(FormParameters(encoded: "")) == 0)
    #expect(try QueryAPIParameters.limit(FormParameters(encoded: "limit=5")) == 5)
    #expect(limitMessage("limit=abc") == #"invalid parameter "limit": strconv.Atoi: parsing "abc": invalid syntax"#)
    #expect(limitMessage("limit=-1") == #"invalid parameter "limit": limit must be non-negative"#)
    #expect(
      limitMessage("limit=99999999999999999999") == #"invalid parameter "limit": strconv.Atoi: parsing "99999999999999999999": value out of range"#)
  }

  private func limitMessage(_ form: String) -> String? {
    do {
      _ = try QueryAPIParameters.limit(FormParameters(encoded: form))
      return nil
    } catch {
      return error.message
    }
  }

  @Test func matchers() throws {
    let sets = try QueryAPIParameters.matcherSets([#"up{job="a"}"#, #"{__name__=~"x.*"}"#])
    #expect(sets.count == 2)
    #expect(selectorMessage([#"{job=~".*"}"#]) == #"invalid parameter "match[]": match[] must contain at least one non-empty matcher"#)
    #expect(selectorMessage(["up{"])?.hasPrefix(#"invalid parameter "match[]": 1:"#) == true)
  }

  private func selectorMessage(_ texts: [String]) -> String? {
    do {
      _ = try QueryAPIParameters.matcherSets(texts)
      return nil
    } catch {
      return error.message
    }
  }

  @Test(arguments: [
    ("job", "job"), ("U__my_2e_label", "my.label"), ("U__a__b", "a_b"), ("U___1f600_", "😀"), ("U__bad_zz_", "U__bad_zz_"),
    ("U__open_2e", "U__open_2e"), ("U__x_", "U__x_"), ("my%2Elabel", "my.label"), ("U__", ""),
  ])
  func labelNamesFromPaths(segment: String, expected: String) {
    #expect(QueryAPIParameters.labelName(fromPath: segment) == expected)
  }

  @Test func goQuoting() {
    #expect(goQuote("a\"b\\c\n\u{01}") == #""a\"b\\c\n\x01""#)
  }
}
