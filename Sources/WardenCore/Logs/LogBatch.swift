// What a log decoder produces and the log store appends: records of several streams in one set of
// columns (`LogLines`), each tagged with the ordinal of its stream. One batch is one request (a
// Loki push, an OTLP export, a burst of syslog frames, a read from a tailed file).

/// Log records of several streams. A stream is its label set (the Loki model: job, host, level...);
/// records keep their arrival order, which need not be time order.
package struct LogBatch: Sendable, Equatable {
  /// Distinct stream label sets in first-seen order.
  package private(set) var streams: [Labels] = []
  package private(set) var records = LogLines()
  /// For each record, the index of its stream in `streams`.
  package private(set) var streamOrdinals: [Int32] = []
  private var ordinalByStream: [Labels: Int32] = [:]

  package init() {}

  package var count: Int { records.count }
  package var isEmpty: Bool { records.isEmpty }

  /// The ordinal of `labels`, adding the stream on first sight.
  package mutating func stream(_ labels: Labels) -> Int32 {
    if let ordinal = ordinalByStream[labels] { return ordinal }
    let ordinal = Int32(streams.count)
    streams.append(labels)
    ordinalByStream[labels] = ordinal
    return ordinal
  }

  package mutating func append(
    stream ordinal: Int32, timestampNs: Int64, line: some Collection<UInt8>,
    metadata: some Collection<LogField> = EmptyCollection()
  ) {
    precondition(ordinal >= 0 && Int(ordinal) < streams.count, "unknown stream ordinal")
    records.append(timestampNs: timestampNs, line: line, metadata: metadata)
    streamOrdinals.append(ordinal)
  }

  package mutating func append(stream labels: Labels, timestampNs: Int64, line: String, metadata: [LogField] = []) {
    let ordinal = stream(labels)
    append(stream: ordinal, timestampNs: timestampNs, line: line.utf8, metadata: metadata)
  }

  /// Rewrites every stream's labels (e.g. adding a receiver's configured labels). Streams that
  /// become equal are merged; records keep their order.
  package mutating func relabelStreams(_ transform: (Labels) -> Labels) {
    let old = streams
    streams = []
    ordinalByStream = [:]
    let mapping = old.map { stream(transform($0)) }
    guard mapping.enumerated().contains(where: { Int($0.element) != $0.offset }) else { return }
    for index in streamOrdinals.indices { streamOrdinals[index] = mapping[Int(streamOrdinals[index])] }
  }

  /// The stream labels of record `index`.
  package func labels(ofRecord index: Int) -> Labels { streams[Int(streamOrdinals[index])] }

  /// Total bytes of all lines (what the `warden_logs_*_bytes` counters count).
  package var lineByteCount: Int { records.lineBytes.count }

  package static func == (lhs: LogBatch, rhs: LogBatch) -> Bool {
    lhs.streams == rhs.streams && lhs.records == rhs.records && lhs.streamOrdinals == rhs.streamOrdinals
  }
}
