// One tick of a live stream: every query evaluated over the same window, each result written as
// a `result` event holding exactly the `data` object `/api/v1/query_range` would answer (or the
// error it would give), then a `tick` event with the evaluation time. A few queries run at once;
// more would let one dashboard take the whole engine from everyone else.
import Foundation
import LogQL
import NIOCore
import PromQL

struct LiveQueryEvaluator: Sendable {
  /// Queries of one stream evaluated concurrently.
  static let concurrency = 4

  let queries: QueryService
  let logQueries: LogQueryService

  /// The events of one tick at `nowMs`, ready to write.
  func tick(_ request: LiveQueryRequest, nowMs: Int64) async -> ByteBuffer {
    let (startMs, endMs) = request.window(nowMs: nowMs)
    let stepMs = request.stepMs
    let bodies = await withTaskGroup(of: (Int, [UInt8]).self) { group in
      var bodies = [[UInt8]](repeating: [], count: request.queries.count)
      var next = 0
      func startNext() {
        guard next < request.queries.count else { return }
        let index = next
        let query = request.queries[index]
        next += 1
        group.addTask { (index, await evaluate(query, index: index, startMs: startMs, endMs: endMs, stepMs: stepMs)) }
      }
      for _ in 0..<Self.concurrency { startNext() }
      while let (index, body) = await group.next() {
        bodies[index] = body
        startNext()
      }
      return bodies
    }
    var buffer = ByteBuffer()
    buffer.reserveCapacity(bodies.reduce(64) { $0 + $1.count + 32 })
    for body in bodies { ServerSentEvents.append(event: "result", data: body, to: &buffer) }
    var tick = PrometheusJSONWriter()
    tick.raw(#"{"time":"#)
    tick.jsonSeconds(milliseconds: endMs)
    tick.byte(UInt8(ascii: "}"))
    ServerSentEvents.append(event: "tick", data: tick.bytes, to: &buffer)
    return buffer
  }

  /// The JSON of one `result` event.
  func evaluate(_ query: LiveQuery, index: Int, startMs: Int64, endMs: Int64, stepMs: Int64) async -> [UInt8] {
    switch query {
    case .promql(let text, let expr):
      let outcome = await queries.run(timeout: nil, lookbackDeltaMs: nil) { engine, overrides in
        do throws(QueryError) {
          return .success(try await engine.range(expr, startMs: startMs, endMs: endMs, stepMs: stepMs, overrides: overrides))
        } catch {
          return .failure(error)
        }
      }
      switch outcome {
      case .success(let result):
        let warnings = QueryAPIResponse.annotationTexts(result.annotations, query: text).warnings
        return Self.success(index: index, value: result.value, warnings: warnings)
      case .failure(let error):
        return Self.failure(index: index, errorType: error.errorType, message: error.message(query: text))
      }
    case .logql(let text, let parsed):
      let request = LogQLRequest.range(startNs: startMs * 1_000_000, endNs: endMs * 1_000_000, stepNs: stepMs * 1_000_000)
      do {
        let result = try await logQueries.engine.query(parsed, request)
        return Self.success(index: index, value: Self.queryValue(result.value), warnings: result.warnings)
      } catch {
        return Self.failure(index: index, errorType: Self.errorType(error), message: error.rendered(in: text))
      }
    }
  }

  /// A LogQL metric result as the PromQL value it is written as.
  static func queryValue(_ value: LogQLValue) -> QueryValue {
    switch value {
    case .matrix(let series): .matrix(series)
    case .vector(let samples): .vector(samples)
    case .scalar(let timestampMs, let number): .scalar(timestampMs: timestampMs, value: number)
    // Log queries are refused before the stream starts; an empty matrix if one ever got here.
    case .streams: .matrix([])
    }
  }

  /// Prometheus's error types for LogQL's failures.
  static func errorType(_ error: LogQLError) -> String {
    switch error.kind {
    case .parse, .invalid, .limit: "bad_data"
    case .timeout: "timeout"
    case .canceled: "canceled"
    case .storage: "internal"
    }
  }

  static func success(index: Int, value: QueryValue, warnings: [String]) -> [UInt8] {
    var writer = PrometheusJSONWriter(reservingCapacity: 1024)
    writer.raw(#"{"index":"#)
    writer.integer(index)
    writer.raw(#","status":"success","data":"#)
    QueryAPIResponse.writeQueryData(value, stats: nil, into: &writer)
    if !warnings.isEmpty {
      writer.raw(#","warnings":"#)
      writer.stringArray(warnings)
    }
    writer.byte(UInt8(ascii: "}"))
    return writer.bytes
  }

  static func failure(index: Int, errorType: String, message: String) -> [UInt8] {
    var writer = PrometheusJSONWriter()
    writer.raw(#"{"index":"#)
    writer.integer(index)
    writer.raw(#","status":"error","errorType":"#)
    writer.string(errorType)
    writer.raw(#","error":"#)
    writer.string(message)
    writer.byte(UInt8(ascii: "}"))
    return writer.bytes
  }
}
