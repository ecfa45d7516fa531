// Where every blob lives: blob id -> (pack, offset, lengths, type), built from the index files at
// open and extended as packs are written. About 100 bytes per blob in memory (the id, a compact
// location and the dictionary's overhead): a repository of a million 1 MiB chunks (1 TiB) needs
// about 100 MiB.

package struct BlobLocation: Sendable, Equatable {
  /// Ordinal into `RepositoryIndex.packs`.
  package var pack: UInt32
  package var type: BlobType
  package var offset: UInt32
  package var length: UInt32
  package var rawLength: UInt32
}

package struct RepositoryIndex: Sendable {
  package private(set) var packs: [BlobID] = []
  private var packOrdinals: [BlobID: UInt32] = [:]
  package private(set) var blobs: [BlobID: BlobLocation] = [:]
  /// The index files this was read from (prune replaces them).
  package private(set) var files: [BlobID] = []

  package init() {}

  package var blobCount: Int { blobs.count }

  package func contains(_ id: BlobID) -> Bool { blobs[id] != nil }

  package func location(of id: BlobID) -> (pack: BlobID, blob: PackedBlob)? {
    guard let location = blobs[id] else { return nil }
    return (
      packs[Int(location.pack)],
      PackedBlob(id: id, type: location.type, offset: location.offset, length: location.length, rawLength: location.rawLength)
    )
  }

  package func containsPack(_ id: BlobID) -> Bool { packOrdinals[id] != nil }

  /// Records the blobs of one pack (a blob already known keeps its first location).
  package mutating func add(pack: BlobID, blobs packed: [PackedBlob]) {
    let ordinal: UInt32
    if let existing = packOrdinals[pack] {
      ordinal = existing
    } else {
      ordinal = UInt32(packs.count)
      packs.append(pack)
      packOrdinals[pack] = ordinal
    }
    for blob in packed where blobs[blob.id] == nil {
      blobs[blob.id] = BlobLocation(pack: ordinal, type: blob.type, offset: blob.offset, length: blob.length, rawLength: blob.rawLength)
    }
  }

  /// Every blob grouped by pack, for writing index files and for checks.
  package func blobsByPack() -> [BlobID: [PackedBlob]] {
    var grouped: [BlobID: [PackedBlob]] = [:]
    for (id, location) in blobs {
      grouped[packs[Int(location.pack)], default: []].append(
        PackedBlob(id: id, type: location.type, offset: location.offset, length: location.length, rawLength: location.rawLength))
    }
    return grouped
  }

  /// Reads every index file of `repository`.
  package static func load(_ repository: Repository) throws -> RepositoryIndex {
    var index = RepositoryIndex()
    for file in try repository.list(.index) {
      let entries = try IndexFile.decode(try repository.loadBytes(kind: .index, id: file), what: repository.filePath(.index, file))
      for (pack, blobs) in entries { index.add(pack: pack, blobs: blobs) }
      index.files.append(file)
    }
    return index
  }
}
