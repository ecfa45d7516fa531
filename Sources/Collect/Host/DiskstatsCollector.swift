// The diskstats subsystem: I/O counters per block device from /proc/diskstats, plus
// node_disk_info with the udev properties of each device.

import WardenCore

/// Thread-safe: immutable.
struct DiskstatsCollector: Sendable {
  let path: String
  /// `<root>/run/udev/data/b`, to which `major:minor` is appended.
  let udevDevicePrefix: String

  /// One family per /proc/diskstats column, in column order, with the factor that turns the
  /// column into the family's unit (sectors are 512 bytes whatever the device; times are in ms).
  private static let columns: [(name: String, type: MetricType, scale: Double, help: String)] = [
    ("node_disk_reads_completed_total", .counter, 1, "Read requests completed."),
    ("node_disk_reads_merged_total", .counter, 1, "Adjacent read requests merged into one."),
    ("node_disk_read_bytes_total", .counter, 512, "Bytes read."),
    ("node_disk_read_time_seconds_total", .counter, 1e-3, "Seconds spent on read requests, summed over requests."),
    ("node_disk_writes_completed_total", .counter, 1, "Write requests completed."),
    ("node_disk_writes_merged_total", .counter, 1, "Adjacent write requests merged into one."),
    ("node_disk_written_bytes_total", .counter, 512, "Bytes written."),
    ("node_disk_write_time_seconds_total", .counter, 1e-3, "Seconds spent on write requests, summed over requests."),
    ("node_disk_io_now", .gauge, 1, "Requests currently in flight to the device."),
    ("node_disk_io_time_seconds_total", .counter, 1e-3, "Seconds during which the device had requests in flight."),
    (
      "node_disk_io_time_weighted_seconds_total", .counter, 1e-3,
      "Seconds spent doing I/O weighted by the number of requests in flight."
    ),
    ("node_disk_discards_completed_total", .counter, 1, "Discard requests completed."),
    ("node_disk_discards_merged_total", .counter, 1, "Adjacent discard requests merged into one."),
    ("node_disk_discarded_sectors_total", .counter, 1, "512-byte sectors discarded."),
    ("node_disk_discard_time_seconds_total", .counter, 1e-3, "Seconds spent on discard requests, summed over requests."),
    ("node_disk_flush_requests_total", .counter, 1, "Flush requests completed."),
    ("node_disk_flush_requests_time_seconds_total", .counter, 1e-3, "Seconds spent on flush requests, summed over requests."),
  ]

  init(procPath: String, rootPath: String) {
    path = procPath + "/diskstats"
    udevDevicePrefix = (rootPath.hasSuffix("/") ? String(rootPath.dropLast()) : rootPath) + "/run/udev/data/b"
  }

  /// - Returns: false if /proc/diskstats could not be read.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    guard let rows = reader.read(path, DiskstatsParser.parse) else { return false }
    for (column, family) in Self.columns.enumerated() where rows.contains(where: { $0.fields.count > column }) {
      emitter.family(family.name, type: family.type, help: family.help)
      for row in rows where row.fields.count > column {
        let value = Double(row.fields[column])
        // Dividing by 1000 rather than multiplying by 1e-3 keeps whole milliseconds exact.
        let scaled = family.scale == 1e-3 ? value / 1000 : value * family.scale
        emitter.sample(family.name, Label("device", row.device), value: scaled)
      }
    }
    emitter.family(
      "node_disk_info", type: .gauge,
      help: "Always 1; the labels identify the block device (the udev ones are empty when udev has no entry).")
    for row in rows {
      let major = String(row.major)
      let minor = String(row.minor)
      let properties =
        reader.read(udevDevicePrefix, major, ":", minor, UdevDeviceProperties.init(parsing:)) ?? UdevDeviceProperties()
      var labels = LabelList()
      labels.append(Label("device", row.device))
      labels.append(Label("major", major))
      labels.append(Label("minor", minor))
      labels.append(Label("model", properties.model))
      labels.append(Label("path", properties.path))
      labels.append(Label("revision", properties.revision))
      labels.append(Label("serial", properties.serial))
      labels.append(Label("wwn", properties.wwn))
      emitter.sample("node_disk_info", labels: labels, value: 1)
    }
    return true
  }
}
