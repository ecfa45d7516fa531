// LineAssembler: line splitting, partial lines, truncation, multi-line joining and the committable
// offset, including a seeded property test that any chunking of a stream gives the same records.

@testable import Collect
import Testing
import WardenCore
import WardenTesting

struct LineAssemblerTests {
  /// Feeds `chunks` in order and returns the lines emitted, plus the assembler.
  private func assemble(
    _ chunks: [String], maxLineBytes: Int = 1024, joining: LineAssembler.Joining? = nil, flush: Bool = false
  ) -> (lines: [String], assembler: LineAssembler) {
    var assembler = LineAssembler(maxLineBytes: maxLineBytes, joining: joining)
    var batch = LogBatch()
    let stream = batch.stream(Labels(["job": "t"]))
    var offset: Int64 = 0
    for chunk in chunks {
      let bytes = Array(chunk.utf8)
      bytes.withUnsafeBufferPointer { assembler.consume($0, at: offset, timestampNs: 1, into: &batch, stream: stream) }
      offset += Int64(bytes.count)
    }
    if flush { assembler.flush(timestampNs: 2, into: &batch, stream: stream) }
    return ((0..<batch.count).map { batch.records.line($0) }, assembler)
  }

  @Test func splitsAtNewlinesDropsCarriageReturnsAndHoldsTheLastPartialLine() {
    let (lines, assembler) = assemble(["one\r\ntwo\n\nthr", "ee\r", "\nfour"])
    #expect(lines == ["one", "two", "", "three"])
    #expect(assembler.hasPending)
    // "four" starts at byte 17 and is not emitted, so the position may not pass it.
    #expect(assembler.committableOffset(readOffset: 21) == 17)
    #expect(assemble(["one\r\ntwo\n\nthr", "ee\r", "\nfour"], flush: true).lines == ["one", "two", "", "three", "four"])
  }

  @Test func aCarriageReturnAloneInsideALineIsKept() {
    #expect(assemble(["a\rb\n", "\r\n"]).lines == ["a\rb", ""])
  }

  @Test func longLinesAreTruncatedAndCountedWhetherWholeOrSplitAcrossChunks() {
    let (lines, assembler) = assemble(["0123456789abc\nshort\n01234", "56789xyz\r\n"], maxLineBytes: 8)
    #expect(lines == ["01234567", "short", "01234567"])
    #expect(assembler.counts.truncated == 2)
    #expect(assembler.counts.lines == 3)
    // Exactly at the limit, with a CR that is dropped: not truncated.
    let (exact, exactAssembler) = assemble(["0123", "4567\r\n"], maxLineBytes: 8)
    #expect(exact == ["01234567"])
    #expect(exactAssembler.counts.truncated == 0)
  }

