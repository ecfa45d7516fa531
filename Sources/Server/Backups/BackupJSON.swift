// The JSON shapes of /api/v1/backups: jobs with their status, runs, and snapshots.
import Backup
import Catalog
import Foundation

struct BackupRunJSON: Encodable {
  let id: Int64?
  let job: String
  let kind: String
  let trigger: String
  let startedAt: String
  let endedAt: String?
  let durationSeconds: Double?
  let result: String
  let snapshotId: String?
  let files: Int?
  let bytesRead: Int64?
  let bytesAdded: Int64?
  let totalBytes: Int64?
  let dedupRatio: Double?
  let recoverySeconds: Double?
  let errors: [String]
  /// The run's report, as stored (a JSON object).
  let details: RawJSON

  init(_ run: BackupRunRecord) {
    id = run.id
    job = run.job
    kind = run.kind
    trigger = run.trigger
    startedAt = BackupRunbook.time(run.startedAtMs)
    endedAt = run.endedAtMs.map(BackupRunbook.time)
    durationSeconds = run.durationSeconds
    result = run.result
    snapshotId = run.snapshotID
    files = run.files
    bytesRead = run.bytesRead
    bytesAdded = run.bytesAdded
    totalBytes = run.totalBytes
    dedupRatio = run.dedupRatio
    recoverySeconds = run.recoverySeconds
    errors = run.errors
    details = RawJSON(text: run.detailsJSON)
  }
}

/// A stored JSON object passed through as it is.
struct RawJSON: Encodable {
  let text: String

  func encode(to encoder: any Encoder) throws {
    let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .object([:])
    try value.encode(to: encoder)
  }
}

/// Enough of JSON to pass a stored document through the Encodable response.
enum JSONValue: Codable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }
}

struct BackupJobJSON: Encodable {
  struct Source: Encodable {
    let kind: String
    let target: String
  }

  let name: String
  let repository: String
  let schedule: String
  let checkSchedule: String?
  let drillSchedule: String?
  let sources: [Source]
  let tag: String
  let running: String?
  let queued: [String]
  let nextRun: [String: String]
  let latest: [String: BackupRunJSON]
  let latestSuccess: [String: BackupRunJSON]

  init(job: BackupJobConfiguration, status: BackupStatusBoard.JobStatus) {
    name = job.name
    repository = job.repository
    schedule = job.schedule
    checkSchedule = job.check?.schedule
    drillSchedule = job.drill?.schedule
    sources = job.sources.map { source in
      if let path = source.path { return Source(kind: "path", target: path) }
      if let path = source.sqlite { return Source(kind: "sqlite", target: path) }
      if let postgres = source.postgres {
        return Source(kind: "postgres", target: "\(postgres.user)@\(postgres.host):\(postgres.port)/\(postgres.database)")
      }
      return Source(kind: "warden", target: "this server's data")
    }
    tag = job.jobTag
    running = status.running?.rawValue
    queued = status.queued.map(\.rawValue).sorted()
    nextRun = Dictionary(uniqueKeysWithValues: status.nextDue.map { ($0.key.rawValue, BackupRunbook.time($0.value)) })
    latest = Dictionary(uniqueKeysWithValues: status.latest.map { ($0.key.rawValue, BackupRunJSON($0.value)) })
    latestSuccess = Dictionary(uniqueKeysWithValues: status.latestSuccess.map { ($0.key.rawValue, BackupRunJSON($0.value)) })
  }
}

struct BackupSnapshotJSON: Encodable {
  let id: String
  let time: String
  let hostname: String
  let paths: [String]
  let tags: [String]
  let files: Int?
  let totalBytes: UInt64?
  let bytesAdded: UInt64?

  init(_ entry: SnapshotEntry) {
    id = entry.id.hex
    time = entry.snapshot.time
    hostname = entry.snapshot.hostname
    paths = entry.snapshot.paths
    tags = entry.snapshot.tags
    files = entry.snapshot.summary?.totalFiles
    totalBytes = entry.snapshot.summary?.totalBytes
    bytesAdded = entry.snapshot.summary?.bytesAdded
  }
}

struct BackupSnapshotsJSON: Encodable {
  let job: String
  let repository: String
  let snapshots: [BackupSnapshotJSON]
  let error: String?
}
