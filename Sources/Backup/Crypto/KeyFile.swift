// A key file (`keys/<id>`): the repository's master key, sealed with a key derived from one
// password by scrypt (memory-hard, so guessing passwords on GPUs is expensive). A repository has
// one key file per password; any of them opens it, and adding or removing a password never
// re-encrypts data. Format: docs/format/backup-repository.md.
package import Crypto
import _CryptoExtras
import Foundation

package struct KeyFile: Codable, Sendable {
  /// scrypt cost parameters; the defaults take about 0.1 s and 64 MiB.
  package struct Parameters: Codable, Sendable, Equatable {
    package var n: Int
    package var r: Int
    package var p: Int

    package static let standard = Parameters(n: 1 << 16, r: 8, p: 1)
    /// Only for tests, where hundreds of repositories are made.
    package static let fastForTests = Parameters(n: 1 << 10, r: 8, p: 1)

    package init(n: Int, r: Int, p: Int) {
      (self.n, self.r, self.p) = (n, r, p)
    }
  }

  package var version = 1
  package var created: String
  package var hostname: String
  package var username: String
  package var kdf = "scrypt"
  package var parameters: Parameters
  /// Base64 of 32 random bytes.
  package var salt: String
  /// Base64 of AES-GCM(derived key, master key bytes).
  package var sealedMasterKey: String

  enum CodingKeys: String, CodingKey {
    case version, created, hostname, username, kdf, parameters, salt
    case sealedMasterKey = "sealed_master_key"
  }

  /// A new key file for `password` holding `masterKey`.
  package static func make(masterKey: SymmetricKey, password: String, parameters: Parameters) throws -> KeyFile {
    let salt = SymmetricKey(size: .bits256).withUnsafeBytes { [UInt8]($0) }
    let derived = try derive(password: password, salt: salt, parameters: parameters)
    let masterBytes = masterKey.withUnsafeBytes { [UInt8]($0) }
    let sealed = BlobCipher(key: derived).seal(masterBytes)
    return KeyFile(
      created: ISO8601DateFormatter().string(from: Date()), hostname: ProcessInfo.processInfo.hostName,
      username: ProcessInfo.processInfo.environment["USER"] ?? "", parameters: parameters,
      salt: Data(salt).base64EncodedString(), sealedMasterKey: Data(sealed).base64EncodedString())
  }

  /// The master key, or nil when `password` is not this key file's.
  package func open(password: String) throws -> SymmetricKey? {
    guard kdf == "scrypt" else { throw BackupError(.corrupt, "key file uses unknown key derivation \"\(kdf)\"") }
    guard let salt = Data(base64Encoded: salt), let sealed = Data(base64Encoded: sealedMasterKey) else {
      throw BackupError(.corrupt, "key file is damaged: salt or sealed key is not base64")
    }
    let derived = try Self.derive(password: password, salt: [UInt8](salt), parameters: parameters)
    guard let master = try? BlobCipher(key: derived).open([UInt8](sealed), what: "key"), master.count == 32 else {
      return nil
    }
    return SymmetricKey(data: master)
  }

  private static func derive(password: String, salt: [UInt8], parameters: Parameters) throws -> SymmetricKey {
    guard parameters.n >= 2, parameters.n & (parameters.n - 1) == 0, parameters.n <= 1 << 22,
      (1...64).contains(parameters.r), (1...16).contains(parameters.p)
    else {
      throw BackupError(.corrupt, "key file has unusable scrypt parameters N=\(parameters.n) r=\(parameters.r) p=\(parameters.p)")
    }
    do {
      return try KDF.Scrypt.deriveKey(
        from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: parameters.n, blockSize: parameters.r,
        parallelism: parameters.p, maxMemory: 256 << 20)
    } catch {
      throw BackupError(.io, "cannot derive the key from the password: \(error)")
    }
  }
}
