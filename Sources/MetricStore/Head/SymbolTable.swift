// The head's interned label strings: every distinct label name or value of the live series is
// kept once and known by a 4-byte id, so a series holds its labels as ids (8 bytes a label, where
// two Strings took 32). Ids are counted by the series that use them and freed with the last one.
//
// Our own, not a package's: the series compare their labels with every batch that names them,
// from every appending thread at once, so reading a symbol must take no lock and retain nothing,
// and none of the listed packages has such an interner.
import Synchronization
import WardenCore

/// Thread-safe. Ids are given out and freed under `state`'s lock; reading a symbol takes no lock.
///
/// `@unchecked Sendable`, because the symbols live in raw memory read without the lock. Why
/// that is safe:
/// - `directory` is allocated once in `init` and freed in `deinit`; an entry is written (under the
///   lock) before any id in its segment is handed out, and never changed after, and a segment is
///   never freed before `deinit`. So a reader that holds an id finds its segment.
/// - A slot is written only while its id has no references: initialised when the id is handed
///   out, deinitialised when its count drops to 0. A reader reads only the ids of a series it
///   holds (every id of a live `MemSeries` carries one of its references, dropped in its
///   `deinit`), so no slot it reads can change under it. Different slots are different memory.
/// - Each reader got its series, and with it the ids, through a lock taken after the series was
///   made (a series-table stripe's, also behind `SeriesLookup`, or the byID table's), so it sees
///   the writes that filled the slots.
final class SymbolTable: @unchecked Sendable {
  /// Symbols per segment (256 KiB of slots); segments are allocated as ids reach them.
  static let segmentShift = 14
  static let segmentSize = 1 << segmentShift
  /// 2^27 live symbols at most: far beyond what any head holds in memory.
  static let maxSegments = 1 << 13

  private struct State {
    /// Each live symbol's id.
    var ids: [String: UInt32] = [:]
    /// By id: how many series labels use it; 0 for a free id.
    var references: [UInt32] = []
    /// Ids whose count dropped to 0, for reuse.
    var free: [UInt32] = []
  }

  private let state = Mutex(State())
  private let directory: UnsafeMutablePointer<UnsafeMutablePointer<String>?>

  init() {
    directory = .allocate(capacity: Self.maxSegments)
    directory.initialize(repeating: nil, count: Self.maxSegments)
  }

  deinit {
    state.withLock { state in
      for (id, count) in state.references.enumerated() where count > 0 { slot(UInt32(id)).deinitialize(count: 1) }
      let segments = (state.references.count + Self.segmentSize - 1) >> Self.segmentShift
      for segment in 0..<segments { directory[segment]?.deallocate() }
    }
    directory.deallocate()
  }

  /// Takes a reference on the id of each name and value of `labels`, in order (name, value, name,
  /// ...), and writes the ids to `ids` (room for `2 * labels.count`).
  /// - Returns: false, with no reference taken, when the table is full.
  func retain(_ labels: Labels, into ids: UnsafeMutablePointer<UInt32>) -> Bool {
    state.withLock { state in
      var written = 0
      for label in labels.pairs {
        guard let name = reference(label.name, &state), let value = reference(label.value, &state) else {
          release(UnsafeBufferPointer(start: ids, count: written), &state)
          return false
        }
        ids[written] = name
        ids[written + 1] = value
        written += 2
      }
      return true
    }
  }

  /// Drops one reference on each id; an id whose last reference goes is freed for reuse.
  func release(_ ids: UnsafeBufferPointer<UInt32>) {
    guard !ids.isEmpty else { return }
    state.withLock { release(ids, &$0) }
  }

  /// The symbol of `id`, which the caller holds a reference on (through a live series).
  @inline(__always)
  func string(_ id: UInt32) -> String {
    slot(id).pointee
  }

  /// Whether the symbol of `id` is `text`, compared in place: symbols are shared by every series
  /// and every appending thread, and copying one out would retain its storage.
  @inline(__always)
  func symbol(_ id: UInt32, equals text: borrowing String) -> Bool {
    slot(id).pointee == text
  }

  /// Calls `body` with the UTF-8 bytes of the symbol of `id`, in place.
  @inline(__always)
  func withUTF8<Result>(_ id: UInt32, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    let utf8 = slot(id).pointee.utf8
    if let result = utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
    return Array(utf8).withUnsafeBytes(body)  // only bridged strings are not contiguous; none are stored
  }

  /// Live symbols (for statistics and tests).
  var count: Int { state.withLock { $0.ids.count } }

  @inline(__always)
  private func slot(_ id: UInt32) -> UnsafeMutablePointer<String> {
    directory[Int(id) >> Self.segmentShift].unsafelyUnwrapped + (Int(id) & (Self.segmentSize - 1))
  }

  private func reference(_ symbol: String, _ state: inout State) -> UInt32? {
    if let id = state.ids[symbol] {
      state.references[Int(id)] += 1
      return id
    }
    let id: UInt32
    if let reused = state.free.popLast() {
      id = reused
    } else {
      let next = state.references.count
      guard next < Self.maxSegments << Self.segmentShift else { return nil }
      if next & (Self.segmentSize - 1) == 0 {
        directory[next >> Self.segmentShift] = .allocate(capacity: Self.segmentSize)
      }
      state.references.append(0)
      id = UInt32(next)
    }
    slot(id).initialize(to: symbol)
    state.ids[symbol] = id
    state.references[Int(id)] = 1
    return id
  }

  private func release(_ ids: UnsafeBufferPointer<UInt32>, _ state: inout State) {
    for id in ids {
      state.references[Int(id)] -= 1
      guard state.references[Int(id)] == 0 else { continue }
      state.ids[slot(id).move()] = nil
      state.free.append(id)
    }
  }
}
