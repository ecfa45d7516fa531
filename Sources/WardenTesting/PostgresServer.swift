// A real PostgreSQL for tests: Debian's server binaries (/usr/lib/postgresql/<version>/bin)
// started on a free loopback port with a fresh cluster in a temporary directory, and stopped by
// PID with the directory removed. PostgreSQL refuses to run as root, so when the tests run as
// root initdb and postgres run as the `postgres` user (runuser), in a directory it owns.
// Durability is switched off (fsync, synchronous commit): nothing here must survive a crash, and
// tests stay fast. Tests that need it are skipped when PostgreSQL is not installed:
// `@Test(.enabled(if: PostgresServer.isInstalled, PostgresServer.notInstalled))`.
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

package struct PostgresServerError: Error, CustomStringConvertible {
  package let description: String
}

package final class PostgresServer: Sendable {
  package let host = "127.0.0.1"
  package let port: Int
  package let user = "postgres"
  /// The password of `user` over TCP; nil: the server trusts every connection.
  package let password: String?
  /// The cluster's directory (data, socket, log); removed by `stop()`.
  package let directory: String
  package let binDirectory: String
  private let postmasterPID: Int32
  private let launcher: Mutex<Process?>

  package static let notInstalled = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): run scripts/install-deps.sh test"

  /// The newest /usr/lib/postgresql/<version>/bin that has the server programs.
  package static var serverBinDirectory: String? {
    let root = "/usr/lib/postgresql"
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    func key(_ version: String) -> [Int] { version.split(separator: ".").map { Int($0) ?? -1 } }
    return versions.sorted { key($1).lexicographicallyPrecedes(key($0)) }.map { root + "/" + $0 + "/bin" }.first {
      FileManager.default.isExecutableFile(atPath: $0 + "/postgres") && FileManager.default.isExecutableFile(atPath: $0 + "/initdb")
    }
  }

  package static var isInstalled: Bool { serverBinDirectory != nil }

  /// Starts a new cluster and waits until it accepts connections. With a `password`, TCP
  /// connections must give it (scram-sha-256); without, every connection is trusted.
  package static func start(password: String? = nil) throws -> PostgresServer {
    guard let bin = serverBinDirectory else { throw PostgresServerError(description: notInstalled) }
    let account = try RunAs.current()
    // As root the postgres user must reach the directory: /tmp, whatever TMPDIR says.
    let parent = account.owner == nil ? FileManager.default.temporaryDirectory.path : "/tmp"
    let directory = parent + "/warden-pg-\(UUID().uuidString)"
    guard mkdir(directory, 0o700) == 0 else { throw PostgresServerError(description: "cannot create \(directory): errno \(errno)") }
    do {
      if let owner = account.owner { chown(directory, owner.uid, owner.gid) }
      var initdb = [bin + "/initdb", "-D", directory + "/data", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]
      if let password {
        let passwordFile = directory + "/password"
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))
        if let owner = account.owner { chown(passwordFile, owner.uid, owner.gid) }
        initdb += ["--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile]
      } else {
        initdb += ["--auth=trust"]
      }
      let created = try ChildProcess.run(account.wrap(initdb))
      guard created.status == 0 else { throw PostgresServerError(description: "initdb failed: \(created.output.suffix(2000))") }
      // A port can be taken between the check and postgres binding it: then try another.
      var lastFailure = ""
      for _ in 0..<3 {
        let port = try LoopbackPort.free()
        switch try launch(bin: bin, directory: directory, port: port, account: account) {
        case .success(let (process, pid)):
          return PostgresServer(port: port, password: password, directory: directory, bin: bin, pid: pid, launcher: process)
        case .failure(let failure):
          lastFailure = failure.description
        }
      }
      throw PostgresServerError(description: "postgres did not start: \(lastFailure)")
    } catch {
      removeTree(directory)
      throw error
    }
  }

  private init(port: Int, password: String?, directory: String, bin: String, pid: Int32, launcher: Process) {
    self.port = port
    self.password = password
    self.directory = directory
    self.binDirectory = bin
    self.postmasterPID = pid
    self.launcher = Mutex(launcher)
  }

  /// Starts postgres on `port`; once it accepts connections, the launcher process and the
  /// postmaster's PID (from postmaster.pid: under runuser they differ).
  private static func launch(bin: String, directory: String, port: Int, account: RunAs) throws -> Result<
    (Process, Int32), PostgresServerError
  > {
    let log = directory + "/server-\(port).log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    if let owner = account.owner { chown(log, owner.uid, owner.gid) }
    let command = account.wrap([
      bin + "/postgres", "-D", directory + "/data", "-p", String(port), "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=" + directory, "-c", "fsync=off", "-c", "synchronous_commit=off",
      "-c", "full_page_writes=off", "-c", "max_connections=40", "-c", "shared_buffers=16MB",
    ])
    let process = Process()
    process.executableURL = URL(fileURLWithPath: command[0])
    process.arguments = Array(command.dropFirst())
    process.standardInput = FileHandle.nullDevice
    let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    defer { try? logHandle.close() }
    process.standardOutput = logHandle
    process.standardError = logHandle
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if !process.isRunning {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return .failure(PostgresServerError(description: text.suffix(2000).description))
      }
      let ready = try ChildProcess.run([bin + "/pg_isready", "-q", "-h", "127.0.0.1", "-p", String(port), "-t", "2"])
      if ready.status == 0,
        let pidText = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8),
        let pid = pidText.split(separator: "\n").first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) })
      {
        return .success((process, pid))
      }
      usleep(100_000)
    }
    process.terminate()
    return .failure(PostgresServerError(description: "not accepting connections on port \(port) after 30 s"))
  }

  /// Runs `sql` with psql over TCP in `database`; the rows unaligned ("a|b"), without headers.
  @discardableResult
  package func psql(_ sql: String, database: String = "postgres") throws -> String {
    let arguments = [
      binDirectory + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", String(port), "-U", user,
      "-d", database, "-c", sql,
    ]
    let outcome = try ChildProcess.run(arguments, environment: password.map { ["PGPASSWORD": $0] } ?? [:], separateErrors: true)
    guard outcome.status == 0 else {
      throw PostgresServerError(description: "psql failed (\(outcome.status)): \(outcome.errors.trimmingCharacters(in: .whitespacesAndNewlines))")
    }
    var output = outcome.output
    while output.hasSuffix("\n") { output.removeLast() }
    return output
  }

  /// Stops the server by PID (fast shutdown, then SIGKILL after 10 s) and removes its directory.
  package func stop() {
    guard let process = launcher.withLock({ value -> Process? in
      defer { value = nil }
      return value
    }) else { return }
    kill(postmasterPID, SIGINT)
    let deadline = Date().addingTimeInterval(10)
    while kill(postmasterPID, 0) == 0, Date() < deadline { usleep(50_000) }
    if kill(postmasterPID, 0) == 0 { kill(postmasterPID, SIGKILL) }
    process.waitUntilExit()
    Self.removeTree(directory)
  }

  private static func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Who runs initdb and postgres: ourselves, or (as root) the `postgres` account through runuser.
