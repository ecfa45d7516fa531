// Loki's JSON push body walked with JSONReader straight into a LogBatch:
//   {"streams":[{"stream":{"job":"api"},"values":[["<ns>","<line>"],["<ns>","<line>",{"k":"v"}]]}]}
// Timestamps are strings of nanoseconds (integers are accepted too); the optional third element
// of a value holds structured metadata. A stream's "values" may come before its "stream": then
// they are checked and skipped on the first pass and read once the labels are known.
import WardenCore

enum LokiPushJSON {
  static func decode(_ bytes: [UInt8], limits: LogIngestLimits) throws(LogIngestError) -> LogBatch {
    let result: Result<LogBatch, LogIngestError> = bytes.withUnsafeBytes { buffer in
      var walk = Walk(reader: JSONReader(buffer, maxDepth: limits.maxJSONDepth), limits: limits)
      do throws(Failure) {
        try walk.request()
        return .success(walk.batch)
      } catch {
        return .failure(walk.error(error))
      }
    }
    return try result.get()
  }

  fileprivate enum Failure: Error {
    case syntax(JSONReadError)
    case here(String)
    case tooLarge(String)
  }

  private struct Walk {
    var reader: JSONReader
    let limits: LogIngestLimits
    var batch = LogBatch()
    var metadata: [LogField] = []
    var scratch: [UInt8] = []
    var streamIndex = -1
    var valueIndex = -1
    /// Where in the stream or value the walk is: "stream", "values", "[0]"...
    var field = ""

    init(reader: JSONReader, limits: LogIngestLimits) {
      self.reader = reader
      self.limits = limits
    }

    func error(_ failure: Failure) -> LogIngestError {
      var path = ""
      if streamIndex >= 0 {
        path = "streams[\(streamIndex)]"
        if valueIndex >= 0 { path += ".values[\(valueIndex)]" }
        if !field.isEmpty { path += field.hasPrefix("[") ? field : ".\(field)" }
      }
      switch failure {
      case .syntax(let error): return .malformed("invalid JSON: \(error.description)\(path.isEmpty ? "" : " (in \(path))")")
      case .here(let message): return .malformed(path.isEmpty ? message : "\(path): \(message)")
      case .tooLarge(let message): return .tooLarge(message)
      }
    }

    mutating func request() throws(Failure) {
      try json { () throws(JSONReadError) in try reader.beginObject() }
      var sawStreams = false
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        guard reader.token(key, is: "streams") else {
          try json { () throws(JSONReadError) in try reader.skipValue() }
          continue
        }
        sawStreams = true
        if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { continue }
        try json { () throws(JSONReadError) in try reader.beginArray() }
        while try json({ () throws(JSONReadError) in try reader.nextElement() }) {
          streamIndex += 1
          valueIndex = -1
          field = ""
          try stream()
        }
        streamIndex = -1
      }
      try json { () throws(JSONReadError) in try reader.finish() }
      guard sawStreams else { throw .here("the body has no \"streams\"") }
    }

