// Large source files are read with O_DIRECT into an aligned window (FileChunkStore, DirectRead):
// the chunks must be exactly those of reading through the page cache and of chunking the bytes
// in memory, whatever the file's size relative to the alignment and the read size.
@testable import Backup
import Foundation
import Testing
import WardenTesting

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct DirectReadTests {
  static let sizes = [
    FileChunkStore.directReadMinimum, FileChunkStore.directReadMinimum + 1, FileChunkStore.directReadMinimum + 4095,
    8 << 20, (13 << 20) + 7, (21 << 20) + 4096,
  ]

  /// The chunk ids of `bytes` cut in memory, the reference.
  static func chunked(_ bytes: [UInt8], chunker: ContentChunker) -> [BlobID] {
    bytes.withUnsafeBytes { all in
      var ids: [BlobID] = []
      var start = 0
      while start < all.count {
        let length = chunker.boundary(in: UnsafeRawBufferPointer(rebasing: all[start...]), atEnd: true)!
        ids.append(BlobID.hash(UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])))
        start += length
      }
      return ids
    }
  }

  @Test func directAndBufferedReadsCutTheSameChunks() throws {
    let directory = try BackupFixtures.temporaryDirectory("direct-read")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try BackupFixtures.write(directory + "/probe", [UInt8](repeating: 1, count: 8192))
    let probeFile = open(directory + "/probe", O_RDONLY)
    let supported = DirectRead.enable(probeFile)
    close(probeFile)
    let (_, repository) = try RepositoryTests.fresh()
    let chunker = ContentChunker(seed: repository.config.chunkerSeed)
    let store = FileChunkStore(chunker: chunker, writer: BlobWriter(repository: repository, index: RepositoryIndex()))
    for (index, size) in Self.sizes.enumerated() {
      let bytes = BackupFixtures.randomBytes(size, seed: UInt64(60 + index))
      let path = directory + "/file-\(size)"
      try BackupFixtures.write(path, bytes)
      let expected = Self.chunked(bytes, chunker: chunker)
      // Through store(path:), which takes O_DIRECT where the file system allows it.
      let viaPath = try store.store(path: path)
      #expect(viaPath.content == expected, "size \(size)")
      #expect(viaPath.bytesRead == UInt64(size))
      for direct in [true, false] {
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let useDirect = direct && supported && DirectRead.enable(descriptor)
        #expect(useDirect == (direct && supported))
        let stored = try store.store(descriptor: descriptor, path: path, direct: useDirect)
        #expect(stored.content == expected, "size \(size), direct \(useDirect)")
        #expect(stored.bytesRead == UInt64(size))
      }
    }
    if !supported { print("DirectReadTests: \(directory)'s file system refuses O_DIRECT; only the buffered path ran") }
  }
}