private struct RunAs {
  var owner: (uid: uid_t, gid: gid_t)?
  var runuser: String?

  static func current() throws -> RunAs {
    guard geteuid() == 0 else { return RunAs(owner: nil, runuser: nil) }
    guard let entry = getpwnam("postgres") else {
      throw PostgresServerError(description: "running as root and there is no postgres user to run PostgreSQL as")
    }
    guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first(where: FileManager.default.isExecutableFile) else {
      throw PostgresServerError(description: "running as root and runuser (util-linux) is missing")
    }
    return RunAs(owner: (entry.pointee.pw_uid, entry.pointee.pw_gid), runuser: runuser)
  }

  func wrap(_ command: [String]) -> [String] {
    guard let runuser else { return command }
    return [runuser, "-u", "postgres", "--"] + command
  }
}

/// Runs a program to completion and collects what it printed.
private enum ChildProcess {
  static func run(_ arguments: [String], environment: [String: String] = [:], separateErrors: Bool = false) throws -> (
    status: Int32, output: String, errors: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    process.standardInput = FileHandle.nullDevice
    let output = Pipe()
    process.standardOutput = output
    // Errors go to a file when kept apart: a second pipe could fill while we read the first.
    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("warden-pg-err-\(UUID().uuidString)").path
    var errorHandle: FileHandle?
    if separateErrors {
      _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
      errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
      process.standardError = errorHandle
    } else {
      process.standardError = output
    }
    defer {
      try? errorHandle?.close()
      if separateErrors { unlink(errorFile) }
    }
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errors = separateErrors ? ((try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? "") : ""
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), errors)
  }
}
