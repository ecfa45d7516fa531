// The netdev subsystem: traffic and error counters per network interface from /proc/net/dev,
// plus the receive_nohandler counter from sysfs (node_exporter gets it over netlink).

import WardenCore

/// Thread-safe: immutable.
struct NetDevCollector: Sendable {
  let path: String
  /// `<sys>/class/net/`, to which the device name and `nohandlerSuffix` are appended.
  let sysClassNetPrefix: String
  private static let nohandlerSuffix = "/statistics/rx_nohandler"

  /// The family of each /proc/net/dev column, in column order.
  private static let columns: [(name: String, help: String)] = [
    ("node_network_receive_bytes_total", "Bytes received by the interface."),
    ("node_network_receive_packets_total", "Packets received by the interface."),
    ("node_network_receive_errs_total", "Receive errors the driver reported."),
    ("node_network_receive_drop_total", "Received packets dropped (no buffer, or missed by the hardware)."),
    ("node_network_receive_fifo_total", "Receive FIFO overruns."),
    ("node_network_receive_frame_total", "Received packets with framing, length or CRC errors."),
    ("node_network_receive_compressed_total", "Compressed packets received (CSLIP, PPP)."),
    ("node_network_receive_multicast_total", "Multicast packets received."),
    ("node_network_transmit_bytes_total", "Bytes sent by the interface."),
    ("node_network_transmit_packets_total", "Packets sent by the interface."),
    ("node_network_transmit_errs_total", "Transmit errors the driver reported."),
    ("node_network_transmit_drop_total", "Outgoing packets dropped."),
    ("node_network_transmit_fifo_total", "Transmit FIFO underruns."),
    ("node_network_transmit_colls_total", "Collisions seen while sending."),
    ("node_network_transmit_carrier_total", "Carrier losses while sending."),
    ("node_network_transmit_compressed_total", "Compressed packets sent (CSLIP, PPP)."),
  ]

  init(procPath: String, sysPath: String) {
    path = procPath + "/net/dev"
    sysClassNetPrefix = sysPath + "/class/net/"
  }

  /// - Returns: false if /proc/net/dev could not be read.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    guard let rows = reader.read(path, NetDevParser.parse) else { return false }
    for (column, family) in Self.columns.enumerated() where rows.contains(where: { $0.counters.count > column }) {
      emitter.family(family.name, type: .counter, help: family.help)
      for row in rows where row.counters.count > column {
        emitter.sample(family.name, Label("device", row.device), value: Double(row.counters[column]))
      }
    }
    // Packets dropped for want of a protocol handler: not a /proc/net/dev column (kernel 4.6+).
    var nohandlerStarted = false
    for row in rows where !row.device.utf8.contains(UInt8(ascii: "/")) {
      guard
        let value = reader.read(sysClassNetPrefix, row.device, Self.nohandlerSuffix, SingleValueParser.parse),
        let value
      else { continue }
      if !nohandlerStarted {
        nohandlerStarted = true
        emitter.family(
          "node_network_receive_nohandler_total", type: .counter,
          help: "Received packets dropped because no protocol handler wanted them.")
      }
      emitter.sample("node_network_receive_nohandler_total", Label("device", row.device), value: Double(value))
    }
    return true
  }
}
