// Reads the log WAL back at open: every file of every generation whose segment was not written,
// record by record (length within bounds, CRC32C, known type, decodable payload). A torn or
// corrupted tail is cut off at the last whole record, with a warning saying how many bytes were
// dropped, and the open continues.
import Codecs
import Logging
import WardenCore

struct LogWALReplay {
  struct Outcome {
    /// The records of each replayed generation, in WAL order (possibly several batches).
    var batches: [UInt64: [LogBatch]] = [:]
    var files = 0
    var records = 0
    var droppedBytes = 0
    /// Every generation a WAL file was found for (replayed or not).
    var generations: Set<UInt64> = []
  }

  let directory: String
  let logger: Logger

  /// - Parameter skip: generations whose segment exists: their files are left-overs of a cut
  ///   interrupted before it deleted them, and are deleted now.
  func run(skip: Set<UInt64>) throws(LogStoreError) -> Outcome {
    var outcome = Outcome()
    let files = try LogFileIO.list(directory).compactMap { name in
      LogFileNames.parseWALFile(name).map { (name: name, generation: $0.generation, part: $0.part) }
    }.sorted { ($0.generation, $0.part) < ($1.generation, $1.part) }
    for file in files {
      let path = directory + "/" + file.name
      outcome.generations.insert(file.generation)
      if skip.contains(file.generation) {
        LogFileIO.remove(path)
        continue
      }
      outcome.files += 1
      let bytes = try LogFileIO.read(path)
      var batches: [LogBatch] = []
      let scan = Self.scan(bytes) { payload in
        // Into a batch of its own, so a record that fails half-way leaves nothing behind.
        var batch = LogBatch()
        do throws(CodecError) {
          try LogWALRecord.decodeEntries(payload, into: &batch)
        } catch {
          return error.message
        }
        batches.append(batch)
        return nil
      }
      outcome.records += batches.reduce(0) { $0 + $1.count }
      outcome.batches[file.generation, default: []].append(contentsOf: batches)
      if let problem = scan.problem {
        let dropped = bytes.count - scan.validLength
        outcome.droppedBytes += dropped
        logger.warning(
          "log WAL file damaged; cutting it at the last whole record",
          metadata: [
            "wal.file": "\(path)", "wal.problem": "\(problem)", "wal.dropped_bytes": "\(dropped)",
            "wal.kept_bytes": "\(scan.validLength)",
          ])
        try LogFileIO.truncate(path, to: scan.validLength)
      }
    }
    return outcome
  }

  struct ScanResult {
    /// Bytes from the start of the file that hold whole, valid records.
    var validLength: Int
    /// Why scanning stopped early, or nil when the whole file was valid.
    var problem: String?
  }

  /// Calls `visit` with each valid entries payload in order; `visit` returns a problem to stop
  /// (the record counts as damaged, and so does the rest of the file).
  static func scan(_ bytes: [UInt8], visit: (UnsafeRawBufferPointer) -> String?) -> ScanResult {
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        guard buffer.count - offset >= LogWALRecord.headerSize else {
          return ScanResult(validLength: offset, problem: "torn record header at byte \(offset)")
        }
        let length = Int(buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
        let storedCRC = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).bigEndian
        guard length <= LogWALRecord.maxPayloadBytes, length <= buffer.count - offset - LogWALRecord.headerSize else {
          return ScanResult(validLength: offset, problem: "record at byte \(offset) claims \(length) bytes past the end")
        }
        let end = offset + LogWALRecord.headerSize + length
        let checked = UnsafeRawBufferPointer(rebasing: buffer[(offset + 8)..<end])
        guard CRC32C.checksum(checked) == storedCRC else {
          return ScanResult(validLength: offset, problem: "checksum mismatch in record at byte \(offset)")
        }
        guard buffer[offset + 8] == LogWALRecord.entriesType else {
          return ScanResult(validLength: offset, problem: "unknown record type \(buffer[offset + 8]) at byte \(offset)")
        }
        if let problem = visit(UnsafeRawBufferPointer(rebasing: checked.dropFirst())) {
          return ScanResult(validLength: offset, problem: "record at byte \(offset): \(problem)")
        }
        offset = end
      }
      return ScanResult(validLength: offset, problem: nil)
    }
  }
}
