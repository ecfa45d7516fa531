// The HTTP-level steps every log push endpoint shares: the media type of a Content-Type header,
// and undoing `Content-Encoding: gzip` within the decompressed-size limit.
import Codecs

/// Header handling and decompression for log push bodies. Stateless and thread-safe.
package enum LogRequestBody {
  /// The media type of a Content-Type header, lowercased, without parameters (`charset=...`);
  /// nil when the header is absent or blank.
  package static func mediaType(_ contentType: String?) -> String? {
    guard let contentType else { return nil }
    let type = trimmed(contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    return type.isEmpty ? nil : type.lowercased()
  }

  /// The body with its Content-Encoding undone.
  /// - Throws: 413 when the body or its decompressed form is over the limits, 400 for damaged gzip,
  ///   415 for an encoding other than gzip or identity.
  package static func decode(_ body: [UInt8], contentEncoding: String?, limits: LogIngestLimits) throws(LogIngestError) -> [UInt8] {
    guard body.count <= limits.maxBodyBytes else {
      throw .tooLarge("request body has \(body.count) bytes, more than the limit of \(limits.maxBodyBytes)")
    }
    switch contentEncoding.map({ trimmed($0[...]).lowercased() }) {
    case nil, "", "identity":
      return body
    case "gzip", "x-gzip":
      do {
        return try Gzip.decompress(body, limit: limits.maxDecompressedBytes)
      } catch where error.code == .tooLarge {
        throw .tooLarge("gzip body decompresses to more than \(limits.maxDecompressedBytes) bytes")
      } catch {
        throw .malformed("cannot decompress gzip body: \(error.reason)")
      }
    case let other?:
      throw LogIngestError(.unsupportedMediaType, "unsupported content encoding \"\(other)\": use gzip or none")
    }
  }

  /// A snappy block (Loki's protobuf bodies) decompressed within the limit.
  package static func snappy(_ body: [UInt8], limits: LogIngestLimits) throws(LogIngestError) -> [UInt8] {
    do {
      return try Snappy.decompress(body, limit: limits.maxDecompressedBytes)
    } catch where error.code == .tooLarge {
      throw .tooLarge("snappy body decompresses to more than \(limits.maxDecompressedBytes) bytes")
    } catch {
      throw .malformed("cannot decompress snappy body: \(error.reason)")
    }
  }

  private static func trimmed(_ text: Substring) -> String {
    var result = text
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return String(result)
  }
}
