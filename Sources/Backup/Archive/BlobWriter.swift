// The write side of a repository run (backup, later prune): decides whether a blob is new
// (neither in the index nor already queued), seals new ones, fills packs, writes each full pack
// outside the lock, and saves an index file every few packs, so a crash loses at most the packs
// since the last index file (and `recoverUnindexedPacks` finds those again from their headers).
// Thread-safe: one lock over the small shared state; sealing and file writes happen outside it.
import Codecs
import Foundation
import NIOConcurrencyHelpers

package final class BlobWriter: Sendable {
  /// An index file is written after this many packs (and at the end).
  static let packsPerIndexFile = 32

  private struct State {
    var index: RepositoryIndex
    var queued: Set<BlobID> = []
    /// Trees go to packs of their own: a restore, a check or the next backup reads every tree,
    /// and finds them together in a few packs instead of one small read in each data pack.
    var dataBuilder = PackBuilder()
    var treeBuilder = PackBuilder()
    var unsaved: [(pack: BlobID, blobs: [PackedBlob])] = []
    /// Buffers of packs already written, for the next packs to fill (see PackBuilder.adopt).
    var spareBuffers: [[UInt8]] = []
    var bytesAdded: UInt64 = 0
    var dataBlobsAdded = 0
    var treeBlobsAdded = 0
  }

  package let repository: Repository
  /// A pthread mutex, not `Synchronization.Mutex`: on Linux that one spins a thousand times and
  /// then takes a priority-inheritance futex, and with a walk's eight threads on two cores that
  /// spinning was a tenth of a small-file backup's CPU.
  private let state: NIOLockedValueBox<State>

  package init(repository: Repository, index: RepositoryIndex) {
    self.repository = repository
    state = NIOLockedValueBox(State(index: index))
  }

  /// The index as it stands (including packs written by this writer).
  package var index: RepositoryIndex { state.withLockedValue { $0.index } }

  package var added: (bytes: UInt64, dataBlobs: Int, treeBlobs: Int) {
    state.withLockedValue { ($0.bytesAdded, $0.dataBlobsAdded, $0.treeBlobsAdded) }
  }

  package func contains(_ id: BlobID) -> Bool {
    state.withLockedValue { $0.index.contains(id) || $0.queued.contains(id) }
  }

  /// For each list, whether the repository has every blob in it: one lock for a whole directory.
  func containsAll(_ lists: [[BlobID]]) -> [Bool] {
    state.withLockedValue { state in
      lists.map { list in list.allSatisfy { state.index.contains($0) || state.queued.contains($0) } }
    }
  }

  /// Stores `plain` under `id` unless the repository has it; returns whether it was new.
  /// `framing` is the calling thread's reusable buffer (see ScratchBuffer).
  @discardableResult
  package func store(_ plain: UnsafeRawBufferPointer, id: BlobID, type: BlobType, framing: ScratchBuffer) throws -> Bool {
    let isNew = state.withLockedValue { state -> Bool in
      if state.index.contains(id) || state.queued.contains(id) { return false }
      state.queued.insert(id)
      return true
    }
    guard isNew else { return false }
    let sealed = repository.cipher.pack(plain, compressionLevel: repository.config.compressionLevel, framing: framing)
    let finished = sealed.withUnsafeBytes { sealed in
      state.withLockedValue { state -> PackBuilder.Finished? in
        state.bytesAdded += UInt64(sealed.count)
        if type == .data {
          state.dataBlobsAdded += 1
          if state.dataBuilder.isEmpty, let spare = state.spareBuffers.popLast() { state.dataBuilder.adopt(spare) }
          state.dataBuilder.add(id: id, type: type, sealed: sealed, rawLength: plain.count)
          return state.dataBuilder.isFull ? state.dataBuilder.finish(cipher: repository.cipher) : nil
        }
        state.treeBlobsAdded += 1
        state.treeBuilder.add(id: id, type: type, sealed: sealed, rawLength: plain.count)
        return state.treeBuilder.isFull ? state.treeBuilder.finish(cipher: repository.cipher) : nil
      }
    }
    if let finished { try write(finished) }
    return true
  }

  @discardableResult
  package func store(_ plain: UnsafeRawBufferPointer, id: BlobID, type: BlobType) throws -> Bool {
    try store(plain, id: id, type: type, framing: ScratchBuffer())
  }

  package func store(_ plain: [UInt8], id: BlobID, type: BlobType) throws -> Bool {
    try plain.withUnsafeBytes { try store($0, id: id, type: type) }
  }

  /// Writes the partly filled pack and an index file for every pack not yet in one. After it
  /// returns, everything stored is durable and findable.
  package func flush() throws {
    let finished = state.withLockedValue { state -> [PackBuilder.Finished] in
      (state.dataBuilder.isEmpty ? [] : [state.dataBuilder.finish(cipher: repository.cipher)])
        + (state.treeBuilder.isEmpty ? [] : [state.treeBuilder.finish(cipher: repository.cipher)])
    }
    for pack in finished { try write(pack) }
    try saveIndex(force: true)
  }

  /// Spare pack buffers kept: one being filled and one being written need no more.
  private static let spareBuffersKept = 2

  private func write(_ pack: PackBuilder.Finished) throws {
    let id = pack.id
    let path = repository.packPath(id)
    try Repository.writeAtomically(path, pack.bytes, directory: String(path.prefix(upTo: path.lastIndex(of: "/")!)))
    state.withLockedValue { state in
      state.index.add(pack: id, blobs: pack.blobs)
      for blob in pack.blobs { state.queued.remove(blob.id) }
      state.unsaved.append((id, pack.blobs))
      // Kept for the data builder, which fills one pack after another.
      if pack.bytes.capacity >= PackBuilder.reservedSize, state.spareBuffers.count < Self.spareBuffersKept {
        state.spareBuffers.append(pack.bytes)
      }
    }
    try saveIndex(force: false)
  }

  private func saveIndex(force: Bool) throws {
    let batch = state.withLockedValue { state -> [(pack: BlobID, blobs: [PackedBlob])] in
      guard !state.unsaved.isEmpty, force || state.unsaved.count >= Self.packsPerIndexFile else { return [] }
      defer { state.unsaved = [] }
      return state.unsaved
    }
    guard !batch.isEmpty else { return }
    try repository.saveBytes(IndexFile.encode(batch), kind: .index)
  }
}

extension Repository {
  /// Packs on disk that no index file lists (a backup killed between writing a pack and its index
  /// file): their headers are read and an index file is written for them, so their blobs are
  /// reused instead of uploaded again. Returns how many packs were recovered.
  @discardableResult
  package func recoverUnindexedPacks(into index: inout RepositoryIndex) throws -> Int {
    var recovered: [(pack: BlobID, blobs: [PackedBlob])] = []
    for id in try allPackIDs() where !index.containsPack(id) {
      // A damaged orphan is left for `check` to report; it is referenced by nothing.
      guard let blobs = try? PackReader.header(path: packPath(id), cipher: cipher) else { continue }
      recovered.append((id, blobs))
      index.add(pack: id, blobs: blobs)
    }
    if !recovered.isEmpty { try saveBytes(IndexFile.encode(recovered), kind: .index) }
    return recovered.count
  }

  /// Every pack file under data/.
  package func allPackIDs() throws -> [BlobID] {
    var ids: [BlobID] = []
    for prefix in 0..<256 {
      let directory = path + "/data/" + Repository.hex2(prefix)
      guard FileIO.exists(directory) else { continue }
      ids += try FileIO.list(directory).compactMap { BlobID(hex: $0) }
    }
    return ids.sorted()
  }
}
