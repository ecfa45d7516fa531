// Bounds on what one StatsD datagram may make the parser do, so a hostile sender costs at most
// a datagram's worth of work and memory.

package struct StatsDLimits: Sendable, Equatable {
  /// Larger datagrams are refused whole. 64 KiB is above the largest UDP payload (65,507 bytes).
  package var maxDatagramBytes = 65_536
  /// Lines after this many are refused (counted, not parsed).
  package var maxLinesPerDatagram = 4_096
  /// A line with more DogStatsD tags is refused.
  package var maxTagsPerLine = 64
  /// A longer metric name is refused.
  package var maxNameBytes = 512
  /// A longer tag (`name:value`) is refused.
  package var maxTagBytes = 512
  /// Errors kept with their message per datagram; the rest are only counted.
  package var maxReportedErrors = 16

  package init() {}
}
