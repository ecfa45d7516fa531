// Parses /proc/meminfo lines ("MemTotal:       24684112 kB", "HugePages_Total:       0").

/// One /proc/meminfo line.
struct MeminfoField {
  /// The field name as written, such as `Active(anon)`; only valid while the file's bytes are.
  var name: UnsafeBufferPointer<UInt8>
  var value: UInt64
  /// Whether the value was followed by `kB` (then the metric is in bytes, value times 1024).
  var isKilobytes: Bool
}

enum MeminfoParser {
  /// Calls `body` for each well-formed line, in file order; other lines are skipped.
  static func forEachField(in bytes: UnsafeBufferPointer<UInt8>, _ body: (MeminfoField) -> Void) {
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      guard let name = line.next(upTo: UInt8(ascii: ":")), !name.isEmpty,
        let value = line.nextUInt64()
      else { continue }
      let unit = line.nextField()
      body(MeminfoField(name: name, value: value, isKilobytes: unit?.equals("kB") ?? false))
    }
  }

  /// The family name node_exporter uses for a field: `node_memory_` + name with `(x)` written as
  /// `_x` + `_bytes` for kB fields; other bytes that a metric name cannot hold become `_`.
  static func familyName(for name: UnsafeBufferPointer<UInt8>, isKilobytes: Bool) -> [UInt8] {
    var result = Array("node_memory_".utf8)
    var component: [UInt8] = []
    component.reserveCapacity(name.count + 1)
    for byte in name {
      switch byte {
      case UInt8(ascii: "("): component.append(UInt8(ascii: "_"))
      case UInt8(ascii: ")"): break
      default: component.append(byte)
      }
    }
    MetricName.appendSanitized(component, to: &result)
    if isKilobytes { result.append(contentsOf: "_bytes".utf8) }
    return result
  }
}
