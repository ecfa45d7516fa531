// Authenticated encryption of everything the repository stores (blobs, pack headers, indexes,
// snapshots, the config): AES-256-GCM with a random 96-bit nonce per message, laid out as
// nonce (12) | ciphertext | tag (16). A flipped bit anywhere fails the tag, so damage is always
// detected, never decrypted into wrong data. Compression happens before encryption: one flag byte
// (0 stored, 1 zstd) leads the plaintext.
import Codecs
package import Crypto
package import Foundation

package struct BlobCipher: Sendable {
  package static let overhead = 12 + 16
  private let key: SymmetricKey

  package init(key: SymmetricKey) {
    self.key = key
  }

  package func seal(_ plaintext: UnsafeRawBufferPointer) -> [UInt8] {
    sealData(plaintext).withUnsafeBytes { [UInt8]($0) }
  }

  package func seal(_ plaintext: [UInt8]) -> [UInt8] {
    plaintext.withUnsafeBytes { seal($0) }
  }

  /// The plaintext, or a `.corrupt` error naming `what` when the message was altered or the key
  /// is not this repository's.
  package func open(_ message: UnsafeRawBufferPointer, what: @autoclosure () -> String) throws -> [UInt8] {
    guard message.count >= Self.overhead else {
      throw BackupError(.corrupt, "\(what()) is damaged: \(message.count) bytes is shorter than any sealed message")
    }
    do {
      let box = try AES.GCM.SealedBox(combined: Data(message))
      return [UInt8](try AES.GCM.open(box, using: key))
    } catch {
      throw BackupError(.corrupt, "\(what()) is damaged: it fails authentication (altered, truncated or from another repository)")
    }
  }

  package func open(_ message: [UInt8], what: @autoclosure () -> String) throws -> [UInt8] {
    try message.withUnsafeBytes { try open($0, what: what()) }
  }

  /// Compresses (when it helps) then seals.
  package func pack(_ plaintext: UnsafeRawBufferPointer, compressionLevel: Int32) -> [UInt8] {
    let sealed = pack(plaintext, compressionLevel: compressionLevel, framing: ScratchBuffer())
    return sealed.withUnsafeBytes { [UInt8]($0) }
  }

  /// `pack`, framing in a reused buffer; the sealed message comes back as the `Data` the
  /// cipher made, for the caller to copy where it belongs (into a pack) without another array.
  package func pack(_ plaintext: UnsafeRawBufferPointer, compressionLevel: Int32, framing: ScratchBuffer) -> Data {
    let compress = compressionLevel > 0 && plaintext.count >= 64
    let buffer = framing.reserve(1 + (compress ? Zstd.compressBound(plaintext.count) : plaintext.count))
    if compress {
      let written = Zstd.compress(plaintext, into: UnsafeMutableRawBufferPointer(rebasing: buffer[1...]), level: compressionLevel)
      if written < plaintext.count {
        buffer[0] = 1
        return sealData(UnsafeRawBufferPointer(rebasing: buffer[0..<(1 + written)]))
      }
    }
    buffer[0] = 0
    if let source = plaintext.baseAddress, !plaintext.isEmpty {
      (buffer.baseAddress! + 1).copyMemory(from: source, byteCount: plaintext.count)
    }
    return sealData(UnsafeRawBufferPointer(rebasing: buffer[0..<(1 + plaintext.count)]))
  }

  private func sealData(_ plaintext: UnsafeRawBufferPointer) -> Data {
    // AES-GCM sealing fails only for a key of the wrong size, which the repository never makes.
    guard let box = try? AES.GCM.seal(plaintext, using: key), let combined = box.combined else {
      preconditionFailure("BUG: AES-GCM sealing failed")
    }
    return combined
  }

  /// Opens and decompresses a message made by `pack`; `size` is the plaintext's known length.
  package func unpack(_ message: UnsafeRawBufferPointer, size: Int, what: @autoclosure () -> String) throws -> [UInt8] {
    try withUnpacked(message, size: size, plain: ScratchBuffer(), what: what()) { [UInt8]($0) }
  }

  /// Opens and decompresses a message made by `pack` and hands its plaintext to `body`, which must
  /// not keep it: the plaintext lives in `plain` (when it was compressed) or in the cipher's output.
  /// Nothing is copied on the way (the restore path reads every byte of a snapshot through here).
  package func withUnpacked<Result>(
    _ message: UnsafeRawBufferPointer, size: Int, plain: ScratchBuffer, what: @autoclosure () -> String,
    _ body: (UnsafeRawBufferPointer) throws -> Result
  ) throws -> Result {
    guard message.count >= Self.overhead, let base = message.baseAddress else {
      throw BackupError(.corrupt, "\(what()) is damaged: \(message.count) bytes is shorter than any sealed message")
    }
    let framed: Data
    do {
      // The message is only read, and only while this call runs: no copy into a Data of its own.
      let borrowed = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: message.count, deallocator: .none)
      framed = try AES.GCM.open(AES.GCM.SealedBox(combined: borrowed), using: key)
    } catch {
      throw BackupError(.corrupt, "\(what()) is damaged: it fails authentication (altered, truncated or from another repository)")
    }
    return try framed.withUnsafeBytes { framed -> Result in
      guard let flag = framed.first else { throw BackupError(.corrupt, "\(what()) is damaged: empty plaintext") }
      let payload = UnsafeRawBufferPointer(rebasing: framed[1...])
      switch flag {
      case 0:
        guard payload.count == size else { throw BackupError(.corrupt, "\(what()) is damaged: \(payload.count) bytes, expected \(size)") }
        return try body(payload)
      case 1:
        let destination = UnsafeMutableRawBufferPointer(rebasing: plain.reserve(size)[0..<size])
        if case .failure(let error) = Zstd.decompress(payload, into: destination) {
          throw BackupError(.corrupt, "\(what()) is damaged: \(error)")
        }
        return try body(UnsafeRawBufferPointer(destination))
      default:
        throw BackupError(.corrupt, "\(what()) is damaged: unknown compression flag \(flag)")
      }
    }
  }
}
