// `GET /loki/api/v1/tail` as a WebSocket, as Loki serves it: first up to `limit` recent entries
// from `start`, then every new matching line as it is stored, in frames of
// `{"streams":[{"stream":{...},"values":[["<ns>","<line>"]...]}]}`. The query's pipeline runs
// here, per subscriber. A client that reads slower than logs arrive is closed with code 1008 and a
// reason (the hub cut it off) rather than queueing without bound.
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import LogQL
import Logging
import NIOCore
import NIOWebSocket
import WardenCore

struct LokiTailSocket: Sendable {
  static let path = "/loki/api/v1/tail"

  let service: LogQueryService
  let hub: LogTailHub

  /// What a valid tail request asks for.
  struct Request {
    var query: String
    var selector: LogSelectorExpr
    var limit: Int
    var startNs: Int64
  }

  /// Parses a tail request's parameters. - Throws: `LokiAPIError` 400 naming the problem.
  func parse(_ parameters: FormParameters) throws(LokiAPIError) -> Request {
    guard let text = parameters.first("query"), !text.isEmpty else { throw LokiAPIError.badRequest("missing parameter \"query\"") }
    guard case .logs(let selector) = try LogQueryService.parse(text) else {
      throw LokiAPIError.badRequest("tail takes a log query (a stream selector and pipeline), not a metric query")
    }
    if let delay = parameters.first("delay_for") {
      guard let seconds = Int(delay), (0...5).contains(seconds) else {
        throw LokiAPIError.badRequest("delay_for can't be negative or more than 5 seconds, got \"\(delay)\"")
      }
    }
    let limit = try LokiRequestParameters.limit(parameters, default: 100, max: service.options.maxEntriesLimitPerQuery)
    let startNs = try parameters.first("start").map { text throws(LokiAPIError) in try LokiTime.nanoseconds(text, name: "start") }
      ?? LokiTime.nowNanoseconds() - 3600 * 1_000_000_000
    return Request(query: text, selector: selector, limit: limit, startNs: startNs)
  }

  /// A tail request that was not upgraded reaches the router: it gets the reason as a 400.
  func registerFallback(on router: Router<some RequestContext>) {
    router.get(RouterPath(Self.path)) { request, _ -> Response in
      let parameters = try await FormParameters.read(request)
      let tail = try parse(parameters)
      do throws(LogQLError) {
        _ = try LogPipeline(tail.selector.pipeline)
      } catch {
        throw LokiAPIError.badRequest(error.rendered(in: tail.query))
      }
      throw LokiAPIError.badRequest("tail is a WebSocket endpoint: connect with an Upgrade: websocket request")
    }
  }

  /// The upgrade decision for the HTTP server: tail requests with valid parameters become
  /// WebSockets; anything else goes on to the router (which answers a bad tail request's 400).
  func shouldUpgrade(_ head: HTTPRequest, logger: Logger) -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
    guard let target = head.path, target.hasPrefix(Self.path) else { return .dontUpgrade }
    let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
    guard target[..<pathEnd] == Self.path else { return .dontUpgrade }
    let parameters = FormParameters(encoded: pathEnd < target.endIndex ? String(target[target.index(after: pathEnd)...]) : "")
    guard let request = try? parse(parameters), let pipeline = try? LogPipeline(request.selector.pipeline) else {
      return .dontUpgrade
    }
    return .upgrade([:]) { inbound, outbound, _ in
      try await run(request, pipeline: pipeline, inbound: inbound, outbound: outbound, logger: logger)
    }
  }

  private func run(
    _ request: Request, pipeline: LogPipeline, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger
  ) async throws {
    // Subscribe before reading the backlog, so nothing stored in between is missed.
    let subscription = hub.subscribe(matchers: request.selector.matchers)
    defer { hub.unsubscribe(subscription.id) }
    let nowNs = LokiTime.nowNanoseconds()
    let backlog = try await service.run(
      request.query, .range(startNs: request.startNs, endNs: nowNs + 1, stepNs: 1_000_000_000, limit: request.limit, direction: .backward))
    if case .streams(let streams) = backlog.value, !streams.isEmpty {
      let ordered = streams.map { LogStreamResult(labels: $0.labels, entries: $0.entries.reversed()) }
      try await outbound.write(.text(Self.frame(ordered)))
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
      // The client's messages are not used; reading them notices when it goes away.
      group.addTask {
        for try await _ in inbound {}
      }
      group.addTask {
        let runner = pipeline.makeRunner()
        for await batch in subscription.batches {
          let streams = Self.process(batch, runner: runner)
          if !streams.isEmpty { try await outbound.write(.text(Self.frame(streams))) }
        }
        if let reason = hub.endReason(subscription.id) {
          let text =
            switch reason {
            case .tooSlow(let queued):
              "the client is too slow: \(queued) batches of new lines were waiting to be sent; tail a narrower query"
            case .shutdown: "the server is shutting down"
            }
          logger.info("tail client disconnected", metadata: ["reason": "\(text)"])
          try await outbound.close(reason == .shutdown ? .goingAway : .policyViolation, reason: text)
        }
      }
      try await group.next()
      group.cancelAll()
    }
  }

  /// The records of `batch` that pass the pipeline, grouped by their labels after it.
  static func process(_ batch: LogBatch, runner: LogPipelineRunner) -> [LogStreamResult] {
    var grouped: [Labels: [LogEntry]] = [:]
    let records = batch.records
    for index in 0..<batch.count {
      let stream = batch.labels(ofRecord: index)
      guard
        let processed = runner.process(
          line: records.lineSlice(index), timestampNs: records.timestampsNs[index], stream: stream,
          metadata: records.metadata(index))
      else { continue }
      let line = processed.rewrittenLine.map { String(decoding: $0, as: UTF8.self) } ?? records.line(index)
      grouped[processed.labels, default: []].append(LogEntry(timestampNs: records.timestampsNs[index], line: line))
    }
    return grouped.map { LogStreamResult(labels: $0.key, entries: $0.value.sorted { $0.timestampNs < $1.timestampNs }) }
      .sorted { $0.labels < $1.labels }
  }

  /// One tail message.
  static func frame(_ streams: [LogStreamResult]) -> String {
    var writer = PrometheusJSONWriter()
    writer.raw(#"{"streams":["#)
    for (index, stream) in streams.enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      LokiResponse.writeStream(stream.labels, stream.entries, into: &writer)
    }
    writer.raw(#"],"dropped_entries":null}"#)
    return writer.text
  }
}
