// The recovery runbook of a backup job: what is backed up and where, the recovery point the
// schedule implies, the last verified restore and its measured time, and the exact commands to
// get everything back, step by step, for each kind of source. Served by the API and printed by
// `warden backup runbook JOB`, which also works from the configuration alone when the server
// (or the machine it ran on) is gone.
import Backup
package import Catalog
import WardenCore
package import Foundation

package struct BackupRunbook: Sendable {
  package var job: BackupJobConfiguration
  /// The data directory of the server that runs the job (for its own data's paths).
  package var dataDirectory: String
  /// Newest runs by kind, when the history is at hand.
  package var latest: [String: BackupRunRecord] = [:]
  package var latestSuccess: [String: BackupRunRecord] = [:]
  package var now = Date()
  /// Where the server's API answers, for the history command (a placeholder when unknown).
  package var serverURL = "http://WARDEN-HOST:9090"

  package init(job: BackupJobConfiguration, dataDirectory: String) {
    self.job = job
    self.dataDirectory = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
  }

  package func render() -> String {
    var out: [String] = []
    out.append("# Recovery runbook: backup job \(job.name)")
    out.append("")
    out.append("Generated \(Self.time(now)) by Warden.")
    out.append("")
    out.append(contentsOf: whatAndWhere())
    out.append(contentsOf: verification())
    out.append(contentsOf: steps())
    return out.joined(separator: "\n") + "\n"
  }

  // MARK: Sections

  private func whatAndWhere() -> [String] {
    var out = ["## What is backed up, and where", ""]
    for source in job.sources {
      if let path = source.path { out.append("- files: `\(path)`") }
      if let path = source.sqlite { out.append("- SQLite database `\(path)` (copied consistently with SQLite's online backup API)") }
      if let postgres = source.postgres {
        out.append("- PostgreSQL database `\(postgres.database)` on \(postgres.host):\(postgres.port) as `\(postgres.user)` (pg_dump, plain SQL), stored as `\(dumpPath(postgres))`")
      }
      if source.warden == true {
        out.append("- Warden's own data (metric store, log store, catalog), stored as `\(WardenDataSnapshot.path(dataDirectory: dataDirectory))`")
      }
    }
    if !job.exclude.isEmpty { out.append("- excluded: " + job.exclude.map { "`\($0)`" }.joined(separator: ", ")) }
    out.append("")
    out.append("- repository: `\(job.repository)` (deduplicated, compressed, AES-256-GCM encrypted)")
    out.append("- password: \(passwordSource)")
    out.append("- snapshots of this job carry the tag `\(job.jobTag)`")
    out.append("- schedule: `\(job.schedule)` (cron, UTC)" + (nextRun.map { "; next run \(Self.time($0))" } ?? ""))
    if let rpo {
      out.append("- recovery point objective implied by the schedule: at most \(Self.duration(rpo)) of changes can be lost (the longest gap between two scheduled backups)")
    }
    if let retention = job.retention {
      var rules: [String] = []
      if retention.keepLast > 0 { rules.append("last \(retention.keepLast)") }
      if retention.keepHourly > 0 { rules.append("\(retention.keepHourly) hourly") }
      if retention.keepDaily > 0 { rules.append("\(retention.keepDaily) daily") }
      if retention.keepWeekly > 0 { rules.append("\(retention.keepWeekly) weekly") }
      if retention.keepMonthly > 0 { rules.append("\(retention.keepMonthly) monthly") }
      if retention.keepYearly > 0 { rules.append("\(retention.keepYearly) yearly") }
      if let within = retention.keepWithin { rules.append("everything within \(within)") }
      out.append("- retention: keeps " + rules.joined(separator: ", ") + (retention.prune ? "; unused data pruned after each backup" : ""))
    }
    if let check = job.check {
      out.append("- repository check: `\(check.schedule)`" + (check.readData ? ", reading \(check.readDataSubset)% of the data" : ", structure only"))
    }
    if let drill = job.drill {
      out.append("- restore drill: `\(drill.schedule)`, " + (drill.sampleFiles.map { "\($0) sampled files" } ?? "every file") + " restored and compared")
    }
    out.append("")
    return out
  }

  private func verification() -> [String] {
    var out = ["## State", ""]
    if let run = latestSuccess["backup"] {
      out.append(
        "- last successful backup: \(Self.time(run.startedAtMs)), snapshot `\(run.snapshotID.map { String($0.prefix(8)) } ?? "?")`"
          + (run.totalBytes.map { ", \(Self.bytes($0)) of source data" } ?? "") + (run.files.map { ", \($0) files" } ?? ""))
    } else {
      out.append("- last successful backup: none recorded")
    }
    if let run = latest["backup"], run.result != "success" {
      out.append("- newest backup run: \(run.result) at \(Self.time(run.startedAtMs))" + (run.errors.first.map { ": \($0)" } ?? ""))
    }
    if let run = latestSuccess["check"] { out.append("- last clean repository check: \(Self.time(run.startedAtMs))") }
    if let run = latest["check"], run.result != "success" {
      out.append("- newest check: \(run.result) at \(Self.time(run.startedAtMs))" + (run.errors.first.map { ": \($0)" } ?? ""))
    }
    if let run = latestSuccess["drill"] {
      out.append(
        "- last verified restore: \(Self.time(run.startedAtMs)) of snapshot `\(run.snapshotID.map { String($0.prefix(8)) } ?? "?")`, "
          + "\(run.files ?? 0) files compared" + (run.recoverySeconds.map { "; measured recovery time \(Self.seconds($0))" } ?? ""))
    } else {
      out.append("- last verified restore: none recorded" + (job.drill == nil ? " (no drill is configured for this job)" : ""))
    }
    if let run = latest["drill"], run.result != "success" {
      out.append("- newest drill: \(run.result) at \(Self.time(run.startedAtMs))" + (run.errors.first.map { ": \($0)" } ?? ""))
    }
    out.append("")
    return out
  }

  private func steps() -> [String] {
    let snapshot = latestSuccess["backup"]?.snapshotID.map { String($0.prefix(8)) } ?? "SNAPSHOT"
    var out = ["## Restore, step by step", ""]
    var step = 1
    func add(_ title: String, _ commands: [String], note: String? = nil) {
      out.append("\(step). \(title)")
      if let note { out.append("   \(note)") }
      out.append("")
      out.append("   ```sh")
      out += commands.map { "   " + $0 }
      out.append("   ```")
      out.append("")
      step += 1
    }
    add(
      "Point the command line at the repository (any machine with the warden binary and the repository mounted at the same path).",
      ["export WARDEN_BACKUP_REPOSITORY=\(Self.quote(job.repository))", passwordExport])
    add(
      "List this job's snapshots and pick one (the newest successful one is \(snapshot)).",
      ["warden backup snapshots --tag \(Self.quote(job.jobTag))"])
    add("Check the repository before relying on it.", ["warden backup check --read-data --subset 10"])
    for source in job.sources {
      if let path = source.path {
        add(
          "Restore `\(path)`: first into a scratch directory, compare, then move into place.",
          [
            "warden backup restore \(snapshot) --target /tmp/restore --include \(Self.quote(path))",
            "diff -r /tmp/restore\(path) \(Self.quote(path)) | head    # what changed since",
            "rsync -a /tmp/restore\(path)/ \(Self.quote(path))/    # or mv, once the service using it is stopped",
          ])
      }
      if let path = source.sqlite {
        add(
          "Restore the SQLite database `\(path)` (stop the application that writes it first).",
          [
            "warden backup dump \(snapshot) \(Self.quote(path)) > /tmp/restored.db",
            "sqlite3 /tmp/restored.db 'PRAGMA integrity_check'",
            "mv /tmp/restored.db \(Self.quote(path))",
          ])
      }
      if let postgres = source.postgres {
        let target = "-h \(postgres.host) -p \(postgres.port) -U \(postgres.user)"
        add(
          "Restore the PostgreSQL database `\(postgres.database)` into a new database, then switch the application to it (or rename).",
          [
            "createdb \(target) \(postgres.database)_restored",
            "warden backup dump \(snapshot) \(Self.quote(dumpPath(postgres))) | psql \(target) -v ON_ERROR_STOP=1 --single-transaction -d \(postgres.database)_restored",
            "psql \(target) -d \(postgres.database)_restored -c '\\dt+'    # tables and sizes",
          ],
          note: "The password, if the server asks for one, comes from \(postgresPasswordSource(postgres)) (PGPASSWORD or ~/.pgpass for psql).")
      }
      if source.warden == true {
        let snapshotPath = WardenDataSnapshot.path(dataDirectory: dataDirectory)
        add(
          "Bring back Warden itself: restore its data directory and start it on that directory.",
          [
            "systemctl stop warden    # or stop the running warden serve",
            "warden backup restore \(snapshot) --target /tmp/restore --include \(Self.quote(snapshotPath))",
            "mv \(Self.quote(dataDirectory)) \(Self.quote(dataDirectory + ".old"))",
            "mv /tmp/restore\(snapshotPath) \(Self.quote(dataDirectory))",
            "warden serve --data-dir \(Self.quote(dataDirectory))    # with the same --config",
          ])
      }
    }
    var drill = "warden backup drill \(snapshot)"
    for source in job.sources {
      guard let postgres = source.postgres else { continue }
      drill += " --postgres-dump \(Self.quote(dumpPath(postgres))) --postgres-host \(postgres.host) --postgres-port \(postgres.port)"
        + " --postgres-user \(postgres.user) --postgres-database \(postgres.database)"
    }
    add(
      "Confirm: run this job's drill from the command line (restore, compare, load the dumps into scratch databases, time it), and look at the history.",
      [
        drill,
        "curl -s \(serverURL)/api/v1/backups/jobs/\(job.name)/runs",
      ])
    return out
  }

  // MARK: Helpers

  private var passwordSource: String {
    if let file = job.passwordFile { return "first line of `\(file)`" }
    if let variable = job.passwordEnv { return "environment variable `\(variable)`" }
    return "not configured"
  }

  private var passwordExport: String {
    if let file = job.passwordFile { return "export WARDEN_BACKUP_PASSWORD_FILE=\(Self.quote(file))" }
    if let variable = job.passwordEnv { return "export WARDEN_BACKUP_PASSWORD=\"$\(variable)\"" }
    return "export WARDEN_BACKUP_PASSWORD_FILE=/path/to/password"
  }

  private func postgresPasswordSource(_ postgres: PostgresSourceConfiguration) -> String {
    if let file = postgres.passwordFile { return "`\(file)`" }
    if let variable = postgres.passwordEnv { return "`$\(variable)`" }
    return "the server's own authentication (none configured in Warden)"
  }

  private func dumpPath(_ postgres: PostgresSourceConfiguration) -> String {
    var connection = PostgresConnection(database: postgres.database)
    connection.host = postgres.host
    connection.port = postgres.port
    return connection.defaultDumpPath
  }

  private var nextRun: Date? { (try? CronSchedule(job.schedule))?.next(after: now) }

  /// The recovery point objective: the longest gap the schedule leaves between backups.
  var rpo: TimeInterval? { (try? CronSchedule(job.schedule))?.longestInterval(from: now) }

  static func quote(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789/._-=+:@".unicodeScalars.contains($0)) }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  static func time(_ ms: Int64) -> String { RFC3339.format(milliseconds: ms, trimsZeroFraction: true) }

  static func time(_ date: Date) -> String { time(Int64((date.timeIntervalSince1970 * 1000).rounded(.down))) }

  static func duration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded())
    if total % 86400 == 0 { return "\(total / 86400) d" }
    if total % 3600 == 0 { return "\(total / 3600) h" }
    if total % 60 == 0 { return "\(total / 60) min" }
    return "\(total) s"
  }

  static func seconds(_ value: Double) -> String {
    if value < 1 { return String(format: "%.0f ms", value * 1000) }
    return value < 60 ? String(format: "%.1f s", value) : String(format: "%.1f min", value / 60)
  }

  static func bytes(_ value: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var amount = Double(value)
    var unit = 0
    while amount >= 1024, unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    return unit == 0 ? "\(value) B" : String(format: "%.1f %@", amount, units[unit])
  }
}
