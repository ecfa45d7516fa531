// `GET /api/v1/live/query_range`: Server-Sent Events that re-evaluate a set of range queries over
// a window sliding to now, every `interval`, for live dashboards. Parameters are checked before
// the stream starts (400 with the error JSON); the number of open streams is capped (503 beyond).
// Ticks never pile up: the next evaluation starts only after the previous one has been written,
// on the next interval boundary of the stream's schedule (missed boundaries are skipped). The
// stream ends when a write fails (the client went away) or the server stops.
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

struct LiveQueryRoutes {
  static let path = "/api/v1/live/query_range"
  /// With nothing else to send for this long, a comment goes out: proxies keep the connection,
  /// and a client that has gone away is noticed within this time.
  static let keepaliveInterval: Duration = .seconds(15)

  let evaluator: LiveQueryEvaluator
  let streams: LiveStreams

  init(queries: QueryService, logQueries: LogQueryService, streams: LiveStreams) {
    evaluator = LiveQueryEvaluator(queries: queries, logQueries: logQueries)
    self.streams = streams
  }

  func register(on router: Router<some RequestContext>) {
    router.get(RouterPath(Self.path)) { request, _ in try await open(request) }
  }

  private func open(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let live = try LiveQueryRequest.parse(parameters)
    _ = try evaluator.queries.store()
    guard streams.open() else {
      var error = APIError.unavailable(
        streams.isStopping
          ? "the server is shutting down"
          : "too many live streams are open (at most \(streams.maxOpen)); close some or try again later")
      error.retryAfterSeconds = 5
      throw error
    }
    var headers = HTTPFields()
    headers[.contentType] = ServerSentEvents.contentType
    headers[.cacheControl] = ServerSentEvents.cacheControl
    if let name = HTTPField.Name("X-Accel-Buffering") { headers[name] = "no" }
    let evaluator = evaluator
    let streams = streams
    return Response(
      status: .ok, headers: headers,
      body: ResponseBody { writer in
        defer { streams.close() }
        await Self.stream(live, evaluator: evaluator, streams: streams) { try await writer.write($0) }
        // Ends the chunked body properly when the server stops; fails harmlessly when the client left.
        try? await writer.finish(nil)
      })
  }

  /// Evaluates and writes ticks until the client goes away (`write` throws) or the server stops.
  static func stream(
    _ live: LiveQueryRequest, evaluator: LiveQueryEvaluator, streams: LiveStreams, keepalive: Duration = keepaliveInterval,
    write: (ByteBuffer) async throws -> Void
  ) async {
    let clock = ContinuousClock()
    let interval = Duration.milliseconds(live.intervalMs)
    var tickAt = clock.now
    while true {
      let started = clock.now
      let nowMs = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
      guard let events = await streams.untilStopped({ await evaluator.tick(live, nowMs: nowMs) }) else { return }
      let finished = clock.now
      streams.recordTick(overran: finished - started > interval)
      do {
        try await write(events)
      } catch {
        return  // the client went away
      }
      var lastWrite = clock.now
      // The next boundary of the schedule still ahead: an evaluation that overran skips the
      // boundaries it missed rather than queueing them.
      tickAt = tickAt + interval
      if tickAt <= lastWrite {
        let behind = (lastWrite - tickAt) / interval
        tickAt = tickAt + interval * (Int(behind.rounded(.down)) + 1)
      }
      while true {
        let keepaliveAt = lastWrite + keepalive
        guard keepaliveAt < tickAt else { break }
        guard await streams.sleep(until: keepaliveAt) else { return }
        do {
          try await write(ServerSentEvents.comment("keepalive"))
        } catch {
          return
        }
        lastWrite = clock.now
      }
      guard await streams.sleep(until: tickAt) else { return }
    }
  }
}
