// Collects sealed blobs into one pack in memory until it reaches its target size, then yields the
// finished pack's bytes and its blob list; the caller writes it. Not thread-safe: the archiver
// keeps it under a lock and writes finished packs outside it.

package struct PackBuilder: Sendable {
  /// Packs aim at 16 MiB: few files for large repositories, small enough to re-read cheaply.
  package static let targetSize = 16 << 20
  /// Room for a full pack at once (the target plus one largest sealed chunk): growing by copying
  /// would happen under the writer's lock, which every reader thread waits on.
  static let reservedSize = targetSize + 9 << 20

  package struct Finished: Sendable {
    /// The pack's name: the SHA-256 of its trailer (see `PackID`).
    package var id: BlobID
    package var bytes: [UInt8]
    package var blobs: [PackedBlob]
  }

  private(set) var bytes: [UInt8] = []
  private(set) var blobs: [PackedBlob] = []

  package init() {}

  package var isEmpty: Bool { blobs.isEmpty }
  package var isFull: Bool { bytes.count >= Self.targetSize || blobs.count >= PackHeader.maximumBlobs }

  /// Starts the next pack in `buffer`, the bytes of a pack already written: its pages are
  /// resident, where a fresh reservation faults in every page again as it fills.
  mutating func adopt(_ buffer: [UInt8]) {
    precondition(blobs.isEmpty, "BUG: a pack buffer adopted by a builder that holds blobs")
    bytes = buffer
    bytes.removeAll(keepingCapacity: true)
  }

  package mutating func add(id: BlobID, type: BlobType, sealed: UnsafeRawBufferPointer, rawLength: Int) {
    if bytes.isEmpty, bytes.capacity < Self.reservedSize { bytes.reserveCapacity(Self.reservedSize) }
    blobs.append(
      PackedBlob(id: id, type: type, offset: UInt32(bytes.count), length: UInt32(sealed.count), rawLength: UInt32(rawLength)))
    bytes.append(contentsOf: sealed)
  }

  /// The pack's bytes (blobs, sealed header, header length) and its blobs; the builder is empty after.
  package mutating func finish(cipher: BlobCipher) -> Finished {
    // Taken out first, so the header is appended in place instead of to a copy of the pack.
    var out = bytes
    bytes = []
    let header = cipher.seal(PackHeader.encode(blobs))
    let trailerStart = out.count
    out.append(contentsOf: header)
    PackHeader.appendUInt32(&out, UInt32(header.count))
    let id = out.withUnsafeBytes { PackID.ofTrailer(UnsafeRawBufferPointer(rebasing: $0[trailerStart...])) }
    let finished = Finished(id: id, bytes: out, blobs: blobs)
    blobs = []
    return finished
  }
}
