// Turns a JSON document into a `Dashboard`, refusing anything malformed with the field path of the
// first problem (`panels[2].gridPos.w: must be 1 to 24`). Unknown fields are refused too, so a
// typo never silently loses a setting. Fields the format defines may be left out: they take their
// defaults (docs/DASHBOARDS.md lists them).
import WardenCore

/// A malformed dashboard document: where, and what is wrong.
struct DashboardValidationError: Error, Sendable, Equatable, CustomStringConvertible {
  var path: String
  var message: String

  var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

enum DashboardValidator {
  static let documentFields: Set<String> = [
    "uid", "title", "description", "tags", "time", "refresh", "variables", "panels", "version", "created", "updated",
  ]
  static let panelFields: Set<String> = [
    "id", "type", "title", "description", "gridPos", "targets", "unit", "decimals", "min", "max", "thresholds", "stack",
    "fill", "content", "collapsed",
  ]
  static let variableFields: Set<String> = ["name", "label", "type", "query", "values", "multi", "includeAll", "current"]

  /// Validates `json` as a whole dashboard document.
  static func dashboard(from json: DashboardJSON) -> Result<Dashboard, DashboardValidationError> {
    do {
      return .success(try document(json))
    } catch {
      return .failure(error)
    }
  }

  /// Whether `uid` may name a dashboard: 1 to 64 of `[A-Za-z0-9_-]`.
  static func isValidUID(_ uid: String) -> Bool {
    !uid.isEmpty && uid.utf8.count <= 64 && uid.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
  }

  /// Whether `name` may name a variable: a letter or `_`, then letters, digits or `_`, at most 64.
  static func isValidVariableName(_ name: String) -> Bool {
    guard let first = name.utf8.first, name.utf8.count <= 64 else { return false }
    return (isLetter(first) || first == UInt8(ascii: "_"))
      && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
  }

  /// Whether `color` is `#` and 3, 4, 6 or 8 hex digits.
  static func isValidColor(_ color: String) -> Bool {
    let utf8 = Array(color.utf8)
    guard utf8.first == UInt8(ascii: "#"), [4, 5, 7, 9].contains(utf8.count) else { return false }
    return utf8.dropFirst().allSatisfy { isHexDigit($0) }
  }

  // MARK: Document

  private static func document(_ json: DashboardJSON) throws(DashboardValidationError) -> Dashboard {
    let fields = try Fields(json, path: "")
    try fields.refuseUnknown(documentFields)
    var dashboard = Dashboard(uid: "", title: "")
    // An empty uid is no uid (a new dashboard): the server makes one up.
    if let uid = try fields.string("uid", maxLength: 64), !uid.isEmpty {
      guard isValidUID(uid) else {
        throw DashboardValidationError(path: "uid", message: "must be 1 to 64 letters, digits, '_' or '-'")
      }
      dashboard.uid = uid
    }
    guard let title = try fields.string("title", maxLength: DashboardLimits.maxTitleLength),
      !title.allSatisfy(\.isWhitespace)
    else {
      throw DashboardValidationError(path: "title", message: "must not be empty")
    }
    dashboard.title = title
    dashboard.description = try fields.string("description", maxLength: DashboardLimits.maxDescriptionLength) ?? ""
    dashboard.tags = try tags(fields)
    if let time = fields["time"] {
      let timeFields = try Fields(time, path: "time")
      try timeFields.refuseUnknown(["from", "to"])
      dashboard.time.from = try timeFields.nonEmptyString("from", maxLength: 64) ?? dashboard.time.from
      dashboard.time.to = try timeFields.nonEmptyString("to", maxLength: 64) ?? dashboard.time.to
    }
    if let refresh = try fields.string("refresh", maxLength: 32), !refresh.isEmpty {
      guard let ms = PrometheusDuration.parseMilliseconds(refresh), ms >= 1000 else {
        throw DashboardValidationError(path: "refresh", message: "must be empty (off) or a duration of at least 1s such as 10s")
      }
      dashboard.refresh = refresh
    }
    dashboard.variables = try variables(fields)
    dashboard.panels = try panels(fields)
    if let version = try fields.int("version", in: 1...Int(Int32.max)) { dashboard.version = version }
    dashboard.created = try fields.double("created").map { max(0, $0) } ?? 0
    dashboard.updated = try fields.double("updated").map { max(0, $0) } ?? 0
    return dashboard
  }