  @Test func multilineJoinsContinuationLinesOntoTheirStartLine() throws {
    let joining = LineAssembler.Joining(start: try LineStartPattern(#"^\d{4}-"#), maxLines: 500, maxBytes: 10_000)
    let text = """
      2024-05-01 ERROR request failed
      java.lang.IllegalStateException: boom
          at a.B.c(B.java:10)
          at a.D.e(D.java:20)
      2024-05-01 INFO next
      2024-05-01 INFO last
      continued

      """
    let (lines, assembler) = assemble([text], joining: joining)
    #expect(
      lines == [
        "2024-05-01 ERROR request failed\njava.lang.IllegalStateException: boom\n    at a.B.c(B.java:10)\n    at a.D.e(D.java:20)",
        "2024-05-01 INFO next",
      ])
    // The last record waits for a next start line or a flush; its start is the committable offset.
    let lastStart = Int64(text.utf8.count - "2024-05-01 INFO last\ncontinued\n".utf8.count)
    #expect(assembler.committableOffset(readOffset: Int64(text.utf8.count)) == lastStart)
    #expect(assemble([text], joining: joining, flush: true).lines.last == "2024-05-01 INFO last\ncontinued")
  }

  @Test func multilineRecordsAreCutAtMaxLinesAndMaxBytes() throws {
    let byLines = LineAssembler.Joining(start: try LineStartPattern("^S"), maxLines: 3, maxBytes: 10_000)
    #expect(assemble(["S1\na\nb\nc\nd\nS2\n"], joining: byLines, flush: true).lines == ["S1\na\nb", "c\nd", "S2"])
    let byBytes = LineAssembler.Joining(start: try LineStartPattern("^S"), maxLines: 100, maxBytes: 8)
    let (lines, assembler) = assemble(["S1\naaa\nbbb\ncccccccccc\n"], joining: byBytes, flush: true)
    #expect(lines == ["S1\naaa", "bbb", "cccccccc"])
    #expect(assembler.counts.truncated == 1)
  }

  @Test func lineStartPatternsUseALiteralPrefixOrARegexSearch() throws {
    func matches(_ pattern: String, _ line: String) throws -> Bool {
      let compiled = try LineStartPattern(pattern)
      return Array(line.utf8).withUnsafeBufferPointer { compiled.matches($0) }
    }
    #expect(try matches(#"^\["#, "[INFO] x"))
    #expect(try !matches(#"^\["#, " [INFO] x"))
    #expect(try matches("^INFO", "INFO x"))
    #expect(try !matches("^INFO", "INF"))
    #expect(try matches(#"^\d{4}-\d\d"#, "2024-05 x"))
    #expect(try !matches(#"^\d{4}-\d\d"#, "  at 2024-05"))
    // Unanchored patterns search the whole line.
    #expect(try matches("ERROR|WARN", "12:00 WARN disk"))
    #expect(throws: LineStartPatternError.self) { try LineStartPattern("(unclosed") }
    #expect(throws: LineStartPatternError.self) { try LineStartPattern("") }
  }

  /// Any split of a byte stream into chunks yields the records of the whole stream, and the
  /// committable offset always falls at the start of a line (never inside one).
  @Test(arguments: [1, 2, 3, 42] as [UInt64])
  func chunkingNeverChangesTheRecords(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let alphabet = Array("ab c\r\n\n\tSé".utf8)
    var stream: [UInt8] = []
    for _ in 0..<4000 { stream.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
    let joining = LineAssembler.Joining(start: try LineStartPattern("^S"), maxLines: 4, maxBytes: 40)
    for join in [nil, joining] {
      let whole = run(stream, chunkSizes: [stream.count], joining: join)
      for _ in 0..<20 {
        var sizes: [Int] = []
        var total = 0
        while total < stream.count {
          let size = Int.random(in: 1...64, using: &generator)
          sizes.append(size)
          total += size
        }
        let chunked = run(stream, chunkSizes: sizes, joining: join)
        #expect(chunked.lines == whole.lines)
        for offset in chunked.offsets {
          #expect(offset == 0 || stream[Int(offset) - 1] == 0x0A, "offset \(offset) is inside a line")
        }
      }
    }
  }

  private func run(_ stream: [UInt8], chunkSizes: [Int], joining: LineAssembler.Joining?) -> (lines: [String], offsets: [Int64]) {
    var assembler = LineAssembler(maxLineBytes: 16, joining: joining)
    var batch = LogBatch()
    let ordinal = batch.stream(Labels(["job": "t"]))
    var position = 0
    var offsets: [Int64] = []
    for size in chunkSizes {
      let end = min(stream.count, position + size)
      stream[position..<end].withUnsafeBufferPointer {
        assembler.consume($0, at: Int64(position), timestampNs: 0, into: &batch, stream: ordinal)
      }
      position = end
      offsets.append(assembler.committableOffset(readOffset: Int64(position)))
    }
    assembler.flush(timestampNs: 0, into: &batch, stream: ordinal)
    return ((0..<batch.count).map { batch.records.line($0) }, offsets)
  }
}
