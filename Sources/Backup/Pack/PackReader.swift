// Reads packs back: the header from the pack's tail, and single blobs by offset (pread, so many
// restore workers share nothing). Every blob read is decrypted, decompressed and checked against
// its id before anyone uses it.
import Codecs
#if canImport(Glibc)
  import Glibc
#endif

package enum PackReader {
  /// The blobs a pack's own header lists.
  package static func header(path: String, cipher: BlobCipher) throws -> [PackedBlob] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw BackupError(fileSystemAction: "open pack", path: path, errno: errno) }
    defer { close(descriptor) }
    let size = FileIO.size(descriptor)
    guard size >= 4 + BlobCipher.overhead else { throw BackupError(.corrupt, "pack \(path) is damaged: only \(size) bytes") }
    let tail = try readAt(descriptor, offset: size - 4, count: 4, path: path)
    let headerLength = Int(PackHeader.readUInt32(tail, 0))
    guard headerLength >= BlobCipher.overhead, headerLength <= size - 4 else {
      throw BackupError(.corrupt, "pack \(path) is damaged: header length \(headerLength) does not fit in \(size) bytes")
    }
    let sealed = try readAt(descriptor, offset: size - 4 - headerLength, count: headerLength, path: path)
    let plain = try cipher.open(sealed, what: "the header of pack \(path)")
    return try PackHeader.decode(plain, packSize: size - 4 - headerLength, what: "pack \(path)")
  }

  /// One blob's plaintext, verified against its id.
  package static func blob(
    _ blob: PackedBlob, packPath: String, cipher: BlobCipher, descriptor existing: Int32? = nil
  ) throws -> [UInt8] {
    let descriptor = existing ?? open(packPath, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw BackupError(fileSystemAction: "open pack", path: packPath, errno: errno) }
    defer { if existing == nil { close(descriptor) } }
    let sealed = try readAt(descriptor, offset: Int(blob.offset), count: Int(blob.length), path: packPath)
    return try verify(sealed, blob: blob, packPath: packPath, cipher: cipher)
  }

  /// One blob's plaintext, verified against its id, handed to `body` (which must not keep it)
  /// without copies: read into and decompressed in `buffers`, reused by the caller's thread.
  package static func withBlob<Result>(
    _ blob: PackedBlob, packPath: String, cipher: BlobCipher, descriptor: Int32, buffers: BlobReadBuffers,
    _ body: (UnsafeRawBufferPointer) throws -> Result
  ) throws -> Result {
    let count = Int(blob.length)
    let sealed = UnsafeMutableRawBufferPointer(rebasing: buffers.sealed.reserve(count)[0..<count])
    try readAt(descriptor, offset: Int(blob.offset), into: sealed, path: packPath)
    return try verified(UnsafeRawBufferPointer(sealed), blob: blob, packPath: packPath, cipher: cipher, plain: buffers.plain, body)
  }

  /// Opens a sealed blob taken from a pack's bytes and checks its id.
  package static func verify(_ sealed: [UInt8], blob: PackedBlob, packPath: String, cipher: BlobCipher) throws -> [UInt8] {
    try sealed.withUnsafeBytes { try verified($0, blob: blob, packPath: packPath, cipher: cipher, plain: ScratchBuffer()) { [UInt8]($0) } }
  }

  /// Opens a sealed blob, checks that it hashes to its id and hands the plaintext to `body` (which
  /// must not keep it; it lives in `plain` or the cipher's output).
  package static func verified<Result>(
    _ sealed: UnsafeRawBufferPointer, blob: PackedBlob, packPath: String, cipher: BlobCipher, plain: ScratchBuffer,
    _ body: (UnsafeRawBufferPointer) throws -> Result
  ) throws -> Result {
    try cipher.withUnpacked(sealed, size: Int(blob.rawLength), plain: plain, what: "blob \(blob.id.short) in pack \(packPath)") { plain in
      guard BlobID.hash(plain) == blob.id else {
        throw BackupError(.corrupt, "blob \(blob.id.short) in pack \(packPath) is damaged: its content does not hash to its id")
      }
      return try body(plain)
    }
  }

  static func readAt(_ descriptor: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    try bytes.withUnsafeMutableBytes { try readAt(descriptor, offset: offset, into: $0, path: path) }
    return bytes
  }

  /// Fills `buffer` from `offset`; a pack that ends first is damaged.
  static func readAt(_ descriptor: Int32, offset: Int, into buffer: UnsafeMutableRawBufferPointer, path: String) throws {
    var done = 0
    while done < buffer.count {
      let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
      if got < 0 {
        if errno == EINTR { continue }
        throw BackupError(fileSystemAction: "read", path: path, errno: errno)
      }
      if got == 0 { throw BackupError(.corrupt, "pack \(path) is damaged: it ends at \(offset + done), expected \(offset + buffer.count) bytes") }
      done += got
    }
  }
}
