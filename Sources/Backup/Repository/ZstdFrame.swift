// zstd frames whose content size the frame header records (every frame Zstd.compress writes), for
// sealed files that do not store their plaintext size beside them.
import CZstd
import Codecs

enum ZstdFrame {
  /// The decompressed size the frame header declares, or nil if it does not say.
  static func contentSize(_ frame: [UInt8]) -> Int? {
    let size = frame.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }
    // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest values.
    guard size < UInt64.max - 1 else { return nil }
    return Int(exactly: size)
  }

  static func decompress(_ frame: [UInt8], size: Int) throws -> [UInt8] {
    let result: Result<[UInt8], CodecError> = {
      do throws(CodecError) {
        return .success(try Zstd.decompress(frame, expectedSize: size))
      } catch {
        return .failure(error)
      }
    }()
    return try result.get()
  }
}
