// Parses /proc/net/dev (two header lines, then "  eth0: 46792127 948 0 ...") into per-interface
// counters.

/// One interface line of /proc/net/dev.
struct NetDevRow: Equatable {
  var device: String
  /// The counters in column order; fewer than `NetDevParser.columnCount` if the line was short.
  var counters: CounterRow
}

enum NetDevParser {
  /// The number of counter columns on each line: 8 receive, then 8 transmit.
  static let columnCount = 16

  /// The interface rows, without `lo` (node_exporter's default exclusion). Lines without a `:`
  /// (the headers) are skipped.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [NetDevRow] {
    var rows: [NetDevRow] = []
    rows.reserveCapacity(8)
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      // Interface names cannot contain ':' (the kernel refuses them), and a large first counter
      // may follow the colon without a space.
      guard let rawName = line.next(upTo: UInt8(ascii: ":")) else { continue }
      let name = rawName.trimmed()
      guard !name.isEmpty, !name.equals("lo"), !name.contains(UInt8(ascii: "|")) else { continue }
      var counters = CounterRow()
      while counters.count < columnCount, let value = line.nextUInt64() { counters.append(value) }
      let device = name.string()
      // A name seen twice would repeat series; the kernel never does it, damaged input might.
      guard !rows.contains(where: { $0.device == device }) else { continue }
      rows.append(NetDevRow(device: device, counters: counters))
    }
    return rows
  }
}
