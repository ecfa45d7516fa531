// Parses /proc/diskstats lines ("254 0 vda 29877 5398 3110266 ...") into per-device counters, and
// decides which devices are reported.

/// One /proc/diskstats line of a reported device.
struct DiskstatsRow: Equatable {
  var major: UInt64
  var minor: UInt64
  var device: String
  /// The counters after the name, in kernel order: 11 on old kernels, 15 with discards (4.18),
  /// 17 with flushes (5.5).
  var fields: CounterRow
}

enum DiskstatsParser {
  /// The rows of devices that are not excluded, first occurrence of each name; lines without a
  /// name or any counter are skipped.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [DiskstatsRow] {
    var rows: [DiskstatsRow] = []
    rows.reserveCapacity(8)
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      guard let major = line.nextUInt64(), let minor = line.nextUInt64(), let name = line.nextField(),
        !isExcluded(device: name)
      else { continue }
      var fields = CounterRow()
      while !fields.isFull, let value = line.nextUInt64() { fields.append(value) }
      let device = name.string()
      // A name seen twice would repeat series; the kernel never does it, damaged input might.
      guard !fields.isEmpty, !rows.contains(where: { $0.device == device }) else { continue }
      rows.append(DiskstatsRow(major: major, minor: minor, device: device, fields: fields))
    }
    return rows
  }

  /// node_exporter's default exclusion: partitions and pseudo devices, the names matching
  /// `^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$`.
  ///
  /// Every alternative ends in a non-digit, so the name is split into its trailing digits and the
  /// part before them, and that part is compared with the alternatives.
  static func isExcluded(device name: UnsafeBufferPointer<UInt8>) -> Bool {
    var stemEnd = name.count
    while stemEnd > 0, name[stemEnd - 1].isDigit { stemEnd -= 1 }
    guard stemEnd < name.count else { return false }
    let stem = name.slice(0, stemEnd)
    if stem.equals("ram") || stem.equals("loop") || stem.equals("fd") { return true }
    // (h|s|v|xv)d[a-z]
    if stem.count == 3 || stem.count == 4 {
      let last = stem[stem.count - 1]
      let prefix = stem.slice(0, stem.count - 1)
      if last >= UInt8(ascii: "a"), last <= UInt8(ascii: "z"),
        prefix.equals("hd") || prefix.equals("sd") || prefix.equals("vd") || prefix.equals("xvd")
      {
        return true
      }
    }
    // nvme\d+n\d+p
    guard stem.hasPrefix("nvme"), stem.count >= 8, stem[stem.count - 1] == UInt8(ascii: "p") else { return false }
    var index = 4
    let controllerStart = index
    while index < stem.count, stem[index].isDigit { index += 1 }
    guard index > controllerStart, index < stem.count, stem[index] == UInt8(ascii: "n") else { return false }
    index += 1
    let namespaceStart = index
    while index < stem.count, stem[index].isDigit { index += 1 }
    return index > namespaceStart && index == stem.count - 1
  }
}

/// The udev database entry of a block device (`/run/udev/data/b<major>:<minor>`), reduced to the
/// properties `node_disk_info` reports.
struct UdevDeviceProperties: Equatable {
  var path = ""
  var model = ""
  var revision = ""
  var serial = ""
  var wwn = ""

  /// Reads the `E:KEY=value` lines; other lines are ignored.
  init(parsing bytes: UnsafeBufferPointer<UInt8>) {
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      guard line.remaining.hasPrefix("E:") else { continue }
      _ = line.next(upTo: UInt8(ascii: ":"))
      guard let key = line.next(upTo: UInt8(ascii: "=")) else { continue }
      let value = line.remaining
      if key.equals("ID_PATH") {
        path = value.string()
      } else if key.equals("ID_MODEL") {
        model = value.string()
      } else if key.equals("ID_REVISION") {
        revision = value.string()
      } else if key.equals("ID_SERIAL_SHORT") {
        serial = value.string()
      } else if key.equals("ID_WWN") {
        wwn = value.string()
      }
    }
  }

  init() {}
}
