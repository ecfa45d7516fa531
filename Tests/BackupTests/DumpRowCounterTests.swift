// The row counter for plain pg_dump files: rows per table from the COPY sections, whatever the
// data holds (escaped tabs, newlines, backslashes, NULLs, a `\.` inside a value) and however the
// stream is split into reads; hostile or cut-off input is a clear error, never a crash.
import Backup
import Testing
import WardenTesting

@Suite struct DumpRowCounterTests {
  static func count(_ text: String, pieces: [Int] = [], limits: DumpRowCounter.Limits = .init()) throws -> [DumpTableRows] {
    try count(Array(text.utf8), pieces: pieces, limits: limits)
  }

  /// Feeds `bytes` in pieces of the given sizes (the rest in one piece).
  static func count(_ bytes: [UInt8], pieces: [Int] = [], limits: DumpRowCounter.Limits = .init()) throws -> [DumpTableRows] {
    var counter = DumpRowCounter(limits: limits)
    var start = 0
    for size in pieces where start < bytes.count {
      let end = min(bytes.count, start + size)
      try bytes[start..<end].withUnsafeBytes { try counter.consume($0) }
      start = end
    }
    try bytes[start...].withUnsafeBytes { try counter.consume($0) }
    return try counter.finish()
  }

  static let sample = """
    --
    -- PostgreSQL database dump
    --

    SET client_encoding = 'UTF8';
    CREATE TABLE public.orders (id integer, note text);

    --
    -- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: -
    --

    COPY public.orders (id, note) FROM stdin;
    1\ttab\\there
    2\tline\\nbreak
    3\t\\\\
    4\t\\N
    5\t\\.
    6\tCOPY public.fake (x) FROM stdin;
    \\.

    COPY public."Order Items" ("Id", "the ""x"" col") FROM stdin;
    1\ta
    2\tb
    \\.

    COPY public.empty (id) FROM stdin;
    \\.

    COPY public.no_columns  FROM stdin;

    \\.

    --
    -- PostgreSQL database dump complete
    --

    """

  static let expected = [
    DumpTableRows(table: "public.orders", rows: 6), DumpTableRows(table: "public.\"Order Items\"", rows: 2),
    DumpTableRows(table: "public.empty", rows: 0), DumpTableRows(table: "public.no_columns", rows: 1),
  ]

  @Test func countsRowsPerTableWithEscapedData() throws {
    #expect(try Self.count(Self.sample) == Self.expected)
  }

  @Test func theSameCountsWhateverTheReadSizes() throws {
    let bytes = Array(Self.sample.utf8)
    for size in [1, 2, 3, 5, 7, 64] {
      #expect(try Self.count(bytes, pieces: Array(repeating: size, count: bytes.count)) == Self.expected, "pieces of \(size)")
    }
    var generator = SeededGenerator(seed: 9)
    for _ in 0..<200 {
      let pieces = (0..<40).map { _ in Int.random(in: 1...30, using: &generator) }
      #expect(try Self.count(bytes, pieces: pieces) == Self.expected, "pieces \(pieces)")
    }
  }

  @Test func anEscapedRealNewlineContinuesTheRow() throws {
    // An odd number of trailing backslashes escapes the newline; an even number is data.
    let text = "\nCOPY public.t (a) FROM stdin;\nfirst\\\nstill first\neven\\\\\nthird\n\\.\n"
    #expect(try Self.count(text) == [DumpTableRows(table: "public.t", rows: 3)])
    // Split inside the run of backslashes.
    #expect(try Self.count(text, pieces: [37, 1, 1]) == [DumpTableRows(table: "public.t", rows: 3)])
  }

  @Test func aCopyLineOnlyCountsAtTheStartOfAStatement() throws {
    // pg_dump writes a blank line before each COPY; one inside a function body is not data.
    let text = "CREATE FUNCTION f() RETURNS void AS $$\nCOPY public.t (a) FROM stdin;\n$$ LANGUAGE sql;\n"
    #expect(try Self.count(text) == [])
  }

  @Test func theLastTerminatorMayLackItsNewline() throws {
    #expect(try Self.count("\nCOPY t (a) FROM stdin;\nx\n\\.") == [DumpTableRows(table: "t", rows: 1)])
  }

  @Test func tableNamesAreCheckedIdentifiers() throws {
    let hostile = "\nCOPY public.t; DROP TABLE x; --(a) FROM stdin;\nrow\n\\.\n"
    let error = #expect(throws: BackupError.self) { try Self.count(hostile) }
    #expect(error?.message.contains("table name cannot be read") == true)
    // COPY to a file or from a program is not table data and is left alone.
    #expect(try Self.count("\nCOPY public.t TO '/tmp/x';\n") == [])
  }