  private static func tags(_ fields: Fields) throws(DashboardValidationError) -> [String] {
    guard let items = try fields.array("tags") else { return [] }
    guard items.count <= DashboardLimits.maxTags else {
      throw DashboardValidationError(path: "tags", message: "at most \(DashboardLimits.maxTags) tags")
    }
    var tags: [String] = []
    for (index, item) in items.enumerated() {
      let path = "tags[\(index)]"
      guard let tag = item.stringValue else { throw DashboardValidationError(path: path, message: "expected a string, got \(item.kindName)") }
      guard !tag.isEmpty, tag.count <= DashboardLimits.maxTagLength else {
        throw DashboardValidationError(path: path, message: "must be 1 to \(DashboardLimits.maxTagLength) characters")
      }
      if !tags.contains(tag) { tags.append(tag) }
    }
    return tags
  }

  // MARK: Variables

  private static func variables(_ fields: Fields) throws(DashboardValidationError) -> [Dashboard.Variable] {
    guard let items = try fields.array("variables") else { return [] }
    guard items.count <= DashboardLimits.maxVariables else {
      throw DashboardValidationError(path: "variables", message: "at most \(DashboardLimits.maxVariables) variables, got \(items.count)")
    }
    var names: Set<String> = []
    var variables: [Dashboard.Variable] = []
    for (index, item) in items.enumerated() {
      let variable = try variable(item, path: "variables[\(index)]")
      guard names.insert(variable.name).inserted else {
        throw DashboardValidationError(path: "variables[\(index)].name", message: "\"\(variable.name)\" is already used by another variable")
      }
      variables.append(variable)
    }
    return variables
  }

