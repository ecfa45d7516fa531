// Log records in columns: timestamps, one byte buffer holding every line back to back, and the
// structured metadata of each record. Decoders append into it, the store writes it to its WAL and
// segments, and reads hand it back to LogQL, so no path needs a String or an array per line.

/// One structured-metadata pair kept with a log line but not part of its stream's labels
/// (OTLP trace_id, syslog msgid, Loki push structured metadata...).
package struct LogField: Sendable, Hashable {
  package var name: String
  package var value: String

  package init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// A run of log records in columns. Record `i` spans `lineBytes[lineStart(i)..<lineEnds[i]]` and
/// `metadata[metadataStart(i)..<metadataEnds[i]]`.
package struct LogLines: Sendable, Equatable {
  /// Nanoseconds since the Unix epoch, one per record.
  package private(set) var timestampsNs: [Int64] = []
  /// Every line's UTF-8 bytes, back to back, without separators.
  package private(set) var lineBytes: [UInt8] = []
  /// Exclusive end offset of each record's line in `lineBytes`.
  package private(set) var lineEnds: [Int] = []
  /// Every record's metadata pairs, back to back.
  package private(set) var metadata: [LogField] = []
  /// Exclusive end offset of each record's pairs in `metadata`.
  package private(set) var metadataEnds: [Int32] = []

  package init() {}

  package init(reservingRecords records: Int, lineBytes bytes: Int) {
    timestampsNs.reserveCapacity(records)
    lineEnds.reserveCapacity(records)
    metadataEnds.reserveCapacity(records)
    lineBytes.reserveCapacity(bytes)
  }

  /// Records from ready-made columns (a decoded block), without copying them record by record.
  /// The columns must agree: one timestamp, line end and metadata end per record, ends ascending
  /// and within `lineBytes` and `metadata`.
  package init(timestampsNs: [Int64], lineBytes: [UInt8], lineEnds: [Int], metadata: [LogField], metadataEnds: [Int32]) {
    precondition(
      lineEnds.count == timestampsNs.count && metadataEnds.count == timestampsNs.count
        && (lineEnds.last ?? 0) == lineBytes.count && Int(metadataEnds.last ?? 0) == metadata.count,
      "LogLines columns disagree")
    self.timestampsNs = timestampsNs
    self.lineBytes = lineBytes
    self.lineEnds = lineEnds
    self.metadata = metadata
    self.metadataEnds = metadataEnds
  }

  package var count: Int { timestampsNs.count }
  package var isEmpty: Bool { timestampsNs.isEmpty }

  package func lineStart(_ index: Int) -> Int { index == 0 ? 0 : lineEnds[index - 1] }
  package func metadataStart(_ index: Int) -> Int { index == 0 ? 0 : Int(metadataEnds[index - 1]) }

  /// Record `index`'s line bytes (a view, no copy).
  package func lineSlice(_ index: Int) -> ArraySlice<UInt8> {
    lineBytes[lineStart(index)..<lineEnds[index]]
  }

  /// Record `index`'s line as a String (copies; for APIs and tests, not hot loops).
  package func line(_ index: Int) -> String {
    String(decoding: lineSlice(index), as: UTF8.self)
  }

  package func metadata(_ index: Int) -> ArraySlice<LogField> {
    metadata[metadataStart(index)..<Int(metadataEnds[index])]
  }

  package mutating func append(
    timestampNs: Int64, line: some Collection<UInt8>, metadata fields: some Collection<LogField> = EmptyCollection()
  ) {
    timestampsNs.append(timestampNs)
    lineBytes.append(contentsOf: line)
    lineEnds.append(lineBytes.count)
    metadata.append(contentsOf: fields)
    metadataEnds.append(Int32(metadata.count))
  }

  package mutating func append(timestampNs: Int64, line: String, metadata fields: [LogField] = []) {
    append(timestampNs: timestampNs, line: line.utf8, metadata: fields)
  }

  /// Appends record `index` of `other`.
  package mutating func append(from other: LogLines, at index: Int) {
    append(timestampNs: other.timestampsNs[index], line: other.lineSlice(index), metadata: other.metadata(index))
  }

  /// The records in reverse order (newest first, for backward reads), built column by column.
  package func reversed() -> LogLines {
    var timestamps = [Int64]()
    timestamps.reserveCapacity(count)
    var bytes = [UInt8]()
    bytes.reserveCapacity(lineBytes.count)
    var ends = [Int]()
    ends.reserveCapacity(count)
    var fields = [LogField]()
    fields.reserveCapacity(metadata.count)
    var fieldEnds = [Int32]()
    fieldEnds.reserveCapacity(count)
    lineBytes.withUnsafeBufferPointer { source in
      for index in stride(from: count - 1, through: 0, by: -1) {
        timestamps.append(timestampsNs[index])
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[lineStart(index)..<lineEnds[index]]))
        ends.append(bytes.count)
        fields.append(contentsOf: metadata[metadataStart(index)..<Int(metadataEnds[index])])
        fieldEnds.append(Int32(fields.count))
      }
    }
    return LogLines(timestampsNs: timestamps, lineBytes: bytes, lineEnds: ends, metadata: fields, metadataEnds: fieldEnds)
  }

  package mutating func removeAll(keepingCapacity: Bool = true) {
    timestampsNs.removeAll(keepingCapacity: keepingCapacity)
    lineBytes.removeAll(keepingCapacity: keepingCapacity)
    lineEnds.removeAll(keepingCapacity: keepingCapacity)
    metadata.removeAll(keepingCapacity: keepingCapacity)
    metadataEnds.removeAll(keepingCapacity: keepingCapacity)
  }
}
