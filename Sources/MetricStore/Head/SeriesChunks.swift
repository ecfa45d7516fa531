// The samples of one head series: closed (immutable) chunks, the open chunk being appended to,
// and a small sorted buffer of out-of-order samples. A value type, so all of its logic is tested
// without locks; `MemSeries` guards it.
import Codecs

/// An immutable encoded chunk with its time bounds.
struct ClosedChunk: Sendable {
  var minTimestampMs: Int64
  var maxTimestampMs: Int64
  var count: Int
  var bytes: [UInt8]
}

/// What happened to one appended sample.
enum SampleOutcome: Equatable {
  case appended
  case duplicateIgnored
  case duplicateTimestamp
  case outOfOrder
  /// The series was garbage-collected after the appender found it: resolve the labels again.
  case seriesDeleted
}

struct SeriesChunks: Sendable {
  // Settable within the module so the cutting extension (SeriesChunks+Cut.swift) can trim them.
  var closed: [ClosedChunk] = []
  var open = SeriesChunks.emptyOpenChunk()
  /// Out-of-order samples not yet folded into chunks, ascending by timestamp, unique timestamps.
  /// One array of pairs, not two arrays: every active series holds one, nearly always empty.
  var outOfOrder: [(timestampMs: Int64, value: Double)] = []
  /// `.max` once deleted (see `isDeleted`).
  private(set) var lastTimestampMs: Int64 = .min
  private(set) var lastValueBits: UInt64 = 0

  /// Set (under the series lock) when garbage collection removes the series from the head. Kept
  /// as `lastTimestampMs == .max`, which no sample can follow, rather than a flag of its own: a
  /// one-byte field took the series object into the next malloc size class.
  var isDeleted: Bool {
    get { lastTimestampMs == .max }
    set {
      precondition(newValue, "a deleted series is never revived")
      lastTimestampMs = .max
    }
  }

  var outOfOrderTimestamps: [Int64] { outOfOrder.map(\.timestampMs) }
  var outOfOrderValues: [Double] { outOfOrder.map(\.value) }

  /// Appends one sample.
  /// - Parameters:
  ///   - oldestAcceptedMs: samples older than the series' newest are accepted down to this time.
  mutating func append(
    timestampMs: Int64, value: Double, oldestAcceptedMs: Int64, samplesPerChunk: Int, blockRangeMs: Int64
  ) -> SampleOutcome {
    if isDeleted { return .seriesDeleted }
    if timestampMs > lastTimestampMs {
      if open.count > 0,
        open.count >= samplesPerChunk
          || Self.blockStart(timestampMs, blockRangeMs) != Self.blockStart(open.firstTimestampMs, blockRangeMs)
      {
        closeOpenChunk()
      }
      open.append(timestampMs: timestampMs, value: value)
      lastTimestampMs = timestampMs
      lastValueBits = value.bitPattern
      return .appended
    }
    if timestampMs == lastTimestampMs {
      return value.bitPattern == lastValueBits ? .duplicateIgnored : .duplicateTimestamp
    }
    guard timestampMs >= oldestAcceptedMs else { return .outOfOrder }
    return insertOutOfOrder(timestampMs: timestampMs, value: value)
  }

  /// The start of the aligned block range holding `timestampMs` (floor division, so negative
  /// timestamps align too).
  static func blockStart(_ timestampMs: Int64, _ blockRangeMs: Int64) -> Int64 {
    let quotient = timestampMs / blockRangeMs
    let floored = (timestampMs % blockRangeMs < 0) ? quotient - 1 : quotient
    return floored &* blockRangeMs
  }

  private mutating func insertOutOfOrder(timestampMs: Int64, value: Double) -> SampleOutcome {
    // Binary search for the insertion point.
    var low = 0
    var high = outOfOrder.count
    while low < high {
      let mid = (low + high) / 2
      if outOfOrder[mid].timestampMs < timestampMs { low = mid + 1 } else { high = mid }
    }
    if low < outOfOrder.count, outOfOrder[low].timestampMs == timestampMs {
      return outOfOrder[low].value.bitPattern == value.bitPattern ? .duplicateIgnored : .duplicateTimestamp
    }
    outOfOrder.insert((timestampMs, value), at: low)
    return .appended
  }

  /// Bytes reserved for a new open chunk. Every active series holds one, so it starts small: the
  /// array doubles a few times over a chunk's 120 samples, which costs a copy per doubling, not
  /// per sample. 40 makes the array's allocation 72 bytes, an 80-byte malloc chunk (48 took 96).
  static let openChunkCapacity = 40

