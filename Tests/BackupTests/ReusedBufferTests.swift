// The backup and restore paths seal and open blobs through buffers reused from one blob to the
// next (ScratchBuffer) and fill new packs in the buffers of packs already written: a blob of any
// size after any other must still come back byte for byte, and damage must still be caught.
@testable import Backup
import Crypto
import Foundation
import Testing
import WardenTesting

@Suite struct ReusedBufferTests {
  /// Sizes in an order that makes the buffers grow, shrink and grow again.
  static let sizes = [0, 1, 63, 64, 5_000, 1 << 20, 17, (1 << 20) + 3, 4096, 3 << 20, 100]

  static func plaintext(_ count: Int, compressible: Bool, seed: UInt64) -> [UInt8] {
    compressible ? (0..<count).map { UInt8(truncatingIfNeeded: ($0 / 7) % 13) } : BackupFixtures.randomBytes(count, seed: seed)
  }

  @Test func blobsOfEverySizeRoundTripThroughOneFramingAndOnePlainBuffer() throws {
    let cipher = BlobCipher(key: SymmetricKey(size: .bits256))
    let framing = ScratchBuffer()
    let plain = ScratchBuffer()
    for (index, size) in Self.sizes.enumerated() {
      for compressible in [true, false] {
        let input = Self.plaintext(size, compressible: compressible, seed: UInt64(index))
        let sealed = input.withUnsafeBytes { [UInt8](cipher.pack($0, compressionLevel: 3, framing: framing)) }
        if compressible, size >= 4096 { #expect(sealed.count < size / 2, "size \(size) was not compressed") }
        let output = try sealed.withUnsafeBytes { message in
          try cipher.withUnpacked(message, size: size, plain: plain, what: "blob \(index)") { [UInt8]($0) }
        }
        #expect(output == input, "size \(size), compressible \(compressible)")
        // The array API (used for trees, indexes, snapshots) reads the same message.
        #expect(try cipher.unpack(sealed.withUnsafeBytes { $0 }, size: size, what: "blob") == input)
      }
    }
  }

  @Test func aFlippedBitOrAWrongSizeIsReportedNotReturned() throws {
    let cipher = BlobCipher(key: SymmetricKey(size: .bits256))
    let plain = ScratchBuffer()
    let input = Self.plaintext(200_000, compressible: true, seed: 1)
    let sealed = input.withUnsafeBytes { [UInt8](cipher.pack($0, compressionLevel: 3, framing: ScratchBuffer())) }
    var damaged = sealed
    damaged[damaged.count / 2] ^= 0x10
    let flipped = #expect(throws: BackupError.self) {
      try damaged.withUnsafeBytes { try cipher.withUnpacked($0, size: input.count, plain: plain, what: "blob x") { _ in } }
    }
    #expect(flipped?.message.contains("blob x is damaged: it fails authentication") == true)
    let wrongSize = #expect(throws: BackupError.self) {
      try sealed.withUnsafeBytes { try cipher.withUnpacked($0, size: input.count - 1, plain: plain, what: "blob y") { _ in } }
    }
    #expect(wrongSize?.message.contains("blob y is damaged") == true)
    let short = #expect(throws: BackupError.self) {
      try [UInt8](repeating: 0, count: 10).withUnsafeBytes { try cipher.withUnpacked($0, size: 1, plain: plain, what: "blob z") { _ in } }
    }
    #expect(short?.message.contains("shorter than any sealed message") == true)
  }

  /// Enough random data for several packs, so later packs are filled in earlier packs' buffers;
  /// every blob is then read back from its pack through the restore's reading path.
  @Test func packsFilledInReusedBuffersHoldEveryBlob() throws {
    let directory = try BackupFixtures.temporaryDirectory("reused-packs")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let repository = try Repository.initialize(at: directory + "/repo", password: "pw", parameters: .fastForTests)
    let writer = BlobWriter(repository: repository, index: RepositoryIndex())
    let framing = ScratchBuffer()
    var stored: [(id: BlobID, bytes: [UInt8])] = []
    var total = 0
    var seed: UInt64 = 10
    while total < 4 * PackBuilder.targetSize {
      let bytes = BackupFixtures.randomBytes(Int(seed % 5 + 1) * 700_000, seed: seed)
      let id = BlobID.hash(bytes)
      try bytes.withUnsafeBytes { _ = try writer.store($0, id: id, type: .data, framing: framing) }
      stored.append((id, bytes))
      total += bytes.count
      seed += 1
    }
    try writer.flush()
    let index = try RepositoryIndex.load(repository)
    #expect(Set(stored.compactMap { index.location(of: $0.id)?.pack }).count >= 4)
    let buffers = BlobReadBuffers()
    for (id, bytes) in stored {
      let (pack, blob) = try #require(index.location(of: id))
      let path = repository.packPath(pack)
      let descriptor = open(path, O_RDONLY)
      defer { close(descriptor) }
      let read = try PackReader.withBlob(blob, packPath: path, cipher: repository.cipher, descriptor: descriptor, buffers: buffers) {
        [UInt8]($0)
      }
      #expect(read == bytes)
    }
  }
}
