// Pack files (`data/<2 hex>/<id>`): many sealed blobs back to back, then a sealed header listing
// them, then the header's length as 4 bytes little-endian. A pack's name is the SHA-256 of its
// bytes, so `check --read-data` can verify a pack whole before opening any blob, and a pack
// without an index entry (a crash after writing it) can still be read back from its own header.
// Byte layout: docs/format/backup-repository.md.

/// What a blob is: file content, or a directory tree.
package enum BlobType: UInt8, Sendable, Codable {
  case data = 0
  case tree = 1
}

/// One blob of a pack as its header lists it.
package struct PackedBlob: Sendable, Equatable {
  package var id: BlobID
  package var type: BlobType
  package var offset: UInt32
  /// Sealed length in the pack.
  package var length: UInt32
  /// Plaintext length.
  package var rawLength: UInt32

  package init(id: BlobID, type: BlobType, offset: UInt32, length: UInt32, rawLength: UInt32) {
    self.id = id
    self.type = type
    self.offset = offset
    self.length = length
    self.rawLength = rawLength
  }
}

package enum PackHeader {
  /// type (1) + sealed length (4) + raw length (4) + id (32).
  static let entrySize = 41
  /// A pack holds at most this many blobs (a header stays well under 1 MiB).
  static let maximumBlobs = 20_000

  static func encode(_ blobs: [PackedBlob]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(blobs.count * entrySize)
    for blob in blobs {
      out.append(blob.type.rawValue)
      appendUInt32(&out, blob.length)
      appendUInt32(&out, blob.rawLength)
      out.append(contentsOf: blob.id.bytes)
    }
    return out
  }

  /// The blobs of a header; offsets follow from the lengths, in order from 0.
  static func decode(_ bytes: [UInt8], packSize: Int, what: String) throws -> [PackedBlob] {
    guard bytes.count % entrySize == 0, bytes.count / entrySize <= maximumBlobs else {
      throw BackupError(.corrupt, "\(what) is damaged: header of \(bytes.count) bytes is not a whole number of entries")
    }
    var blobs: [PackedBlob] = []
    blobs.reserveCapacity(bytes.count / entrySize)
    var offset: UInt64 = 0
    var position = 0
    while position < bytes.count {
      guard let type = BlobType(rawValue: bytes[position]) else {
        throw BackupError(.corrupt, "\(what) is damaged: unknown blob type \(bytes[position])")
      }
      let length = readUInt32(bytes, position + 1)
      let rawLength = readUInt32(bytes, position + 5)
      let id = BlobID(bytes: bytes[(position + 9)..<(position + 41)])
      guard offset + UInt64(length) <= UInt64(packSize) else {
        throw BackupError(.corrupt, "\(what) is damaged: blob \(id.short) runs past the end of the pack")
      }
      blobs.append(PackedBlob(id: id, type: type, offset: UInt32(offset), length: length, rawLength: rawLength))
      offset += UInt64(length)
      position += entrySize
    }
    return blobs
  }

  static func appendUInt32(_ out: inout [UInt8], _ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
  }

  static func readUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
}
