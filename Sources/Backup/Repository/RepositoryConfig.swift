// The repository's `config` file: its identity and the settings every writer must share (the
// chunker seed, so two backups of the same file produce the same chunks). Sealed with the master
// key, so it also proves a password opened the right repository.
package struct RepositoryConfig: Codable, Sendable, Equatable {
  package static let currentVersion = 1

  package var version: Int
  /// 64 hex digits, random at init.
  package var id: String
  package var chunkerSeed: UInt64
  /// zstd level for blobs (0 = store).
  package var compressionLevel: Int32
  package var created: String

  enum CodingKeys: String, CodingKey {
    case version, id, created
    case chunkerSeed = "chunker_seed"
    case compressionLevel = "compression_level"
  }
}
