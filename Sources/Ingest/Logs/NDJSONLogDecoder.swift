// `POST /api/v1/logs`, Warden's own log format for scripts and apps: newline-delimited JSON, one
// record per line, `{"ts": ..., "line": "...", "labels": {...}, "metadata": {...}}` (format in
// docs/LOGS.md, "NDJSON ingest"). Any error names its line number and fails the whole request.
// Consecutive lines with the same labels text share one parse of the labels.
package import WardenCore

/// NDJSON log bodies. Stateless and thread-safe.
package enum NDJSONLogDecoder {
  /// Decodes a body as received.
  /// - Parameters:
  ///   - contentEncoding: absent, `identity` or `gzip`.
  ///   - receivedAtNs: the time of lines without a timestamp.
  /// - Throws: `LogIngestError` (400 naming the line, 413, 415); nothing is returned then.
  package static func decode(
    body: [UInt8], contentEncoding: String?, receivedAtNs: Int64, limits: LogIngestLimits = LogIngestLimits()
  ) throws(LogIngestError) -> LogBatch {
    let payload = try LogRequestBody.decode(body, contentEncoding: contentEncoding, limits: limits)
    let result: Result<LogBatch, LogIngestError> = payload.withUnsafeBytes { buffer in
      var walk = Walk(limits: limits, receivedAtNs: receivedAtNs)
      var lineNumber = 0
      var start = 0
      while start < buffer.count {
        lineNumber += 1
        var end = start
        while end < buffer.count, buffer[end] != 0x0A { end += 1 }
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        start = end + 1
        do throws(LineFailure) {
          try walk.record(line)
        } catch {
          switch error {
          case .tooLarge(let message): return .failure(.tooLarge(message))
          case .here(let message): return .failure(.malformed("line \(lineNumber): \(message)"))
          case .syntax(let error):
            return .failure(.malformed("line \(lineNumber): invalid JSON: \(error.message) at column \(error.offset + 1)"))
          }
        }
      }
      return .success(walk.batch)
    }
    return try result.get()
  }

  fileprivate enum LineFailure: Error {
    case syntax(JSONReadError)
    case here(String)
    case tooLarge(String)
  }

  private struct Walk {
    let limits: LogIngestLimits
    let receivedAtNs: Int64
    var batch = LogBatch()
    var metadata: [LogField] = []
    var scratch: [UInt8] = []
    /// The labels object text of the previous line and its stream, reused when the next line has
    /// the same text.
    var lastLabelsText: [UInt8] = []
    var lastStream: Int32 = -1

    init(limits: LogIngestLimits, receivedAtNs: Int64) {
      self.limits = limits
      self.receivedAtNs = receivedAtNs
    }

    mutating func record(_ line: UnsafeRawBufferPointer) throws(LineFailure) {
      guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }  // blank line
      guard batch.count < limits.maxEntries else { throw .tooLarge("the request has more than \(limits.maxEntries) lines") }
      var reader = JSONReader(line, maxDepth: limits.maxJSONDepth)
      var timestamp: Int64?
      var text: JSONStringToken?
      var stream: Int32?
      metadata.removeAll(keepingCapacity: true)
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        let isTime = reader.token(key, is: "ts") || reader.token(key, is: "time") || reader.token(key, is: "timestamp")
        let isLine = reader.token(key, is: "line") || reader.token(key, is: "msg") || reader.token(key, is: "message")
        let name = reader.string(key)
        if isTime && timestamp == nil {
          timestamp = try self.timestamp(&reader, key: name)
        } else if isLine && text == nil {
          guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .string else {
            throw .here("\"\(name)\" is not a string")
          }
          text = try json { () throws(JSONReadError) in try reader.readString() }
        } else if reader.token(key, is: "labels") && stream == nil {
          stream = try labels(&reader)
        } else if reader.token(key, is: "metadata") {
          guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .object else {
            throw .here("\"metadata\" is not an object")
          }
          try json { () throws(JSONReadError) in try reader.beginObject() }
          while let inner = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
            let innerName = reader.string(inner)
            try field(&reader, name: innerName)
          }
        } else {
          try field(&reader, name: name)
        }
      }
      try json { () throws(JSONReadError) in try reader.finish() }
      guard let text else { throw .here("no \"line\" (or \"msg\", \"message\") field") }
      guard let stream else { throw .here("no \"labels\" object") }
      guard metadata.count <= limits.maxMetadataPerEntry else {
        throw .here("more than \(limits.maxMetadataPerEntry) metadata fields")
      }
      let time = timestamp ?? receivedAtNs
      if text.hasEscapes {
        scratch.removeAll(keepingCapacity: true)
        reader.appendString(text, to: &scratch)
        batch.append(stream: stream, timestampNs: time, line: scratch, metadata: metadata)
      } else {
        batch.append(stream: stream, timestampNs: time, line: reader.slice(text.start..<text.end), metadata: metadata)
      }
    }

    /// A metadata pair: strings as they are, other values as their JSON text.
    private mutating func field(_ reader: inout JSONReader, name: String) throws(LineFailure) {
      guard !name.isEmpty else { throw .here("empty metadata name") }
      guard name.utf8.count <= limits.maxLabelNameBytes else {
        throw .here("metadata name is longer than \(limits.maxLabelNameBytes) bytes")
      }
      let value: String
      if try json({ () throws(JSONReadError) in try reader.peekKind() }) == .string {
        value = reader.string(try json { () throws(JSONReadError) in try reader.readString() })
      } else {
        let range = try json { () throws(JSONReadError) in try reader.readRawValue() }
        value = String(decoding: reader.slice(range), as: UTF8.self)
      }
      metadata.append(LogField(name, value))
    }

    /// `"labels": {"job": "x", ...}`, reusing the previous line's stream when the text is the same.
    private mutating func labels(_ reader: inout JSONReader) throws(LineFailure) -> Int32 {
      guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .object else {
        throw .here("\"labels\" is not an object")
      }
      let start = reader.offset
      let range = try json { () throws(JSONReadError) in try reader.readRawValue() }
      let text = reader.slice(range)
      if lastStream >= 0, text.elementsEqual(lastLabelsText) { return lastStream }
      let end = reader.offset
      reader.seek(to: start)
      var pairs: [Label] = []
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        guard try json({ () throws(JSONReadError) in try reader.peekKind() }) == .string else {
          throw .here("the value of label \"\(reader.string(key))\" is not a string")
        }
        let value = try json { () throws(JSONReadError) in try reader.readString() }
        pairs.append(Label(reader.string(key), reader.string(value)))
        guard pairs.count <= limits.maxLabelsPerStream else { throw .here("more than \(limits.maxLabelsPerStream) labels") }
      }
      precondition(reader.offset == end, "BUG: the labels object read twice ended in two places")
      let labels: Labels
      do {
        labels = try LokiStreamLabels.check(pairs, limits: limits)
      } catch {
        throw .here("labels: \(error.message)")
      }
      let ordinal = batch.stream(labels)
      guard batch.streams.count <= limits.maxStreams else { throw .tooLarge("the request has more than \(limits.maxStreams) streams") }
      lastLabelsText = Array(text)
      lastStream = ordinal
      return ordinal
    }

    /// RFC 3339 text or a string of nanoseconds; a JSON integer of nanoseconds; a JSON number
    /// with a fraction or exponent is seconds.
    private func timestamp(_ reader: inout JSONReader, key: String) throws(LineFailure) -> Int64 {
      switch try json({ () throws(JSONReadError) in try reader.peekKind() }) {
      case .string:
        let token = try json { () throws(JSONReadError) in try reader.readString() }
        let text = reader.slice(token.start..<token.end)
        if let value = LogTimestamps.rfc3339(text) ?? LogTimestamps.integer(text) { return value }
        throw .here("\"\(key)\" \"\(String(decoding: text.prefix(64), as: UTF8.self))\" is neither an RFC 3339 time nor an integer of nanoseconds")
      case .number:
        let range = try json { () throws(JSONReadError) in try reader.readNumber() }
        let text = reader.slice(range)
        if let value = LogTimestamps.integer(text) { return value }
        if let value = LogTimestamps.decimalSeconds(text) { return value }
        if let seconds = Double(String(decoding: text, as: UTF8.self)), seconds.isFinite, abs(seconds) < 9.2e9 {
          return Int64((seconds * 1e9).rounded())
        }
        throw .here("\"\(key)\" \(String(decoding: text.prefix(64), as: UTF8.self)) is out of range")
      default:
        throw .here("\"\(key)\" must be an RFC 3339 string, an integer of nanoseconds or a number of seconds")
      }
    }
  }
}

@inline(__always)
private func json<T>(_ body: () throws(JSONReadError) -> T) throws(NDJSONLogDecoder.LineFailure) -> T {
  do {
    return try body()
  } catch {
    throw .syntax(error)
  }
}