  private static func variable(_ json: DashboardJSON, path: String) throws(DashboardValidationError) -> Dashboard.Variable {
    let fields = try Fields(json, path: path)
    try fields.refuseUnknown(variableFields)
    guard let name = try fields.string("name", maxLength: 64) else {
      throw DashboardValidationError(path: fields.path("name"), message: "required")
    }
    guard isValidVariableName(name) else {
      throw DashboardValidationError(
        path: fields.path("name"), message: "\"\(name)\" is not a valid name (a letter or '_', then letters, digits or '_')")
    }
    guard let typeText = try fields.string("type", maxLength: 32) else {
      throw DashboardValidationError(path: fields.path("type"), message: "required")
    }
    guard let type = Dashboard.VariableType(rawValue: typeText) else {
      throw DashboardValidationError(
        path: fields.path("type"),
        message: "unknown type \"\(typeText)\" (one of \(Dashboard.VariableType.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    var variable = Dashboard.Variable(name: name, type: type)
    variable.label = try fields.string("label", maxLength: DashboardLimits.maxTitleLength) ?? ""
    variable.query = try fields.string("query", maxLength: DashboardLimits.maxExpressionLength) ?? ""
    if type == .query, variable.query.allSatisfy(\.isWhitespace) {
      throw DashboardValidationError(path: fields.path("query"), message: "required for query variables")
    }
    if let items = try fields.array("values") {
      guard items.count <= DashboardLimits.maxVariableValues else {
        throw DashboardValidationError(path: fields.path("values"), message: "at most \(DashboardLimits.maxVariableValues) values")
      }
      for (index, item) in items.enumerated() {
        guard let value = item.stringValue, value.utf8.count <= DashboardLimits.maxShortText else {
          throw DashboardValidationError(
            path: fields.path("values") + "[\(index)]", message: "expected a string of at most \(DashboardLimits.maxShortText) bytes")
        }
        variable.values.append(value)
      }
    }
    if type == .interval {
      for (index, value) in variable.values.enumerated() where !isIntervalChoice(value) {
        throw DashboardValidationError(path: fields.path("values") + "[\(index)]", message: "\"\(value)\" is not a duration such as 1m")
      }
    }
    variable.multi = try fields.bool("multi") ?? false
    variable.includeAll = try fields.bool("includeAll") ?? false
    if let current = fields["current"], !current.isNull {
      switch current {
      case .string(let value):
        guard value.utf8.count <= DashboardLimits.maxShortText * 16 else {
          throw DashboardValidationError(path: fields.path("current"), message: "too long")
        }
        variable.current = .one(value)
      case .array(let items):
        var values: [String] = []
        for (index, item) in items.enumerated() {
          guard let value = item.stringValue, value.utf8.count <= DashboardLimits.maxShortText else {
            throw DashboardValidationError(path: fields.path("current") + "[\(index)]", message: "expected a string")
          }
          values.append(value)
        }
        guard values.count <= DashboardLimits.maxVariableValues else {
          throw DashboardValidationError(path: fields.path("current"), message: "too many values")
        }
        variable.current = .many(values)
      default:
        throw DashboardValidationError(path: fields.path("current"), message: "expected a string or an array of strings, got \(current.kindName)")
      }
    }
    return variable
  }

  private static func isIntervalChoice(_ value: String) -> Bool {
    value == "auto" || value.hasPrefix("$") || (PrometheusDuration.parseMilliseconds(value).map { $0 > 0 } ?? false)
  }

  // MARK: Panels

  private static func panels(_ fields: Fields) throws(DashboardValidationError) -> [Dashboard.Panel] {
    guard let items = try fields.array("panels") else { return [] }
    guard items.count <= DashboardLimits.maxPanels else {
      throw DashboardValidationError(path: "panels", message: "at most \(DashboardLimits.maxPanels) panels, got \(items.count)")
    }
    var panels: [Dashboard.Panel] = []
    var ids: Set<Int> = []
    var missingID: [Int] = []
    for (index, item) in items.enumerated() {
      let panel = try panel(item, path: "panels[\(index)]")
      if panel.id == 0 {
        missingID.append(index)
      } else if !ids.insert(panel.id).inserted {
        throw DashboardValidationError(path: "panels[\(index)].id", message: "\(panel.id) is already used by another panel")
      }
      panels.append(panel)
    }
    // Panels added by hand may leave out `id`: they get the lowest free ones.
    var next = 1
    for index in missingID {
      while ids.contains(next) { next += 1 }
      panels[index].id = next
      ids.insert(next)
    }
    return panels
  }

  private static func panel(_ json: DashboardJSON, path: String) throws(DashboardValidationError) -> Dashboard.Panel {
    let fields = try Fields(json, path: path)
    try fields.refuseUnknown(panelFields)
    let id = try fields.int("id", in: 1...Int(Int32.max)) ?? 0
    guard let typeText = try fields.string("type", maxLength: 32) else {
      throw DashboardValidationError(path: fields.path("type"), message: "required")
    }
    guard let type = Dashboard.PanelType(rawValue: typeText) else {
      throw DashboardValidationError(
        path: fields.path("type"),
        message: "unknown panel type \"\(typeText)\" (one of \(Dashboard.PanelType.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    guard let gridJSON = fields["gridPos"] else {
      throw DashboardValidationError(path: fields.path("gridPos"), message: "required")
    }
    var panel = Dashboard.Panel(id: id, type: type, gridPos: try gridPos(gridJSON, path: fields.path("gridPos")))
    panel.title = try fields.string("title", maxLength: DashboardLimits.maxTitleLength) ?? ""
    panel.description = try fields.string("description", maxLength: DashboardLimits.maxDescriptionLength) ?? ""
    panel.targets = try targets(fields)
    panel.unit = try fields.string("unit", maxLength: 64) ?? ""
    panel.decimals = try fields.int("decimals", in: 0...DashboardLimits.maxDecimals)
    panel.min = try fields.double("min")
    panel.max = try fields.double("max")
    if let min = panel.min, let max = panel.max, min > max {
      throw DashboardValidationError(path: fields.path("max"), message: "must not be below min (\(min))")
    }
    panel.thresholds = try thresholds(fields)
    panel.stack = try fields.bool("stack") ?? false
    if let fill = try fields.string("fill", maxLength: 16) {
      guard let parsed = Dashboard.Fill(rawValue: fill) else {
        throw DashboardValidationError(path: fields.path("fill"), message: "must be \"line\" or \"area\"")
      }
      panel.fill = parsed
    }
    panel.content = try fields.string("content", maxLength: DashboardLimits.maxContentLength) ?? ""
    panel.collapsed = try fields.bool("collapsed") ?? false
    return panel
  }

  private static func gridPos(_ json: DashboardJSON, path: String) throws(DashboardValidationError) -> Dashboard.GridPos {
    let fields = try Fields(json, path: path)
    try fields.refuseUnknown(["x", "y", "w", "h"])
    let columns = DashboardLimits.gridColumns
    guard let x = try fields.int("x", in: 0...(columns - 1), message: "must be 0 to \(columns - 1)") else {
      throw DashboardValidationError(path: fields.path("x"), message: "required")
    }
    guard let y = try fields.int("y", in: 0...DashboardLimits.maxPanelY, message: "must be 0 to \(DashboardLimits.maxPanelY)") else {
      throw DashboardValidationError(path: fields.path("y"), message: "required")
    }
    guard let w = try fields.int("w", in: 1...columns, message: "must be 1 to \(columns)") else {
      throw DashboardValidationError(path: fields.path("w"), message: "required")
    }
    guard let h = try fields.int("h", in: 1...DashboardLimits.maxPanelHeight, message: "must be 1 to \(DashboardLimits.maxPanelHeight)") else {
      throw DashboardValidationError(path: fields.path("h"), message: "required")
    }
    guard x + w <= columns else {
      throw DashboardValidationError(path: fields.path("w"), message: "x + w must be at most \(columns) (x is \(x), w is \(w))")
    }
    return Dashboard.GridPos(x: x, y: y, w: w, h: h)
  }

  private static func targets(_ fields: Fields) throws(DashboardValidationError) -> [Dashboard.Target] {
    guard let items = try fields.array("targets") else { return [] }
    guard items.count <= DashboardLimits.maxTargetsPerPanel else {
      throw DashboardValidationError(
        path: fields.path("targets"), message: "at most \(DashboardLimits.maxTargetsPerPanel) targets per panel, got \(items.count)")
    }
    var targets: [Dashboard.Target] = []
    var refIDs: Set<String> = []
    for (index, item) in items.enumerated() {
      let target = try Fields(item, path: fields.path("targets") + "[\(index)]")
      try target.refuseUnknown(["refId", "expr", "legend", "language"])
      let refID = try target.string("refId", maxLength: 32) ?? Self.refID(index)
      guard !refID.isEmpty, refIDs.insert(refID).inserted else {
        throw DashboardValidationError(path: target.path("refId"), message: refID.isEmpty ? "must not be empty" : "\"\(refID)\" is used twice")
      }
      var parsed = Dashboard.Target(refId: refID, expr: try target.string("expr", maxLength: DashboardLimits.maxExpressionLength) ?? "")
      parsed.legend = try target.string("legend", maxLength: DashboardLimits.maxShortText * 4) ?? ""
      if let language = try target.string("language", maxLength: 16) {
        guard let value = Dashboard.QueryLanguage(rawValue: language) else {
          throw DashboardValidationError(path: target.path("language"), message: "must be \"promql\" or \"logql\"")
        }
        parsed.language = value
      }
      targets.append(parsed)
    }
    return targets
  }

  /// "A", "B", ... "Z", "AA", ...: Grafana's reference ids.
  static func refID(_ index: Int) -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    var index = index
    var text = ""
    repeat {
      text.insert(letters[index % 26], at: text.startIndex)
      index = index / 26 - 1
    } while index >= 0
    return text
  }

  private static func thresholds(_ fields: Fields) throws(DashboardValidationError) -> [Dashboard.Threshold] {
    guard let items = try fields.array("thresholds") else { return [] }
    guard items.count <= DashboardLimits.maxThresholds else {
      throw DashboardValidationError(path: fields.path("thresholds"), message: "at most \(DashboardLimits.maxThresholds) steps")
    }
    var steps: [Dashboard.Threshold] = []
    for (index, item) in items.enumerated() {
      let step = try Fields(item, path: fields.path("thresholds") + "[\(index)]")
      try step.refuseUnknown(["value", "color"])
      let value = try step.double("value")
      guard let color = try step.string("color", maxLength: 16) else {
        throw DashboardValidationError(path: step.path("color"), message: "required")
      }
      guard isValidColor(color) else {
        throw DashboardValidationError(path: step.path("color"), message: "\"\(color)\" is not a colour such as #009E73")
      }
      if index > 0 {
        guard let value else {
          throw DashboardValidationError(path: step.path("value"), message: "only the first step may be null (the base)")
        }
        if let previous = steps.last?.value, value <= previous {
          throw DashboardValidationError(path: step.path("value"), message: "must be above the previous step (\(previous))")
        }
      }
      steps.append(Dashboard.Threshold(value: value, color: color))
    }
    return steps
  }

  // MARK: Characters

  private static func isLetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
  }
}

/// The members of one JSON object and its path, with typed accessors that name the path on error.
/// A member that is null counts as absent.
private struct Fields {
  let members: [(key: String, value: DashboardJSON)]
  let base: String

