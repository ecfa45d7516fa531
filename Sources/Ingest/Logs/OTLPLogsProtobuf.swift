// The protobuf form of ExportLogsServiceRequest (shared/proto/opentelemetry/.../logs/v1), walked
// field by field into OTLPLogMapper:
//   ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
//   ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
//   Resource     { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
//   ScopeLogs    { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; }
//   InstrumentationScope { name = 1; version = 2; repeated KeyValue attributes = 3; dropped = 4; }
//   LogRecord { fixed64 time_unix_nano = 1; severity_number = 2; severity_text = 3; AnyValue body = 5;
//               attributes = 6; dropped_attributes_count = 7; fixed32 flags = 8; bytes trace_id = 9;
//               bytes span_id = 10; fixed64 observed_time_unix_nano = 11; string event_name = 12; }
//   KeyValue { key = 1; AnyValue value = 2; }   AnyValue { oneof: string 1, bool 2, int64 3,
//               double 4, ArrayValue 5, KeyValueList 6, bytes 7 }
// A string body is copied into the batch from the request bytes without becoming a String.
import Codecs
import WardenCore

enum OTLPLogsProtobuf {
  static func decode(_ bytes: [UInt8], into mapper: inout OTLPLogMapper) throws(LogIngestError) {
    let result: Result<OTLPLogMapper, LogIngestError> = bytes.withUnsafeBytes { [mapper] buffer in
      var walk = Walk(mapper: mapper)
      do throws(Failure) {
        try walk.request(buffer)
        return .success(walk.mapper)
      } catch {
        return .failure(walk.error(error))
      }
    }
    mapper = try result.get()
  }

  fileprivate enum Failure: Error {
    case codec(CodecError)
    case here(String)
    case mapped(LogIngestError)
  }

  private struct Walk {
    var mapper: OTLPLogMapper
    var record = OTLPLogRecordFields()
    var interner = StringInterner()
    var resourceIndex = -1
    var scopeIndex = -1
    var recordIndex = -1
    var renderedBody: [UInt8] = []

    init(mapper: OTLPLogMapper) {
      self.mapper = mapper
    }

    func error(_ failure: Failure) -> LogIngestError {
      var path = ""
      if resourceIndex >= 0 {
        path = "resource_logs[\(resourceIndex)]"
        if scopeIndex >= 0 { path += ".scope_logs[\(scopeIndex)]" }
        if recordIndex >= 0 { path += ".log_records[\(recordIndex)]" }
        path += ": "
      }
      switch failure {
      case .codec(let error): return .malformed("cannot decode OTLP logs request as protobuf: \(path)\(error.reason)")
      case .here(let message): return .malformed("cannot decode OTLP logs request as protobuf: \(path)\(message)")
      case .mapped(let error): return error
      }
    }

    mutating func request(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
      var reader = ProtoWireReader(bytes, subject: "request")
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        guard key.number == 1 else {
          try codec { () throws(CodecError) in try reader.skip(key) }
          continue
        }
        resourceIndex += 1
        scopeIndex = -1
        recordIndex = -1
        try resourceLogs(try message(&reader, key, "resource_logs"))
      }
      resourceIndex = -1
    }