  static func emptyOpenChunk() -> XORChunkEncoder {
    XORChunkEncoder(reservingCapacity: openChunkCapacity)
  }

  private mutating func closeOpenChunk() {
    // Copied to its exact size: the growing array's spare capacity (up to half of it) would
    // otherwise stay allocated for as long as the chunk is in the head.
    let bytes = open.bytes.withUnsafeBufferPointer { Array($0) }
    closed.append(
      ClosedChunk(
        minTimestampMs: open.firstTimestampMs, maxTimestampMs: open.lastTimestampMs, count: open.count,
        bytes: bytes))
    open = Self.emptyOpenChunk()
  }

  /// Everything a reader needs for `[startMs, endMs]`, copied cheaply (arrays are shared
  /// copy-on-write) so decoding can happen after the series lock is released.
  func snapshot(startMs: Int64, endMs: Int64) -> SeriesSnapshot {
    var chunks: [[UInt8]] = []
    for chunk in closed where chunk.maxTimestampMs >= startMs && chunk.minTimestampMs <= endMs {
      chunks.append(chunk.bytes)
    }
    if open.count > 0, open.lastTimestampMs >= startMs, open.firstTimestampMs <= endMs {
      chunks.append(open.bytes)
    }
    return SeriesSnapshot(
      chunks: chunks, outOfOrderTimestamps: outOfOrderTimestamps, outOfOrderValues: outOfOrderValues)
  }

  /// The oldest sample time held, `.max` when none: worked out rather than stored, as every active
  /// series holds a `SeriesChunks` and its readers (queries, statistics, cutting) are far rarer
  /// than appends. Closed chunks are in time order; out-of-order samples are sorted.
  var firstTimestampMs: Int64 {
    var first = closed.first?.minTimestampMs ?? .max
    if open.count > 0 { first = min(first, open.firstTimestampMs) }
    if let sample = outOfOrder.first { first = min(first, sample.timestampMs) }
    return first
  }

  /// Whether the series has any sample in `[startMs, endMs]` (by its time bounds).
  func overlaps(startMs: Int64, endMs: Int64) -> Bool {
    lastTimestampMs != .min && !isDeleted && firstTimestampMs <= endMs && lastTimestampMs >= startMs
  }

  var chunkCount: Int { closed.count + (open.count > 0 ? 1 : 0) }
}

/// A series' chunks taken under its lock, decoded after.
struct SeriesSnapshot: Sendable {
  var chunks: [[UInt8]]
  var outOfOrderTimestamps: [Int64]
  var outOfOrderValues: [Double]

  /// Decodes the samples in `[startMs, endMs]`, ascending, merging in-order chunks with the
  /// out-of-order buffer; where both hold a timestamp, the in-order sample wins.
  func decode(startMs: Int64, endMs: Int64) throws(CodecError) -> (timestamps: [Int64], values: [Double]) {
    var timestamps: [Int64] = []
    var values: [Double] = []
    for bytes in chunks {
      var iterator = XORChunkIterator(bytes: bytes)
      while let sample = try iterator.next() {
        if sample.timestampMs < startMs { continue }
        if sample.timestampMs > endMs { break }
        timestamps.append(sample.timestampMs)
        values.append(sample.value)
      }
    }
    if outOfOrderTimestamps.isEmpty { return (timestamps, values) }
    var mergedTimestamps: [Int64] = []
    var mergedValues: [Double] = []
    mergedTimestamps.reserveCapacity(timestamps.count + outOfOrderTimestamps.count)
    mergedValues.reserveCapacity(timestamps.count + outOfOrderTimestamps.count)
    var i = 0
    var j = 0
    while i < timestamps.count || j < outOfOrderTimestamps.count {
      let fromOutOfOrder: Bool
      if i == timestamps.count {
        fromOutOfOrder = true
      } else if j == outOfOrderTimestamps.count {
        fromOutOfOrder = false
      } else if outOfOrderTimestamps[j] == timestamps[i] {
        j += 1  // the in-order sample wins
        continue
      } else {
        fromOutOfOrder = outOfOrderTimestamps[j] < timestamps[i]
      }
      if fromOutOfOrder {
        let t = outOfOrderTimestamps[j]
        if t >= startMs, t <= endMs {
          mergedTimestamps.append(t)
          mergedValues.append(outOfOrderValues[j])
        }
        j += 1
      } else {
        mergedTimestamps.append(timestamps[i])
        mergedValues.append(values[i])
        i += 1
      }
    }
    return (mergedTimestamps, mergedValues)
  }
}
