// What the StatsD parser hands to the aggregator: one record per value, pointing into the
// datagram's bytes (name, tags, set member) so parsing a line allocates nothing.

/// The StatsD metric types Warden accepts. DogStatsD's distribution (`d`) and histogram (`h`)
/// and StatsD's timer (`ms`) all become observations of one distribution.
package enum StatsDMetricType: UInt8, Sendable, Equatable {
  /// `c`: adds to a cumulative counter.
  case counter
  /// `g`: sets a gauge, or moves it when the value is signed.
  case gauge
  /// `ms`: a duration in milliseconds, stored in seconds.
  case timer
  /// `h` and `d`: an observation stored as given.
  case histogram
  /// `s`: a member of a set; the aggregator counts distinct members per flush.
  case set
}

/// One value of one line. A DogStatsD line with packed values (`name:1:2:3|ms`) gives one
/// record per value, all pointing at the same name and tags.
package struct StatsDLine: Sendable, Equatable {
  /// 1-based line number within the datagram, for error messages.
  package var lineNumber: Int
  package var type: StatsDMetricType
  /// The metric name's bytes, as sent (not yet mapped to a Prometheus name).
  package var name: Range<Int>
  /// The DogStatsD tag list after `|#` (`k:v,k2:v2`), empty when the line has none.
  package var tags: Range<Int>
  /// The value; for timers already in seconds. Unused for sets.
  package var value: Double
  /// A gauge value written with a leading `+` or `-`: added to the gauge instead of setting it.
  package var isDelta: Bool
  /// The `@rate` the client sampled at, in (0, 1]; 1 when absent.
  package var sampleRate: Double
  /// The set member's bytes (sets only).
  package var member: Range<Int>

  package init(
    lineNumber: Int, type: StatsDMetricType, name: Range<Int>, tags: Range<Int>, value: Double, isDelta: Bool,
    sampleRate: Double, member: Range<Int>
  ) {
    self.lineNumber = lineNumber
    self.type = type
    self.name = name
    self.tags = tags
    self.value = value
    self.isDelta = isDelta
    self.sampleRate = sampleRate
    self.member = member
  }
}

/// A line the parser refused, or (line 0) the whole datagram.
package struct StatsDLineError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 1-based line number; 0 when the error is about the datagram as a whole.
  package var line: Int
  package var message: String

  package init(line: Int, message: String) {
    self.line = line
    self.message = message
  }

  /// `line 3: unknown metric type "x"` or `datagram: ...`.
  package var description: String {
    line == 0 ? "datagram: \(message)" : "line \(line): \(message)"
  }
}

/// The outcome of parsing one datagram. Reused between datagrams (`reset()` keeps capacity), so
/// a receiver parsing in a loop does not allocate once the arrays have grown.
package struct StatsDParseResult: Sendable {
  /// Accepted values, in datagram order.
  package var lines: [StatsDLine] = []
  /// The first errors (up to `StatsDLimits.maxReportedErrors`), for logs and tests.
  package var errors: [StatsDLineError] = []
  /// Lines refused (each also in `errors` while there is room).
  package var rejectedLines = 0
  /// Service checks (`_sc|`) and events (`_e{`): valid DogStatsD that Warden does not store.
  package var unsupportedLines = 0
  /// DogStatsD tags dropped from otherwise good lines: no `:`, an empty name or value, or a
  /// name reserved by Prometheus (leading `__`). The line is kept without them.
  package var droppedTags = 0
  /// The datagram was refused as a whole (too large); `errors` says why.
  package var isDatagramRejected = false

  package init() {}

  package mutating func reset() {
    lines.removeAll(keepingCapacity: true)
    errors.removeAll(keepingCapacity: true)
    rejectedLines = 0
    unsupportedLines = 0
    droppedTags = 0
    isDatagramRejected = false
  }
}
