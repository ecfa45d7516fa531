// The OTLP/JSON form of ExportLogsServiceRequest walked with JSONReader into OTLPLogMapper. OTLP/JSON
// is protobuf's JSON mapping with OTLP's own rules: lowerCamelCase keys (snake_case accepted too),
// 64-bit integers as strings or numbers, enums as integers (names accepted), trace and span ids
// as hex strings, bytes values as base64, unknown fields ignored. A resource or scope written after
// its records is read first: the records are checked and skipped, then read once it is known.
import WardenCore

enum OTLPLogsJSON {
  static func decode(_ bytes: [UInt8], into mapper: inout OTLPLogMapper) throws(LogIngestError) {
    let maxDepth = mapper.limits.maxJSONDepth
    let result: Result<OTLPLogMapper, LogIngestError> = bytes.withUnsafeBytes { [mapper] buffer in
      var walk = Walk(reader: JSONReader(buffer, maxDepth: maxDepth), mapper: mapper)
      do throws(Failure) {
        try walk.request()
        return .success(walk.mapper)
      } catch {
        return .failure(walk.error(error))
      }
    }
    mapper = try result.get()
  }

  fileprivate enum Failure: Error {
    case syntax(JSONReadError)
    case here(String)
    case mapped(LogIngestError)
  }

  /// What a body holds: a string (left in the input), or any other value.
  private enum Body {
    case text(JSONStringToken)
    case value(OTLPLogValue)
  }

  private struct Walk {
    var reader: JSONReader
    var mapper: OTLPLogMapper
    var record = OTLPLogRecordFields()
    var scratch: [UInt8] = []
    var rendered: [UInt8] = []
    var resourceIndex = -1
    var scopeIndex = -1
    var recordIndex = -1
    var field = ""

    init(reader: JSONReader, mapper: OTLPLogMapper) {
      self.reader = reader
      self.mapper = mapper
    }

    func error(_ failure: Failure) -> LogIngestError {
      var path = ""
      if resourceIndex >= 0 {
        path = "resourceLogs[\(resourceIndex)]"
        if scopeIndex >= 0 { path += ".scopeLogs[\(scopeIndex)]" }
        if recordIndex >= 0 { path += ".logRecords[\(recordIndex)]" }
        if !field.isEmpty { path += ".\(field)" }
      }
      switch failure {
      case .syntax(let error):
        return .malformed("cannot decode OTLP logs request as JSON: \(error.description)\(path.isEmpty ? "" : " (in \(path))")")
      case .here(let message):
        return .malformed("cannot decode OTLP logs request as JSON: \(path.isEmpty ? "" : "\(path): ")\(message)")
      case .mapped(let error): return error
      }
    }

