// Authenticated encryption of everything the repository stores (blobs, pack headers, indexes,
// snapshots, the config): AES-256-GCM with a random 96-bit nonce per message, laid out as
// nonce (12) | ciphertext | tag (16). A flipped bit anywhere fails the tag, so damage is always
// detected, never decrypted into wrong data. Compression happens before encryption: one flag byte
// (0 stored, 1 zstd) leads the plaintext.
import Codecs
package import Crypto
import Foundation

package struct BlobCipher: Sendable {
  package static let overhead = 12 + 16
  private let key: SymmetricKey

  package init(key: SymmetricKey) {
    self.key = key
  }

  package func seal(_ plaintext: UnsafeRawBufferPointer) -> [UInt8] {
    // AES-GCM sealing fails only for a key of the wrong size, which the repository never makes.
    guard let box = try? AES.GCM.seal(plaintext, using: key), let combined = box.combined else {
      preconditionFailure("BUG: AES-GCM sealing failed")
    }
    return [UInt8](combined)
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
    var framed: [UInt8]
    if compressionLevel > 0, plaintext.count >= 64 {
      let compressed = Zstd.compress(plaintext, level: compressionLevel)
      if compressed.count < plaintext.count {
        framed = [1]
        framed.append(contentsOf: compressed)
        return seal(framed)
      }
    }
    framed = [0]
    framed.append(contentsOf: plaintext)
    return seal(framed)
  }

  /// Opens and decompresses a message made by `pack`; `size` is the plaintext's known length.
  package func unpack(_ message: UnsafeRawBufferPointer, size: Int, what: @autoclosure () -> String) throws -> [UInt8] {
    let framed = try open(message, what: what())
    guard let flag = framed.first else { throw BackupError(.corrupt, "\(what()) is damaged: empty plaintext") }
    switch flag {
    case 0:
      guard framed.count - 1 == size else { throw BackupError(.corrupt, "\(what()) is damaged: \(framed.count - 1) bytes, expected \(size)") }
      return Array(framed[1...])
    case 1:
      let result: Result<[UInt8], CodecError> = framed.withUnsafeBytes { buffer in
        do throws(CodecError) {
          return .success(try Zstd.decompress(UnsafeRawBufferPointer(rebasing: buffer[1...]), expectedSize: size))
        } catch {
          return .failure(error)
        }
      }
      switch result {
      case .success(let bytes): return bytes
      case .failure(let error): throw BackupError(.corrupt, "\(what()) is damaged: \(error)")
      }
    default:
      throw BackupError(.corrupt, "\(what()) is damaged: unknown compression flag \(flag)")
    }
  }
}
