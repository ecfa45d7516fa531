// Collects sealed blobs into one pack in memory until it reaches its target size, then yields the
// finished pack's bytes and its blob list; the caller writes it. Not thread-safe: the archiver
// keeps it under a lock and writes finished packs outside it.

package struct PackBuilder: Sendable {
  /// Packs aim at 16 MiB: few files for large repositories, small enough to re-read cheaply.
  package static let targetSize = 16 << 20

  private(set) var bytes: [UInt8] = []
  private(set) var blobs: [PackedBlob] = []

  package init() {}

  package var isEmpty: Bool { blobs.isEmpty }
  package var isFull: Bool { bytes.count >= Self.targetSize || blobs.count >= PackHeader.maximumBlobs }

  package mutating func add(id: BlobID, type: BlobType, sealed: [UInt8], rawLength: Int) {
    blobs.append(
      PackedBlob(id: id, type: type, offset: UInt32(bytes.count), length: UInt32(sealed.count), rawLength: UInt32(rawLength)))
    bytes.append(contentsOf: sealed)
  }

  /// The pack's bytes (blobs, sealed header, header length) and its blobs; the builder is empty after.
  package mutating func finish(cipher: BlobCipher) -> (bytes: [UInt8], blobs: [PackedBlob]) {
    var out = bytes
    let header = cipher.seal(PackHeader.encode(blobs))
    out.append(contentsOf: header)
    PackHeader.appendUInt32(&out, UInt32(header.count))
    let finished = (out, blobs)
    bytes = []
    blobs = []
    return finished
  }
}
