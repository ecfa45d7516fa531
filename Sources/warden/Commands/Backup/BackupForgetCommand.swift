// `warden backup forget --keep-...  [--prune]` and `warden backup prune`.
import ArgumentParser
import Backup
import Foundation
import WardenCore

struct BackupForgetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forget", abstract: "Remove snapshots by a retention policy (or by id); --prune also frees their data.")

  @OptionGroup var options: RepositoryOptions

  @Argument(help: "Snapshot ids to remove (instead of a policy).")
  var snapshots: [String] = []

  @Option var keepLast = 0
  @Option var keepHourly = 0
  @Option var keepDaily = 0
  @Option var keepWeekly = 0
  @Option var keepMonthly = 0
  @Option var keepYearly = 0
  @Option(help: "Keep every snapshot younger than this before the newest (e.g. 30d).") var keepWithin: String?
  @Option(name: .customLong("keep-tag"), help: "Keep snapshots with this tag (repeatable).") var keepTags: [String] = []

  @Flag(help: "Show what would be removed, change nothing.") var dryRun = false
  @Flag(help: "Then run prune.") var prune = false

  func run() throws {
    var policy = RetentionPolicy(
      last: keepLast, hourly: keepHourly, daily: keepDaily, weekly: keepWeekly, monthly: keepMonthly, yearly: keepYearly,
      tags: keepTags)
    if let keepWithin {
      guard let duration = PrometheusDuration.parse(keepWithin) else {
        throw ValidationError("--keep-within \"\(keepWithin)\" is not a duration such as 30d or 12h")
      }
      policy.within = duration.seconds
    }
    guard snapshots.isEmpty != policy.isEmpty else {
      throw ValidationError(snapshots.isEmpty ? "give snapshot ids or at least one --keep-* rule" : "give snapshot ids or --keep-* rules, not both")
    }
    let repository = try options.open()
    let lock = try backupAction { try RepositoryLock.acquire(repository, exclusive: true) }
    defer { lock.release() }
    try backupAction {
      let remove: [SnapshotEntry]
      if snapshots.isEmpty {
        let decision = policy.apply(to: try repository.snapshots())
        for (entry, reasons) in decision.keep where !options.json {
          print("keep   \(entry.id.short) \(entry.snapshot.time) (\(reasons.joined(separator: ", ")))")
        }
        remove = decision.remove
      } else {
        remove = try snapshots.map { try repository.findSnapshot($0) }
      }
      for entry in remove where !options.json { print("remove \(entry.id.short) \(entry.snapshot.time)") }
      if options.json { printJSON(remove.map { $0.id.hex }) }
      guard !dryRun else { return }
      try repository.forget(remove)
      if prune { try BackupPruneCommand.prune(repository, json: options.json) }
    }
  }
}

struct BackupPruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "prune", abstract: "Delete data no snapshot uses.")

  @OptionGroup var options: RepositoryOptions

  func run() throws {
    let repository = try options.open()
    let lock = try backupAction { try RepositoryLock.acquire(repository, exclusive: true) }
    defer { lock.release() }
    try backupAction { try Self.prune(repository, json: options.json) }
  }

  static func prune(_ repository: Repository, json: Bool) throws {
    let report = try Pruner(repository: repository).run()
    if json {
      printJSON([
        "packs_deleted": report.packsDeleted, "packs_repacked": report.packsRepacked, "packs_kept": report.packsKept,
        "bytes_freed": Int(report.bytesFreed),
      ])
    } else {
      print(
        "pruned: \(report.packsDeleted) packs deleted, \(report.packsRepacked) repacked (\(report.blobsRepacked) blobs moved), "
          + "\(report.packsKept) kept; \(byteText(report.bytesFreed)) freed")
    }
  }
}
