// One series in the head: its identity (immutable, read without a lock), its chunks (behind the
// series' own mutex, so appends to different series never contend), and its labels as ids into
// the head's symbol table. Every active series has one, so its size is most of the head's memory
// per series: a 160-byte malloc chunk, and one for the ids (8 bytes a label; 48 for five labels).
import Foundation
import Synchronization
import WardenCore

/// `@unchecked Sendable` because of the raw memory of the label ids. Safe: `labelIDs` is
/// allocated and written in `make`, before the series is published to any other thread (through a
/// lock), and only read after, until `deinit` frees it; `symbols` is a thread-safe table kept
/// alive by the +1 this series holds; every other stored property is a `let` of a Sendable type
/// or the `Mutex` that guards the chunks.
final class MemSeries: @unchecked Sendable, StoredSeriesHandle {
  let id: SeriesID
  /// The `SeriesTable.token` of the table that made it: a handle handed out by one store and
  /// brought back to another (or to a reopened one) is told apart by it.
  let owner: UInt32
  /// Wall-clock creation time in seconds; garbage collection spares young series (see
  /// `SeriesTable.collect`).
  private let createdAtSeconds: UInt32
  let labelCount: UInt32
  /// The ids of the label names and values (name, value, name, ...): `2 * labelCount` of them,
  /// each holding a reference in `symbols`, dropped in `deinit`.
  private let labelIDs: UnsafeMutablePointer<UInt32>
  /// Holds the labels' strings. Unmanaged, with the +1 taken in `make` and given back in
  /// `deinit`: every series shares the one table, and a strong reference would be retained and
  /// released around each use, a contended atomic on the appending threads.
  private let symbols: Unmanaged<SymbolTable>
  let chunks = Mutex(SeriesChunks())

  private init(id: SeriesID, owner: UInt32, labelCount: Int, labelIDs: UnsafeMutablePointer<UInt32>, symbols: SymbolTable) {
    self.id = id
    self.owner = owner
    createdAtSeconds = UInt32(clamping: Int(Date().timeIntervalSince1970))
    self.labelCount = UInt32(labelCount)
    self.labelIDs = labelIDs
    self.symbols = .passRetained(symbols)
  }

  /// A new series holding references on its labels' symbols, or nil when the symbol table is full.
  static func make(id: SeriesID, owner: UInt32, labels: Labels, symbols: SymbolTable) -> MemSeries? {
    let ids = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, 2 * labels.count))
    guard symbols.retain(labels, into: ids) else {
      ids.deallocate()
      return nil
    }
    return MemSeries(id: id, owner: owner, labelCount: labels.count, labelIDs: ids, symbols: symbols)
  }

  deinit {
    symbols._withUnsafeGuaranteedRef { $0.release(UnsafeBufferPointer(start: labelIDs, count: 2 * Int(labelCount))) }
    symbols.release()
    labelIDs.deallocate()
  }

  var createdAtMs: Int64 { Int64(createdAtSeconds) * 1000 }

  /// Runs `body` on the chunks under the series' lock.
  @inline(__always)
  func withChunks<Result>(_ body: (inout SeriesChunks) -> Result) -> Result {
    chunks.withLock { body(&$0) }
  }

  /// The labels, built from the symbol table's strings (shared, so this allocates only the array).
  var labels: Labels {
    withSymbols { symbols, ids, count in
      var pairs: [Label] = []
      pairs.reserveCapacity(count)
      for index in 0..<count {
        pairs.append(Label(symbols.string(ids[2 * index]), symbols.string(ids[2 * index + 1])))
      }
      return Labels(sortedPairs: pairs)
    }
  }

  /// Whether the labels are exactly `labels`, compared in place.
  func hasLabels(_ labels: Labels) -> Bool {
    withSymbols { symbols, ids, count in
      labels.pairs.withUnsafeBufferPointer { pairs in
        guard pairs.count == count else { return false }
        for index in pairs.indices {
          guard symbols.symbol(ids[2 * index], equals: pairs[index].name),
            symbols.symbol(ids[2 * index + 1], equals: pairs[index].value)
          else { return false }
        }
        return true
      }
    }
  }

  func labelsMatch(count: Int, _ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool {
    withSymbols { symbols, ids, labelCount in
      guard count == labelCount else { return false }
      for index in 0..<count {
        let matched = symbols.withUTF8(ids[2 * index]) { name in
          symbols.withUTF8(ids[2 * index + 1]) { value in body(index, name, value) }
        }
        guard matched else { return false }
      }
      return true
    }
  }

  /// Runs `body` with the symbol table (unretained: this series holds it), the label ids and the
  /// label count.
  @inline(__always)
  private func withSymbols<Result>(_ body: (SymbolTable, UnsafeMutablePointer<UInt32>, Int) -> Result) -> Result {
    symbols._withUnsafeGuaranteedRef { body($0, labelIDs, Int(labelCount)) }
  }
}
