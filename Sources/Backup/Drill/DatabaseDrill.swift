// The PostgreSQL half of a restore drill: a restored plain dump is loaded with psql into a new
// scratch database (warden_drill_<unix seconds>_<random hex>) in one transaction that stops at the
// first error, every table's rows are counted with SELECT count(*) and compared with the rows the
// dump's COPY sections hold, and the scratch database is dropped whatever happened. A scratch
// database a killed drill left behind is dropped by the next drill on that server once it is a
// day old (the time in its name says when it was made; younger ones may be another drill's).
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

struct DatabaseDrill {
  let server: PostgresConnection

  /// The result, and the seconds spent creating and loading the database (the recovery time).
  func run(dumpFile: String, dumpPath: String) -> (result: DatabaseDrillResult, loadSeconds: Double) {
    let started = ContinuousClock.now
    let createdAt = Int(Date().timeIntervalSince1970)
    var result = DatabaseDrillResult(dumpPath: dumpPath, scratchDatabase: "warden_drill_\(createdAt)_" + RestoreDrill.randomHex())
    var loadSeconds = 0.0
    var created: String?  // psql's path, once the scratch database exists
    loadAndCount(dumpFile: dumpFile, into: &result, loadSeconds: &loadSeconds, created: &created)
    if let psql = created,
      let problem = runSQL(psql, database: server.database, "DROP DATABASE IF EXISTS \"\(result.scratchDatabase)\"").problem
    {
      result.mismatches.append("cannot drop the scratch database \(result.scratchDatabase): \(problem)")
    }
    result.seconds = RestoreDrill.seconds(since: started)
    return (result, loadSeconds)
  }

  private func loadAndCount(dumpFile: String, into result: inout DatabaseDrillResult, loadSeconds: inout Double, created: inout String?) {
    let dumpPath = result.dumpPath
    let expected: [DumpTableRows]
    do {
      expected = try Self.countRows(dumpFile: dumpFile)
      result.tables = expected.count
      result.rowsExpected = expected.reduce(0) { $0 + $1.rows }
    } catch {
      result.mismatches.append("\(dumpPath): \(error)")
      return
    }
    let psql: String
    do {
      psql = try PostgresTools.locate("psql", binDirectory: server.binDirectory)
    } catch {
      result.mismatches.append("\(error)")
      return
    }
    dropAbandoned(psql, nowSeconds: Int(Date().timeIntervalSince1970))
    let loadStarted = ContinuousClock.now
    if let problem = runSQL(psql, database: server.database, "CREATE DATABASE \"\(result.scratchDatabase)\" TEMPLATE template0").problem {
      result.mismatches.append("cannot create the scratch database \(result.scratchDatabase): \(problem)")
      return
    }
    created = psql
    let load = Self.outcome(
      try PostgresTools.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "--output=/dev/null", "--file=\(dumpFile)"]
          + server.clientArguments(database: result.scratchDatabase), environment: server.clientEnvironment))
    loadSeconds = RestoreDrill.seconds(since: loadStarted)
    if let problem = load.problem {
      result.mismatches.append("\(dumpPath) did not load into \(result.scratchDatabase): \(problem)")
      return
    }
    // Counted in groups, so thousands of tables are a few queries, each a short command line.
    for group in stride(from: 0, to: expected.count, by: 100).map({ expected[$0..<min($0 + 100, expected.count)] }) {
      let query =
        group.enumerated().map { "SELECT \($0.offset), count(*) FROM \($0.element.table)" }.joined(separator: " UNION ALL ")
        + " ORDER BY 1"
      let counted = runSQL(psql, database: result.scratchDatabase, query)
      if let problem = counted.problem {
        result.mismatches.append("cannot count the rows of \(group.map(\.table).joined(separator: ", ")): \(problem)")
        continue
      }
      var counts: [Int: Int] = [:]
      for line in counted.output.split(separator: "\n") {
        let fields = line.split(separator: "|")
        if fields.count == 2, let position = Int(fields[0]), let rows = Int(fields[1]) { counts[position] = rows }
      }
      for (position, table) in group.enumerated() {
        guard let rows = counts[position] else {
          result.mismatches.append("\(table.table): no row count came back")
          continue
        }
        result.rowsRestored += rows
        if rows != table.rows { result.mismatches.append("\(table.table): \(table.rows) in the dump, \(rows) restored") }
      }
    }
  }

  /// Drops scratch databases of drills that were killed: named by this code, and over a day old.
  /// Best effort: a failure here is not the drill's failure.
  private func dropAbandoned(_ psql: String, nowSeconds: Int) {
    let listed = runSQL(psql, database: server.database, "SELECT datname FROM pg_database WHERE datname LIKE 'warden\\_drill\\_%'")
    guard listed.problem == nil else { return }
    for name in listed.output.split(separator: "\n").map(String.init) {
      guard let made = Self.creationSeconds(ofScratchDatabase: name), nowSeconds - made > 86_400 else { continue }
      _ = runSQL(psql, database: server.database, "DROP DATABASE IF EXISTS \"\(name)\"")
    }
  }

  /// When a scratch database was made, from its name (`warden_drill_<seconds>_<hex>`); nil for
  /// any other name, which is never touched.
  static func creationSeconds(ofScratchDatabase name: String) -> Int? {
    let parts = name.split(separator: "_", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "warden", parts[1] == "drill", let seconds = Int(parts[2]), seconds > 0,
      !parts[3].isEmpty, parts[3].allSatisfy({ $0.isHexDigit })
    else { return nil }
    return seconds
  }

  /// Runs one SQL command with psql, unaligned and without headers ("0|120" per row).
  private func runSQL(_ psql: String, database: String, _ sql: String) -> (problem: String?, output: String) {
    Self.outcome(
      try PostgresTools.run(
        [psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--command=\(sql)"] + server.clientArguments(database: database),
        environment: server.clientEnvironment))
  }

  private static func outcome(_ run: @autoclosure () throws -> PostgresTools.Outcome) -> (problem: String?, output: String) {
    do {
      let outcome = try run()
      return (outcome.status == 0 ? nil : outcome.errorSummary, outcome.output)
    } catch {
      return ("\(error)", "")
    }
  }

  /// Rows per table in the dump at `dumpFile`, read in 1 MiB pieces.
  static func countRows(dumpFile: String) throws -> [DumpTableRows] {
    let descriptor = open(dumpFile, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw BackupError(fileSystemAction: "open", path: dumpFile, errno: errno) }
    defer { close(descriptor) }
    var counter = DumpRowCounter()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let got = read(descriptor, buffer.baseAddress!, buffer.count)
      if got < 0 {
        if errno == EINTR { continue }
        throw BackupError(fileSystemAction: "read", path: dumpFile, errno: errno)
      }
      if got == 0 { break }
      try counter.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
    }
    return try counter.finish()
  }
}
