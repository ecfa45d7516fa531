// Grafana dashboard JSON as Grafana writes it, for the converter tests: a current-schema
// node_exporter style dashboard (rows, one collapsed with its panels inside, templating with
// datasource, query, custom, interval, constant, textbox and ad hoc variables, and panels of every
// kind including unsupported ones), and an old-schema one with `rows[].panels`.

enum GrafanaFixtures {
  static let nodeExporter = #"""
    {
      "__inputs": [{"name": "DS_PROMETHEUS", "label": "Prometheus", "type": "datasource", "pluginId": "prometheus"}],
      "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true, "name": "Annotations & Alerts", "type": "dashboard"}]},
      "editable": true, "fiscalYearStartMonth": 0, "graphTooltip": 1, "id": null, "links": [],
      "panels": [
        {"collapsed": false, "gridPos": {"h": 1, "w": 24, "x": 0, "y": 0}, "id": 261, "panels": [], "title": "Quick CPU / Mem / Disk", "type": "row"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "description": "Busy state of all CPU cores together",
         "fieldConfig": {"defaults": {"color": {"mode": "thresholds"}, "decimals": 1, "mappings": [], "max": 100, "min": 0,
           "thresholds": {"mode": "absolute", "steps": [{"color": "rgba(50, 172, 45, 0.97)", "value": null}, {"color": "rgba(237, 129, 40, 0.89)", "value": 85}, {"color": "rgba(245, 54, 54, 0.9)", "value": 95}]},
           "unit": "percent"}, "overrides": []},
         "gridPos": {"h": 4, "w": 3, "x": 0, "y": 1}, "id": 20, "options": {"orientation": "auto", "reduceOptions": {"calcs": ["lastNotNull"]}},
         "pluginVersion": "10.2.0",
         "targets": [{"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "editorMode": "code", "exemplar": false,
           "expr": "100 * (1 - avg(rate(node_cpu_seconds_total{mode=\"idle\", instance=\"$node\"}[$__rate_interval])))",
           "instant": true, "intervalFactor": 1, "legendFormat": "__auto", "range": false, "refId": "A", "step": 240}],
         "title": "CPU Busy", "type": "gauge", "repeat": "node", "repeatDirection": "h"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
         "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}, {"color": "orange", "value": 70}, {"color": "red", "value": 90}]}, "unit": "percent", "decimals": 0}},
         "gridPos": {"h": 4, "w": 3, "x": 3, "y": 1}, "id": 16, "options": {"colorMode": "value", "graphMode": "area"},
         "targets": [{"expr": "(1 - (node_memory_MemAvailable_bytes{instance=\"$node\"} / node_memory_MemTotal_bytes{instance=\"$node\"})) * 100", "refId": "A"}],
         "title": "RAM Used", "type": "stat"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
         "fieldConfig": {"defaults": {"min": 0, "max": 100, "unit": "percent", "thresholds": {"mode": "percentage", "steps": [{"color": "#EAB839", "value": null}, {"color": "semi-dark-red", "value": 80}]}}},
         "gridPos": {"h": 4, "w": 6, "x": 6, "y": 1}, "id": 154, "options": {"displayMode": "gradient", "orientation": "horizontal"},
         "targets": [{"expr": "100 - (node_filesystem_avail_bytes{instance=\"$node\"} * 100 / node_filesystem_size_bytes{instance=\"$node\"})", "legendFormat": "{{mountpoint}}", "refId": "A"}],
         "title": "Disk usage", "type": "bargauge"},
        {"datasource": "${DS_PROMETHEUS}", "gridPos": {"h": 4, "w": 6, "x": 12, "y": 1}, "id": 300,
         "targets": [{"expr": "node_uname_info{instance=\"$node\"}", "format": "table", "instant": true, "refId": "A"}],
         "title": "Kernel", "type": "table", "transformations": [{"id": "organize", "options": {}}]},
        {"gridPos": {"h": 4, "w": 6, "x": 18, "y": 1}, "id": 301, "options": {"content": "Data from **node_exporter**.", "mode": "markdown"},
         "title": "About", "type": "text"},
        {"collapsed": true, "gridPos": {"h": 1, "w": 24, "x": 0, "y": 5}, "id": 263, "title": "Basic CPU / Mem / Net / Disk", "type": "row",
         "panels": [
           {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
            "fieldConfig": {"defaults": {"custom": {"drawStyle": "line", "fillOpacity": 40, "stacking": {"group": "A", "mode": "percent"}, "lineWidth": 1},
              "unit": "percentunit", "min": 0, "max": 1}, "overrides": []},
            "gridPos": {"h": 7, "w": 12, "x": 0, "y": 6}, "id": 77, "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
            "targets": [
              {"expr": "sum by(instance) (irate(node_cpu_seconds_total{instance=\"$node\",mode=\"system\"}[$__rate_interval])) / on(instance) group_left sum by (instance)((irate(node_cpu_seconds_total{instance=\"$node\"}[$__rate_interval])))", "legendFormat": "Busy System", "refId": "A"},
              {"expr": "sum by(instance) (irate(node_cpu_seconds_total{instance=\"$node\",mode=\"user\"}[$__rate_interval])) / on(instance) group_left sum by (instance)((irate(node_cpu_seconds_total{instance=\"$node\"}[$__rate_interval])))", "legendFormat": "Busy User", "refId": "B"},
              {"expr": "", "refId": "C"}
            ],
            "title": "CPU Basic", "type": "timeseries"},
           {"datasource": "${DS_PROMETHEUS}", "gridPos": {"h": 7, "w": 12, "x": 12, "y": 6}, "id": 74, "type": "graph", "title": "Network Traffic Basic",
            "bars": false, "lines": true, "fill": 1, "stack": false, "decimals": 2,
            "yaxes": [{"format": "bps", "logBase": 1, "min": "0", "max": null, "show": true}, {"format": "short", "show": false}],
            "thresholds": [{"value": 1000000000, "colorMode": "critical", "op": "gt", "fill": true}],
            "targets": [{"expr": "irate(node_network_receive_bytes_total{instance=\"$node\"}[$__rate_interval])*8", "legendFormat": "recv {{device}}", "refId": "A", "intervalFactor": 1},
                        {"expr": "irate(node_network_transmit_bytes_total{instance=\"$node\"}[$__rate_interval])*8", "legendFormat": "trans {{device}} ", "refId": "B"}]}
         ]},
        {"collapsed": false, "gridPos": {"h": 1, "w": 24, "x": 0, "y": 6}, "id": 265, "panels": [], "title": "Details", "type": "row"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"},
         "fieldConfig": {"defaults": {"custom": {"drawStyle": "line", "fillOpacity": 20, "stacking": {"mode": "normal"}}, "unit": "bytes"}},
         "gridPos": {"h": 8, "w": 12, "x": 0, "y": 7}, "id": 78,
         "targets": [{"expr": "node_memory_MemTotal_bytes{instance=\"$node\"} - node_memory_MemAvailable_bytes{instance=\"$node\"}", "legendFormat": "RAM Used", "refId": "A"},
                     {"expr": "node_memory_MemAvailable_bytes{instance=\"$node\"}", "legendFormat": "RAM Available", "refId": "B", "hide": true}],
         "title": "Memory Basic", "type": "timeseries"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "gridPos": {"h": 8, "w": 6, "x": 12, "y": 7}, "id": 400,
         "options": {"displayLabels": ["percent"], "pieType": "pie"},
         "targets": [{"expr": "node_filesystem_size_bytes", "refId": "A"}], "title": "Disk share", "type": "piechart"},
        {"datasource": {"type": "elasticsearch", "uid": "es1"}, "gridPos": {"h": 8, "w": 6, "x": 18, "y": 7}, "id": 401,
         "targets": [{"bucketAggs": [{"type": "date_histogram"}], "metrics": [{"type": "count"}], "query": "level:error", "refId": "A"}],
         "title": "ES errors", "type": "graph"},
        {"datasource": {"type": "loki", "uid": "loki1"}, "gridPos": {"h": 8, "w": 24, "x": 0, "y": 15}, "id": 402,
         "targets": [{"expr": "{job=\"varlogs\"} |= \"error\"", "refId": "A"}], "title": "Syslog errors", "type": "logs"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "gridPos": {"h": 8, "w": 12, "x": 0, "y": 23}, "id": 403,
         "fieldConfig": {"defaults": {"custom": {"drawStyle": "bars", "fillOpacity": 100}, "unit": "ops"}},
         "targets": [{"expr": "rate(node_context_switches_total{instance=\"$node\"}[$__rate_interval])", "legendFormat": "switches", "refId": "A"}],
         "title": "Context switches", "type": "timeseries"},
        {"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "gridPos": {"h": 8, "w": 12, "x": 12, "y": 23}, "id": 404,
         "targets": [{"expr": "sum(rate(node_disk_io_time_seconds_total[5m])) by (le)", "format": "heatmap", "refId": "A"}],
         "title": "IO heat", "type": "heatmap"}
      ],
      "refresh": "1m", "schemaVersion": 38, "tags": ["linux", "node_exporter"],
      "templating": {"list": [
        {"current": {"selected": false, "text": "default", "value": "default"}, "hide": 0, "includeAll": false, "label": "Datasource",
         "multi": false, "name": "DS_PROMETHEUS", "options": [], "query": "prometheus", "refresh": 1, "regex": "", "type": "datasource"},
        {"current": {}, "datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}, "definition": "label_values(node_uname_info, job)",
         "hide": 0, "includeAll": false, "label": "Job", "multi": false, "name": "job",
         "query": {"query": "label_values(node_uname_info, job)", "refId": "Prometheus-job-Variable-Query"}, "refresh": 1, "type": "query"},
        {"current": {"text": "host1:9100", "value": "host1:9100"}, "datasource": "${DS_PROMETHEUS}", "label": "Host", "multi": false,
         "name": "node", "query": "label_values(node_uname_info{job=\"$job\"}, instance)", "regex": "/([^:]+):.*/", "type": "query"},
        {"name": "top", "type": "query", "query": "query_result(topk(5, node_load1))", "datasource": "${DS_PROMETHEUS}", "multi": true, "includeAll": true,
         "current": {"text": ["All"], "value": ["$__all"]}},
        {"name": "mode", "type": "custom", "query": "user, system : system,iowait", "current": {"text": "user", "value": "user"}, "multi": true},
        {"name": "levels", "type": "custom", "query": "", "options": [{"text": "info", "value": "info"}, {"text": "warn", "value": "warn"}]},
        {"name": "resolution", "type": "interval", "query": "1m,10m,30m,1h", "auto": true, "current": {"text": "10m", "value": "10m"}},
        {"name": "diskdevices", "type": "constant", "query": "[a-z]+|nvme[0-9]+n[0-9]+", "hide": 2},
        {"name": "search", "type": "textbox", "query": "error"},
        {"name": "Filters", "type": "adhoc", "datasource": "${DS_PROMETHEUS}"},
        {"name": "bad-name", "type": "constant", "query": "x"}
      ]},
      "time": {"from": "now-24h", "to": "now"}, "timepicker": {}, "timezone": "browser",
      "title": "Node Exporter Full", "uid": "rYdddlPWk", "version": 92, "weekStart": ""
    }
    """#

  /// Grafana 4/5 style: no gridPos, panels inside `rows` with `span` (of 12) and pixel heights.
  static let legacyRows = #"""
    {
      "title": "Old Node", "schemaVersion": 14, "id": 3, "refresh": false, "time": {"from": "2024-01-01T00:00:00Z", "to": "now"},
      "rows": [
        {"title": "Summary", "height": "150px", "showTitle": true, "collapse": false, "panels": [
          {"id": 1, "type": "singlestat", "title": "Load", "span": 3, "datasource": "Prometheus", "format": "short", "decimals": 2,
           "thresholds": "1,4", "colors": ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"],
           "targets": [{"expr": "node_load1", "refId": "A"}]},
          {"id": 2, "type": "singlestat", "title": "Memory", "span": 3, "datasource": "Prometheus", "format": "percent",
           "gauge": {"show": true, "minValue": 0, "maxValue": 100}, "thresholds": "80,90", "colors": ["green", "orange", "red"],
           "targets": [{"expr": "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)", "refId": "A"}]},
          {"id": 3, "type": "graph", "title": "CPU", "span": 6, "datasource": "Prometheus", "stack": true, "fill": 3,
           "yaxes": [{"format": "percentunit", "min": 0, "max": "1"}, {"format": "short"}],
           "targets": [{"expr": "rate(node_cpu_seconds_total[1m])", "legendFormat": "{{cpu}} {{mode}}", "refId": "A"}]},
          {"id": 4, "type": "grafana-piechart-panel", "title": "Pie", "span": 4, "targets": [{"expr": "up", "refId": "A"}]}
        ]},
        {"title": "Network", "height": 300, "collapse": true, "panels": [
          {"id": 5, "type": "graph", "title": "Traffic", "span": 12, "datasource": "Prometheus", "bars": true, "lines": false, "fill": 0,
           "targets": [{"expr": "rate(node_network_receive_bytes_total[1m])", "refId": "A"}]}
        ]}
      ],
      "templating": {"list": [{"name": "interval", "type": "interval", "query": "auto,1m,5m", "current": {"text": "auto", "value": "$__auto_interval_interval"}}]}
    }
    """#
}
