// Pushgateway-compatible push: `PUT`, `POST` and `DELETE /metrics/job/<job>{/<label>/<value>}`
// with text-format or delimited-protobuf bodies (what Go clients push), answered as the Pushgateway answers (200 for pushes, 202 for deletes,
// 400 naming the problem), so batch jobs (backups, cron) report to Warden with the clients and
// curl lines they already use. The groups are stored by PushGroups and emitted by PushEmitService.
import Foundation
import Hummingbird
import Ingest
import NIOCore
import WardenCore

struct PushRoutes {
  let groups: PushGroups
  let metrics: IngestMetrics
  var maxBodyBytes = 16 << 20

  static let receiver = "push"

  func register(on router: Router<some RequestContext>) {
    router.put("/metrics/**") { request, _ in try await push(request, mode: .replaceGroup) }
    router.post("/metrics/**") { request, _ in try await push(request, mode: .replaceNames) }
    router.delete("/metrics/**") { request, _ in
      do {
        let grouping = try PushGroupingKey.parse(try Self.groupingPath(request))
        _ = try groups.delete(grouping: grouping)
        return Response(status: .accepted)
      } catch let error as ReceiverError {
        metrics.rejectRequest(receiver: Self.receiver, reason: "malformed")
        throw error
      }
    }
  }

  private func push(_ request: Request, mode: PushGroups.Mode) async throws -> Response {
    do {
      let grouping = try PushGroupingKey.parse(try Self.groupingPath(request))
      let contentType = request.headers[.contentType]?.lowercased() ?? ""
      let isProtobuf = contentType.hasPrefix("application/vnd.google.protobuf")
      if isProtobuf, !contentType.contains("encoding=delimited") {
        throw ReceiverError.unsupportedMediaType("protobuf pushes must be delimited MetricFamily messages (encoding=delimited)")
      }
      let body = try await request.collectBody(limit: maxBodyBytes, what: "push body")
      let page: ExpositionParseResult
      do {
        page =
          isProtobuf
          ? try DelimitedProtobufParser.parse(Array(body.readableBytesView))
          : try ExpositionParser.parse(Array(body.readableBytesView), format: .prometheusText)
      } catch {
        throw ReceiverError.badRequest(isProtobuf ? "protobuf parsing error: \(error.message)" : "text format parsing error in \(error)")
      }
      try groups.push(grouping: grouping, page: page, mode: mode, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
      return Response(status: .ok)
    } catch let error as ReceiverError {
      metrics.rejectRequest(receiver: Self.receiver, reason: error.status.code == 413 ? "too_large" : "malformed")
      throw error
    }
  }

  /// The path after `/metrics/`, still percent-encoded per segment.
  private static func groupingPath(_ request: Request) throws -> Substring {
    let path = request.uri.path
    guard path.hasPrefix("/metrics/") else { throw ReceiverError.badRequest("the path must start with /metrics/job/<job>") }
    return path.dropFirst("/metrics/".count)
  }
}
