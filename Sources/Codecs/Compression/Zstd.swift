// One-shot zstd compression of byte buffers (the system libzstd through CZstd), for the frames of
// a persistent block's chunks file. Decompression is bounded by a caller-known size.
import CZstd

/// Whole-buffer zstd compression and bounded decompression.
///
/// Thread-safe: every call has a compression or decompression context to itself, reused from a
/// small cache (ZstdContexts) instead of made and cleared anew.
package enum Zstd {
  /// The level blocks are written with: compact, and still fast enough for a background writer.
  package static let defaultLevel: Int32 = 9

  /// `bytes` as one zstd frame (with its content size recorded in the frame header).
  /// - Parameter level: zstd level, 1 (fastest) to 22 (smallest).
  package static func compress(_ bytes: [UInt8], level: Int32 = defaultLevel) -> [UInt8] {
    bytes.withUnsafeBytes { compress($0, level: level) }
  }

  /// `compress` of a buffer, without copying it into an array first.
  package static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = defaultLevel) -> [UInt8] {
    let bound = ZSTD_compressBound(bytes.count)
    // Filled by zstd before it is read: no need to clear it first.
    let output = [UInt8](unsafeUninitializedCapacity: bound) { destination, count in
      let written = ZstdContexts.shared.withCompression { context in
        ZSTD_compressCCtx(context, destination.baseAddress, bound, bytes.baseAddress, bytes.count, level)
      }
      // Only a bad level or too small a destination make it fail; neither can happen here.
      precondition(ZSTD_isError(written) == 0, "BUG: zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
      count = written
    }
    return output
  }

  /// The most bytes `compress` can produce for `count` input bytes.
  package static func compressBound(_ count: Int) -> Int {
    ZSTD_compressBound(count)
  }

  /// Compresses `bytes` as one frame into `destination`, which must hold `compressBound` bytes;
  /// returns how many it wrote. For callers that reuse one buffer across many calls.
  package static func compress(_ bytes: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer, level: Int32) -> Int {
    precondition(destination.count >= ZSTD_compressBound(bytes.count), "BUG: zstd destination below compressBound")
    let written = ZstdContexts.shared.withCompression { context in
      ZSTD_compressCCtx(context, destination.baseAddress, destination.count, bytes.baseAddress, bytes.count, level)
    }
    precondition(ZSTD_isError(written) == 0, "BUG: zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
    return written
  }

  /// Decompresses one zstd frame that must hold exactly `expectedSize` bytes.
  ///
  /// Never writes or allocates more than `expectedSize` bytes, whatever the input claims.
  /// - Throws: `CodecError.corrupt` if the input is not a valid frame of that size.
  package static func decompress(_ bytes: UnsafeRawBufferPointer, expectedSize: Int) throws(CodecError) -> [UInt8] {
    guard expectedSize >= 0 else { throw .corrupt("zstd frame", "negative expected size \(expectedSize)") }
    guard !bytes.isEmpty else { throw .corrupt("zstd frame", "no bytes") }
    var output = [UInt8](repeating: 0, count: expectedSize)
    // `ZSTD_decompress` needs a non-null destination even for an empty frame.
    var spare: UInt8 = 0
    let result = output.withUnsafeMutableBytes { destination in
      withUnsafeMutablePointer(to: &spare) { spare in
        ZstdContexts.shared.withDecompression { context in
          ZSTD_decompressDCtx(
            context, destination.baseAddress ?? UnsafeMutableRawPointer(spare), destination.count, bytes.baseAddress, bytes.count)
        }
      }
    }
    guard ZSTD_isError(result) == 0 else {
      throw .corrupt("zstd frame", String(cString: ZSTD_getErrorName(result)))
    }
    guard result == expectedSize else {
      throw .corrupt("zstd frame", "holds \(result) bytes, expected \(expectedSize)")
    }
    return output
  }

  /// Decompresses one frame into `destination`, which must be exactly the frame's content size:
  /// a frame that holds more or less is an error. For callers that reuse one buffer.
  package static func decompress(_ bytes: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Result<Void, CodecError> {
    guard !bytes.isEmpty else { return .failure(.corrupt("zstd frame", "no bytes")) }
    guard let target = destination.baseAddress else { return .failure(.corrupt("zstd frame", "no destination")) }
    let result = ZstdContexts.shared.withDecompression { context in
      ZSTD_decompressDCtx(context, target, destination.count, bytes.baseAddress, bytes.count)
    }
    guard ZSTD_isError(result) == 0 else { return .failure(.corrupt("zstd frame", String(cString: ZSTD_getErrorName(result)))) }
    guard result == destination.count else { return .failure(.corrupt("zstd frame", "holds \(result) bytes, expected \(destination.count)")) }
    return .success(())
  }

  /// `decompress` over an array.
  package static func decompress(_ bytes: [UInt8], expectedSize: Int) throws(CodecError) -> [UInt8] {
    let result: Result<[UInt8], CodecError> = bytes.withUnsafeBytes { buffer in
      do throws(CodecError) {
        return .success(try decompress(buffer, expectedSize: expectedSize))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
