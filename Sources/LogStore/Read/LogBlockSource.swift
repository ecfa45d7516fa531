// One piece of a stream a cursor may read: a block of a segment, a sealed block of a head, or a
// head's sorted active records. Knows its time range and arrival position without decoding;
// `records` decodes (decompresses) it.
import Codecs
import Synchronization
import WardenCore

struct LogBlockSource {
  enum Storage {
    case segment(LogSegment, LogSegmentBlock)
    case sealed(SealedLogBlock)
    /// Already decoded and sorted.
    case active(LogLines)
  }

  var storage: Storage
  var minTimeNs: Int64
  var maxTimeNs: Int64
  /// Arrival order across the stream's sources (generation, then position within it): breaks
  /// ties between equal timestamps of different sources.
  var arrival: (generation: UInt64, position: Int)
  /// Time ranges (inclusive) of deletions that hide records of this source.
  var deletions: [ClosedRange<Int64>]

  /// The records with `startNs <= t < endNs`, deleted ones removed, in time order.
  func records(startNs: Int64, endNs: Int64, counters: LogStoreCounters) throws(LogStoreError) -> LogLines {
    var lines: LogLines
    do throws(CodecError) {
      switch storage {
      case .segment(let segment, let block):
        counters.blocksDecompressed.add(1, ordering: .relaxed)
        lines = try LogBlockCodec.decode(segment.compressed(block), info: block.info, startNs: startNs, endNs: endNs)
      case .sealed(let block):
        counters.blocksDecompressed.add(1, ordering: .relaxed)
        // withUnsafeBytes rethrows untyped errors, so the typed one is carried out as a value.
        let decoded: Result<LogLines, CodecError> = block.compressed.withUnsafeBytes { bytes in
          do throws(CodecError) {
            return .success(try LogBlockCodec.decode(bytes, info: block.info, startNs: startNs, endNs: endNs))
          } catch {
            return .failure(error)
          }
        }
        lines = try decoded.get()
      case .active(let active):
        lines = Self.slice(active, startNs: startNs, endNs: endNs)
      }
    } catch {
      let location: String
      if case .segment(let segment, _) = storage { location = " in \(segment.path)" } else { location = "" }
      throw LogStoreError(.corrupt, "cannot read a log block\(location)", cause: error)
    }
    guard !deletions.isEmpty else { return lines }
    var kept = LogLines(reservingRecords: lines.count, lineBytes: lines.lineBytes.count)
    for index in 0..<lines.count {
      let timestamp = lines.timestampsNs[index]
      if !deletions.contains(where: { $0.contains(timestamp) }) { kept.append(from: lines, at: index) }
    }
    return kept
  }

  /// Records of sorted `lines` in `[startNs, endNs)`.
  static func slice(_ lines: LogLines, startNs: Int64, endNs: Int64) -> LogLines {
    let low = lines.timestampsNs.partitioningIndex { $0 >= startNs }
    let high = lines.timestampsNs.partitioningIndex { $0 >= endNs }
    if low == 0, high == lines.count { return lines }
    var result = LogLines(reservingRecords: max(0, high - low), lineBytes: 0)
    for index in low..<max(low, high) { result.append(from: lines, at: index) }
    return result
  }
}
