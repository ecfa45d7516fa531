// Guards docs/format/backup-repository.md: each structure is built or read here by hand, from the
// document alone (scrypt, AES-GCM and SHA-256 straight from swift-crypto), and must agree with
// what Warden writes and reads. A change to the format must change the document and this test.
import Backup
import Crypto
import Foundation
import Testing
import _CryptoExtras

@Suite struct BackupFormatGuardTests {
  static func unseal(_ message: [UInt8], key: SymmetricKey) throws -> [UInt8] {
    [UInt8](try AES.GCM.open(AES.GCM.SealedBox(combined: Data(message)), using: key))
  }

  static func seal(_ plain: [UInt8], key: SymmetricKey) throws -> [UInt8] {
    [UInt8](try AES.GCM.seal(plain, using: key).combined!)
  }

  static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }

  /// The master key, recovered from a key file the documented way.
  static func masterKey(repository path: String, password: String) throws -> SymmetricKey {
    let keys = try FileManager.default.contentsOfDirectory(atPath: path + "/keys")
    let keyFile = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/keys/" + keys[0]))) as? [String: Any])
    #expect(keyFile["kdf"] as? String == "scrypt")
    #expect(keyFile["version"] as? Int == 1)
    let parameters = try #require(keyFile["parameters"] as? [String: Int])
    let salt = try #require(Data(base64Encoded: keyFile["salt"] as? String ?? ""))
    let sealed = try #require(Data(base64Encoded: keyFile["sealed_master_key"] as? String ?? ""))
    let derived = try KDF.Scrypt.deriveKey(
      from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: parameters["n"]!, blockSize: parameters["r"]!,
      parallelism: parameters["p"]!)
    let master = try unseal([UInt8](sealed), key: derived)
    #expect(master.count == 32)
    // Key files are named by the SHA-256 of their bytes.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path + "/keys/" + keys[0]))
    #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == keys[0])
    return SymmetricKey(data: master)
  }

  @Test func keyFileAndConfigReadAsDocumented() throws {
    let (path, repository) = try RepositoryTests.fresh(password: "format guard")
    let master = try Self.masterKey(repository: path, password: "format guard")
    let config = try Self.unseal([UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/config"))), key: master)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(config)) as? [String: Any])
    #expect(json["version"] as? Int == 1)
    #expect(json["id"] as? String == repository.config.id)
    #expect((json["chunker_seed"] as? NSNumber)?.uint64Value == repository.config.chunkerSeed)
    #expect(json["compression_level"] as? Int == 3)
    for prefix in ["00", "7f", "ff"] { #expect(FileManager.default.fileExists(atPath: path + "/data/" + prefix)) }
  }

  @Test func aHandMadePackIsReadByWarden() throws {
    let key = SymmetricKey(size: .bits256)
    let plainA = Array("first blob".utf8)
    let plainB = [UInt8](repeating: 9, count: 5000)
    // Packed plaintexts: flag 0 = stored as is.
    let sealedA = try Self.seal([0] + plainA, key: key)
    let sealedB = try Self.seal([0] + plainB, key: key)
    let idA = SHA256.hash(data: plainA)
    let idB = SHA256.hash(data: plainB)
    var header: [UInt8] = []
    header += [0] + Self.le32(sealedA.count) + Self.le32(plainA.count) + Array(idA)
    header += [1] + Self.le32(sealedB.count) + Self.le32(plainB.count) + Array(idB)
    let sealedHeader = try Self.seal(header, key: key)
    let pack = sealedA + sealedB + sealedHeader + Self.le32(sealedHeader.count)
    let path = try BackupFixtures.temporaryDirectory("guard") + "/pack"
    try BackupFixtures.write(path, pack)

    let cipher = BlobCipher(key: key)
    let blobs = try PackReader.header(path: path, cipher: cipher)
    #expect(blobs.count == 2)
    #expect(blobs[0] == PackedBlob(id: BlobID(bytes: idA), type: .data, offset: 0, length: UInt32(sealedA.count), rawLength: UInt32(plainA.count)))
    #expect(blobs[1].type == .tree && blobs[1].offset == UInt32(sealedA.count))
    #expect(try PackReader.blob(blobs[1], packPath: path, cipher: cipher) == plainB)
  }

  @Test func packsAndIndexFilesWardenWritesAreAsDocumented() throws {
    let source = try BackupFixtures.temporaryDirectory("guard-src")
    try BackupFixtures.write(source + "/a.txt", Array(String(repeating: "zstd likes repetition ", count: 400).utf8))
    let (path, repository) = try RepositoryTests.fresh(password: "format guard")
    let snapshot = try BackupRoundTripTests.backup(repository, [source])
    let master = try Self.masterKey(repository: path, password: "format guard")

    // One index file: "WIX1", pack count, per pack id + blob count + 45-byte entries.
    let indexFiles = try FileManager.default.contentsOfDirectory(atPath: path + "/index")
    #expect(indexFiles.count == 1)
    let sealedIndex = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/index/" + indexFiles[0])))
    let framedIndex = try Self.unseal(sealedIndex, key: master)
    let index = framedIndex[0] == 1 ? try ZstdGuard.decompress(Array(framedIndex[1...])) : Array(framedIndex[1...])
    #expect(Array(index[0..<4]) == Array("WIX1".utf8))
    // Two packs: Warden keeps data blobs and tree blobs in packs of their own.
    let packCount = Int(index[4]) | Int(index[5]) << 8
    #expect(packCount == 2)
    var at = 8
    var sawData = false
    var sawTree = false
    for _ in 0..<packCount {
      let packID = index[at..<(at + 32)].map { String(format: "%02x", $0) }.joined()
      let blobCount = Int(index[at + 32]) | Int(index[at + 33]) << 8
      at += 36 + blobCount * 45

      // The pack: the tail gives the header; its name is the SHA-256 of the sealed header and length.
      let pack = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/data/" + packID.prefix(2) + "/" + packID)))
      let headerLength = Int(pack[pack.count - 4]) | Int(pack[pack.count - 3]) << 8 | Int(pack[pack.count - 2]) << 16
      #expect(SHA256.hash(data: pack[(pack.count - 4 - headerLength)...]).map { String(format: "%02x", $0) }.joined() == packID)
      let header = try Self.unseal(Array(pack[(pack.count - 4 - headerLength)..<(pack.count - 4)]), key: master)
      #expect(header.count == blobCount * 41)
      // Every blob opens, its flag byte says how it is stored, and it hashes to its id.
      var offset = 0
      var types: Set<UInt8> = []
      for entry in 0..<blobCount {
        let base = entry * 41
        let sealedLength = Int(header[base + 1]) | Int(header[base + 2]) << 8 | Int(header[base + 3]) << 16
        let rawLength = Int(header[base + 5]) | Int(header[base + 6]) << 8 | Int(header[base + 7]) << 16
        let framed = try Self.unseal(Array(pack[offset..<(offset + sealedLength)]), key: master)
        let plain = framed[0] == 1 ? try ZstdGuard.decompress(Array(framed[1...])) : Array(framed[1...])
        #expect(plain.count == rawLength)
        #expect(Array(SHA256.hash(data: plain)) == Array(header[(base + 9)..<(base + 41)]))
        types.insert(header[base])
        if header[base] == 1 {
          sawTree = true
          let tree = try JSONSerialization.jsonObject(with: Data(plain)) as? [String: Any]
          #expect(tree?["nodes"] is [[String: Any]])
        } else {
          sawData = true
        }
        offset += sealedLength
      }
      #expect(types.count == 1, "a pack mixes data and tree blobs")
    }
    #expect(at == index.count)
    #expect(sawData)
    #expect(sawTree)

    // The snapshot: sealed packed JSON naming the root tree.
    let sealedSnapshot = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/snapshots/" + snapshot.id.hex)))
    let framedSnapshot = try Self.unseal(sealedSnapshot, key: master)
    let snapshotJSON = framedSnapshot[0] == 1 ? try ZstdGuard.decompress(Array(framedSnapshot[1...])) : Array(framedSnapshot[1...])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(snapshotJSON)) as? [String: Any])
    #expect(object["tree"] as? String == snapshot.snapshot.tree.hex)
    #expect(object["paths"] as? [String] == [source])
  }

  @Test func chunkBoundariesFollowTheDocumentedRule() {
    // The rule from the document, written out plainly: SplitMix64 gear table, top-bit masks.
    func splitMix(_ state: inout UInt64) -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let (minimum, average, maximum) = (2048, 8192, 65536)
    var state: UInt64 = 99
    let gear = (0..<256).map { _ in splitMix(&state) }
    let bits = 13  // log2(8192)
    let hard: UInt64 = ((1 << UInt64(bits + 2)) - 1) << UInt64(64 - bits - 2)
    let easy: UInt64 = ((1 << UInt64(bits - 2)) - 1) << UInt64(64 - bits + 2)
    func reference(_ data: ArraySlice<UInt8>) -> Int {
      if data.count <= minimum { return data.count }
      var hash: UInt64 = 0
      let base = data.startIndex
      for index in minimum..<min(data.count, maximum) {
        hash = (hash << 1) &+ gear[Int(data[base + index])]
        if hash & (index < average ? hard : easy) == 0 { return index + 1 }
      }
      return min(data.count, maximum)
    }
    let data = BackupFixtures.randomBytes(1 << 20, seed: 5)
    let chunker = ContentChunker(seed: 99, minimumSize: minimum, averageSize: average, maximumSize: maximum)
    var start = 0
    var chunks = 0
    while start < data.count {
      let expected = reference(data[start...])
      let actual = data.withUnsafeBytes { chunker.boundary(in: UnsafeRawBufferPointer(rebasing: $0[start...]), atEnd: true) }
      #expect(actual == expected, "chunk \(chunks) at \(start)")
      guard actual == expected else { return }
      start += expected
      chunks += 1
    }
    #expect(chunks > 50)
  }
}
