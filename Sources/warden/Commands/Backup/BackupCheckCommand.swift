// `warden backup check [--read-data [--subset N%]]`: is the repository whole, and if not, which
// packs are damaged and which snapshots and files that reaches.
import ArgumentParser
import Backup
import Foundation

struct BackupCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "check", abstract: "Verify the repository's structure (and data).")

  @OptionGroup var options: RepositoryOptions

  @Flag(help: "Also read every pack: decrypt and hash every blob.")
  var readData = false

  @Option(help: "With --read-data: read only this share of the packs, e.g. 10%.")
  var subset: String?

  func run() throws {
    var checkOptions = CheckOptions()
    checkOptions.readData = readData
    if let subset {
      guard readData else { throw ValidationError("--subset needs --read-data") }
      let number = subset.hasSuffix("%") ? String(subset.dropLast()) : subset
      guard let percent = Double(number), percent > 0, percent <= 100 else {
        throw ValidationError("--subset \"\(subset)\" is not a percentage between 0 and 100")
      }
      checkOptions.subsetPercent = percent
    }
    let repository = try options.open()
    let lock = try backupAction { try RepositoryLock.acquire(repository, exclusive: false) }
    defer { lock.release() }
    let report = try backupAction { try Checker(repository: repository).run(checkOptions) }
    if options.json {
      printJSON(
        CheckJSON(
          clean: report.isClean, snapshots: report.snapshots, packs: report.packs, packsRead: report.packsRead,
          blobsRead: report.blobsRead, unindexedPacks: report.unindexedPacks, errors: report.errors,
          damagedPacks: report.damagedPacks.values.sorted(), affected: report.affected))
    } else {
      print("\(report.snapshots) snapshots, \(report.packs) packs, \(report.trees) trees checked")
      if readData { print("read \(report.packsRead) packs, \(report.blobsRead) blobs, \(byteText(report.bytesRead))") }
      if report.unindexedPacks > 0 { print("\(report.unindexedPacks) packs are not indexed (left by an interrupted run; harmless)") }
      for problem in report.damagedPacks.values.sorted() { printToStandardError("damaged: \(problem)") }
      for error in report.errors { printToStandardError("error: \(error)") }
      for line in report.affected { printToStandardError("affected: \(line)") }
      print(report.isClean ? "no errors were found" : "the repository has errors")
    }
    if !report.isClean { throw ExitCode(1) }
  }

  struct CheckJSON: Encodable {
    let clean: Bool
    let snapshots: Int
    let packs: Int
    let packsRead: Int
    let blobsRead: Int
    let unindexedPacks: Int
    let errors: [String]
    let damagedPacks: [String]
    let affected: [String]

    enum CodingKeys: String, CodingKey {
      case clean, snapshots, packs, errors, affected
      case packsRead = "packs_read"
      case blobsRead = "blobs_read"
      case unindexedPacks = "unindexed_packs"
      case damagedPacks = "damaged_packs"
    }
  }
}