    mutating func request() throws(Failure) {
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "resourceLogs", "resource_logs") {
          try array { (walk: inout Walk) throws(Failure) in
            walk.resourceIndex += 1
            walk.scopeIndex = -1
            walk.recordIndex = -1
            try walk.resourceLogs()
          }
          resourceIndex = -1
        } else {
          try skip()
        }
      }
      try json { () throws(JSONReadError) in try reader.finish() }
    }

    private mutating func resourceLogs() throws(Failure) {
      try json { () throws(JSONReadError) in try reader.beginObject() }
      var begun = false
      var deferredScopes: Int?
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "resource", "resource") {
          field = "resource"
          try resource()
          field = ""
          begun = true
        } else if named(key, "scopeLogs", "scope_logs") {
          if begun {
            try scopeLogsArray()
          } else {
            deferredScopes = try json { () throws(JSONReadError) in try reader.readRawValue().lowerBound }
          }
        } else {
          try skip()
        }
      }
      if !begun { try beginResource([], dropped: 0) }
      if let deferredScopes {
        let resume = reader
        reader.seek(to: deferredScopes)
        try scopeLogsArray()
        reader = resume
      }
    }

    private mutating func resource() throws(Failure) {
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) {
        try beginResource([], dropped: 0)
        return
      }
      var attributes: [(key: String, value: OTLPLogValue)] = []
      var dropped: UInt64 = 0
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "attributes", "attributes") {
          attributes = try keyValues(depth: 0)
        } else if named(key, "droppedAttributesCount", "dropped_attributes_count") {
          dropped = try unsigned("droppedAttributesCount")
        } else {
          try skip()
        }
      }
      try beginResource(attributes, dropped: dropped)
    }

    private mutating func beginResource(_ attributes: [(key: String, value: OTLPLogValue)], dropped: UInt64) throws(Failure) {
      do {
        try mapper.beginResource(attributes: attributes, droppedAttributesCount: dropped)
      } catch {
        throw .mapped(error)
      }
    }

    private mutating func scopeLogsArray() throws(Failure) {
      try array { (walk: inout Walk) throws(Failure) in
        walk.scopeIndex += 1
        walk.recordIndex = -1
        try walk.scopeLogs()
      }
      scopeIndex = -1
    }

    private mutating func scopeLogs() throws(Failure) {
      try json { () throws(JSONReadError) in try reader.beginObject() }
      var begun = false
      var deferredRecords: Int?
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "scope", "scope") {
          field = "scope"
          try scope()
          field = ""
          begun = true
        } else if named(key, "logRecords", "log_records") {
          if begun {
            try logRecordsArray()
          } else {
            deferredRecords = try json { () throws(JSONReadError) in try reader.readRawValue().lowerBound }
          }
        } else {
          try skip()
        }
      }
      if !begun { mapper.beginScope(name: "", version: "", attributes: [], droppedAttributesCount: 0) }
      if let deferredRecords {
        let resume = reader
        reader.seek(to: deferredRecords)
        try logRecordsArray()
        reader = resume
      }
    }

    private mutating func scope() throws(Failure) {
      var name = ""
      var version = ""
      var attributes: [(key: String, value: OTLPLogValue)] = []
      var dropped: UInt64 = 0
      if try !json({ () throws(JSONReadError) in reader.readNullIfPresent() }) {
        try json { () throws(JSONReadError) in try reader.beginObject() }
        while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
          if named(key, "name", "name") {
            name = try string("name")
          } else if named(key, "version", "version") {
            version = try string("version")
          } else if named(key, "attributes", "attributes") {
            attributes = try keyValues(depth: 0)
          } else if named(key, "droppedAttributesCount", "dropped_attributes_count") {
            dropped = try unsigned("droppedAttributesCount")
          } else {
            try skip()
          }
        }
      }
      mapper.beginScope(name: name, version: version, attributes: attributes, droppedAttributesCount: dropped)
    }

    private mutating func logRecordsArray() throws(Failure) {
      try array { (walk: inout Walk) throws(Failure) in
        walk.recordIndex += 1
        try walk.logRecord()
      }
      recordIndex = -1
    }

    private mutating func logRecord() throws(Failure) {
      record.reset()
      var body = Body.value(.empty)
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "timeUnixNano", "time_unix_nano") {
          record.timeUnixNano = try unsigned("timeUnixNano")
        } else if named(key, "observedTimeUnixNano", "observed_time_unix_nano") {
          record.observedTimeUnixNano = try unsigned("observedTimeUnixNano")
        } else if named(key, "severityNumber", "severity_number") {
          record.severityNumber = try severity()
        } else if named(key, "severityText", "severity_text") {
          record.severityText = try string("severityText")
        } else if named(key, "body", "body") {
          field = "body"
          body = try bodyValue()
          field = ""
        } else if named(key, "attributes", "attributes") {
          record.attributes = try keyValues(depth: 0)
        } else if named(key, "droppedAttributesCount", "dropped_attributes_count") {
          record.droppedAttributesCount = try unsigned("droppedAttributesCount")
        } else if named(key, "flags", "flags") {
          record.flags = try unsigned("flags")
        } else if named(key, "traceId", "trace_id") {
          record.traceID = try hexID("traceId")
        } else if named(key, "spanId", "span_id") {
          record.spanID = try hexID("spanId")
        } else if named(key, "eventName", "event_name") {
          record.eventName = try string("eventName")
        } else {
          try skip()
        }
      }
      do {
        switch body {
        case .text(let token) where !token.hasEscapes:
          try mapper.append(record, line: reader.slice(token.start..<token.end))
        case .text(let token):
          scratch.removeAll(keepingCapacity: true)
          reader.appendString(token, to: &scratch)
          try mapper.append(record, line: scratch)
        case .value(let value):
          rendered.removeAll(keepingCapacity: true)
          rendered.append(contentsOf: value.text.utf8)
          try mapper.append(record, line: rendered)
        }
      } catch {
        throw .mapped(error)
      }
    }

    // MARK: - Values

    private mutating func bodyValue() throws(Failure) -> Body {
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return .value(.empty) }
      let start = reader.offset
      try json { () throws(JSONReadError) in try reader.beginObject() }
      var token: JSONStringToken?
      var others = false
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "stringValue", "string_value"), try kind() == .string {
          token = try json { () throws(JSONReadError) in try reader.readString() }
        } else {
          others = true
          try skip()
        }
      }
      if let token, !others { return .text(token) }
      let end = reader.offset
      reader.seek(to: start)
      let value = try anyValue(depth: 0)
      precondition(reader.offset == end, "BUG: an AnyValue read twice ended in two places")
      return .value(value)
    }

    private mutating func keyValues(depth: Int) throws(Failure) -> [(key: String, value: OTLPLogValue)] {
      var pairs: [(key: String, value: OTLPLogValue)] = []
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return pairs }
      try json { () throws(JSONReadError) in try reader.beginArray() }
      while try json({ () throws(JSONReadError) in try reader.nextElement() }) {
        var name = ""
        var value = OTLPLogValue.empty
        try json { () throws(JSONReadError) in try reader.beginObject() }
        while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
          if named(key, "key", "key") {
            name = try string("key")
          } else if named(key, "value", "value") {
            value = try anyValue(depth: depth + 1)
          } else {
            try skip()
          }
        }
        pairs.append((name, value))
      }
      return pairs
    }

    private mutating func anyValue(depth: Int) throws(Failure) -> OTLPLogValue {
      guard depth < mapper.limits.maxJSONDepth else { throw .here("attribute values nested deeper than \(mapper.limits.maxJSONDepth) levels") }
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return .empty }
      var value = OTLPLogValue.empty
      try json { () throws(JSONReadError) in try reader.beginObject() }
      while let key = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
        if named(key, "stringValue", "string_value") {
          value = .string(try string("stringValue"))
        } else if named(key, "boolValue", "bool_value") {
          guard try kind() == .bool else { throw .here("boolValue is not true or false") }
          value = .bool(try json { () throws(JSONReadError) in try reader.readBool() })
        } else if named(key, "intValue", "int_value") {
          value = .int(try signed("intValue"))
        } else if named(key, "doubleValue", "double_value") {
          value = .double(try double("doubleValue"))
        } else if named(key, "bytesValue", "bytes_value") {
          value = .base64(try string("bytesValue"))
        } else if named(key, "arrayValue", "array_value") {
          var values: [OTLPLogValue] = []
          try json { () throws(JSONReadError) in try reader.beginObject() }
          while let inner = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
            guard named(inner, "values", "values") else {
              try skip()
              continue
            }
            if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { continue }
            try json { () throws(JSONReadError) in try reader.beginArray() }
            while try json({ () throws(JSONReadError) in try reader.nextElement() }) {
              values.append(try anyValue(depth: depth + 1))
            }
          }
          value = .array(values)
        } else if named(key, "kvlistValue", "kvlist_value") {
          var pairs: [(key: String, value: OTLPLogValue)] = []
          try json { () throws(JSONReadError) in try reader.beginObject() }
          while let inner = try json({ () throws(JSONReadError) in try reader.nextMember() }) {
            if named(inner, "values", "values") {
              pairs = try keyValues(depth: depth + 1)
            } else {
              try skip()
            }
          }
          value = .map(pairs)
        } else {
          try skip()
        }
      }
      return value
    }

    // MARK: - Scalars

    private mutating func kind() throws(Failure) -> JSONValueKind {
      try json { () throws(JSONReadError) in try reader.peekKind() }
    }

    private mutating func string(_ name: String) throws(Failure) -> String {
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return "" }
      guard try kind() == .string else { throw .here("\(name) is not a string") }
      let token = try json { () throws(JSONReadError) in try reader.readString() }
      return reader.string(token)
    }

    /// The text of an integer written as a number or a string.
    private mutating func integerText(_ name: String) throws(Failure) -> UnsafeRawBufferPointer {
      switch try kind() {
      case .number:
        let range = try json { () throws(JSONReadError) in try reader.readNumber() }
        return reader.slice(range)
      case .string:
        let token = try json { () throws(JSONReadError) in try reader.readString() }
        guard !token.hasEscapes else { throw .here("\(name) is not an integer") }
        return reader.slice(token.start..<token.end)
      default:
        throw .here("\(name) is not an integer")
      }
    }

    private mutating func signed(_ name: String) throws(Failure) -> Int64 {
      let text = try integerText(name)
      guard let value = LogTimestamps.integer(text) else {
        throw .here("\(name) \"\(String(decoding: text.prefix(40), as: UTF8.self))\" is not a 64-bit integer")
      }
      return value
    }

    private mutating func unsigned(_ name: String) throws(Failure) -> UInt64 {
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return 0 }
      let text = try integerText(name)
      guard let value = UInt64(String(decoding: text, as: UTF8.self)) else {
        throw .here("\(name) \"\(String(decoding: text.prefix(40), as: UTF8.self))\" is not an unsigned 64-bit integer")
      }
      return value
    }

    private mutating func double(_ name: String) throws(Failure) -> Double {
      switch try kind() {
      case .number:
        let range = try json { () throws(JSONReadError) in try reader.readNumber() }
        return Double(String(decoding: reader.slice(range), as: UTF8.self)) ?? .nan
      case .string:
        let text = reader.string(try json { () throws(JSONReadError) in try reader.readString() })
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
          guard let value = Double(text) else { throw .here("\(name) \"\(text.prefix(40))\" is not a number") }
          return value
        }
      default:
        throw .here("\(name) is not a number")
      }
    }

    /// severityNumber as an integer or as its enum name (`SEVERITY_NUMBER_INFO`).
    private mutating func severity() throws(Failure) -> Int64 {
      if try kind() == .string {
        let token = try json { () throws(JSONReadError) in try reader.readString() }
        let text = reader.string(token)
        if let index = Self.severityNames.firstIndex(of: text) { return Int64(index) }
        guard let value = Int64(text) else { throw .here("severityNumber \"\(text.prefix(40))\" is not a severity") }
        return value
      }
      return try signed("severityNumber")
    }

    private static let severityNames: [String] =
      ["SEVERITY_NUMBER_UNSPECIFIED"]
      + ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].flatMap { level in
        ["", "2", "3", "4"].map { "SEVERITY_NUMBER_\(level)\($0)" }
      }

    /// A trace or span id: hex in OTLP/JSON (not base64), stored lowercase.
    private mutating func hexID(_ name: String) throws(Failure) -> String {
      let text = try string(name)
      guard text.utf8.count % 2 == 0, text.utf8.allSatisfy({ JSONReader.hexValue($0) != nil }) else {
        throw .here("\(name) \"\(text.prefix(64))\" is not a hex string")
      }
      return text.lowercased()
    }

    // MARK: - Helpers

    private func named(_ key: JSONStringToken, _ camel: StaticString, _ snake: StaticString) -> Bool {
      reader.token(key, is: camel) || reader.token(key, is: snake)
    }

    private mutating func skip() throws(Failure) {
      try json { () throws(JSONReadError) in try reader.skipValue() }
    }

    /// Calls `element` for each element of an array (null counts as empty).
    private mutating func array(_ element: (inout Walk) throws(Failure) -> Void) throws(Failure) {
      if try json({ () throws(JSONReadError) in reader.readNullIfPresent() }) { return }
      try json { () throws(JSONReadError) in try reader.beginArray() }
      while try json({ () throws(JSONReadError) in try reader.nextElement() }) {
        try element(&self)
      }
    }
  }
}

@inline(__always)
private func json<T>(_ body: () throws(JSONReadError) -> T) throws(OTLPLogsJSON.Failure) -> T {
  do {
    return try body()
  } catch {
    throw .syntax(error)
  }
}
