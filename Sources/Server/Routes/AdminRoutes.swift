// `/api/v1/admin/tsdb/*`, as Prometheus has them: off unless `--enable-admin-api` is given (they
// write to disk on demand), answering Prometheus's shapes. Snapshots go to `<data-dir>/snapshots/`.
import Foundation
import Hummingbird
import MetricStore
import NIOPosix
import PromQL
import WardenCore

struct AdminRoutes {
  let stores: Stores
  let dataDirectory: String
  let isEnabled: Bool

  func register(on router: Router<some RequestContext>) {
    router.post("/api/v1/admin/tsdb/snapshot") { request, _ in try await snapshot(request) }
    router.put("/api/v1/admin/tsdb/snapshot") { request, _ in try await snapshot(request) }
    router.post("/api/v1/admin/tsdb/delete_series") { request, _ in try await deleteSeries(request) }
    router.put("/api/v1/admin/tsdb/delete_series") { request, _ in try await deleteSeries(request) }
  }

  /// Prometheus's delete_series: `match[]` selectors (one or more), optional `start`/`end`; 204.
  /// The head forgets the samples at once; blocks get tombstones, applied on read and removed for
  /// good at the next compaction.
  private func deleteSeries(_ request: Request) async throws -> Response {
    guard isEnabled else { throw APIError.unavailable("admin APIs disabled; start warden serve with --enable-admin-api") }
    guard let store = stores.metrics else { throw APIError.unavailable("the metric store is still opening") }
    let parameters = try await FormParameters.read(request)
    let selectors = parameters.all("match[]")
    guard !selectors.isEmpty else { throw APIError.badData("no match[] parameter provided") }
    var selections: [[LabelMatcher]] = []
    for selector in selectors {
      do {
        selections.append(try SelectorParser.parse(selector))
      } catch {
        throw APIError.badData("invalid parameter \"match[]\": \(error)")
      }
    }
    let startMs = try parameters.first("start").map { try APITime.parse($0, name: "start") } ?? Int64.min
    let endMs = try parameters.first("end").map { try APITime.parse($0, name: "end") } ?? Int64.max
    guard startMs <= endMs else { throw APIError.badData("end timestamp must not be before start time") }
    for matchers in selections {
      do {
        _ = try await store.delete(matchers, startMs: startMs, endMs: endMs)
      } catch {
        throw APIError(error, doing: "delete series")
      }
    }
    return Response(status: .noContent)
  }

  private func snapshot(_ request: Request) async throws -> Response {
    guard isEnabled else { throw APIError.unavailable("admin APIs disabled; start warden serve with --enable-admin-api") }
    guard let store = stores.metrics else { throw APIError.unavailable("the metric store is still opening") }
    var skipHead = false
    if let text = request.uri.queryParameters.get("skip_head") {
      guard let value = Bool(text.lowercased()) else {
        throw APIError.badData("skip_head must be true or false, got \"\(text)\"")
      }
      skipHead = value
    }
    let includeHead = !skipHead
    let name = Self.snapshotName()
    let directory = dataDirectory + "/snapshots/" + name
    do {
      _ = try await NIOThreadPool.singleton.runIfActive { try store.snapshot(into: directory, includeHead: includeHead) }
    } catch let error as StoreError {
      throw APIError(error, doing: "create snapshot")
    }
    return JSONBody.success(["name": name])
  }

  /// `20261121T013500Z-1a2b3c4d5e6f7a8b`: sorts by time, unique by the random part.
  static func snapshotName(now: Date = Date()) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
    let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    return formatter.string(from: now) + "-" + String(repeating: "0", count: 16 - random.count) + random
  }
}
