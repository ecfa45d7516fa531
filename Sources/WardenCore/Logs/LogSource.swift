// The read seam between LogQL (and the Loki API) and wherever log streams live: the embedded
// LogStore, an in-memory source in tests, later a remote backend. LogQL sees only this protocol.

/// Which way a log query walks time.
package enum LogDirection: String, Sendable, Hashable {
  /// Oldest first.
  case forward
  /// Newest first (Loki's default for log queries).
  case backward
}

/// What to read: streams matching every matcher, records with `startNs <= t < endNs`.
package struct LogSelection: Sendable, Hashable {
  package var matchers: [LabelMatcher]
  package var startNs: Int64
  package var endNs: Int64
  package var direction: LogDirection
  /// Byte strings every line the query keeps must contain (from its leading `|=` filters,
  /// case-sensitive). A hint only: the store may skip blocks that cannot contain one of them, but
  /// may also return lines without them, so the query still applies its filters.
  package var requiredSubstrings: [[UInt8]]

  package init(
    matchers: [LabelMatcher], startNs: Int64, endNs: Int64, direction: LogDirection = .forward,
    requiredSubstrings: [[UInt8]] = []
  ) {
    self.matchers = matchers
    self.startNs = startNs
    self.endNs = endNs
    self.direction = direction
    self.requiredSubstrings = requiredSubstrings
  }
}

/// One selected stream, read lazily a run of records at a time. Not shared between tasks: each
/// query owns its cursors.
package protocol LogStreamCursor: AnyObject {
  /// The stream's labels.
  var labels: Labels { get }
  /// The next run of records in the selection's direction (timestamps ascending for forward,
  /// descending for backward; equal timestamps keep arrival order forward, reversed backward), or
  /// nil when the stream has no more records in range. Runs are never empty.
  func next() throws -> LogLines?
}

/// Totals for `/loki/api/v1/index/stats`.
package struct LogIndexStats: Sendable, Equatable {
  package var streams: Int
  package var chunks: Int
  package var entries: Int
  package var bytes: Int

  package init(streams: Int = 0, chunks: Int = 0, entries: Int = 0, bytes: Int = 0) {
    self.streams = streams
    self.chunks = chunks
    self.entries = entries
    self.bytes = bytes
  }
}

/// A store of log streams that can be read by label matchers and time.
///
/// Implementations are thread-safe; calls may run concurrently with appends. Errors thrown are the
/// implementation's own, with a message fit for an API error.
package protocol LogSource: Sendable {
  /// Cursors over the streams matching `selection.matchers` that may have records in its range,
  /// sorted by labels.
  func select(_ selection: LogSelection) throws -> [any LogStreamCursor]

  /// Label sets of streams matching all `matchers` with records in `[startNs, endNs)`, sorted.
  func streams(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [Labels]

  /// Label names of matching streams (all streams when `matchers` is empty), sorted.
  func labelNames(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String]

  /// Values of label `name` on matching streams, sorted.
  func labelValues(_ name: String, _ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> [String]

  /// Streams, chunks, entries and bytes of matching streams in the range.
  func indexStats(_ matchers: [LabelMatcher], startNs: Int64, endNs: Int64) throws -> LogIndexStats
}
