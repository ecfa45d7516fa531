// PostgreSQL as a backup source: `pg_dump --format=plain` of one database, its standard output
// chunked into the repository as it arrives (no temporary file), stored as a SQL file that `psql`
// loads back. The password reaches pg_dump as PGPASSWORD in its environment, never on its argument
// list (which `ps` shows to every user). pg_dump's own error (wrong password, no such database)
// fails the backup with its message.

package struct PostgresConnection: Sendable, Equatable {
  package var host: String = "127.0.0.1"
  package var port: Int = 5432
  package var user: String = "postgres"
  package var database: String
  /// Given to the child as PGPASSWORD, never on argv. Nil: the child inherits the environment
  /// (PGPASSWORD, PGPASSFILE or ~/.pgpass still apply).
  package var password: String? = nil
  /// Where pg_dump and psql are; nil: PATH, then the newest /usr/lib/postgresql/*/bin.
  package var binDirectory: String? = nil

  package init(database: String) {
    self.database = database
  }

  /// Where a dump of this database goes in a snapshot by default.
  package var defaultDumpPath: String {
    "/postgresql/\(Self.pathSafe(host))-\(port)/\(Self.pathSafe(database)).sql"
  }

  /// A name usable as one path component: "/" and NUL replaced, "." and ".." avoided.
  private static func pathSafe(_ name: String) -> String {
    let replaced = String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
    return replaced.isEmpty || replaced == "." || replaced == ".." ? "_" + replaced : replaced
  }

  /// The connection arguments every client program takes; `--no-password` so a missing password
  /// fails at once instead of waiting for a prompt nobody answers.
  func clientArguments(database: String) -> [String] {
    ["--host=\(host)", "--port=\(port)", "--username=\(user)", "--dbname=\(database)", "--no-password"]
  }

  /// Variables for the child's environment: the password, a connection timeout so an unreachable
  /// server fails instead of hanging, and a fixed client encoding so dumps load anywhere.
  var clientEnvironment: [String: String] {
    var environment = ["PGCONNECT_TIMEOUT": "15", "PGCLIENTENCODING": "UTF8"]
    if let password { environment["PGPASSWORD"] = password }
    return environment
  }
}

extension StreamSource {
  /// `pg_dump --format=plain` of the database, streamed; stored at `path` (default
  /// `connection.defaultDumpPath`). Owners and privileges are left out, so the dump loads into a
  /// server that lacks the original roles (a restore drill's scratch database).
  package static func postgres(_ connection: PostgresConnection, path: String? = nil) -> StreamSource {
    let storedAt = path ?? connection.defaultDumpPath
    return StreamSource(path: storedAt) {
      let pgDump = try PostgresTools.locate("pg_dump", binDirectory: connection.binDirectory)
      let arguments =
        [pgDump, "--format=plain", "--no-owner", "--no-privileges", "--encoding=UTF8"]
        + connection.clientArguments(database: connection.database)
      return try StreamSource.command(arguments, environment: connection.clientEnvironment, path: storedAt).open()
    }
  }
}
