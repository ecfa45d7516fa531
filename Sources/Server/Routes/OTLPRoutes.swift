// `POST /v1/metrics`, the OTLP/HTTP metrics receiver: protobuf or JSON bodies, optionally gzip,
// translated to Prometheus-style samples (Ingest/OTLP) and written through `SampleSink` as
// receiver "otlp". Answers as the OTLP specification says: 200 with an ExportMetricsServiceResponse
// in the request's encoding (partial_success when points were rejected), else a google.rpc.Status
// with 400 (malformed), 413 (too large), 415 (unsupported type) or the store's 503/507.
import HTTPTypes
import Hummingbird
import Ingest
import MetricStore
import NIOCore

struct OTLPRoutes {
  static let receiver = "otlp"

  let sink: SampleSink
  let limits: OTLPLimits
  let translator: OTLPTranslator

  /// - Parameter accumulator: the delta running totals; one per receiver for the process's life.
  init(sink: SampleSink, limits: OTLPLimits = OTLPLimits(), accumulator: OTLPDeltaAccumulator = OTLPDeltaAccumulator()) {
    self.sink = sink
    self.limits = limits
    translator = OTLPTranslator(limits: limits, accumulator: accumulator)
  }

  func register(on router: Router<some RequestContext>) {
    router.post("/v1/metrics") { request, _ in await export(request) }
  }

  private func export(_ request: Request) async -> Response {
    let encoding: OTLPEncoding
    do {
      encoding = try OTLPEncoding(contentType: request.headers[.contentType])
    } catch {
      // The sender's encoding is unknown; JSON is at least readable.
      return failure(error, encoding: .json)
    }
    let body: ByteBuffer
    do {
      body = try await request.body.collect(upTo: limits.maxBodyBytes)
    } catch is NIOTooManyBytesError {
      return failure(OTLPError(.tooLarge, "request body is larger than the limit of \(limits.maxBodyBytes) bytes"), encoding: encoding)
    } catch {
      return failure(OTLPError(.malformed, "cannot read request body: \(error)"), encoding: encoding)
    }
    let exportRequest: OTLPExportRequest
    do {
      exportRequest = try OTLPRequestDecoder.decode(
        Array(buffer: body), encoding: encoding, contentEncoding: request.headers[.contentEncoding], limits: limits)
    } catch {
      return failure(error, encoding: encoding)
    }

    let translation = translator.translate(exportRequest)
    for (reason, points) in translation.rejectionsByReason {
      sink.metrics.reject(receiver: Self.receiver, reason: reason, samples: points)
    }
    var rejected = translation.rejectedDataPoints
    var messages = translation.errorMessage.isEmpty ? [] : [translation.errorMessage]
    do {
      let report = try await sink.append(translation.batch, receiver: Self.receiver, rateLimited: true)
      if report.rejected > 0 {
        // The store counts samples, not data points; for gauges and sums they are the same.
        rejected += report.rejected
        messages.append("the store rejected \(report.rejected) samples (\(Self.describe(report)))")
      }
    } catch let error as APIError {
      var response = OTLPStatusResponse.storeFailure(message: error.message, encoding: encoding, httpStatus: error.status)
      if let retryAfter = error.retryAfterSeconds { response.headers[.retryAfter] = String(retryAfter) }
      return response
    } catch {
      return OTLPStatusResponse.storeFailure(
        message: "cannot store samples: \(error)", encoding: encoding, httpStatus: .internalServerError)
    }
    let bytes = OTLPRequestDecoder.encodeResponse(
      rejectedDataPoints: rejected, errorMessage: messages.joined(separator: "; "), encoding: encoding)
    return Response(
      status: .ok, headers: [.contentType: encoding.contentType], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
  }

  private func failure(_ error: OTLPError, encoding: OTLPEncoding) -> Response {
    sink.metrics.rejectRequest(receiver: Self.receiver, reason: error.code.metricReason)
    return OTLPStatusResponse.failure(error.code, message: error.message, encoding: encoding)
  }

  private static func describe(_ report: AppendReport) -> String {
    let parts: [(String, Int)] = [
      ("out of order", report.outOfOrder), ("too old", report.tooOld), ("duplicate timestamp", report.duplicateTimestamp),
      ("invalid labels", report.invalidLabels), ("over the series limit", report.overSeriesLimit),
    ]
    return parts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
  }
}
