// `key list|add|remove`: a repository holds one key file per password. Adding seals the same
// master key under a new password; removing deletes a key file, never the last one, so the
// repository always stays openable.
import Codecs
import Foundation

package struct KeySummary: Sendable {
  package var id: BlobID
  package var created: String
  package var hostname: String
  package var username: String
  package var isCurrent: Bool
}

extension Repository {
  package func keys() throws -> [KeySummary] {
    try list(.keys).map { id in
      let file = try JSONDecoder().decode(KeyFile.self, from: Data(try FileIO.read(filePath(.keys, id))))
      return KeySummary(id: id, created: file.created, hostname: file.hostname, username: file.username, isCurrent: id.hex == keyID)
    }
  }

  /// Adds `password` as another way in; returns the new key file's id.
  @discardableResult
  package func addKey(password: String, parameters: KeyFile.Parameters = .standard) throws -> BlobID {
    guard !password.isEmpty else { throw BackupError(.usage, "an empty password is not allowed") }
    let file = try KeyFile.make(masterKey: masterKey, password: password, parameters: parameters)
    let encoded = try [UInt8](JSONEncoder.sorted.encode(file))
    let id = BlobID.hash(encoded)
    try Repository.writeAtomically(filePath(.keys, id), encoded, directory: path + "/keys")
    return id
  }

  /// Removes a key file by id (or unique prefix); the last key and the key in use cannot go.
  package func removeKey(_ reference: String) throws {
    let all = try list(.keys)
    let matches = all.filter { $0.hex.hasPrefix(reference.lowercased()) }
    guard matches.count == 1, reference.count >= 4 else {
      throw BackupError(.usage, matches.isEmpty ? "no key \(reference)" : "key id \(reference) is ambiguous or too short")
    }
    guard matches[0].hex != keyID else {
      throw BackupError(.usage, "key \(matches[0].short) is the one this password opened; remove it with another password")
    }
    guard all.count > 1 else { throw BackupError(.usage, "cannot remove the repository's last key") }
    try remove(.keys, id: matches[0])
  }
}
