// A pack's name. Packs written since November 2026 are named by the SHA-256 of their trailer (the
// sealed header and its length), not of the whole file: the header is authenticated and lists
// every blob's place, length and id, and every blob is authenticated and named by the hash of its
// plaintext, so the trailer's hash commits to the whole pack as surely as the file's hash did,
// without a second SHA-256 pass over every byte a backup writes (8 % of a large first backup's
// CPU). Packs of older repositories are named by the whole file's hash; readers accept both.

enum PackID {
  /// The name of a pack whose trailer (sealed header, then its u32 length) is `trailer`.
  static func ofTrailer(_ trailer: UnsafeRawBufferPointer) -> BlobID {
    BlobID.hash(trailer)
  }

  /// How a pack's bytes match `name`: by its trailer, by the whole file (older packs), or not at all.
  enum Match {
    case trailer(headerStart: Int)
    case wholeFile
    case none
  }

  static func match(_ pack: UnsafeRawBufferPointer, name: BlobID) -> Match {
    if pack.count >= 4 + BlobCipher.overhead {
      let headerLength = Int(UInt32(littleEndian: pack.loadUnaligned(fromByteOffset: pack.count - 4, as: UInt32.self)))
      if headerLength <= pack.count - 4 {
        let headerStart = pack.count - 4 - headerLength
        if ofTrailer(UnsafeRawBufferPointer(rebasing: pack[headerStart...])) == name { return .trailer(headerStart: headerStart) }
      }
    }
    return BlobID.hash(pack) == name ? .wholeFile : .none
  }
}
