// What every HTTP log receiver does around its decoder: read the body within its limit, turn a
// decoding failure into the status it names (counting the refused request), store the batch, and
// answer 204, or 400 listing the records the store refused.
import HTTPTypes
import Hummingbird
import Ingest
import NIOCore
import WardenCore

typealias LogBatchResult = Result<LogBatch, LogIngestError>

enum LogIngestBody {
  /// The request body, or a 413 naming the limit.
  static func read(_ request: Request, limit: Int, sink: LogSink, protocol name: String) async throws -> [UInt8] {
    do {
      return Array(buffer: try await request.collectBody(limit: limit, what: "request body"))
    } catch let error as ReceiverError {
      sink.metrics.rejectedRequest(protocol: name, reason: "too_large")
      throw LokiAPIError(status: error.status, message: error.message)
    }
  }

  /// The decoding failure as an HTTP error, counted by reason.
  static func failure(_ error: LogIngestError, sink: LogSink, protocol name: String) -> LokiAPIError {
    sink.metrics.rejectedRequest(protocol: name, reason: error.code.metricReason)
    return LokiAPIError(status: HTTPResponse.Status(code: error.code.httpStatus), message: error.message)
  }

  /// Stores a decoded batch and answers as Loki does.
  static func store(_ decoded: LogBatchResult, sink: LogSink, protocol name: String) async throws -> Response {
    let batch: LogBatch
    switch decoded {
    case .success(let decodedBatch): batch = decodedBatch
    case .failure(let error): throw failure(error, sink: sink, protocol: name)
    }
    let outcome = try await sink.append(batch, protocol: name)
    if outcome.rejected > 0 {
      throw LokiAPIError.badRequest("stored \(outcome.stored) of \(batch.count) records; \(outcome.rejectionSummary)")
    }
    return Response(status: .noContent)
  }
}
