// `POST /api/v1/write`: Prometheus remote write 1.0 (and 2.0 by content type), as Prometheus's own
// receiver answers it, so `remote_write:` pointed here needs no special settings: 204 when stored,
// 400 with the reason for what must not be retried (malformed bodies, rejected samples), 413 for
// oversized bodies, 415 for an unknown encoding, 429/503/507 to make the sender retry.
import Codecs
import Foundation
import HTTPTypes
import Hummingbird
import Ingest
import MetricStore
import NIOCore
import WardenCore

/// Bounds on remote_write requests.
struct RemoteWriteSettings: Sendable {
  /// The largest compressed body accepted.
  var maxCompressedBytes = 32 << 20
  /// The largest body after snappy decompression.
  var maxDecompressedBytes = 128 << 20
  var limits = RemoteWriteLimits()
}

struct RemoteWriteRoutes {
  let sink: SampleSink
  var settings = RemoteWriteSettings()

  static let receiver = "remote_write"

  private enum Version {
    case v1, v2
  }

  func register(on router: Router<some RequestContext>) {
    router.post("/api/v1/write") { request, _ in try await write(request) }
  }

  private func write(_ request: Request) async throws -> Response {
    do {
      return try await handle(request)
    } catch let error as ReceiverError {
      sink.metrics.rejectRequest(receiver: Self.receiver, reason: Self.reason(for: error.status))
      throw error
    }
  }

  private func handle(_ request: Request) async throws -> Response {
    let version = try Self.version(contentType: request.headers[.contentType])
    let encoding = request.headers[.contentEncoding]?.lowercased() ?? "snappy"
    guard encoding == "snappy" else {
      throw ReceiverError.unsupportedMediaType("unsupported Content-Encoding \"\(encoding)\": remote write bodies are snappy-compressed")
    }
    let body = try await request.collectBody(limit: settings.maxCompressedBytes, what: "remote write body")
    let compressed = body.readableBytesView
    let decompressed: [UInt8]
    do {
      decompressed = try compressed.withContiguousStorageIfAvailable { buffer throws(CodecError) in
        try Snappy.decompress(UnsafeRawBufferPointer(buffer), limit: settings.maxDecompressedBytes)
      } ?? Snappy.decompress(Array(compressed), limit: settings.maxDecompressedBytes)
    } catch let error as CodecError where error.code == .tooLarge {
      throw ReceiverError.tooLarge("remote write body: \(error.reason) after decompression")
    } catch let error as CodecError {
      throw ReceiverError.badRequest("remote write body is not valid snappy: \(error.message)")
    }

    let content: RemoteWriteContent
    do {
      switch version {
      case .v1: content = try RemoteWriteV1Decoder.decode(decompressed, limits: settings.limits, known: sink.seriesLookup)
      case .v2: content = try RemoteWriteV2Decoder.decode(decompressed, limits: settings.limits)
      }
    } catch {
      throw ReceiverError.badRequest(error.message)
    }
    sink.metrics.reject(receiver: Self.receiver, reason: "native_histogram_unsupported", samples: content.histogramsSkipped)

    let report: AppendReport
    do {
      report = try await sink.append(content.batch, receiver: Self.receiver, rateLimited: true)
    } catch let error as APIError {
      throw ReceiverError(error)
    }
    var headers: HTTPFields = [:]
    if version == .v2 {
      headers[HTTPField.Name("X-Prometheus-Remote-Write-Samples-Written")!] = String(report.appended + report.duplicatesIgnored)
      headers[HTTPField.Name("X-Prometheus-Remote-Write-Histograms-Written")!] = "0"
      headers[HTTPField.Name("X-Prometheus-Remote-Write-Exemplars-Written")!] = "0"
    }
    if report.rejected > 0 {
      // As Prometheus does: samples it could not take are a client error, so the sender drops
      // them instead of retrying forever; everything else in the request was stored.
      throw ReceiverError(status: .badRequest, message: Self.describeRejections(report), headers: headers)
    }
    return Response(status: .noContent, headers: headers)
  }

  private static func version(contentType: String?) throws -> Version {
    guard let contentType else { return .v1 }
    let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard parts.first == "application/x-protobuf" else {
      throw ReceiverError.unsupportedMediaType("unsupported Content-Type \"\(contentType)\": expected application/x-protobuf")
    }
    for parameter in parts.dropFirst() where parameter.hasPrefix("proto=") {
      switch parameter.dropFirst("proto=".count) {
      case "prometheus.writerequest": return .v1
      case "io.prometheus.write.v2.request": return .v2
      default:
        throw ReceiverError.unsupportedMediaType("unsupported remote write message \"\(parameter)\": expected prometheus.WriteRequest or io.prometheus.write.v2.Request")
      }
    }
    return .v1
  }

  static func describeRejections(_ report: AppendReport) -> String {
    let reasons: [(String, Int)] = [
      ("out of order", report.outOfOrder), ("too old", report.tooOld),
      ("duplicate timestamp with a different value", report.duplicateTimestamp),
      ("invalid labels", report.invalidLabels), ("over the series limit", report.overSeriesLimit),
    ]
    let parts = reasons.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
    return "stored \(report.appended) samples; rejected " + parts.joined(separator: ", ")
  }

  private static func reason(for status: HTTPResponse.Status) -> String {
    switch status.code {
    case 400: "malformed"
    case 413: "too_large"
    case 415: "unsupported_media_type"
    case 429: "rate_limited"
    default: "unavailable"
    }
  }
}
