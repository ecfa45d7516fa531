// Test-side encoders for Loki push bodies: JSON as Promtail sends it, and the protobuf
// `logproto.PushRequest` (written field by field here, from ../shared/proto/loki/pkg/push/push.proto)
// compressed with snappy, as Grafana Agent and Alloy send it.
import Codecs
import Foundation

struct PushedStream {
  var labels: [String: String]
  var entries: [(ns: Int64, line: String)]
}

enum LokiPushBody {
  static func json(_ streams: [PushedStream]) -> Data {
    let object: [String: Any] = [
      "streams": streams.map { stream in
        ["stream": stream.labels, "values": stream.entries.map { [String($0.ns), $0.line] }] as [String: Any]
      }
    ]
    return try! JSONSerialization.data(withJSONObject: object)
  }

  /// `{a="b", c="d"}` as Loki's protobuf carries stream labels.
  static func labelText(_ labels: [String: String]) -> String {
    "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ") + "}"
  }

  static func protobufSnappy(_ streams: [PushedStream]) -> Data {
    var request: [UInt8] = []
    for stream in streams {
      var message: [UInt8] = []
      field(1, bytes: Array(labelText(stream.labels).utf8), into: &message)
      for entry in stream.entries {
        var timestamp: [UInt8] = []
        varintField(1, UInt64(entry.ns / 1_000_000_000), into: &timestamp)
        varintField(2, UInt64(entry.ns % 1_000_000_000), into: &timestamp)
        var encoded: [UInt8] = []
        field(1, bytes: timestamp, into: &encoded)
        field(2, bytes: Array(entry.line.utf8), into: &encoded)
        field(2, bytes: encoded, into: &message)
      }
      field(1, bytes: message, into: &request)
    }
    return Data(Snappy.compress(request))
  }

  private static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  private static func varintField(_ number: UInt64, _ value: UInt64, into bytes: inout [UInt8]) {
    varint(number << 3, into: &bytes)
    varint(value, into: &bytes)
  }

  private static func field(_ number: UInt64, bytes value: [UInt8], into bytes: inout [UInt8]) {
    varint(number << 3 | 2, into: &bytes)
    varint(UInt64(value.count), into: &bytes)
    bytes.append(contentsOf: value)
  }
}
