// What one run of a backup job did, as the history table stores it and the metrics report it.
import Foundation

/// The three things a job does.
package enum BackupRunKind: String, Sendable, CaseIterable, Codable {
  case backup, check, drill
}

/// The end of a run, filled by the runner and written to the catalog by the scheduler.
struct BackupRunOutcome: Sendable {
  /// "success", "partial" (snapshot made, some files unreadable) or "failed".
  var result = "success"
  var snapshotID: String?
  var files: Int?
  var bytesRead: UInt64?
  var bytesAdded: UInt64?
  var totalBytes: UInt64?
  var recoverySeconds: Double?
  var errors: [String] = []
  /// The run's report beyond the columns, as a JSON object.
  var details: [String: BackupDetailValue] = [:]

  static func failed(_ message: String) -> BackupRunOutcome {
    var outcome = BackupRunOutcome()
    outcome.result = "failed"
    outcome.errors = [message]
    return outcome
  }

  /// Source bytes in the snapshot per byte this run added to the repository.
  var dedupRatio: Double? {
    guard let totalBytes, let bytesAdded, bytesAdded > 0 else { return nil }
    return Double(totalBytes) / Double(bytesAdded)
  }

  var detailsJSON: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }
}

/// A value in a run's details: enough shapes for reports without an existential.
enum BackupDetailValue: Sendable, Encodable, Equatable {
  case number(Double)
  case text(String)
  case list([String])
  case table([[String: String]])

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let value): try container.encode(value)
    case .text(let value): try container.encode(value)
    case .list(let value): try container.encode(value)
    case .table(let value): try container.encode(value)
    }
  }
}
