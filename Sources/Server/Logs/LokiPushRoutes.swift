// `POST /loki/api/v1/push` (and Loki's older `/api/prom/push`): Loki push bodies, JSON or
// protobuf+snappy, optionally gzip, decoded whole (Ingest/Logs) and stored through `LogSink`. As
// Loki answers: 204 when everything was stored; 400 naming the problem for a malformed body
// (nothing stored) or for records the store refused (the others are stored); 413, 415; 503/507
// from the store.
import Hummingbird
import Ingest
import NIOCore

struct LokiPushRoutes {
  static let protocolName = "loki"

  let sink: LogSink
  var limits = LogIngestLimits()

  func register(on router: Router<some RequestContext>) {
    router.post("/loki/api/v1/push") { request, _ in try await push(request) }
    router.post("/api/prom/push") { request, _ in try await push(request) }
  }

  private func push(_ request: Request) async throws -> Response {
    let body = try await LogIngestBody.read(request, limit: limits.maxBodyBytes, sink: sink, protocol: Self.protocolName)
    let batch: LogBatchResult = Result { () throws(LogIngestError) in
      try LokiPushDecoder.decode(
        body: body, contentType: request.headers[.contentType], contentEncoding: request.headers[.contentEncoding], limits: limits)
    }
    return try await LogIngestBody.store(batch, sink: sink, protocol: Self.protocolName)
  }
}
