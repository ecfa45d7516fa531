// One head generation: the streams written since the last segment cut. The active generation
// takes appends; at a cut it is frozen, written out as the segment of the same generation, and
// dropped, and its WAL files with it.
import Synchronization
import WardenCore

/// Thread-safe: the stream map behind one `Mutex`, taken once per batch.
final class LogHead: Sendable {
  let generation: UInt64
  /// Wall-clock time (ns) the generation started, for time-based cuts.
  let createdNs: Int64
  /// Line bytes appended so far, for size-based cuts.
  let lineBytes = Atomic<Int>(0)
  private let streams = Mutex<[StreamID: StreamHead]>([:])

  init(generation: UInt64, createdNs: Int64) {
    self.generation = generation
    self.createdNs = createdNs
  }

  /// The heads of `ids`, created as needed while the generation has fewer than `maxStreams`
  /// streams (0: no limit); nil where the limit refused a new stream.
  func streamHeads(_ ids: [StreamID], labels: [Labels], maxStreams: Int) -> [StreamHead?] {
    streams.withLock { streams in
      var result: [StreamHead?] = []
      result.reserveCapacity(ids.count)
      for (id, labels) in zip(ids, labels) {
        if let head = streams[id] {
          result.append(head)
        } else if maxStreams > 0, streams.count >= maxStreams {
          result.append(nil)
        } else {
          let head = StreamHead(id: id, labels: labels)
          streams[id] = head
          result.append(head)
        }
      }
      return result
    }
  }

  func stream(_ id: StreamID) -> StreamHead? { streams.withLock { $0[id] } }

  func allStreams() -> [StreamHead] { streams.withLock { Array($0.values) } }

  var streamCount: Int { streams.withLock { $0.count } }
}
