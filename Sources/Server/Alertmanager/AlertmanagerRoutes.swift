// Alertmanager's API v2 under /api/v2, so Prometheus's `alerting:` section can send its alerts to
// Warden and amtool (and Grafana's Alertmanager data source) can list alerts and manage silences.
// Requests are checked here with Alertmanager's messages; the notifier does the rest.
import Foundation
import Hummingbird
import Notify
import WardenCore

struct AlertmanagerRoutes {
  let notifier: AlertNotifierSlot
  var alertsBodyLimit = 10 << 20
  var silenceBodyLimit = 1 << 20
  var alertLimits = PostableAlertsDecoder.Limits()

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v2/alerts") { request, _ in try await listAlerts(request) }
    router.post("/api/v2/alerts") { request, _ in try await postAlerts(request) }
    router.get("/api/v2/alerts/groups") { request, _ in try await listGroups(request) }
    router.get("/api/v2/silences") { request, _ in try await listSilences(request) }
    router.post("/api/v2/silences") { request, _ in try await postSilence(request) }
    router.get("/api/v2/silence/:id") { _, context in try await getSilence(id: context.parameters.get("id") ?? "") }
    router.delete("/api/v2/silence/:id") { _, context in try await expireSilence(id: context.parameters.get("id") ?? "") }
    router.get("/api/v2/status") { _, _ in try await status() }
    router.get("/api/v2/receivers") { _, _ in try await receivers() }
  }

  private static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

  private func postAlerts(_ request: Request) async throws -> Response {
    let notifier = try await notifier.require()
    let body = try await Self.body(request, limit: alertsBodyLimit, what: "alerts body")
    let posted = try PostableAlertsDecoder.decode(body, nowMs: Self.nowMs(), limits: alertLimits)
    // As Alertmanager: the valid alerts are taken even when others in the request are refused.
    if !posted.alerts.isEmpty {
      let report = await notifier.receive(posted.alerts, source: "api")
      // Full is a passing state (alerts resolve and are dropped): 503 asks the sender to retry.
      if report.rejected > 0 {
        throw AlertmanagerAPIError.unavailable(
          "\(report.rejected) of \(posted.alerts.count) alerts rejected: the notifier holds its maximum number of alerts")
      }
    }
    if !posted.rejections.isEmpty { throw AlertmanagerAPIError.badRequest(posted.rejections.joined(separator: "; ")) }
    return Self.json(nil)
  }

  private func listAlerts(_ request: Request) async throws -> Response {
    let notifier = try await notifier.require()
    let filter = try AlertmanagerQuery.alertFilter(try await FormParameters.read(request))
    // Ordered by fingerprint, as Alertmanager lists them.
    let snapshots = notifier.alerts(filter)
    var writer = PrometheusJSONWriter(reservingCapacity: 512 * max(1, snapshots.count))
    writer.gettableAlerts(snapshots)
    return Self.json(writer)
  }

  private func listGroups(_ request: Request) async throws -> Response {
    let notifier = try await notifier.require()
    let parameters = try await FormParameters.read(request)
    let filter = try AlertmanagerQuery.alertFilter(parameters)
    var groups = notifier.groups(filter)
    if try !AlertmanagerQuery.bool(parameters, "muted") {
      groups.removeAll { group in group.alerts.allSatisfy(Self.isMuted) }
    }
    groups.sort { $0.labels != $1.labels ? $0.labels < $1.labels : $0.receiver < $1.receiver }
    for index in groups.indices {
      groups[index].alerts.sort { $0.alert.fingerprint < $1.alert.fingerprint }
    }
    var writer = PrometheusJSONWriter(reservingCapacity: 1024)
    writer.alertGroups(groups)
    return Self.json(writer)
  }

  /// Silenced, inhibited or in a mute time interval.
  private static func isMuted(_ snapshot: AlertSnapshot) -> Bool {
    !snapshot.status.silencedBy.isEmpty || !snapshot.status.inhibitedBy.isEmpty || !snapshot.status.mutedBy.isEmpty
  }

  private func listSilences(_ request: Request) async throws -> Response {
    let notifier = try await notifier.require()
    let query = try AlertmanagerQuery.silenceQuery(try await FormParameters.read(request))
    let nowMs = Self.nowMs()
    // The notifier lists them in Alertmanager's order: active, pending, expired.
    let silences = notifier.silences(matching: query.matchers).filter { query.states.contains($0.state(atMs: nowMs)) }
    var writer = PrometheusJSONWriter(reservingCapacity: 512 * max(1, silences.count))
    writer.gettableSilences(silences, nowMs: nowMs)
    return Self.json(writer)
  }

  private func postSilence(_ request: Request) async throws -> Response {
    let notifier = try await notifier.require()
    let body = try await Self.body(request, limit: silenceBodyLimit, what: "silence body")
    let silence = try PostableSilenceDecoder.decode(body, nowMs: Self.nowMs())
    let id: String
    do {
      id = try await notifier.upsertSilence(silence)
    } catch {
      throw Self.apiError(error)
    }
    var writer = PrometheusJSONWriter()
    writer.raw(#"{"silenceID":"#)
    writer.string(id)
    writer.raw("}\n")
    return Self.json(writer)
  }

  private func getSilence(id: String) async throws -> Response {
    let notifier = try await notifier.require()
    try Self.checkSilenceID(id)
    guard let silence = notifier.silence(id: id) else { throw AlertmanagerAPIError.notFound() }
    var writer = PrometheusJSONWriter()
    writer.gettableSilence(silence, nowMs: Self.nowMs())
    return Self.json(writer)
  }

  private func expireSilence(id: String) async throws -> Response {
    let notifier = try await notifier.require()
    try Self.checkSilenceID(id)
    do {
      try await notifier.expireSilence(id: id)
    } catch where error.code == .alreadyExpired {
      // Expiring twice is not an error, as Alertmanager answers it.
    } catch {
      throw Self.apiError(error)
    }
    return Self.json(nil)
  }

  private func status() async throws -> Response {
    let notifier = try await notifier.require()
    var writer = PrometheusJSONWriter(reservingCapacity: 1024)
    writer.alertmanagerStatus(configurationText: notifier.configurationText, startedAtMs: notifier.startedAtMs)
    return Self.json(writer)
  }

  private func receivers() async throws -> Response {
    let notifier = try await notifier.require()
    var writer = PrometheusJSONWriter()
    writer.byte(UInt8(ascii: "["))
    for (index, name) in notifier.receiverNames.enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      writer.receiverReference(name)
    }
    writer.byte(UInt8(ascii: "]"))
    return Self.json(writer)
  }

  /// The spec types silence ids as UUIDs; anything else cannot name a silence.
  private static func checkSilenceID(_ id: String) throws(AlertmanagerAPIError) {
    guard UUID(uuidString: id) != nil else {
      throw .badRequest("silenceID in path must be of type uuid: \(PostableAlertsDecoder.quoted(id))")
    }
  }

  private static func apiError(_ error: SilenceError) -> AlertmanagerAPIError {
    error.code == .notFound ? .notFound("silence not found") : .badRequest(error.description)
  }

  /// The body within `limit`, refused with 413 in this API's error shape.
  private static func body(_ request: Request, limit: Int, what: String) async throws -> Data {
    do {
      let buffer = try await request.collectBody(limit: limit, what: what)
      return Data(buffer.readableBytesView)
    } catch let error as ReceiverError {
      throw AlertmanagerAPIError(status: error.status, message: error.message)
    }
  }

  /// A JSON answer (an empty 200 for nil), never cached, as Alertmanager answers.
  private static func json(_ writer: PrometheusJSONWriter?) -> Response {
    guard let writer else { return Response(status: .ok, headers: [.cacheControl: "no-store"]) }
    return Response(
      status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
  }
}