  init(_ json: DashboardJSON, path: String) throws(DashboardValidationError) {
    guard let members = json.objectMembers else {
      throw DashboardValidationError(path: path, message: "expected an object, got \(json.kindName)")
    }
    self.members = members
    base = path
  }

  func path(_ key: String) -> String { base.isEmpty ? key : base + "." + key }

  subscript(key: String) -> DashboardJSON? {
    guard let value = members.last(where: { $0.key == key })?.value, !value.isNull else { return nil }
    return value
  }

  func refuseUnknown(_ known: Set<String>) throws(DashboardValidationError) {
    if let unknown = members.first(where: { !known.contains($0.key) }) {
      throw DashboardValidationError(path: path(unknown.key), message: "unknown field")
    }
  }

  func string(_ key: String, maxLength: Int) throws(DashboardValidationError) -> String? {
    guard let value = self[key] else { return nil }
    guard let text = value.stringValue else {
      throw DashboardValidationError(path: path(key), message: "expected a string, got \(value.kindName)")
    }
    guard text.utf8.count <= maxLength else {
      throw DashboardValidationError(path: path(key), message: "longer than \(maxLength) bytes")
    }
    return text
  }

  func nonEmptyString(_ key: String, maxLength: Int) throws(DashboardValidationError) -> String? {
    guard let text = try string(key, maxLength: maxLength) else { return nil }
    guard !text.isEmpty else { throw DashboardValidationError(path: path(key), message: "must not be empty") }
    return text
  }

