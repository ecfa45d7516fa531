// Shared by the dashboard tests: a valid document in Warden's format, and parsing helpers.
import Foundation
@testable import Server

enum DashboardFixtures {
  static let valid = #"""
    {
      "uid": "demo", "title": "Demo", "description": "for tests", "tags": ["team-a", "web"],
      "time": {"from": "now-6h", "to": "now"}, "refresh": "30s",
      "variables": [
        {"name": "instance", "label": "Instance", "type": "query", "query": "label_values(up, instance)",
         "multi": true, "includeAll": true, "current": ["a:9100", "b:9100"]},
        {"name": "mode", "type": "custom", "values": ["user", "system"], "current": "user"},
        {"name": "step", "type": "interval", "values": ["1m", "5m"], "current": "1m"},
        {"name": "env", "type": "constant", "current": "prod"},
        {"name": "filter", "type": "textbox", "current": ""}
      ],
      "panels": [
        {"id": 1, "type": "row", "title": "Overview", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "collapsed": false},
        {"id": 2, "type": "timeseries", "title": "CPU", "description": "", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "rate(node_cpu_seconds_total{instance=~\"$instance\"}[$__rate_interval])",
                      "legend": "{{mode}}", "language": "promql"}],
         "unit": "percent", "decimals": null, "min": 0, "max": 100,
         "thresholds": [{"value": null, "color": "#009E73"}, {"value": 80, "color": "#D55E00"}],
         "stack": true, "fill": "area", "content": "", "collapsed": false},
        {"id": 3, "type": "text", "title": "", "gridPos": {"x": 12, "y": 1, "w": 12, "h": 8}, "content": "# Notes"},
        {"id": 4, "type": "logs", "title": "Errors", "gridPos": {"x": 0, "y": 9, "w": 24, "h": 10},
         "targets": [{"refId": "A", "expr": "{job=\"app\"} |= \"error\"", "language": "logql"}]}
      ],
      "version": 3, "created": 1732190000.0, "updated": 1732190000.5
    }
    """#

  static func json(_ text: String) throws -> DashboardJSON {
    try DashboardJSONParser.parse(Array(text.utf8)).get()
  }

  static func validate(_ text: String) throws -> Result<Dashboard, DashboardValidationError> {
    DashboardValidator.dashboard(from: try json(text))
  }

  /// `valid` with one panel (the CPU panel) changed by `edit` on its JSON text.
  static func withCPUPanel(_ replacement: String) -> String {
    let start = valid.range(of: #"{"id": 2"#)!.lowerBound
    let end = valid.range(of: #""collapsed": false},"#, range: start..<valid.endIndex)!.upperBound
    return valid.replacingCharacters(in: start..<end, with: replacement + ",")
  }
}