    private mutating func resourceLogs(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
      // The resource may follow its scopes on the wire; find it first.
      var attributes: [(key: String, value: OTLPLogValue)] = []
      var dropped: UInt64 = 0
      var scan = ProtoWireReader(bytes, subject: "resource_logs")
      while !scan.isAtEnd {
        let key = try codec { () throws(CodecError) in try scan.readField() }
        guard key.number == 1 else {
          try codec { () throws(CodecError) in try scan.skip(key) }
          continue
        }
        var resource = ProtoWireReader(try message(&scan, key, "resource"), subject: "resource")
        while !resource.isAtEnd {
          let field = try codec { () throws(CodecError) in try resource.readField() }
          switch field.number {
          case 1: attributes.append(try keyValue(try message(&resource, field, "attributes"), depth: 0))
          case 2: dropped = try varint(&resource, field, "dropped_attributes_count")
          default: try codec { () throws(CodecError) in try resource.skip(field) }
          }
        }
      }
      do {
        try mapper.beginResource(attributes: attributes, droppedAttributesCount: dropped)
      } catch {
        throw .mapped(error)
      }
      var reader = ProtoWireReader(bytes, subject: "resource_logs")
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        guard key.number == 2 else {
          try codec { () throws(CodecError) in try reader.skip(key) }
          continue
        }
        scopeIndex += 1
        recordIndex = -1
        try scopeLogs(try message(&reader, key, "scope_logs"))
      }
      scopeIndex = -1
    }

    private mutating func scopeLogs(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
      var name = ""
      var version = ""
      var attributes: [(key: String, value: OTLPLogValue)] = []
      var dropped: UInt64 = 0
      var scan = ProtoWireReader(bytes, subject: "scope_logs")
      while !scan.isAtEnd {
        let key = try codec { () throws(CodecError) in try scan.readField() }
        guard key.number == 1 else {
          try codec { () throws(CodecError) in try scan.skip(key) }
          continue
        }
        var scope = ProtoWireReader(try message(&scan, key, "scope"), subject: "scope")
        while !scope.isAtEnd {
          let field = try codec { () throws(CodecError) in try scope.readField() }
          switch field.number {
          case 1: name = try string(&scope, field, "name")
          case 2: version = try string(&scope, field, "version")
          case 3: attributes.append(try keyValue(try message(&scope, field, "attributes"), depth: 0))
          case 4: dropped = try varint(&scope, field, "dropped_attributes_count")
          default: try codec { () throws(CodecError) in try scope.skip(field) }
          }
        }
      }
      mapper.beginScope(name: name, version: version, attributes: attributes, droppedAttributesCount: dropped)
      var reader = ProtoWireReader(bytes, subject: "scope_logs")
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        guard key.number == 2 else {
          try codec { () throws(CodecError) in try reader.skip(key) }
          continue
        }
        recordIndex += 1
        try logRecord(try message(&reader, key, "log_records"))
      }
      recordIndex = -1
    }

    private mutating func logRecord(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
      record.reset()
      var stringBody: UnsafeRawBufferPointer?
      var otherBody = OTLPLogValue.empty
      var reader = ProtoWireReader(bytes, subject: "log record")
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        switch key.number {
        case 1: record.timeUnixNano = try fixed(&reader, key, in: bytes, wireType: ProtoField.fixed64, "time_unix_nano")
        case 11: record.observedTimeUnixNano = try fixed(&reader, key, in: bytes, wireType: ProtoField.fixed64, "observed_time_unix_nano")
        case 2: record.severityNumber = Int64(bitPattern: try varint(&reader, key, "severity_number"))
        case 3: record.severityText = try string(&reader, key, "severity_text")
        case 5:
          let body = try message(&reader, key, "body")
          stringBody = nil
          otherBody = .empty
          if let text = try stringValue(body) {
            stringBody = text
          } else {
            otherBody = try anyValue(body, depth: 0)
          }
        case 6: record.attributes.append(try keyValue(try message(&reader, key, "attributes"), depth: 0))
        case 7: record.droppedAttributesCount = try varint(&reader, key, "dropped_attributes_count")
        case 8: record.flags = try fixed(&reader, key, in: bytes, wireType: ProtoField.fixed32, "flags")
        case 9: record.traceID = OTLPLogNames.hex(try message(&reader, key, "trace_id"))
        case 10: record.spanID = OTLPLogNames.hex(try message(&reader, key, "span_id"))
        case 12: record.eventName = try string(&reader, key, "event_name")
        default: try codec { () throws(CodecError) in try reader.skip(key) }
        }
      }
      do {
        if let stringBody {
          try mapper.append(record, line: stringBody)
        } else {
          renderedBody.removeAll(keepingCapacity: true)
          renderedBody.append(contentsOf: otherBody.text.utf8)
          try mapper.append(record, line: renderedBody)
        }
      } catch {
        throw .mapped(error)
      }
    }

    /// The bytes of an AnyValue's string_value when that is what it holds (the common body).
    private func stringValue(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> UnsafeRawBufferPointer? {
      var reader = ProtoWireReader(bytes, subject: "body")
      var text: UnsafeRawBufferPointer?
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        guard key.number == 1, key.wireType == ProtoField.lengthDelimited else { return nil }
        text = try codec { () throws(CodecError) in try reader.readLengthDelimited() }
      }
      return text
    }

    private mutating func keyValue(_ bytes: UnsafeRawBufferPointer, depth: Int) throws(Failure) -> (key: String, value: OTLPLogValue) {
      var reader = ProtoWireReader(bytes, subject: "attribute")
      var key = ""
      var value = OTLPLogValue.empty
      while !reader.isAtEnd {
        let field = try codec { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1: key = try string(&reader, field, "key")
        case 2: value = try anyValue(try message(&reader, field, "value"), depth: depth)
        default: try codec { () throws(CodecError) in try reader.skip(field) }
        }
      }
      return (key, value)
    }

    private mutating func anyValue(_ bytes: UnsafeRawBufferPointer, depth: Int) throws(Failure) -> OTLPLogValue {
      guard depth < mapper.limits.maxJSONDepth else { throw .here("attribute values nested deeper than \(mapper.limits.maxJSONDepth) levels") }
      var reader = ProtoWireReader(bytes, subject: "value")
      var value = OTLPLogValue.empty
      while !reader.isAtEnd {
        let key = try codec { () throws(CodecError) in try reader.readField() }
        switch key.number {
        case 1: value = .string(try string(&reader, key, "string_value"))
        case 2: value = .bool(try varint(&reader, key, "bool_value") != 0)
        case 3: value = .int(Int64(bitPattern: try varint(&reader, key, "int_value")))
        case 4:
          value = .double(try codec { () throws(CodecError) in
            try reader.expect(key, wireType: ProtoField.fixed64, name: "double_value")
            return try reader.readDouble()
          })
        case 5:
          var values: [OTLPLogValue] = []
          var array = ProtoWireReader(try message(&reader, key, "array_value"), subject: "array")
          while !array.isAtEnd {
            let field = try codec { () throws(CodecError) in try array.readField() }
            if field.number == 1 {
              values.append(try anyValue(try message(&array, field, "values"), depth: depth + 1))
            } else {
              try codec { () throws(CodecError) in try array.skip(field) }
            }
          }
          value = .array(values)
        case 6:
          var pairs: [(key: String, value: OTLPLogValue)] = []
          var list = ProtoWireReader(try message(&reader, key, "kvlist_value"), subject: "kvlist")
          while !list.isAtEnd {
            let field = try codec { () throws(CodecError) in try list.readField() }
            if field.number == 1 {
              pairs.append(try keyValue(try message(&list, field, "values"), depth: depth + 1))
            } else {
              try codec { () throws(CodecError) in try list.skip(field) }
            }
          }
          value = .map(pairs)
        case 7: value = .base64(OTLPLogNames.base64(try message(&reader, key, "bytes_value")))
        default: try codec { () throws(CodecError) in try reader.skip(key) }
        }
      }
      return value
    }

    // MARK: - Field helpers

    private func message(_ reader: inout ProtoWireReader, _ key: ProtoField, _ name: String) throws(Failure) -> UnsafeRawBufferPointer {
      try codec { () throws(CodecError) in
        try reader.expect(key, wireType: ProtoField.lengthDelimited, name: name)
        return try reader.readLengthDelimited()
      }
    }

    private mutating func string(_ reader: inout ProtoWireReader, _ key: ProtoField, _ name: String) throws(Failure) -> String {
      try codec { () throws(CodecError) in try reader.expect(key, wireType: ProtoField.lengthDelimited, name: name) }
      do {
        return try reader.readString(interning: &interner)
      } catch {
        throw .codec(error)
      }
    }

    private func varint(_ reader: inout ProtoWireReader, _ key: ProtoField, _ name: String) throws(Failure) -> UInt64 {
      try codec { () throws(CodecError) in
        try reader.expect(key, wireType: ProtoField.varint, name: name)
        return try reader.readVarint()
      }
    }

    /// A fixed64 or fixed32 field of the message `bytes` that `reader` walks (the reader skips
    /// the value; it is loaded little-endian from where it lay).
    private func fixed(
      _ reader: inout ProtoWireReader, _ key: ProtoField, in bytes: UnsafeRawBufferPointer, wireType: UInt8, _ name: String
    ) throws(Failure) -> UInt64 {
      try codec { () throws(CodecError) in try reader.expect(key, wireType: wireType, name: name) }
      let start = reader.offset
      try codec { () throws(CodecError) in try reader.skip(key) }
      if wireType == ProtoField.fixed32 {
        return UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
      }
      return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
    }
  }
}

@inline(__always)
private func codec<T>(_ body: () throws(CodecError) -> T) throws(OTLPLogsProtobuf.Failure) -> T {
  do {
    return try body()
  } catch {
    throw .codec(error)
  }
}
