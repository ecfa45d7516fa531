// Dashboards between their three forms: request bytes, the validated `Dashboard`, and the catalog's
// `DashboardRecord`. Every document is stored only after it passed the validator, and the
// server-kept fields (uid, version, created, updated) are read from the record's columns, so a
// document's own copies can never disagree with what the catalog enforces.
package import Catalog
import Foundation

enum DashboardDocuments {
  /// Bytes to JSON, or the syntax error with its byte offset.
  static func parse(_ bytes: [UInt8]) -> Result<DashboardJSON, DashboardJSONError> {
    DashboardJSONParser.parse(bytes)
  }

  /// The document as stored and answered: compact JSON, "/" unescaped.
  static func encode(_ value: some Encodable) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    // Our own value types encode without fail; an empty object would fail validation loudly.
    return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
  }

  /// `dashboard` encoded and validated again: what the catalog will hold, or why it cannot.
  static func normalized(_ dashboard: Dashboard) -> Result<Dashboard, DashboardValidationError> {
    switch parse(encode(dashboard)) {
    case .success(let json): DashboardValidator.dashboard(from: json)
    case .failure(let error): .failure(DashboardValidationError(path: "", message: error.description))
    }
  }

  static func record(_ dashboard: Dashboard) -> DashboardRecord {
    DashboardRecord(
      uid: dashboard.uid, title: dashboard.title, tags: dashboard.tags, version: dashboard.version,
      panelCount: dashboard.panels.count, created: dashboard.created, updated: dashboard.updated,
      documentJSON: String(decoding: encode(dashboard), as: UTF8.self))
  }

  /// The stored dashboard, with the record's uid, version and times.
  static func dashboard(_ record: DashboardRecord) -> Result<Dashboard, DashboardValidationError> {
    switch parse(Array(record.documentJSON.utf8)) {
    case .success(let json):
      return DashboardValidator.dashboard(from: json).map { stored in
        var dashboard = stored
        dashboard.uid = record.uid
        dashboard.version = record.version
        dashboard.created = record.created
        dashboard.updated = record.updated
        return dashboard
      }
    case .failure(let error):
      return .failure(DashboardValidationError(path: "", message: "stored document of \(record.uid): \(error.description)"))
    }
  }

  /// Now, in seconds, to the millisecond.
  static func now() -> Double {
    (Date().timeIntervalSince1970 * 1000).rounded() / 1000
  }

  /// A fresh uid: 12 lower-case letters and digits (62 bits of randomness).
  static func newUID() -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    var generator = SystemRandomNumberGenerator()
    return String(decoding: (0..<12).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }, as: UTF8.self)
  }
}

/// Creates the built-in dashboards the first time a catalog opens. Once done (the marker row is
/// written in the same transaction), never again: a user who deletes the Host dashboard keeps it
/// deleted across restarts.
package enum BuiltinDashboards {
  static let seedMarker = "dashboards.builtin.v1"

  /// Seeds the catalog if it was never seeded; returns whether it did.
  @discardableResult
  package static func seed(_ catalog: CatalogDatabase) async throws(CatalogError) -> Bool {
    var host = HostDashboard.document
    host.created = DashboardDocuments.now()
    host.updated = host.created
    return try await catalog.seedDashboardsOnce(
      marker: seedMarker, [DashboardDocuments.record(host)], nowMs: Int64(host.created * 1000))
  }
}
