// Figures for `/metrics` (`warden_logs_*`) and for tests: what the store holds, how well it
// compresses, and how much reading work the block filters saved.
import Synchronization

package struct LogStoreStatus: Sendable, Equatable {
  package var segments = 0
  /// Bytes of segment files (blocks, filters and indexes).
  package var segmentBytes = 0
  /// Bytes of WAL files (records not yet in a segment).
  package var walBytes = 0
  /// Line bytes in segments (what `segmentBytes` stores).
  package var segmentLineBytes = 0
  package var segmentRecords = 0
  package var segmentBlocks = 0
  /// Records and line bytes in the heads (in memory, and in the WAL).
  package var headRecords = 0
  package var headLineBytes = 0
  /// Streams known to the store (from segments and heads).
  package var streams = 0
  /// Deletions recorded and not yet applied to every segment.
  package var pendingDeletions = 0
  /// Segments moved to quarantine since open.
  package var quarantinedSegments = 0
  /// Blocks decompressed by reads since open.
  package var blocksDecompressed = 0
  /// Blocks reads skipped because their n-gram filter ruled out a required substring.
  package var blocksSkippedByFilter = 0

  package init() {}

  package var records: Int { segmentRecords + headRecords }
  package var lineBytes: Int { segmentLineBytes + headLineBytes }
  /// Bytes on disk (segments and WAL).
  package var storedBytes: Int { segmentBytes + walBytes }
  /// Line bytes per byte of segment file (0 with no segments).
  package var compressionRatio: Double {
    segmentBytes == 0 ? 0 : Double(segmentLineBytes) / Double(segmentBytes)
  }
}

/// Counters updated by reads and maintenance.
final class LogStoreCounters: Sendable {
  let blocksDecompressed = Atomic<Int>(0)
  let blocksSkippedByFilter = Atomic<Int>(0)
  let quarantinedSegments = Atomic<Int>(0)
}
