// Index files (`index/<id>`): for a set of packs, the blobs each holds, so opening a repository
// reads a few index files instead of every pack's header. Binary, sealed and compressed:
// "WIX1", pack count (u32), then per pack its id (32), blob count (u32) and per blob
// type (1), offset (u32), sealed length (u32), raw length (u32), id (32). Little-endian.
// docs/format/backup-repository.md.

package enum IndexFile {
  static let magic: [UInt8] = Array("WIX1".utf8)

  package static func encode(_ packs: [(pack: BlobID, blobs: [PackedBlob])]) -> [UInt8] {
    var out = magic
    PackHeader.appendUInt32(&out, UInt32(packs.count))
    for (pack, blobs) in packs {
      out.append(contentsOf: pack.bytes)
      PackHeader.appendUInt32(&out, UInt32(blobs.count))
      for blob in blobs {
        out.append(blob.type.rawValue)
        PackHeader.appendUInt32(&out, blob.offset)
        PackHeader.appendUInt32(&out, blob.length)
        PackHeader.appendUInt32(&out, blob.rawLength)
        out.append(contentsOf: blob.id.bytes)
      }
    }
    return out
  }

  package static func decode(_ bytes: [UInt8], what: String) throws -> [(pack: BlobID, blobs: [PackedBlob])] {
    func damaged(_ reason: String) -> BackupError { BackupError(.corrupt, "\(what) is damaged: \(reason)") }
    guard bytes.count >= 8, Array(bytes[0..<4]) == magic else { throw damaged("not an index file") }
    let packCount = Int(PackHeader.readUInt32(bytes, 4))
    var position = 8
    var packs: [(pack: BlobID, blobs: [PackedBlob])] = []
    packs.reserveCapacity(min(packCount, 1 << 20))
    for _ in 0..<packCount {
      guard position + 36 <= bytes.count else { throw damaged("ends inside a pack entry") }
      let pack = BlobID(bytes: bytes[position..<(position + 32)])
      let blobCount = Int(PackHeader.readUInt32(bytes, position + 32))
      position += 36
      guard blobCount <= PackHeader.maximumBlobs, position + blobCount * 45 <= bytes.count else {
        throw damaged("pack \(pack.short) lists \(blobCount) blobs beyond the file's end")
      }
      var blobs: [PackedBlob] = []
      blobs.reserveCapacity(blobCount)
      for _ in 0..<blobCount {
        guard let type = BlobType(rawValue: bytes[position]) else { throw damaged("unknown blob type \(bytes[position])") }
        blobs.append(
          PackedBlob(
            id: BlobID(bytes: bytes[(position + 13)..<(position + 45)]), type: type,
            offset: PackHeader.readUInt32(bytes, position + 1), length: PackHeader.readUInt32(bytes, position + 5),
            rawLength: PackHeader.readUInt32(bytes, position + 9)))
        position += 45
      }
      packs.append((pack, blobs))
    }
    guard position == bytes.count else { throw damaged("\(bytes.count - position) bytes after the last pack") }
    return packs
  }
}
