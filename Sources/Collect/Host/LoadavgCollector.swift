// The loadavg subsystem: node_load1, node_load5 and node_load15 from /proc/loadavg.

import WardenCore

/// Thread-safe: immutable.
struct LoadavgCollector: Sendable {
  let path: String

  init(procPath: String) {
    path = procPath + "/loadavg"
  }

  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    guard let loads = reader.read(path, LoadavgParser.parse), let (one, five, fifteen) = loads else { return false }
    emitter.family("node_load1", type: .gauge, help: "Load average over the last minute.")
    emitter.sample("node_load1", value: one)
    emitter.family("node_load5", type: .gauge, help: "Load average over the last 5 minutes.")
    emitter.sample("node_load5", value: five)
    emitter.family("node_load15", type: .gauge, help: "Load average over the last 15 minutes.")
    emitter.sample("node_load15", value: fifteen)
    return true
  }
}
