// What kind of whole-request failure a receiver's decoder reports (OTLP metrics and logs, Loki
// push, NDJSON), and what follows from it: the HTTP status, the reason counted in
// `warden_*_requests_rejected_total`, and the gRPC code OTLP puts in its Status body.

/// New codes can be added without breaking callers (a struct, not an enum).
package struct RequestFailureCode: Hashable, Sendable, CustomStringConvertible {
  private enum Base: Hashable, Sendable {
    case malformed, tooLarge, unsupportedMediaType
  }

  private let base: Base

  private init(_ base: Base) {
    self.base = base
  }

  /// The body cannot be decoded (bad JSON, protobuf, snappy, gzip, labels, timestamps): 400, never
  /// retried.
  package static let malformed = RequestFailureCode(.malformed)
  /// The body, compressed or not, or a count in it is over a limit: 413, never retried.
  package static let tooLarge = RequestFailureCode(.tooLarge)
  /// The Content-Type or Content-Encoding is not one the endpoint accepts: 415.
  package static let unsupportedMediaType = RequestFailureCode(.unsupportedMediaType)

  package var description: String {
    switch base {
    case .malformed: "malformed"
    case .tooLarge: "too large"
    case .unsupportedMediaType: "unsupported media type"
    }
  }

  /// The HTTP status the server answers with.
  package var httpStatus: Int {
    switch base {
    case .malformed: 400
    case .tooLarge: 413
    case .unsupportedMediaType: 415
    }
  }

  /// The `reason` label of the rejected-requests counters.
  package var metricReason: String {
    switch base {
    case .malformed: "malformed"
    case .tooLarge: "too_large"
    case .unsupportedMediaType: "unsupported_media_type"
    }
  }

  /// The google.rpc code of an OTLP Status body: INVALID_ARGUMENT, or RESOURCE_EXHAUSTED for a
  /// request over a limit.
  package var grpcCode: Int32 {
    switch base {
    case .tooLarge: 8
    case .malformed, .unsupportedMediaType: 3
    }
  }
}
