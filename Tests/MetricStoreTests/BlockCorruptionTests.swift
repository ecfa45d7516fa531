// Damaged blocks are refused with `.corrupt` errors that name the file: a flipped byte in any
// index section, the table of contents or a chunk; truncated files; a bad or missing meta.json;
// and a leftover `.tmp` directory is never taken for a block.
import Codecs
import Foundation
@testable import MetricStore
import Testing
import WardenCore

struct BlockCorruptionTests {
  private func writeBlock() throws -> (directory: String, blocks: String) {
    let blocks = temporaryStoreDirectory() + "/blocks"
    let meta = try BlockWriter.write(
      Array(BlockRoundTripTests.series.prefix(20)), minTimeMs: 0, maxTimeMs: 4_000_000, level: 1, sources: [],
      into: blocks)
    return (blocks + "/" + meta.id, blocks)
  }

  private func rewrite(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
    var bytes = try FileIO.read(path)
    change(&bytes)
    try FileIO.writeFile(path, bytes)
  }

  /// Section offsets from the table of contents at the end of an index file.
  private func sectionOffsets(_ index: [UInt8]) -> [Int] {
    let toc = index.count - BlockFormat.tocSize
    return (0..<4).map { section in
      (0..<8).reduce(0) { $0 << 8 | Int(index[toc + 8 * section + $1]) }
    }
  }

  @Test func flippedByteInEachIndexSectionIsCorrupt() throws {
    let (directory, _) = try writeBlock()
    let indexPath = directory + "/index"
    let pristine = try FileIO.read(indexPath)
    let offsets = sectionOffsets(pristine)
    var targets: [(String, Int)] = [("index header", 0), ("table of contents", pristine.count - 10)]
    for (name, offset) in zip(BlockFormat.sectionNames, offsets) {
      targets.append(("\(name) section", offset + 6))  // inside the body
      targets.append(("\(name) section", offset + 1))  // the length field
    }
    for (what, position) in targets {
      try rewrite(indexPath) { $0 = pristine; $0[position] ^= 0x40 }
      let error = try #require(blockOpenError(directory), "\(what)")
      #expect(error.code == .corrupt, "\(what)")
      #expect(error.message.contains(indexPath), "\(error)")
      #expect(error.message.contains(what), "\(error)")
    }
    try rewrite(indexPath) { $0 = pristine }
    #expect(blockOpenError(directory) == nil)
  }

  @Test func truncatedIndexIsCorrupt() throws {
    let (directory, _) = try writeBlock()
    let indexPath = directory + "/index"
    let pristine = try FileIO.read(indexPath)
    for length in [0, 3, 5, 40, pristine.count / 2, pristine.count - 1] {
      try rewrite(indexPath) { $0 = Array(pristine.prefix(length)) }
      let error = try #require(blockOpenError(directory), "\(length)")
      #expect(error.code == .corrupt && error.message.contains(indexPath), "\(error)")
    }
  }

  @Test func flippedChunkByteFailsSelectOverIt() throws {
    let (directory, _) = try writeBlock()
    let chunksPath = directory + "/chunks"
    // Byte 15 is inside the first zstd frame (after the 5-byte header and the frame's 8-byte lengths).
    try rewrite(chunksPath) { $0[BlockFormat.headerSize + 10] ^= 0x01 }
    let block = try Block.open(directory)
    let error = try #require(blockSelectError(block, startMs: .min, endMs: .max))
    #expect(error.code == .corrupt)
    #expect(error.message.contains(chunksPath) && error.message.contains("checksum"), "\(error)")
    // Chunks outside the range are not read: a range with no chunks still works. (All 20
    // series' chunks share the first frame here, so any range with chunks fails.)
    #expect(blockSelectError(block, startMs: 5_000_000, endMs: .max) == nil)
  }

  @Test func truncatedChunksFileIsCorrupt() throws {
    let (directory, _) = try writeBlock()
    let chunksPath = directory + "/chunks"
    let pristine = try FileIO.read(chunksPath)
    try rewrite(chunksPath) { $0 = Array(pristine.prefix(pristine.count - 3)) }
    let block = try Block.open(directory)
    let error = try #require(blockSelectError(block, startMs: .min, endMs: .max))
    #expect(error.code == .corrupt && error.message.contains(chunksPath), "\(error)")
    try rewrite(chunksPath) { $0 = Array(pristine.prefix(2)) }
    let headerError = try #require(blockOpenError(directory))
    #expect(headerError.code == .corrupt && headerError.message.contains(chunksPath), "\(headerError)")
  }

  @Test func badOrMissingMetaIsRefused() throws {
    let (directory, _) = try writeBlock()
    let metaPath = directory + "/meta.json"
    let pristine = try FileIO.read(metaPath)
    try rewrite(metaPath) { $0 = Array(pristine.prefix(pristine.count / 2)) }
    let garbled = try #require(blockOpenError(directory))
    #expect(garbled.code == .corrupt && garbled.message.contains(metaPath), "\(garbled)")
    try rewrite(metaPath) { $0 = Array(String(decoding: pristine, as: UTF8.self).replacing("\"series\" : 20", with: "\"series\" : 21").utf8) }
    let mismatch = try #require(blockOpenError(directory))
    #expect(mismatch.code == .corrupt, "\(mismatch)")
    try rewrite(metaPath) { $0 = Array(String(decoding: pristine, as: UTF8.self).replacing("\"version\" : 4", with: "\"version\" : 5").utf8) }
    #expect(blockOpenError(directory)?.code == .corrupt)
    // A version the reader knows, but not the one the index and chunks were written in.
    try rewrite(metaPath) { $0 = Array(String(decoding: pristine, as: UTF8.self).replacing("\"version\" : 4", with: "\"version\" : 3").utf8) }
    #expect(blockOpenError(directory)?.code == .corrupt)
    try FileManager.default.removeItem(atPath: metaPath)
    let missing = try #require(blockOpenError(directory))
    #expect(missing.message.contains(metaPath), "\(missing)")
  }

  @Test func leftoverTemporaryDirectoryIsNotABlock() throws {
    let (directory, blocks) = try writeBlock()
    let temporary = directory + ".tmp"
    try FileIO.rename(directory, to: temporary)
    #expect(Block.ids(in: blocks).isEmpty)
    #expect(blockOpenError(temporary) != nil)
    // Writing a block of that id again replaces the leftover.
    let id = String(directory.split(separator: "/").last!)
    let meta = try BlockWriter.write([], minTimeMs: 0, maxTimeMs: 1, level: 1, sources: [], into: blocks, id: id)
    #expect(Block.ids(in: blocks) == [meta.id])
    #expect(try FileIO.list(blocks) == [meta.id])
  }
}