  @Test func cutOffAndForeignInputIsNamed() throws {
    let cut = #expect(throws: BackupError.self) { try Self.count("\nCOPY public.orders (id) FROM stdin;\n1\n2\n") }
    #expect(cut?.message.contains("ends inside the data of public.orders") == true)
    let custom = #expect(throws: BackupError.self) { try Self.count("PGDMP\u{1}\u{e}\u{0}binary") }
    #expect(custom?.message.contains("custom format") == true)
    let split = #expect(throws: BackupError.self) { try Self.count("PGDMP\u{1}\u{e}\u{0}binary\nmore", pieces: [1, 1, 1]) }
    #expect(split?.message.contains("custom format") == true)
  }

  @Test func limitsAreEnforced() throws {
    var limits = DumpRowCounter.Limits()
    limits.maxTables = 2
    let three = (1...3).map { "\nCOPY t\($0) (a) FROM stdin;\n\\.\n" }.joined()
    let tooMany = #expect(throws: BackupError.self) { try Self.count(three, limits: limits) }
    #expect(tooMany?.message.contains("more than 2 tables") == true)
    limits = DumpRowCounter.Limits()
    limits.maxHeaderLine = 64
    let long = "\nCOPY t (" + (0..<40).map { "column_\($0)" }.joined(separator: ", ") + ") FROM stdin;\n\\.\n"
    let tooLong = #expect(throws: BackupError.self) { try Self.count(long, limits: limits) }
    #expect(tooLong?.message.contains("longer than 64 bytes") == true)
    // A long line that is not a COPY is only skipped.
    #expect(try Self.count("\n-- " + String(repeating: "x", count: 500) + "\n", limits: limits) == [])
  }

  /// Generated dumps: random tables and rows whose values hold every escape COPY's text format
  /// uses; the counts must be exactly the generated ones, however the stream is split.
  @Test func generatedDumpsCountExactly() throws {
    var generator = SeededGenerator(seed: 42)
    let fragments = ["plain", "\\t", "\\n", "\\\\", "\\N", "\\.", "\\r", "COPY x (a) FROM stdin;", "ü", "", " ", "\\\\."]
    for round in 0..<50 {
      var text = "SET client_encoding = 'UTF8';\n"
      var expected: [DumpTableRows] = []
      for table in 0..<Int.random(in: 0...5, using: &generator) {
        let name = "public.\"t \(round) \(table)\""
        let rows = Int.random(in: 0...40, using: &generator)
        text += "\nCOPY \(name) (id, body) FROM stdin;\n"
        for row in 0..<rows {
          let body = (0..<Int.random(in: 0...6, using: &generator)).map { _ in fragments.randomElement(using: &generator)! }.joined()
          text += "\(row)\t\(body)\n"
        }
        text += "\\.\n"
        expected.append(DumpTableRows(table: name, rows: rows))
      }
      let bytes = Array(text.utf8)
      let pieces = (0..<20).map { _ in Int.random(in: 1...50, using: &generator) }
      #expect(try Self.count(bytes, pieces: pieces) == expected, "round \(round)")
    }
  }

  /// Random mutations of a valid dump (bytes flipped, inserted, removed; lines cut): always
  /// either counts or a BackupError, never a crash or a hang.
  @Test func mutatedDumpsNeverCrash() {
    var generator = SeededGenerator(seed: 7)
    let original = Array(Self.sample.utf8)
    let alphabet = Array("\n\\.\t\"( ),;COPYFROMstdin".utf8) + [0, 0xFF, 0x80]
    var errors = 0
    for _ in 0..<2_000 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...8, using: &generator) {
        let position = Int.random(in: 0..<max(1, bytes.count), using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0 where !bytes.isEmpty: bytes[position] = alphabet.randomElement(using: &generator)!
        case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: min(position, bytes.count))
        case 2 where !bytes.isEmpty: bytes.remove(at: position)
        default: bytes = Array(bytes.prefix(position))
        }
      }
      let pieces = (0..<10).map { _ in Int.random(in: 1...100, using: &generator) }
      do {
        let counts = try Self.count(bytes, pieces: pieces)
        #expect(counts.allSatisfy { $0.rows >= 0 && !$0.table.isEmpty })
      } catch {
        #expect(error is BackupError, "\(error)")
        errors += 1
      }
    }
    #expect(errors > 0, "the mutations should hit the error paths")
  }
}
