// Counts the rows a plain `pg_dump` file holds for each table, read as a stream: the data of a
// table is a `COPY <table> (<columns>) FROM stdin;` line (pg_dump writes it after a blank line),
// then one line per row in COPY's text format, then a line holding only `\.`. In that format a
// newline inside a value is written as the two characters `\n`, so a physical line is a row; a
// line ending in an odd number of backslashes (an escaped real newline, which COPY still accepts)
// continues its row. Only the COPY header lines are kept in memory, up to a limit; data lines are
// counted without being kept, so a dump of any size is counted in constant memory.
// The format: PostgreSQL's documentation of COPY ("Text Format") and of pg_dump.
#if canImport(Glibc)
  import Glibc
#endif

/// One table's rows as a dump holds them.
package struct DumpTableRows: Sendable, Equatable {
  /// As the dump writes it, quoted where needed ("public.orders", "public.\"Order Items\"").
  package var table: String
  package var rows: Int

  package init(table: String, rows: Int) {
    self.table = table
    self.rows = rows
  }
}

package struct DumpRowCounter: Sendable {
  package struct Limits: Sendable {
    /// Bytes of one statement line kept (a COPY line with its column list must fit).
    package var maxHeaderLine = 1 << 20
    package var maxTables = 100_000

    package init() {}
  }

  private let limits: Limits
  private var tables: [DumpTableRows] = []
  /// The current line outside COPY data, up to `limits.maxHeaderLine` bytes.
  private var line: [UInt8] = []
  private var lineOverflowed = false
  private var previousLineWasEmpty = true
  private var lineNumber = 1
  /// Inside a table's data: the row being read.
  private var inData = false
  private var dataRows = 0
  /// The first bytes of the current data line (to recognise `\.`) and how many it has.
  private var dataLineHead: (UInt8, UInt8, UInt8) = (0, 0, 0)
  private var dataLineLength = 0
  /// Whether the current data line so far ends in an odd number of backslashes.
  private var oddTrailingBackslashes = false
  /// Whether the current data line continues a row (the previous line ended in an escaped newline).
  private var continuesRow = false

  package init(limits: Limits = Limits()) {
    self.limits = limits
  }

  /// Feeds the next bytes of the dump.
  package mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return }
    var position = 0
    let count = bytes.count
    while position < count {
      let rest = count - position
      let newline = memchr(base + position, 0x0A, rest).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
      let end = newline ?? count
      let segment = UnsafeBufferPointer(start: base + position, count: end - position)
      if inData { appendData(segment) } else { appendStatement(segment) }
      guard newline != nil else { break }
      if inData { try endDataLine() } else { try endStatementLine() }
      lineNumber += 1
      position = end + 1
    }
  }

  /// The row counts, in the order the dump holds the tables (a table named twice is summed).
  package mutating func finish() throws -> [DumpTableRows] {
    if inData {
      // The last line, without its newline, may still be the terminator.
      let isTerminator = !continuesRow && dataLineLength == 2 && dataLineHead.0 == 0x5C && dataLineHead.1 == 0x2E
      guard isTerminator else {
        throw BackupError(.corrupt, "the dump ends inside the data of \(tables[tables.count - 1].table) (no \\. line)")
      }
      try endDataLine()
    }
    if !line.isEmpty || lineOverflowed { try endStatementLine() }
    var merged: [DumpTableRows] = []
    var position: [String: Int] = [:]
    for entry in tables {
      if let existing = position[entry.table] {
        merged[existing].rows += entry.rows
      } else {
        position[entry.table] = merged.count
        merged.append(entry)
      }
    }
    return merged
  }

  private mutating func appendData(_ segment: UnsafeBufferPointer<UInt8>) {
    guard !segment.isEmpty else { return }
    let headBytes = min(segment.count, max(0, 3 - dataLineLength))
    for offset in 0..<headBytes {
      switch dataLineLength + offset {
      case 0: dataLineHead.0 = segment[offset]
      case 1: dataLineHead.1 = segment[offset]
      default: dataLineHead.2 = segment[offset]
      }
    }
    dataLineLength += segment.count
    // Parity of the backslashes at the end of the line so far.
    var trailing = 0
    var index = segment.count - 1
    while index >= 0, segment[index] == 0x5C {
      trailing += 1
      index -= 1
    }
    oddTrailingBackslashes = index < 0 ? (oddTrailingBackslashes != (trailing % 2 == 1)) : trailing % 2 == 1
  }

  private mutating func endDataLine() throws {
    defer {
      dataLineLength = 0
      oddTrailingBackslashes = false
    }
    if !continuesRow, dataLineLength == 2, dataLineHead.0 == 0x5C, dataLineHead.1 == 0x2E {
      tables[tables.count - 1].rows = dataRows
      inData = false
      previousLineWasEmpty = false
      return
    }
    if oddTrailingBackslashes {
      continuesRow = true  // an escaped newline: the row goes on
      return
    }
    continuesRow = false
    dataRows += 1
  }

  private mutating func appendStatement(_ segment: UnsafeBufferPointer<UInt8>) {
    let room = limits.maxHeaderLine - line.count
    if segment.count > room {
      line.append(contentsOf: segment.prefix(max(0, room)))
      lineOverflowed = true
    } else {
      line.append(contentsOf: segment)
    }
  }

  private mutating func endStatementLine() throws {
    defer {
      previousLineWasEmpty = line.isEmpty && !lineOverflowed
      line.removeAll(keepingCapacity: line.capacity <= 64 << 10)
      lineOverflowed = false
    }
    if lineNumber == 1, line.starts(with: Self.customFormatMagic) {
      throw BackupError(.corrupt, "the dump is in pg_dump's custom format, not plain SQL (pg_dump --format=plain)")
    }
    guard previousLineWasEmpty, line.starts(with: Self.copyKeyword) else { return }
    guard !lineOverflowed else {
      throw BackupError(.corrupt, "the dump's line \(lineNumber) is a COPY statement longer than \(limits.maxHeaderLine) bytes")
    }
    guard let table = CopyStatement.table(in: line) else {
      // A COPY to or from a file, or a program: not table data of this dump.
      if line.last == 0x3B, line.suffix(Self.fromStdin.count).elementsEqual(Self.fromStdin) {
        throw BackupError(.corrupt, "the dump's line \(lineNumber) is a COPY statement whose table name cannot be read")
      }
      return
    }
    guard tables.count < limits.maxTables else {
      throw BackupError(.corrupt, "the dump holds data for more than \(limits.maxTables) tables")
    }
    tables.append(DumpTableRows(table: table, rows: 0))
    inData = true
    dataRows = 0
    continuesRow = false
  }

  private static let copyKeyword = Array("COPY ".utf8)
  private static let customFormatMagic = Array("PGDMP".utf8)
  private static let fromStdin = Array(" FROM stdin;".utf8)
}
