// Loki's protobuf push (shared/proto/loki/pkg/push/push.proto) walked straight into a LogBatch:
//   PushRequest   { repeated StreamAdapter streams = 1; string format = 2; }
//   StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
//   EntryAdapter  { Timestamp timestamp = 1; string line = 2;
//                   repeated LabelPairAdapter structuredMetadata = 3; repeated ... parsed = 4; }
//   Timestamp     { int64 seconds = 1; int32 nanos = 2; }   LabelPairAdapter { name = 1; value = 2; }
// Lines are copied from the request bytes into the batch without becoming Strings; a stream's
// labels are parsed once for all its entries. The path in an error ("streams[3].entries[7]") is
// written only when an error happens.
import Codecs
import WardenCore

enum LokiPushProtobuf {
  /// Decodes an uncompressed `PushRequest`.
  static func decode(_ bytes: [UInt8], limits: LogIngestLimits) throws(LogIngestError) -> LogBatch {
    let result: Result<LogBatch, LogIngestError> = bytes.withUnsafeBytes { buffer in
      var walk = Walk(limits: limits)
      do throws(Failure) {
        try walk.request(buffer)
        return .success(walk.batch)
      } catch {
        return .failure(walk.error(error))
      }
    }
    return try result.get()
  }

  fileprivate enum Failure: Error {
    case codec(CodecError)
    /// A problem at the walk's current position.
    case here(String)
    /// A limit over the whole request (413).
    case tooLarge(String)
  }

  private struct Walk {
    let limits: LogIngestLimits
    var batch = LogBatch()
    var interner = StringInterner()
    var metadata: [LogField] = []
    var streamIndex = -1
    var entryIndex = -1
    var field = ""

    init(limits: LogIngestLimits) {
      self.limits = limits
      metadata.reserveCapacity(8)
    }

    func error(_ failure: Failure) -> LogIngestError {
      var path = ""
      if streamIndex >= 0 {
        path = "streams[\(streamIndex)]"
        if entryIndex >= 0 { path += ".entries[\(entryIndex)]" }
        if !field.isEmpty { path += ".\(field)" }
        path += ": "
      }
      switch failure {
      case .codec(let error): return .malformed("cannot decode Loki push protobuf: \(path)\(error.reason)")
      case .here(let message): return .malformed("\(path)\(message)")
      case .tooLarge(let message): return .tooLarge(message)
      }
    }

    mutating func request(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
      var reader = ProtoWireReader(bytes, subject: "Loki push request")
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        guard key.number == 1 else {
          try codec { () throws(CodecError) in try reader.skip(key) }
          continue
        }
        streamIndex += 1
        entryIndex = -1
        field = ""
        let body = try codec { () throws(CodecError) in
          try reader.expect(key, wireType: ProtoField.lengthDelimited, name: "streams")
          return try reader.readLengthDelimited()
        }
        try stream(body)
      }
      streamIndex = -1
    }

