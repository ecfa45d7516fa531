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
    // Room for a full pack at once: growing by copying would happen under the writer's lock,
    // which every reader thread waits on. Pages are only touched as they fill.
    if bytes.isEmpty { bytes.reserveCapacity(Self.targetSize + 9 << 20) }
    blobs.append(
      PackedBlob(id: id, type: type, offset: UInt32(bytes.count), length: UInt32(sealed.count), rawLength: UInt32(rawLength)))
    bytes.append(contentsOf: sealed)
  }

  /// The pack's bytes (blobs, sealed header, header length) and its blobs; the builder is empty after.
  package mutating func finish(cipher: BlobCipher) -> (bytes: [UInt8], blobs: [PackedBlob]) {
    // Taken out first, so the header is appended in place instead of to a copy of the pack.
    var out = bytes
    bytes = []
    let header = cipher.seal(PackHeader.encode(blobs))
    out.append(contentsOf: header)
    PackHeader.appendUInt32(&out, UInt32(header.count))
    let finished = (out, blobs)
    blobs = []
    return finished
  }
}
