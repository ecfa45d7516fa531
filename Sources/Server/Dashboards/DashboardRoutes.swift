// The dashboards API (docs/DASHBOARDS.md): list, create, read, update with a version check,
// delete, duplicate, and import of Warden or Grafana JSON. Answers use the Prometheus envelope;
// failures are `APIError`s: 400 naming the field path or JSON byte offset, 404, 409 for a taken
// uid or a stale version, 413 over 2 MiB, 503 while the catalog opens.
import Catalog
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

struct DashboardRoutes {
  let stores: Stores

  struct ListEntry: Encodable {
    let uid: String
    let title: String
    let tags: [String]
    let version: Int
    let updated: Double
    let panelCount: Int
  }

  struct ImportResult: Encodable {
    let dashboard: Dashboard
    let warnings: [String]
  }

  struct Deleted: Encodable {
    let uid: String
  }

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/dashboards") { _, _ in try await list() }
    router.post("/api/v1/dashboards") { request, _ in try await create(request) }
    router.post("/api/v1/dashboards/import") { request, _ in try await importDashboard(request) }
    router.get("/api/v1/dashboards/:uid") { _, context in try await get(uid: context.parameters.get("uid") ?? "") }
    router.put("/api/v1/dashboards/:uid") { request, context in
      try await update(request, uid: context.parameters.get("uid") ?? "")
    }
    router.delete("/api/v1/dashboards/:uid") { _, context in try await delete(uid: context.parameters.get("uid") ?? "") }
    router.post("/api/v1/dashboards/:uid/duplicate") { _, context in
      try await duplicate(uid: context.parameters.get("uid") ?? "")
    }
  }

  // MARK: Handlers

  private func list() async throws -> Response {
    let summaries = try await catalogCall { catalog in try await catalog.dashboardSummaries() }
    return JSONBody.success(
      summaries.map {
        ListEntry(uid: $0.uid, title: $0.title, tags: $0.tags, version: $0.version, updated: $0.updated, panelCount: $0.panelCount)
      })
  }

  private func get(uid: String) async throws -> Response {
    JSONBody.success(try await stored(uid: uid))
  }

  private func create(_ request: Request) async throws -> Response {
    var dashboard = try Self.validated(try Self.json(try await Self.body(request)))
    let now = DashboardDocuments.now()
    dashboard.version = 1
    dashboard.created = now
    dashboard.updated = now
    let uidGiven = !dashboard.uid.isEmpty
    if !uidGiven { dashboard.uid = DashboardDocuments.newUID() }
    guard try await insert(dashboard, retryingUID: !uidGiven) != nil else {
      throw Self.conflict("a dashboard with uid \"\(dashboard.uid)\" already exists")
    }
    return JSONBody.response(APISuccess(data: dashboard), status: .created)
  }

  private func update(_ request: Request, uid: String) async throws -> Response {
    let json = try Self.json(try await Self.body(request))
    var dashboard = try Self.validated(json)
    if !dashboard.uid.isEmpty, dashboard.uid != uid {
      throw APIError.badData("uid: \"\(dashboard.uid)\" does not match the dashboard being saved (\"\(uid)\")")
    }
    // Without `version` the save overwrites whatever is stored (a script's choice); the UI
    // always sends the version it loaded.
    let expected = json["version"].map { !$0.isNull } == true ? dashboard.version : nil
    dashboard.uid = uid
    dashboard.updated = DashboardDocuments.now()
    let record = DashboardDocuments.record(dashboard)
    let outcome = try await catalogCall { catalog in
      try await catalog.updateDashboard(record, expectedVersion: expected)
    }
    switch outcome {
    case .notFound:
      throw Self.notFound(uid)
    case .versionConflict(let stored):
      throw Self.conflict(
        "dashboard \"\(uid)\" was changed by someone else: it is at version \(stored), this save started from version \(expected ?? 0)")
    case .updated(let saved):
      dashboard.version = saved.version
      dashboard.created = saved.created
      return JSONBody.success(dashboard)
    }
  }

  private func delete(uid: String) async throws -> Response {
    let deleted = try await catalogCall { catalog in try await catalog.deleteDashboard(uid: uid) }
    guard deleted else { throw Self.notFound(uid) }
    return JSONBody.success(Deleted(uid: uid))
  }

  private func duplicate(uid: String) async throws -> Response {
    var copy = try await stored(uid: uid)
    copy.title = GrafanaConverter.text(.string("Copy of " + copy.title), limit: DashboardLimits.maxTitleLength)
    // A copy is the user's own: it is no longer the built-in dashboard.
    copy.tags.removeAll { $0 == HostDashboard.builtinTag }
    copy.uid = DashboardDocuments.newUID()
    copy.version = 1
    copy.created = DashboardDocuments.now()
    copy.updated = copy.created
    guard let saved = try await insert(copy, retryingUID: true) else { throw Self.conflict("cannot find a free uid") }
    return JSONBody.response(APISuccess(data: saved), status: .created)
  }

  private func importDashboard(_ request: Request) async throws -> Response {
    let json = try Self.json(try await Self.body(request))
    var dashboard: Dashboard
    var warnings: [String] = []
    if GrafanaConverter.isGrafana(json) {
      switch GrafanaConverter.convert(json) {
      case .success(let conversion):
        dashboard = try Self.validated(conversion.dashboard)
        warnings = conversion.warnings
      case .failure(let error):
        throw APIError.badData(error.description)
      }
    } else {
      dashboard = try Self.validated(json)
    }
    let now = DashboardDocuments.now()
    dashboard.version = 1
    dashboard.created = now
    dashboard.updated = now
    let dryRun = request.uri.queryParameters.get("dryRun").map { $0 == "true" || $0 == "1" } ?? false
    if dryRun {
      return JSONBody.success(ImportResult(dashboard: dashboard, warnings: warnings))
    }
    let wanted = dashboard.uid
    if wanted.isEmpty { dashboard.uid = DashboardDocuments.newUID() }
    var saved = try await insert(dashboard, retryingUID: wanted.isEmpty)
    if saved == nil {
      // The uid is taken (imported before, or another dashboard's): keep both.
      dashboard.uid = DashboardDocuments.newUID()
      saved = try await insert(dashboard, retryingUID: true)
      warnings.append("uid \"\(wanted)\" is already used by another dashboard; imported as \"\(dashboard.uid)\"")
    }
    guard let saved else { throw Self.conflict("cannot find a free uid") }
    return JSONBody.response(APISuccess(data: ImportResult(dashboard: saved, warnings: warnings)), status: .created)
  }

  // MARK: Catalog

  /// Inserts `dashboard`; with `retryingUID`, picks fresh uids while they collide. Nil when taken.
  private func insert(_ dashboard: Dashboard, retryingUID: Bool) async throws -> Dashboard? {
    var dashboard = dashboard
    for _ in 0..<5 {
      let record = DashboardDocuments.record(dashboard)
      if try await catalogCall({ catalog in try await catalog.insertDashboard(record) }) {
        return dashboard
      }
      guard retryingUID else { return nil }
      dashboard.uid = DashboardDocuments.newUID()
    }
    return nil
  }

  private func stored(uid: String) async throws -> Dashboard {
    guard DashboardValidator.isValidUID(uid) else { throw Self.notFound(uid) }
    let record = try await catalogCall { catalog in try await catalog.dashboard(uid: uid) }
    guard let record else { throw Self.notFound(uid) }
    switch DashboardDocuments.dashboard(record) {
    case .success(let dashboard): return dashboard
    case .failure(let error): throw APIError.internal("dashboard \"\(uid)\" is stored damaged: \(error)")
    }
  }

  private func catalogCall<T: Sendable>(_ body: (CatalogDatabase) async throws -> T) async throws -> T {
    guard let catalog = stores.catalog else { throw APIError.unavailable("the catalog is still opening") }
    do {
      return try await body(catalog)
    } catch {
      throw APIError.internal("\(error)")
    }
  }

  // MARK: Requests

  /// The body, refused with 413 (in the API's error shape) over the limit.
  private static func body(_ request: Request) async throws -> [UInt8] {
    do {
      let buffer = try await request.collectBody(limit: DashboardLimits.maxBodyBytes, what: "dashboard body")
      return Array(buffer.readableBytesView)
    } catch let error as ReceiverError {
      throw APIError(status: error.status, errorType: error.status == .contentTooLarge ? "too_large" : "bad_data", message: error.message)
    }
  }

  private static func json(_ bytes: [UInt8]) throws -> DashboardJSON {
    guard !bytes.isEmpty else { throw APIError.badData("the body is empty; expected a dashboard as JSON") }
    switch DashboardDocuments.parse(bytes) {
    case .success(let json): return json
    case .failure(let error): throw APIError.badData(error.description)
    }
  }

  private static func validated(_ json: DashboardJSON) throws -> Dashboard {
    switch DashboardValidator.dashboard(from: json) {
    case .success(let dashboard): return dashboard
    case .failure(let error): throw APIError.badData(error.description)
    }
  }

  private static func validated(_ dashboard: Dashboard) throws -> Dashboard {
    switch DashboardDocuments.normalized(dashboard) {
    case .success(let normalized): return normalized
    case .failure(let error): throw APIError.badData(error.description)
    }
  }

  private static func notFound(_ uid: String) -> APIError {
    APIError(status: .notFound, errorType: "not_found", message: "no dashboard with uid \"\(uid.prefix(80))\"")
  }

  private static func conflict(_ message: String) -> APIError {
    APIError(status: .conflict, errorType: "conflict", message: message)
  }
}
