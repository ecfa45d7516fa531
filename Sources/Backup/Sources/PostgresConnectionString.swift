// libpq's keyword/value connection strings ("host=db1 port=5432 user=backup dbname=app"), as
// `warden backup create --postgres` takes them. Values are bare words or single-quoted ('my db',
// with \' and \\ inside). Only the keywords a dump needs are accepted; a password is refused,
// since a command-line argument is visible to every user through `ps`.
extension PostgresConnection {
  package init(connectionString: String) throws {
    guard connectionString.utf8.count <= 4096 else { throw BackupError(.usage, "the PostgreSQL connection string is longer than 4096 bytes") }
    var settings: [String: String] = [:]
    var characters = Substring(connectionString)
    func skipSpaces() { characters = characters.drop { $0 == " " || $0 == "\t" || $0 == "\n" } }
    skipSpaces()
    while !characters.isEmpty {
      let keyword = String(characters.prefix { $0 != "=" && $0 != " " && $0 != "\t" })
      characters = characters.dropFirst(keyword.count)
      skipSpaces()
      guard !keyword.isEmpty, characters.first == "=" else {
        throw BackupError(.usage, "the PostgreSQL connection string needs keyword=value pairs, not \"\(keyword)\"")
      }
      characters = characters.dropFirst()
      skipSpaces()
      var value = ""
      if characters.first == "'" {
        characters = characters.dropFirst()
        var closed = false
        while let character = characters.popFirst() {
          if character == "\\", let escaped = characters.popFirst() {
            value.append(escaped)
          } else if character == "'" {
            closed = true
            break
          } else {
            value.append(character)
          }
        }
        guard closed else { throw BackupError(.usage, "the value of \(keyword) in the PostgreSQL connection string has no closing quote") }
      } else {
        value = String(characters.prefix { $0 != " " && $0 != "\t" && $0 != "\n" })
        characters = characters.dropFirst(value.count)
      }
      guard settings[keyword] == nil else { throw BackupError(.usage, "\(keyword) appears twice in the PostgreSQL connection string") }
      settings[keyword] = value
      skipSpaces()
    }
    if settings["password"] != nil {
      throw BackupError(.usage, "no password in the PostgreSQL connection string (`ps` shows it to everyone): use a password file or PGPASSWORD")
    }
    let known: Set = ["host", "port", "user", "dbname"]
    if let unknown = settings.keys.sorted().first(where: { !known.contains($0) }) {
      throw BackupError(.usage, "unknown keyword \(unknown) in the PostgreSQL connection string (known: host, port, user, dbname)")
    }
    guard let database = settings["dbname"], !database.isEmpty else {
      throw BackupError(.usage, "the PostgreSQL connection string needs dbname=")
    }
    self.init(database: database)
    if let host = settings["host"], !host.isEmpty { self.host = host }
    if let user = settings["user"], !user.isEmpty { self.user = user }
    if let port = settings["port"] {
      guard let number = Int(port), (1...65535).contains(number) else {
        throw BackupError(.usage, "port \(port) in the PostgreSQL connection string is not a port number")
      }
      self.port = number
    }
  }
}
