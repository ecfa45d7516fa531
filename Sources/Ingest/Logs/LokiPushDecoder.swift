// `POST /loki/api/v1/push`: a Loki push body, JSON or snappy-compressed protobuf, optionally
// gzip-encoded on top, decoded into one LogBatch. Either the whole request decodes or it fails
// with a LogIngestError naming the problem and its place; nothing is partially returned.
package import WardenCore

/// Loki push bodies. Stateless and thread-safe.
package enum LokiPushDecoder {
  /// The two body formats Loki's push endpoint takes.
  package enum Format: Sendable, Equatable {
    /// `logproto.PushRequest`, snappy block compressed (`application/x-protobuf`).
    case protobuf
    /// `{"streams":[{"stream":{...},"values":[["<ns>","<line>"]...]}]}` (`application/json`, the default).
    case json

    /// The format a Content-Type names; an absent header means JSON.
    /// - Throws: 415 for any other media type.
    package init(contentType: String?) throws(LogIngestError) {
      switch LogRequestBody.mediaType(contentType) {
      case nil, "application/json": self = .json
      case "application/x-protobuf", "application/protobuf": self = .protobuf
      case let other?:
        throw LogIngestError(
          .unsupportedMediaType, "unsupported content type \"\(other)\": Loki push takes application/json or application/x-protobuf")
      }
    }
  }

  /// Decodes a push body as received.
  /// - Parameters:
  ///   - body: the bytes on the wire.
  ///   - contentType: the Content-Type header (absent = JSON).
  ///   - contentEncoding: the Content-Encoding header (absent, `identity` or `gzip`).
  /// - Throws: `LogIngestError` 400/413/415 naming the problem.
  package static func decode(
    body: [UInt8], contentType: String?, contentEncoding: String?, limits: LogIngestLimits = LogIngestLimits()
  ) throws(LogIngestError) -> LogBatch {
    let format = try Format(contentType: contentType)
    let payload = try LogRequestBody.decode(body, contentEncoding: contentEncoding, limits: limits)
    switch format {
    case .protobuf:
      let plain = try LogRequestBody.snappy(payload, limits: limits)
      return try LokiPushProtobuf.decode(plain, limits: limits)
    case .json:
      return try LokiPushJSON.decode(payload, limits: limits)
    }
  }
}
