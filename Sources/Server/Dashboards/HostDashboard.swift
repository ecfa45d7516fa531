// The built-in "Host" dashboard: the host collector's node_* metrics (job="warden", one instance
// per machine Warden runs on), seeded into the catalog at the first start. Queries use the same
// names and labels as node_exporter, so the dashboard also reads node_exporter data relabelled
// to job="warden".

enum HostDashboard {
  static let uid = "host"
  static let builtinTag = "builtin"

  /// The document as seeded (times are set when it is stored).
  static var document: Dashboard {
    var dashboard = Dashboard(uid: uid, title: "Host")
    dashboard.description = "CPU, memory, disks and network of the machines Warden runs on (its built-in host collector)."
    dashboard.tags = [builtinTag, "host"]
    dashboard.time = .init(from: "now-1h", to: "now")
    dashboard.refresh = "10s"
    dashboard.variables = [
      Dashboard.Variable(
        name: "instance", label: "Instance", type: .query, query: #"label_values(node_uname_info{job="warden"}, instance)"#)
    ]
    dashboard.panels = panels
    return dashboard
  }

  /// The label matchers every query selects with.
  private static let host = #"job="warden", instance="$instance""#
  private static let realFilesystems = #"fstype!~"tmpfs|ramfs""#

  private static var panels: [Dashboard.Panel] {
    var panels: [Dashboard.Panel] = []
    func add(
      _ type: Dashboard.PanelType, _ title: String, _ grid: (x: Int, y: Int, w: Int, h: Int), _ targets: [(String, String)],
      unit: String, configure: (inout Dashboard.Panel) -> Void = { _ in }
    ) {
      var panel = Dashboard.Panel(
        id: panels.count + 1, type: type, gridPos: .init(x: grid.x, y: grid.y, w: grid.w, h: grid.h))
      panel.title = title
      panel.unit = unit
      panel.targets = targets.enumerated().map { index, target in
        Dashboard.Target(refId: DashboardValidator.refID(index), expr: target.0, legend: target.1)
      }
      configure(&panel)
      panels.append(panel)
    }
    let usage = [
      Dashboard.Threshold(value: nil, color: GrafanaStyle.green), Dashboard.Threshold(value: 75, color: GrafanaStyle.orange),
      Dashboard.Threshold(value: 90, color: GrafanaStyle.red),
    ]
    func percentGauge(_ panel: inout Dashboard.Panel) {
      panel.min = 0
      panel.max = 100
      panel.decimals = 1
      panel.thresholds = usage
    }

    // Row 1: the numbers an operator looks at first.
    add(
      .gauge, "CPU busy", (0, 0, 4, 5),
      [(#"100 * (1 - avg(rate(node_cpu_seconds_total{\#(host), mode="idle"}[$__rate_interval])))"#, "")],
      unit: "percent", configure: percentGauge)
    add(
      .gauge, "Memory used", (4, 0, 4, 5),
      [(#"100 * (1 - node_memory_MemAvailable_bytes{\#(host)} / node_memory_MemTotal_bytes{\#(host)})"#, "")],
      unit: "percent", configure: percentGauge)
    add(
      .gauge, "Root filesystem used", (8, 0, 4, 5),
      [(#"100 * (1 - node_filesystem_avail_bytes{\#(host), mountpoint="/"} / node_filesystem_size_bytes{\#(host), mountpoint="/"})"#, "")],
      unit: "percent", configure: percentGauge)
    add(.stat, "Uptime", (12, 0, 4, 5), [(#"node_time_seconds{\#(host)} - node_boot_time_seconds{\#(host)}"#, "")], unit: "s") {
      $0.decimals = 0
    }
    add(.stat, "CPU cores", (16, 0, 4, 5), [(#"count(count by (cpu) (node_cpu_seconds_total{\#(host)}))"#, "")], unit: "none")
    add(.stat, "Total memory", (20, 0, 4, 5), [(#"node_memory_MemTotal_bytes{\#(host)}"#, "")], unit: "bytes") {
      $0.decimals = 1
    }

    // Row 2: CPU and load.
    add(
      .timeseries, "CPU by mode", (0, 5, 12, 8),
      [(#"100 * avg by (mode) (rate(node_cpu_seconds_total{\#(host), mode!="idle"}[$__rate_interval]))"#, "{{mode}}")],
      unit: "percent"
    ) {
      $0.stack = true
      $0.fill = .area
      $0.min = 0
      $0.description = "Share of all cores' time in each mode (idle left out), stacked: the top line is total busy time."
    }
    add(
      .timeseries, "Load average", (12, 5, 12, 8),
      [
        (#"node_load1{\#(host)}"#, "1m"), (#"node_load5{\#(host)}"#, "5m"), (#"node_load15{\#(host)}"#, "15m"),
        (#"count(count by (cpu) (node_cpu_seconds_total{\#(host)}))"#, "cores"),
      ],
      unit: "short"
    ) { $0.min = 0 }

    // Row 3: memory and filesystems.
    add(
      .timeseries, "Memory", (0, 13, 12, 8),
      [
        (#"node_memory_MemTotal_bytes{\#(host)} - node_memory_MemAvailable_bytes{\#(host)}"#, "used"),
        (#"node_memory_MemAvailable_bytes{\#(host)}"#, "available"),
      ],
      unit: "bytes"
    ) {
      $0.stack = true
      $0.fill = .area
      $0.min = 0
    }
    add(
      .bargauge, "Filesystem used", (12, 13, 12, 8),
      [
        (
          #"100 * (1 - node_filesystem_avail_bytes{\#(host), \#(realFilesystems)} / node_filesystem_size_bytes{\#(host), \#(realFilesystems)})"#,
          "{{mountpoint}}"
        )
      ],
      unit: "percent", configure: percentGauge)

    // Row 4: disk and network traffic.
    add(
      .timeseries, "Disk I/O", (0, 21, 12, 8),
      [
        (#"rate(node_disk_read_bytes_total{\#(host)}[$__rate_interval])"#, "{{device}} read"),
        (#"rate(node_disk_written_bytes_total{\#(host)}[$__rate_interval])"#, "{{device}} written"),
      ],
      unit: "Bps"
    ) { $0.min = 0 }
    add(
      .timeseries, "Network", (12, 21, 12, 8),
      [
        (#"rate(node_network_receive_bytes_total{\#(host), device!="lo"}[$__rate_interval])"#, "{{device}} in"),
        (#"rate(node_network_transmit_bytes_total{\#(host), device!="lo"}[$__rate_interval])"#, "{{device}} out"),
      ],
      unit: "Bps"
    ) { $0.min = 0 }
    return panels
  }
}
