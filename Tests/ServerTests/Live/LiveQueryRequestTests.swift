// The live stream's parameters: every mistake is a 400 naming the parameter (and for queries,
// which one and where) before any event is sent; defaults and the sliding, step-aligned window.
import HTTPTypes
@testable import Server
import Testing

struct LiveQueryRequestTests {
  private static func parse(_ encoded: String) -> Result<LiveQueryRequest, APIError> {
    do throws(APIError) {
      return .success(try LiveQueryRequest.parse(FormParameters(encoded: encoded)))
    } catch {
      return .failure(error)
    }
  }

  static let fiftyOne = (0...50).map { "query=up\($0)" }.joined(separator: "&")

  @Test(arguments: [
    ("", #"invalid parameter "query": at least one query is required"#),
    ("range=1h", #"invalid parameter "query": at least one query is required"#),
    (fiftyOne, #"invalid parameter "query": 51 queries given, at most 50 are allowed in one stream"#),
    ("query=up&range=abc", #"invalid parameter "range": cannot parse "abc" to a valid duration"#),
    ("query=up&range=-5m", #"invalid parameter "range": cannot parse "-5m" to a valid duration"#),
    ("query=up&range=0", #"invalid parameter "range": the range must be positive"#),
    ("query=up&step=0", #"invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer"#),
    ("query=up&step=0.0001", #"invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer"#),
    ("query=up&step=1x", #"invalid parameter "step": cannot parse "1x" to a valid duration"#),
    ("query=up&range=1d&step=1s", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
    ("query=up&interval=500ms", #"invalid parameter "interval": the interval must be at least 1s"#),
    ("query=up&interval=0.5", #"invalid parameter "interval": the interval must be at least 1s"#),
    ("query=up&interval=2h", #"invalid parameter "interval": the interval must be at most 1h"#),
    ("query=up&interval=soon", #"invalid parameter "interval": cannot parse "soon" to a valid duration"#),
    ("query=", #"invalid parameter "query[0]": the query is empty"#),
    ("query=up&query=sum(rate(x%5B5m%5D)", #"invalid parameter "query[1]": 1:16: parse error: unclosed left parenthesis"#),
    ("query=up&query=up&query=rate(x%5B5m)", #"invalid parameter "query[2]": 1:10: parse error: unexpected ")" in subquery or range, expected ":" or "]""#),
    ("query=logql:", #"invalid parameter "query[0]": the LogQL query is empty"#),
    ("query=logql:%7Bjob%3D%22x%22%7D", #"invalid parameter "query[0]": a live query takes a LogQL metric query (such as sum(rate({job="x"}[1m]))), not a log query"#),
  ])
  func badParametersAreRefusedByName(encoded: String, message: String) throws {
    let error = try #require(Self.parse(encoded).failureValue)
    #expect(error.status.code == 400)
    #expect(error.errorType == "bad_data")
    #expect(error.message == message)
  }

  @Test func aLogQLParseErrorNamesTheQueryAndThePosition() throws {
    let error = try #require(Self.parse("query=up&query=logql:sum(rate(%7Bjob%3D%22x%22%7D%5B1m%5D)").failureValue)
    #expect(error.message.hasPrefix(#"invalid parameter "query[1]": "#))
    #expect(error.message.contains("parse error"), "\(error.message)")
  }

  @Test func defaultsAndExplicitValues() throws {
    let defaults = try Self.parse("query=up").get()
    #expect(defaults.rangeMs == 3_600_000 && defaults.stepMs == 15_000 && defaults.intervalMs == 5000)
    #expect(defaults.queries.count == 1 && defaults.queries[0].text == "up")
    let short = try Self.parse("query=up&range=1m").get()
    #expect(short.stepMs == 1000, "the default step is never below 1s")
    let explicit = try Self.parse("query=up&query=logql:sum(count_over_time(%7Bjob%3D%22x%22%7D%5B1m%5D))&range=6h&step=30s&interval=2.5").get()
    #expect(explicit.rangeMs == 6 * 3_600_000 && explicit.stepMs == 30_000 && explicit.intervalMs == 2500)
    guard case .logql(let text, _) = explicit.queries[1] else {
      Issue.record("the logql: prefix makes a LogQL query")
      return
    }
    #expect(text == #"sum(count_over_time({job="x"}[1m]))"#)
    let fifty = (0..<50).map { "query=up\($0)" }.joined(separator: "&")
    #expect(try Self.parse(fifty).get().queries.count == 50)
    #expect(try Self.parse("query=up&range=11000s&step=1s").get().rangeMs == 11_000_000, "11,000 steps, as query_range allows")
  }

  @Test func theWindowEndsOnTheLastStepBoundaryAndSlides() throws {
    let request = try Self.parse("query=up&range=10s&step=2s").get()
    #expect(request.window(nowMs: 1_000_500) == (990_000, 1_000_000))
    #expect(request.window(nowMs: 1_001_999) == (990_000, 1_000_000))
    #expect(request.window(nowMs: 1_002_000) == (992_000, 1_002_000))
    let uneven = try Self.parse("query=up&range=5s&step=2s").get()
    #expect(uneven.window(nowMs: 1_000_000) == (994_000, 1_000_000), "the start is on a step boundary too")
    #expect(LiveQueryRequest.alignDown(-1, to: 1000) == -1000)
  }
}

extension Result {
  var failureValue: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
