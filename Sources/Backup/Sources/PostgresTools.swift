// Finding and running PostgreSQL's client programs (pg_dump, psql). Debian installs them per major
// version under /usr/lib/postgresql/<version>/bin and puts a wrapper on PATH only with
// postgresql-client-common, so both places are searched, the newest version first.
import Dispatch
import Foundation
import Synchronization

enum PostgresTools {
  /// The absolute path of `program`: in `binDirectory` when given, else on PATH, else in the
  /// highest-numbered /usr/lib/postgresql/*/bin.
  static func locate(_ program: String, binDirectory: String?) throws -> String {
    let manager = FileManager.default
    if let binDirectory {
      let candidate = binDirectory + "/" + program
      guard manager.isExecutableFile(atPath: candidate) else {
        throw BackupError(.usage, "\(program) is not in \(binDirectory)")
      }
      return candidate
    }
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") {
      let candidate = directory + "/" + program
      if manager.isExecutableFile(atPath: candidate) { return candidate }
    }
    for directory in versionedBinDirectories() {
      let candidate = directory + "/" + program
      if manager.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw BackupError(.usage, "\(program) is not on PATH nor in /usr/lib/postgresql/*/bin: install the PostgreSQL client (postgresql-client)")
  }

  /// /usr/lib/postgresql/<version>/bin, highest version first ("15" before "9.6").
  static func versionedBinDirectories(root: String = "/usr/lib/postgresql") -> [String] {
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    func key(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? -1 } }
    return versions.sorted { key($0).lexicographicallyPrecedes(key($1)) }.reversed().map { root + "/" + $0 + "/bin" }
  }

  struct Outcome {
    var status: Int32
    var output: String
    var errors: String

    /// Standard error, trimmed and shortened for a one-line message.
    var errorSummary: String {
      let trimmed = errors.trimmingCharacters(in: .whitespacesAndNewlines)
      return trimmed.isEmpty ? "exit status \(status)" : String(trimmed.suffix(800))
    }
  }

  /// Runs `arguments` (an absolute program path first) to completion without a shell, standard
  /// input from /dev/null, both outputs captured (read concurrently, so neither pipe fills up).
  static func run(_ arguments: [String], environment: [String: String]) throws -> Outcome {
    let (process, output, errors) = try ChildProcess.launch(arguments, environment: environment)
    let errorBytes = Mutex(Data())
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      let data = errors.fileHandleForReading.readDataToEndOfFile()
      errorBytes.withLock { $0 = data }
    }
    let outputBytes = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    try? output.fileHandleForReading.close()
    try? errors.fileHandleForReading.close()
    return Outcome(
      status: process.terminationStatus, output: String(decoding: outputBytes, as: UTF8.self),
      errors: String(decoding: errorBytes.withLock { $0 }, as: UTF8.self))
  }
}
