// An opened repository: its directory, master key and config, and the sealed JSON files it keeps
// (snapshots, indexes, keys, locks). Every file is written whole to a temporary name, synced and
// renamed, and a file's name is the SHA-256 of its stored bytes, so a crash leaves either no file
// or a complete one, and a damaged file is recognisable by its name alone.
// Layout and byte formats: docs/format/backup-repository.md.
import Codecs
import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

package final class Repository: Sendable {
  /// The kinds of sealed files, each in its own directory.
  package enum FileKind: String, Sendable, CaseIterable {
    case snapshots, index, keys, locks
  }

  package let path: String
  package let config: RepositoryConfig
  package let cipher: BlobCipher
  /// The key file this password opened (for `key list` to mark the current one).
  package let keyID: String
  /// Kept to seal it under new passwords (`key add`).
  let masterKey: SymmetricKey

  private init(path: String, config: RepositoryConfig, masterKey: SymmetricKey, keyID: String) {
    self.path = path
    self.config = config
    self.masterKey = masterKey
    self.cipher = BlobCipher(key: masterKey)
    self.keyID = keyID
  }

  /// Creates an empty repository at `path` (absent or an empty directory).
  package static func initialize(
    at path: String, password: String, parameters: KeyFile.Parameters = .standard, compressionLevel: Int32 = 3
  ) throws -> Repository {
    guard !password.isEmpty else { throw BackupError(.usage, "an empty password is not allowed") }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw BackupError(.usage, "cannot create a repository at \(path): it is a file") }
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      if !entries.isEmpty, !isInterruptedInitialization(path, entries: entries) {
        let what = entries.contains("config") ? "it is already a repository" : "it is not empty"
        throw BackupError(.usage, "cannot create a repository at \(path): \(what)")
      }
    }
    try FileIO.makeDirectory(path)
    for kind in FileKind.allCases { try FileIO.makeDirectory(path + "/" + kind.rawValue) }
    try FileIO.makeDirectory(path + "/data")
    for prefix in 0..<256 { try FileIO.makeDirectory(path + "/data/" + hex2(prefix)) }

    let masterKey = SymmetricKey(size: .bits256)
    let seed = SymmetricKey(size: .bits256).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    let id = SymmetricKey(size: .bits256).withUnsafeBytes { BlobID(bytes: $0).hex }
    let config = RepositoryConfig(
      version: RepositoryConfig.currentVersion, id: id, chunkerSeed: seed, compressionLevel: compressionLevel,
      created: ISO8601DateFormatter().string(from: Date()))
    let cipher = BlobCipher(key: masterKey)
    let keyFile = try KeyFile.make(masterKey: masterKey, password: password, parameters: parameters)
    let keyBytes = try JSONEncoder.sorted.encode(keyFile)
    let keyID = BlobID.hash([UInt8](keyBytes)).hex
    try writeAtomically(path + "/keys/" + keyID, [UInt8](keyBytes), directory: path + "/keys")
    // The config goes last: a directory without it is not yet a repository.
    let sealedConfig = cipher.seal([UInt8](try JSONEncoder.sorted.encode(config)))
    try writeAtomically(path + "/config", sealedConfig, directory: path)
    return Repository(path: path, config: config, masterKey: masterKey, keyID: keyID)
  }

  /// Whether `path` holds only what an `initialize` cut short leaves: the skeleton directories
  /// and perhaps key files, but no config (written last) and no data. Such a directory was never
  /// a usable repository, so initializing over it loses nothing.
  static func isInterruptedInitialization(_ path: String, entries: [String]) -> Bool {
    let skeleton = Set(FileKind.allCases.map(\.rawValue) + ["data"])
    guard !entries.contains("config"), entries.allSatisfy({ skeleton.contains($0) || $0.hasPrefix("config.") }) else { return false }
    for kind in FileKind.allCases where kind != .keys {
      if !((try? FileManager.default.contentsOfDirectory(atPath: path + "/" + kind.rawValue)) ?? []).isEmpty { return false }
    }
    let prefixes = (try? FileManager.default.contentsOfDirectory(atPath: path + "/data")) ?? []
    return prefixes.allSatisfy { ((try? FileManager.default.contentsOfDirectory(atPath: path + "/data/" + $0)) ?? []).isEmpty }
  }

  /// Opens the repository at `path` with any of its passwords.
  package static func open(at path: String, password: String) throws -> Repository {
    guard FileIO.exists(path) else { throw BackupError(.notARepository, "\(path) does not exist") }
    guard FileIO.exists(path + "/config"), FileIO.exists(path + "/keys") else {
      throw BackupError(.notARepository, "\(path) is not a Warden backup repository (no config or keys/)")
    }
    let keyNames = try FileIO.list(path + "/keys").filter { !$0.hasSuffix(".tmp") }.sorted()
    guard !keyNames.isEmpty else { throw BackupError(.notARepository, "\(path) has no key files: it cannot be opened") }
    var damaged: [String] = []
    for name in keyNames {
      let bytes = try FileIO.read(path + "/keys/" + name)
      guard let keyFile = try? JSONDecoder().decode(KeyFile.self, from: Data(bytes)) else {
        damaged.append(name)
        continue
      }
      guard let masterKey = try keyFile.open(password: password) else { continue }
      let cipher = BlobCipher(key: masterKey)
      let sealed = try FileIO.read(path + "/config")
      let plain = try cipher.open(sealed, what: "the repository config at \(path)/config")
      let config: RepositoryConfig
      do {
        config = try JSONDecoder().decode(RepositoryConfig.self, from: Data(plain))
      } catch {
        throw BackupError(.corrupt, "the repository config at \(path)/config is damaged: \(error)")
      }
      guard config.version == RepositoryConfig.currentVersion else {
        throw BackupError(.notARepository, "\(path) has repository version \(config.version); this Warden reads version \(RepositoryConfig.currentVersion)")
      }
      return Repository(path: path, config: config, masterKey: masterKey, keyID: name)
    }
    let note = damaged.isEmpty ? "" : " (\(damaged.count) key file(s) unreadable: \(damaged.joined(separator: ", ")))"
    throw BackupError(.wrongPassword, "wrong password for repository \(path)\(note)")
  }

  // MARK: sealed JSON files

  /// Seals `value` as JSON into `<kind>/<sha256 of the sealed bytes>`; returns that id.
  @discardableResult
  package func save(_ value: some Encodable, kind: FileKind) throws -> BlobID {
    try saveBytes([UInt8](JSONEncoder.sorted.encode(value)), kind: kind)
  }

  /// Seals `plain` (compressed) into `<kind>/<sha256 of the sealed bytes>`; returns that id.
  @discardableResult
  package func saveBytes(_ plain: [UInt8], kind: FileKind) throws -> BlobID {
    let sealed = plain.withUnsafeBytes { cipher.pack($0, compressionLevel: config.compressionLevel) }
    let id = BlobID.hash(sealed)
    try Self.writeAtomically(filePath(kind, id), sealed, directory: path + "/" + kind.rawValue)
    return id
  }

  /// The plaintext of a file written by `saveBytes`, checked against its name.
  package func loadBytes(kind: FileKind, id: BlobID) throws -> [UInt8] {
    let location = filePath(kind, id)
    let sealed = try FileIO.read(location)
    guard BlobID.hash(sealed) == id else {
      throw BackupError(.corrupt, "\(location) is damaged: its content does not match its name")
    }
    return try Self.unframe(try cipher.open(sealed, what: location), what: location)
  }

  package func load<Value: Decodable>(_ type: Value.Type, kind: FileKind, id: BlobID) throws -> Value {
    let plain = try loadBytes(kind: kind, id: id)
    do {
      return try JSONDecoder().decode(Value.self, from: Data(plain))
    } catch {
      throw BackupError(.corrupt, "\(filePath(kind, id)) is damaged: \(error)")
    }
  }

  /// The ids of the files of one kind (temporary files from an interrupted write are skipped).
  package func list(_ kind: FileKind) throws -> [BlobID] {
    try FileIO.list(path + "/" + kind.rawValue).compactMap { BlobID(hex: $0) }.sorted()
  }

  package func remove(_ kind: FileKind, id: BlobID) throws {
    if unlink(filePath(kind, id)) != 0, errno != ENOENT {
      throw BackupError(fileSystemAction: "remove", path: filePath(kind, id), errno: errno)
    }
    FileIO.syncDirectory(path + "/" + kind.rawValue)
  }

  package func filePath(_ kind: FileKind, _ id: BlobID) -> String {
    path + "/" + kind.rawValue + "/" + id.hex
  }

  package func packPath(_ id: BlobID) -> String {
    let hex = id.hex
    return path + "/data/" + hex.prefix(2) + "/" + hex
  }

  /// Sealed files carry the same flag byte as blobs; their size is not recorded, so zstd's frame
  /// header (which always holds it here) says how much to expect.
  private static func unframe(_ framed: [UInt8], what: String) throws -> [UInt8] {
    guard let flag = framed.first else { throw BackupError(.corrupt, "\(what) is damaged: empty") }
    if flag == 0 { return Array(framed[1...]) }
    guard flag == 1 else { throw BackupError(.corrupt, "\(what) is damaged: unknown compression flag \(flag)") }
    let body = Array(framed[1...])
    guard let size = ZstdFrame.contentSize(body), size <= 1 << 30 else {
      throw BackupError(.corrupt, "\(what) is damaged: no usable zstd frame size")
    }
    do {
      return try ZstdFrame.decompress(body, size: size)
    } catch {
      throw BackupError(.corrupt, "\(what) is damaged: \(error)")
    }
  }

  /// Writes `bytes` to `path` through a temporary file, synced and renamed, then syncs `directory`.
  package static func writeAtomically(_ path: String, _ bytes: [UInt8], directory: String) throws {
    try FileIO.replaceFile(path, with: bytes, directory: directory)
  }

  static func hex2(_ value: Int) -> String {
    let text = String(value, radix: 16)
    return text.count == 1 ? "0" + text : text
  }
}

extension JSONEncoder {
  /// Sorted keys: the same value always seals to the same plaintext (stable, diffable).
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}