  func int(_ key: String, in range: ClosedRange<Int>, message: String? = nil) throws(DashboardValidationError) -> Int? {
    guard let value = self[key] else { return nil }
    guard let number = value.numberValue, number.rounded() == number, abs(number) < 1e15 else {
      throw DashboardValidationError(path: path(key), message: "expected an integer, got \(value.kindName == "a number" ? "a fraction" : value.kindName)")
    }
    let integer = Int(number)
    guard range.contains(integer) else {
      throw DashboardValidationError(path: path(key), message: message ?? "must be \(range.lowerBound) to \(range.upperBound)")
    }
    return integer
  }

  func double(_ key: String) throws(DashboardValidationError) -> Double? {
    guard let value = self[key] else { return nil }
    guard let number = value.numberValue else {
      throw DashboardValidationError(path: path(key), message: "expected a number, got \(value.kindName)")
    }
    return number
  }

  func bool(_ key: String) throws(DashboardValidationError) -> Bool? {
    guard let value = self[key] else { return nil }
    guard let flag = value.boolValue else {
      throw DashboardValidationError(path: path(key), message: "expected true or false, got \(value.kindName)")
    }
    return flag
  }

  func array(_ key: String) throws(DashboardValidationError) -> [DashboardJSON]? {
    guard let value = self[key] else { return nil }
    guard let items = value.arrayValue else {
      throw DashboardValidationError(path: path(key), message: "expected an array, got \(value.kindName)")
    }
    return items
  }
}
