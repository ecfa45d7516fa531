// The built-in Host dashboard: a valid document, laid out without overlaps on the grid, whose
// every query parses as PromQL (with the UI's variables filled in) and reads the host collector's
// metrics with job="warden".
import Foundation
import PromQL
@testable import Server
import Testing

@Suite struct HostDashboardTests {
  @Test func itIsAValidDocument() throws {
    let host = HostDashboard.document
    #expect(host.uid == "host" && host.title == "Host" && host.tags.contains("builtin"))
    #expect(try DashboardDocuments.normalized(host).get() == host)
    #expect(host.variables.map(\.name) == ["instance"])
    #expect(host.variables[0].query.hasPrefix("label_values(node_uname_info"))
    #expect(Set(host.panels.map(\.type)).isSuperset(of: [.timeseries, .stat, .gauge, .bargauge]))
  }

  @Test func panelsDoNotOverlap() {
    var taken: Set<[Int]> = []
    for panel in HostDashboard.document.panels {
      for x in panel.gridPos.x..<(panel.gridPos.x + panel.gridPos.w) {
        for y in panel.gridPos.y..<(panel.gridPos.y + panel.gridPos.h) {
          #expect(taken.insert([x, y]).inserted, "\(panel.title) overlaps at \(x),\(y)")
        }
      }
    }
  }

  @Test func everyQueryParsesAndSelectsTheHostCollector() throws {
    for panel in HostDashboard.document.panels {
      for target in panel.targets {
        let filled = target.expr.replacingOccurrences(of: "$__rate_interval", with: "1m").replacingOccurrences(
          of: "$instance", with: "host-1")
        #expect(throws: Never.self, "\(panel.title): \(filled)") { _ = try PromQLParser.parse(filled) }
        #expect(target.expr.contains(#"job="warden", instance="$instance""#), "\(panel.title)")
      }
    }
  }

  @Test func itCoversCPUMemoryDisksAndNetwork() {
    let exprs = HostDashboard.document.panels.flatMap(\.targets).map(\.expr).joined(separator: "\n")
    for metric in [
      "node_cpu_seconds_total", "node_load1", "node_memory_MemAvailable_bytes", "node_filesystem_avail_bytes",
      "node_disk_read_bytes_total", "node_disk_written_bytes_total", "node_network_receive_bytes_total",
      "node_network_transmit_bytes_total", "node_boot_time_seconds",
    ] {
      #expect(exprs.contains(metric), "\(metric)")
    }
    let cpu = HostDashboard.document.panels.first { $0.title == "CPU by mode" }
    #expect(cpu?.stack == true && cpu?.targets.first?.legend == "{{mode}}")
  }
}
