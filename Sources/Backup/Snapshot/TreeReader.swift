// Loads tree blobs (directories) from packs through the index, decoded as `Tree`.
import Codecs

package struct TreeReader: Sendable {
  package let repository: Repository
  package let index: RepositoryIndex

  package init(repository: Repository, index: RepositoryIndex) {
    self.repository = repository
    self.index = index
  }

  package func tree(_ id: BlobID) throws -> Tree {
    try Self.decode(try blob(id), id: id)
  }

  /// Tree `id` from its blob's plaintext.
  static func decode(_ bytes: [UInt8], id: BlobID) throws -> Tree {
    do {
      return try TreeDecoder.decode(bytes)
    } catch {
      throw BackupError(.corrupt, "tree \(id.short) is damaged: \(error)")
    }
  }

  package func blob(_ id: BlobID) throws -> [UInt8] {
    guard let (pack, blob) = index.location(of: id) else {
      throw BackupError(.corrupt, "blob \(id.short) is missing from the repository index")
    }
    return try PackReader.blob(blob, packPath: repository.packPath(pack), cipher: repository.cipher)
  }

  /// The node at `path` ("/home/user/file") under the snapshot root `root`.
  package func node(at path: String, root: BlobID) throws -> Node? {
    var current = try tree(root)
    let parts = path.split(separator: "/").map(String.init)
    for (position, part) in parts.enumerated() {
      guard let node = current.node(named: part) else { return nil }
      if position == parts.count - 1 { return node }
      guard let subtree = node.subtree else { return nil }
      current = try tree(subtree)
    }
    return nil
  }
}
