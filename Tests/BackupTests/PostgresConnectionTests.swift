// Connection settings for PostgreSQL sources: libpq-style connection strings as `backup create
// --postgres` takes them (a password in one is refused), and where a dump is stored by default.
import Backup
import Testing

@Suite struct PostgresConnectionTests {
  @Test func connectionStringsAreReadAndPasswordsRefused() throws {
    let connection = try PostgresConnection(connectionString: "host=db1 port=5433 user=backup dbname='my db'")
    #expect(connection.host == "db1")
    #expect(connection.port == 5433)
    #expect(connection.user == "backup")
    #expect(connection.database == "my db")
    #expect(connection.defaultDumpPath == "/postgresql/db1-5433/my db.sql")
    #expect(try PostgresConnection(connectionString: "dbname=app") == PostgresConnection(database: "app"))
    let password = #expect(throws: BackupError.self) { try PostgresConnection(connectionString: "dbname=app password=x") }
    #expect(password?.message.contains("no password") == true)
    #expect(throws: BackupError.self) { try PostgresConnection(connectionString: "host=db1") }
    #expect(throws: BackupError.self) { try PostgresConnection(connectionString: "dbname=app port=99999") }
    #expect(throws: BackupError.self) { try PostgresConnection(connectionString: "dbname='app") }
    #expect(throws: BackupError.self) { try PostgresConnection(connectionString: "dbname=app sslmode=require") }
  }

  @Test func aMissingPgDumpIsNamed() throws {
    let (_, repository) = try RepositoryTests.fresh()
    var connection = PostgresConnection(database: "app")
    connection.binDirectory = "/nonexistent/bin"
    var options = BackupOptions(paths: [])
    options.streams = [.postgres(connection)]
    let error = #expect(throws: BackupError.self) {
      try Archiver(repository: repository, index: try RepositoryIndex.load(repository)).run(options)
    }
    #expect(error?.message == "pg_dump is not in /nonexistent/bin")
  }
}
