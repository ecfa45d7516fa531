// Gzip bodies (`Content-Encoding: gzip`, as OTLP senders use it) through the system zlib:
// decompression stops as soon as the output would pass a caller's limit, so a small "zip bomb"
// body never grows past that limit in memory. Foundation on Linux exposes no inflate API, hence CZlib.
import CZlib

/// Bounded gzip (and zlib) inflation. Stateless and thread-safe: each call owns its z_stream.
package enum Gzip {
  /// Inflates a gzip body (several concatenated members are accepted, as gzip allows).
  /// - Parameters:
  ///   - bytes: the compressed body.
  ///   - limit: the most decompressed bytes accepted.
  /// - Returns: the decompressed bytes, at most `limit`.
  /// - Throws: `CodecError.tooLarge` past `limit`; `CodecError.corrupt` for anything that is not
  ///   complete gzip data.
  package static func decompress(_ bytes: [UInt8], limit: Int) throws(CodecError) -> [UInt8] {
    guard !bytes.isEmpty else { throw .corrupt(subject, "it is empty") }
    let result: Result<[UInt8], CodecError> = bytes.withUnsafeBufferPointer { input in
      inflate(input, limit: limit)
    }
    return try result.get()
  }

  private static let subject = "gzip body"

  private static func inflate(_ input: UnsafeBufferPointer<UInt8>, limit: Int) -> Result<[UInt8], CodecError> {
    var stream = z_stream()
    // 15 window bits + 16: gzip wrapper only (OTLP says gzip; a raw zlib stream is not gzip).
    let initStatus = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard initStatus == Z_OK else {
      return .failure(.corrupt(subject, "zlib could not start (\(initStatus))"))
    }
    defer { inflateEnd(&stream) }

    var output: [UInt8] = []
    output.reserveCapacity(min(limit, max(input.count * 4, 4096)))
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
    stream.avail_in = UInt32(input.count)
    while true {
      let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer in
        stream.next_out = buffer.baseAddress
        stream.avail_out = UInt32(buffer.count)
        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
        return (status, buffer.count - Int(stream.avail_out))
      }
      if output.count + produced > limit {
        return .failure(.tooLarge(subject, output.count + produced, limit))
      }
      output.append(contentsOf: chunk[0..<produced])
      switch status {
      case Z_STREAM_END:
        // Another gzip member may follow; anything else after the end is junk.
        if stream.avail_in == 0 { return .success(output) }
        guard inflateReset(&stream) == Z_OK else {
          return .failure(.corrupt(subject, "zlib could not restart"))
        }
      case Z_OK:
        continue
      case Z_BUF_ERROR where stream.avail_in == 0:
        return .failure(.truncated(subject, "it is truncated"))
      default:
        let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
        return .failure(.corrupt(subject, reason))
      }
    }
  }
}

extension Gzip {
  /// `bytes` as one gzip member, for tests and senders; compression of our own buffer cannot fail
  /// short of memory exhaustion.
  package static func compress(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    let status = deflateInit2_(
      &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK, "BUG: zlib deflateInit2 failed with \(status)")
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    let written = bytes.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        stream.next_out = out.baseAddress
        stream.avail_out = UInt32(out.count)
        let status = deflate(&stream, Z_FINISH)
        precondition(status == Z_STREAM_END, "BUG: zlib deflate into a deflateBound buffer returned \(status)")
        return out.count - Int(stream.avail_out)
      }
    }
    output.removeSubrange(written...)
    return output
  }
}