    /// One StreamAdapter: its labels first (they may come after the entries), then its entries.
    private mutating func stream(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
      var labelText: UnsafeRawBufferPointer?
      var scan = ProtoWireReader(bytes, subject: "stream")
      while !scan.isAtEnd {
        let key = try codec { () throws(CodecError) in try scan.readField() }
        if key.number == 1 {
          labelText = try codec { () throws(CodecError) in
            try scan.expect(key, wireType: ProtoField.lengthDelimited, name: "labels")
            return try scan.readLengthDelimited()
          }
        } else {
          try codec { () throws(CodecError) in try scan.skip(key) }
        }
      }
      field = "labels"
      guard let labelText else { throw .here("the stream has no labels") }
      let labels: Labels
      do {
        labels = try LokiStreamLabels.parse(labelText, limits: limits)
      } catch {
        throw .here(error.message)
      }
      field = ""
      let ordinal = batch.stream(labels)
      guard batch.streams.count <= limits.maxStreams else {
        throw .tooLarge("the request has more than \(limits.maxStreams) streams")
      }
      var reader = ProtoWireReader(bytes, subject: "stream")
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        guard key.number == 2 else {
          try codec { () throws(CodecError) in try reader.skip(key) }
          continue
        }
        entryIndex += 1
        guard batch.count < limits.maxEntries else {
          throw .tooLarge("the request has more than \(limits.maxEntries) entries")
        }
        let body = try codec { () throws(CodecError) in
          try reader.expect(key, wireType: ProtoField.lengthDelimited, name: "entries")
          return try reader.readLengthDelimited()
        }
        try entry(body, stream: ordinal)
      }
      entryIndex = -1
    }

    private mutating func entry(_ bytes: UnsafeRawBufferPointer, stream ordinal: Int32) throws(Failure) {
      var reader = ProtoWireReader(bytes, subject: "entry")
      var timestamp: Int64?
      var line = UnsafeRawBufferPointer(start: nil, count: 0)
      metadata.removeAll(keepingCapacity: true)
      while !reader.isAtEnd {
        field = ""
        let key = try codec { () throws(CodecError) in try reader.readField() }
        switch key.number {
        case 1:
          field = "timestamp"
          let body = try codec { () throws(CodecError) in
            try reader.expect(key, wireType: ProtoField.lengthDelimited, name: "timestamp")
            return try reader.readLengthDelimited()
          }
          timestamp = try self.timestamp(body)
        case 2:
          field = "line"
          line = try codec { () throws(CodecError) in
            try reader.expect(key, wireType: ProtoField.lengthDelimited, name: "line")
            return try reader.readLengthDelimited()
          }
        case 3:
          field = "structuredMetadata[\(metadata.count)]"
          guard metadata.count < limits.maxMetadataPerEntry else {
            throw .here("more than \(limits.maxMetadataPerEntry) structured metadata pairs")
          }
          let body = try codec { () throws(CodecError) in
            try reader.expect(key, wireType: ProtoField.lengthDelimited, name: "structuredMetadata")
            return try reader.readLengthDelimited()
          }
          metadata.append(try pair(body))
        default:
          try codec { () throws(CodecError) in try reader.skip(key) }
        }
      }
      field = ""
      guard let timestamp else { throw .here("the entry has no timestamp") }
      batch.append(stream: ordinal, timestampNs: timestamp, line: line, metadata: metadata)
    }

    private func timestamp(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Int64 {
      var reader = ProtoWireReader(bytes, subject: "timestamp")
      var seconds: Int64 = 0
      var nanos: Int64 = 0
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        switch key.number {
        case 1:
          seconds = try codec { () throws(CodecError) in
            try reader.expect(key, wireType: ProtoField.varint, name: "seconds")
            return try reader.readInt64()
          }
        case 2:
          nanos = try codec { () throws(CodecError) in
            try reader.expect(key, wireType: ProtoField.varint, name: "nanos")
            return Int64(Int32(truncatingIfNeeded: try reader.readInt64()))
          }
        default:
          try codec { () throws(CodecError) in try reader.skip(key) }
        }
      }
      guard (0..<1_000_000_000).contains(nanos) else { throw .here("nanos \(nanos) is not in 0...999999999") }
      let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
      let (total, overflow2) = scaled.addingReportingOverflow(nanos)
      guard !overflow, !overflow2 else { throw .here("seconds \(seconds) is out of the range of nanosecond timestamps") }
      return total
    }

    private mutating func pair(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> LogField {
      var reader = ProtoWireReader(bytes, subject: "structured metadata")
      var name = ""
      var value = ""
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        switch key.number {
        case 1, 2:
          try codec { () throws(CodecError) in try reader.expect(key, wireType: ProtoField.lengthDelimited, name: key.number == 1 ? "name" : "value") }
          let text: String
          do {
            text = try reader.readString(interning: &interner)
          } catch {
            throw .codec(error)
          }
          if key.number == 1 { name = text } else { value = text }
        default:
          try codec { () throws(CodecError) in try reader.skip(key) }
        }
      }
      guard !name.isEmpty else { throw .here("empty structured metadata name") }
      guard name.utf8.count <= limits.maxLabelNameBytes else {
        throw .here("structured metadata name is longer than \(limits.maxLabelNameBytes) bytes")
      }
      return LogField(name, value)
    }
  }
}

/// Runs a codec step, turning its error into the walk's failure. Always inlined, so the closure
/// costs nothing on the per-field path.
@inline(__always)
private func codec<T>(_ body: () throws(CodecError) -> T) throws(LokiPushProtobuf.Failure) -> T {
  do {
    return try body()
  } catch {
    throw .codec(error)
  }
}
