// Snappy block format (not the framed format), as remote_write and Loki push bodies use it: the
// system libsnappy through CSnappy. Decompression checks the declared length against a caller's
// limit before allocating, so a hostile header cannot make us reserve gigabytes.
import CSnappy

/// Whole-buffer snappy block compression and bounded decompression.
///
/// Stateless and thread-safe: libsnappy's C entry points keep no shared state.
package enum Snappy {
  /// `bytes` as one snappy block.
  package static func compress(_ bytes: [UInt8]) -> [UInt8] {
    var length = snappy_max_compressed_length(bytes.count)
    var output = [UInt8](repeating: 0, count: length)
    let status = output.withUnsafeMutableBufferPointer { destination in
      bytes.withUnsafeBufferPointer { source in
        source.withMemoryRebound(to: CChar.self) { source in
          destination.withMemoryRebound(to: CChar.self) { destination in
            snappy_compress(source.baseAddress, source.count, destination.baseAddress, &length)
          }
        }
      }
    }
    // Only a too-small destination makes snappy_compress fail, and the bound above rules it out.
    precondition(status == SNAPPY_OK, "BUG: snappy compression failed with status \(status.rawValue)")
    output.removeSubrange(length...)
    return output
  }

  /// The uncompressed size a snappy block declares in its header.
  /// - Throws: `CodecError.corrupt` when the header is not a valid length.
  package static func uncompressedLength(_ bytes: UnsafeRawBufferPointer) throws(CodecError) -> Int {
    var length = 0
    let status = bytes.withMemoryRebound(to: CChar.self) { source in
      snappy_uncompressed_length(source.baseAddress, source.count, &length)
    }
    guard status == SNAPPY_OK else { throw .corrupt("snappy block", "the length header is not valid") }
    return length
  }

  /// Decompresses one snappy block of at most `limit` bytes.
  /// - Throws: `CodecError.tooLarge` when the block declares more than `limit` bytes (nothing is
  ///   allocated then); `CodecError.corrupt` when it is not a valid snappy block.
  package static func decompress(_ bytes: UnsafeRawBufferPointer, limit: Int) throws(CodecError) -> [UInt8] {
    guard !bytes.isEmpty else { throw .corrupt("snappy block", "no bytes") }
    let declared = try uncompressedLength(bytes)
    guard declared <= limit else { throw .tooLarge("snappy block", declared, limit) }
    var output = [UInt8](repeating: 0, count: declared)
    var length = declared
    let status = output.withUnsafeMutableBufferPointer { destination in
      bytes.withMemoryRebound(to: CChar.self) { source in
        destination.withMemoryRebound(to: CChar.self) { destination in
          // snappy_uncompress needs a non-null destination even for an empty block.
          var spare: CChar = 0
          return withUnsafeMutablePointer(to: &spare) { spare in
            snappy_uncompress(source.baseAddress, source.count, destination.baseAddress ?? spare, &length)
          }
        }
      }
    }
    guard status == SNAPPY_OK, length == declared else {
      throw .corrupt("snappy block", "the compressed data is damaged or truncated")
    }
    return output
  }

  /// `decompress` over an array.
  package static func decompress(_ bytes: [UInt8], limit: Int) throws(CodecError) -> [UInt8] {
    let result: Result<[UInt8], CodecError> = bytes.withUnsafeBytes { buffer in
      do throws(CodecError) {
        return .success(try decompress(buffer, limit: limit))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
