// The dashboard document in Warden's own format (docs/DASHBOARDS.md): what the UI edits, the API
// stores in the catalog, and Grafana imports are converted into. Values are built only by
// `DashboardValidator` (from JSON) or by code in this module, so a `Dashboard` is always valid.
// Encoded with every field present (null where unset), so clients see one stable shape.

struct Dashboard: Sendable, Equatable, Encodable {
  var uid: String
  var title: String
  var description: String = ""
  var tags: [String] = []
  var time = TimeRange()
  var refresh: String = ""
  var variables: [Variable] = []
  var panels: [Panel] = []
  var version: Int = 1
  /// Seconds since the epoch.
  var created: Double = 0
  var updated: Double = 0

  struct TimeRange: Sendable, Equatable, Encodable {
    var from = "now-1h"
    var to = "now"
  }

  enum VariableType: String, Sendable, Equatable, Encodable, CaseIterable {
    case query, custom, interval, constant, textbox
  }

  /// The selected value: one value, or several for `multi` variables.
  enum Selection: Sendable, Equatable, Encodable {
    case one(String)
    case many([String])

    func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .one(let value): try container.encode(value)
      case .many(let values): try container.encode(values)
      }
    }
  }

  struct Variable: Sendable, Equatable, Encodable {
    var name: String
    var label: String = ""
    var type: VariableType
    /// For `query`: `label_values(...)`, `query_result(...)`, `metrics(...)` or `label_names()`.
    var query: String = ""
    /// For `custom` and `interval`: the choices.
    var values: [String] = []
    var multi = false
    var includeAll = false
    var current: Selection = .one("")
  }

  enum PanelType: String, Sendable, Equatable, Encodable, CaseIterable {
    case timeseries, bars, stat, gauge, bargauge, table, heatmap, text, logs, row
  }

  enum Fill: String, Sendable, Equatable, Encodable, CaseIterable {
    case line, area
  }

  enum QueryLanguage: String, Sendable, Equatable, Encodable, CaseIterable {
    case promql, logql
  }

  struct GridPos: Sendable, Equatable, Encodable {
    var x: Int
    var y: Int
    var w: Int
    var h: Int
  }

  struct Target: Sendable, Equatable, Encodable {
    var refId: String
    var expr: String
    /// A legend template: `{{instance}}` is replaced by the series' label.
    var legend: String = ""
    var language: QueryLanguage = .promql
  }

  struct Threshold: Sendable, Equatable, Encodable {
    /// Nil for the base step (everything below the first value).
    var value: Double?
    var color: String

    enum CodingKeys: String, CodingKey { case value, color }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(value, forKey: .value)
      try container.encode(color, forKey: .color)
    }
  }

  struct Panel: Sendable, Equatable, Encodable {
    var id: Int
    var type: PanelType
    var title: String = ""
    var description: String = ""
    var gridPos: GridPos
    var targets: [Target] = []
    var unit: String = ""
    var decimals: Int?
    var min: Double?
    var max: Double?
    var thresholds: [Threshold] = []
    var stack = false
    var fill: Fill = .line
    /// Markdown or plain text of `text` panels.
    var content: String = ""
    /// For `row` panels: whether the panels below it (up to the next row) are folded away.
    var collapsed = false

    enum CodingKeys: String, CodingKey {
      case id, type, title, description, gridPos, targets, unit, decimals, min, max, thresholds, stack, fill, content, collapsed
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(type, forKey: .type)
      try container.encode(title, forKey: .title)
      try container.encode(description, forKey: .description)
      try container.encode(gridPos, forKey: .gridPos)
      try container.encode(targets, forKey: .targets)
      try container.encode(unit, forKey: .unit)
      try container.encode(decimals, forKey: .decimals)
      try container.encode(min, forKey: .min)
      try container.encode(max, forKey: .max)
      try container.encode(thresholds, forKey: .thresholds)
      try container.encode(stack, forKey: .stack)
      try container.encode(fill, forKey: .fill)
      try container.encode(content, forKey: .content)
      try container.encode(collapsed, forKey: .collapsed)
    }
  }
}

/// The limits every stored dashboard keeps (the API refuses larger documents with 400 or 413).
enum DashboardLimits {
  static let maxBodyBytes = 2 * 1024 * 1024
  static let maxPanels = 200
  static let maxVariables = 50
  static let maxTargetsPerPanel = 20
  static let maxTags = 20
  static let maxTagLength = 64
  static let maxTitleLength = 200
  static let maxDescriptionLength = 4096
  static let maxExpressionLength = 64 * 1024
  static let maxContentLength = 256 * 1024
  static let maxThresholds = 20
  static let maxVariableValues = 1000
  static let maxShortText = 256
  static let gridColumns = 24
  static let maxPanelHeight = 100
  static let maxPanelY = 100_000
  static let maxDecimals = 10
}
