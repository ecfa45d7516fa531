// The other HTTP log receivers: `POST /v1/logs` (OTLP/HTTP logs, protobuf or JSON, answered as
// the OTLP specification says: 200 with partial_success for records not stored, else a
// google.rpc.Status with 400/413/415 or the store's 503/507) and `POST /api/v1/logs` (Warden's
// newline-delimited JSON for scripts, answered as the Loki push endpoint answers).
import Foundation
import HTTPTypes
import Hummingbird
import Ingest
import NIOCore

struct LogPushRoutes {
  static let otlpProtocol = "otlp"
  static let ndjsonProtocol = "ndjson"

  let sink: LogSink
  var limits = LogIngestLimits()

  func register(on router: Router<some RequestContext>) {
    router.post("/v1/logs") { request, _ in await otlp(request) }
    router.post("/api/v1/logs") { request, _ in try await ndjson(request) }
  }

  private func ndjson(_ request: Request) async throws -> Response {
    if let type = LogRequestBody.mediaType(request.headers[.contentType]),
      !["application/x-ndjson", "application/jsonl", "application/json", "text/plain"].contains(type)
    {
      sink.metrics.rejectedRequest(protocol: Self.ndjsonProtocol, reason: "unsupported_media_type")
      throw LokiAPIError(
        status: .unsupportedMediaType, message: "unsupported content type \"\(type)\": send application/x-ndjson")
    }
    let body = try await LogIngestBody.read(request, limit: limits.maxBodyBytes, sink: sink, protocol: Self.ndjsonProtocol)
    let nowNs = LokiTime.nowNanoseconds()
    let decoded: LogBatchResult = Result { () throws(LogIngestError) in
      try NDJSONLogDecoder.decode(body: body, contentEncoding: request.headers[.contentEncoding], receivedAtNs: nowNs, limits: limits)
    }
    return try await LogIngestBody.store(decoded, sink: sink, protocol: Self.ndjsonProtocol)
  }

  private func otlp(_ request: Request) async -> Response {
    let encoding: OTLPEncoding
    do {
      encoding = try OTLPLogsDecoder.encoding(contentType: request.headers[.contentType])
    } catch {
      // The sender's encoding is unknown; JSON is at least readable.
      return failure(error, encoding: .json)
    }
    let body: [UInt8]
    do {
      body = Array(buffer: try await request.collectBody(limit: limits.maxBodyBytes, what: "request body"))
    } catch {
      return failure(.tooLarge("request body is larger than the limit of \(limits.maxBodyBytes) bytes"), encoding: encoding)
    }
    let decoded: OTLPLogsDecodeResult
    do {
      decoded = try OTLPLogsDecoder.decode(
        body: body, encoding: encoding, contentEncoding: request.headers[.contentEncoding],
        receivedAtNs: LokiTime.nowNanoseconds(), limits: limits)
    } catch {
      return failure(error, encoding: encoding)
    }
    sink.metrics.rejected(protocol: Self.otlpProtocol, reason: "invalid", lines: decoded.rejectedLogRecords)
    var rejected = decoded.rejectedLogRecords
    var messages = decoded.errorMessage.isEmpty ? [] : [decoded.errorMessage]
    do {
      let outcome = try await sink.append(decoded.batch, protocol: Self.otlpProtocol)
      if outcome.rejected > 0 {
        rejected += outcome.rejected
        messages.append("the store \(outcome.rejectionSummary)")
      }
    } catch {
      return OTLPStatusResponse.storeFailure(message: error.message, encoding: encoding, httpStatus: error.status)
    }
    let bytes = OTLPLogsDecoder.encodeResponse(
      rejectedLogRecords: rejected, errorMessage: messages.joined(separator: "; "), encoding: encoding)
    return Response(status: .ok, headers: [.contentType: encoding.contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  private func failure(_ error: LogIngestError, encoding: OTLPEncoding) -> Response {
    sink.metrics.rejectedRequest(protocol: Self.otlpProtocol, reason: error.code.metricReason)
    return OTLPStatusResponse.failure(error.code, message: error.message, encoding: encoding)
  }
}
