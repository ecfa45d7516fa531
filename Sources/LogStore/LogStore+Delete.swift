// Loki-style deletion by selector and time range: recorded durably before returning, hiding the
// records from reads at once; `maintain` rewrites the segments holding them.
import Codecs
import Logging
package import WardenCore
import Synchronization

extension LogStore {
  /// Deletes the records of streams matching `matchers` with `startNs <= t <= endNs`.
  /// - Throws: `.invalidArgument` for a selector without a matcher that needs a non-empty value
  ///   (it would select every stream) or an inverted range; `.io`/`.outOfSpace` when the deletion
  ///   cannot be recorded (nothing is deleted then).
  package func delete(matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws(LogStoreError) {
    guard matchers.contains(where: { !$0.matchesEmpty }) else {
      throw LogStoreError(.invalidArgument, "a deletion needs at least one matcher that does not match the empty value")
    }
    guard startNs <= endNs else {
      throw LogStoreError(.invalidArgument, "deletion start \(startNs) is after its end \(endNs)")
    }
    try tombstoneWrites.withLock { _ throws(LogStoreError) in
      let (all, tombstone) = try state.withLock { state throws(LogStoreError) -> ([LogTombstone], LogTombstone) in
        if state.isClosed { throw LogStoreError(.closed, "the log store is closed") }
        let tombstone = LogTombstone(
          id: state.nextTombstoneID, generation: state.active.generation, matchers: matchers, startNs: startNs, endNs: endNs)
        state.nextTombstoneID += 1
        return (state.tombstones + [tombstone], tombstone)
      }
      try LogFileIO.replaceFile(directory + "/" + LogFileNames.tombstones, with: LogTombstoneFile.encode(all), directory: directory)
      state.withLock { $0.tombstones.append(tombstone) }
      logger.info(
        "log deletion recorded",
        metadata: [
          "delete.id": "\(tombstone.id)", "delete.selector": "\(matchers.map(\.description).joined(separator: ","))",
          "delete.start_ns": "\(startNs)", "delete.end_ns": "\(endNs)",
        ])
    }
  }
}