    private mutating func stream() throws(Failure) {
      try json { () throws(JSONReadError) in try reader.beginObject() }
      var ordinal: Int32?
      var deferredValues: Int?
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if reader.token(key, is: "stream") {
          field = "stream"
          ordinal = try labels()
          field = ""
        } else if reader.token(key, is: "values") {
          if let ordinal {
            try values(stream: ordinal)
          } else {
            // Labels not seen yet: check the values' syntax now, read them once they are known.
            deferredValues = try json { () throws(JSONReadError) in try reader.readRawValue().lowerBound }
          }
        } else {
          try json { () throws(JSONReadError) in try reader.skipValue() }
        }
      }
      guard let ordinal else {
        field = ""
        throw .here("the stream has no \"stream\" labels")
      }
      if let deferredValues {
        let resume = reader
        reader.seek(to: deferredValues)
        try values(stream: ordinal)
        reader = resume
      }
    }

    /// The `"stream"` object's labels, added to the batch.
    private mutating func labels() throws(Failure) -> Int32 {
      try json { () throws(JSONReadError) in try reader.beginObject() }
      var pairs: [Label] = []
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .string else {
          throw .here("the value of label \"\(reader.string(key))\" is not a string")
        }
        let value = try json { () throws(JSONReadError) in try reader.readString() }
        pairs.append(Label(reader.string(key), reader.string(value)))
        guard pairs.count <= limits.maxLabelsPerStream else { throw .here("more than \(limits.maxLabelsPerStream) labels") }
      }
      let labels: Labels
      do {
        labels = try LokiStreamLabels.check(pairs, limits: limits)
      } catch {
        throw .here(error.message)
      }
      let ordinal = batch.stream(labels)
      guard batch.streams.count <= limits.maxStreams else { throw .tooLarge("the request has more than \(limits.maxStreams) streams") }
      return ordinal
    }

    private mutating func values(stream ordinal: Int32) throws(Failure) {
      field = "values"
      try json { () throws(JSONReadError) in try reader.beginArray() }
      field = ""
      while try json({ () throws(JSONReadError) in try reader.nextElement() }) {
        valueIndex += 1
        guard batch.count < limits.maxEntries else { throw .tooLarge("the request has more than \(limits.maxEntries) entries") }
        try value(stream: ordinal)
      }
      valueIndex = -1
    }

    /// One `["<ns>", "<line>", {metadata}?]`.
    private mutating func value(stream ordinal: Int32) throws(Failure) {
      guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .array else {
        throw .here("expected an array [\"<timestamp>\", \"<line>\"]")
      }
      try json { () throws(JSONReadError) in try reader.beginArray() }
      field = "[0]"
      guard try json({ () throws(JSONReadError) in try reader.nextElement() }) else { throw .here("missing timestamp") }
      let timestamp = try self.timestamp()
      field = "[1]"
      guard try json({ () throws(JSONReadError) in try reader.nextElement() }) else { throw .here("missing log line") }
      guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .string else { throw .here("the log line is not a string") }
      let line = try json { () throws(JSONReadError) in try reader.readString() }
      metadata.removeAll(keepingCapacity: true)
      field = "[2]"
      if try json({ () throws(JSONReadError) in try reader.nextElement() }) {
        try structuredMetadata()
        field = "[3]"
        guard try !json({ () throws(JSONReadError) in try reader.nextElement() }) else {
          throw .here("a value has at most three elements (timestamp, line, structured metadata)")
        }
      }
      field = ""
      reader.withStringBytes(line, scratch: &scratch) { bytes in
        batch.append(stream: ordinal, timestampNs: timestamp, line: bytes, metadata: metadata)
      }
    }

    private mutating func timestamp() throws(Failure) -> Int64 {
      let kind = try json { () throws(JSONReadError) in try reader.peekKind() }
      let range: Range<Int>
      switch kind {
      case .string:
        let token = try json { () throws(JSONReadError) in try reader.readString() }
        range = token.start..<token.end
      case .number:
        range = try json { () throws(JSONReadError) in try reader.readNumber() }
      default:
        throw .here("the timestamp must be a string of nanoseconds since the epoch")
      }
      guard let value = LogTimestamps.integer(reader.slice(range)) else {
        let text = String(decoding: reader.slice(range.lowerBound..<min(range.upperBound, range.lowerBound + 64)), as: UTF8.self)
        throw .here("timestamp \"\(text)\" is not an integer of nanoseconds")
      }
      return value
    }

    private mutating func structuredMetadata() throws(Failure) {
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return }
      guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .object else {
        throw .here("structured metadata must be an object of strings")
      }
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .string else {
          throw .here("the value of structured metadata \"\(reader.string(key))\" is not a string")
        }
        let value = try json { () throws(JSONReadError) in try reader.readString() }
        guard metadata.count < limits.maxMetadataPerEntry else {
          throw .here("more than \(limits.maxMetadataPerEntry) structured metadata pairs")
        }
        let name = reader.string(key)
        guard !name.isEmpty else { throw .here("empty structured metadata name") }
        guard name.utf8.count <= limits.maxLabelNameBytes else {
          throw .here("structured metadata name is longer than \(limits.maxLabelNameBytes) bytes")
        }
        metadata.append(LogField(name, reader.string(value)))
      }
    }
  }
}

/// Runs a reader step, turning its error into the walk's failure. Always inlined.
@inline(__always)
private func json<T>(_ body: () throws(JSONReadError) -> T) throws(LokiPushJSON.Failure) -> T {
  do {
    return try body()
  } catch {
    throw .syntax(error)
  }
}
