// Reads a block's memory-mapped `index`: verifies the header, table of contents and every
// section's CRC32C at open, loads symbols and label values, and decodes series (decompressing
// the zstd pages of 128 series of versions 3 and 4) and postings lazily from the mapping.
import Codecs
import WardenCore

/// The last series page (version 3) one query decompressed. Owned by one query, never shared.
struct SeriesPageCache {
  fileprivate var page = -1
  fileprivate var bytes: [UInt8] = []
}

/// Where one chunk of a series is, and the time range of its samples (inclusive).
struct BlockChunkMeta: Sendable, Equatable {
  var minTimeMs: Int64
  var maxTimeMs: Int64
  /// Version 1: byte offset of the chunk's frame in the `chunks` file. Version 2: the zstd
  /// frame's byte offset << 24 | the chunk entry's offset in the uncompressed frame.
  var ref: UInt64
}

/// The verified, parsed index of one block. Immutable after `init`, so thread-safe.
struct BlockIndex: Sendable {
  let file: MappedFile
  /// The header's format version (one of `BlockFormat.readableVersions`).
  let version: UInt8
  let symbols: [String]
  let seriesCount: Int
  /// Absolute byte ranges of section bodies inside `file`.
  private let seriesBody: Range<Int>
  private let postingsBody: Range<Int>
  /// Label names, sorted.
  let names: [String]
  /// Values of each name, sorted.
  let values: [String: [String]]
  /// name → value → offset of its postings list in the postings body.
  private let postingsOffsets: [String: [String: Int]]

  /// Maps and verifies the index at `path`.
  /// - Throws: `.corrupt` naming the file and what failed (header, table of contents, a
  ///   section's bounds or checksum, an undecodable entry); `.io` if it cannot be read.
  init(path: String) throws(StoreError) {
    file = try MappedFile(path, failure: StoreError.self)
    let bytes = file.bytes
    func corrupt(_ what: String) -> StoreError { StoreError(.corrupt, "cannot open block index \(path): \(what)") }
    guard bytes.count >= BlockFormat.headerSize + BlockFormat.tocSize else {
      throw corrupt("file of \(bytes.count) bytes is too short")
    }
    var bodies: [Range<Int>] = []
    var version: UInt8 = 0
    do throws(CodecError) {
      var header = ByteReader(bytes, subject: "index header")
      guard try header.readUInt32BE() == BlockFormat.indexMagic else { throw .corrupt("index header", "bad magic number") }
      version = try header.readByte()
      guard BlockFormat.readableVersions.contains(version) else { throw .corrupt("index header", "unsupported version \(version)") }
      let tocStart = bytes.count - BlockFormat.tocSize
      var toc = ByteReader(bytes, offset: tocStart, subject: "table of contents")
      let tocBytes = UnsafeRawBufferPointer(rebasing: bytes[tocStart..<bytes.count - 4])
      var offsets: [Int] = []
      for _ in BlockFormat.sectionNames { offsets.append(Int(truncatingIfNeeded: try toc.readUInt64BE())) }
      guard try toc.readUInt32BE() == CRC32C.checksum(tocBytes) else { throw .corrupt("table of contents", "checksum mismatch") }
      for (name, offset) in zip(BlockFormat.sectionNames, offsets) {
        guard offset >= BlockFormat.headerSize, offset <= tocStart - BlockFormat.sectionOverhead else {
          throw .corrupt("\(name) section", "offset \(offset) out of bounds")
        }
        var section = ByteReader(bytes, offset: offset, subject: "\(name) section")
        let length = Int(try section.readUInt32BE())
        guard length <= tocStart - offset - BlockFormat.sectionOverhead else {
          throw .corrupt("\(name) section", "length \(length) at byte \(offset) out of bounds")
        }
        let body = try section.readBytes(count: length)
        guard try section.readUInt32BE() == CRC32C.checksum(body) else { throw .corrupt("\(name) section", "checksum mismatch") }
        bodies.append(offset + 4..<offset + 4 + length)
      }
    } catch {
      throw corrupt(error.description)
    }
    self.version = version
    seriesBody = bodies[1]
    postingsBody = bodies[2]
    do throws(CodecError) {
      var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[bodies[0]]), subject: "symbols section")
      let count = try reader.readVarint()
      guard count <= UInt64(reader.remaining) else { throw CodecError.corrupt("symbols section", "count \(count)") }
      var symbols: [String] = []
      symbols.reserveCapacity(Int(count))
      for _ in 0..<count {
        let length = try reader.readVarint()
        guard length <= UInt64(reader.remaining) else { throw CodecError.truncated("symbols section", "symbol of \(length) bytes") }
        symbols.append(String(decoding: try reader.readBytes(count: Int(length)), as: UTF8.self))
      }
      self.symbols = symbols

      var series = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[bodies[1]]), subject: "series section")
      seriesCount = Int(try series.readUInt32BE())
      if version >= 3 {
        let pages = Int(try series.readUInt32BE())
        let expected = (seriesCount + BlockFormat.seriesPerPage - 1) / BlockFormat.seriesPerPage
        guard pages == expected, pages <= series.remaining / 4 else {
          throw CodecError.corrupt("series section", "\(pages) pages for \(seriesCount) series")
        }
      } else {
        guard seriesCount <= series.remaining / 4 else { throw CodecError.corrupt("series section", "count \(seriesCount)") }
      }

      var labels = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[bodies[3]]), subject: "label values section")
      var names: [String] = []
      var values: [String: [String]] = [:]
      var postingsOffsets: [String: [String: Int]] = [:]
      let nameCount = try labels.readVarint()
      for _ in 0..<min(nameCount, UInt64(labels.remaining)) {
        let name = try Self.symbol(try labels.readVarint(), in: symbols)
        let valueCount = try labels.readVarint()
        var nameValues: [String] = []
        var offsets: [String: Int] = [:]
        for _ in 0..<min(valueCount, UInt64(labels.remaining)) {
          let value = try Self.symbol(try labels.readVarint(), in: symbols)
          let offset = try labels.readVarint()
          guard offset < UInt64(postingsBody.count) else { throw CodecError.corrupt("label values section", "postings offset \(offset)") }
          nameValues.append(value)
          offsets[value] = Int(offset)
        }
        names.append(name)
        values[name] = nameValues
        postingsOffsets[name] = offsets
      }
      self.names = names
      self.values = values
      self.postingsOffsets = postingsOffsets
    } catch {
      throw corrupt(error.description)
    }
  }

  private static func symbol(_ ref: UInt64, in symbols: [String]) throws(CodecError) -> String {
    guard ref < UInt64(symbols.count) else { throw .corrupt("index", "symbol reference \(ref) of \(symbols.count)") }
    return symbols[Int(ref)]
  }

  private func corrupt(_ error: CodecError) -> StoreError {
    StoreError(.corrupt, "cannot read block index \(file.path): \(error.description)")
  }

  /// The labels and chunk metas of the series with ordinal `ordinal` (< `seriesCount`). In a
  /// version-3 index the series' page is decompressed into `cache` unless it holds it already,
  /// so reading ordinals in ascending order decompresses each page once.
  func series(_ ordinal: Int, cache: inout SeriesPageCache) throws(StoreError) -> (labels: Labels, chunks: [BlockChunkMeta]) {
    let body = UnsafeRawBufferPointer(rebasing: file.bytes[seriesBody])
    do throws(CodecError) {
      guard ordinal >= 0, ordinal < seriesCount else { throw .corrupt("series section", "ordinal \(ordinal) of \(seriesCount)") }
      guard version >= 3 else {
        var table = ByteReader(body, offset: 4 + 4 * ordinal, subject: "series section")
        return try entry(in: body, at: Int(try table.readUInt32BE()), ordinal: ordinal)
      }
      let page = ordinal / BlockFormat.seriesPerPage
      if cache.page != page {
        cache.bytes = try decompressPage(page, of: body)
        cache.page = page
      }
      let result: Result<(Labels, [BlockChunkMeta]), CodecError> = cache.bytes.withUnsafeBytes { bytes in
        do throws(CodecError) {
          var table = ByteReader(bytes, offset: 4 * (ordinal % BlockFormat.seriesPerPage), subject: "series page \(page)")
          return .success(try entry(in: bytes, at: Int(try table.readUInt32BE()), ordinal: ordinal))
        } catch {
          return .failure(error)
        }
      }
      return try result.get()
    } catch {
      throw corrupt(error)
    }
  }

  /// The uncompressed bytes of series page `page` (version 3), checking its bounds and size.
  private func decompressPage(_ page: Int, of body: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
    let subject = "series page \(page)"
    let pages = (seriesCount + BlockFormat.seriesPerPage - 1) / BlockFormat.seriesPerPage
    let tableEnd = 8 + 4 * pages
    var table = ByteReader(body, offset: 8 + 4 * page, subject: "series section")
    let start = Int(try table.readUInt32BE())
    let end = page + 1 < pages ? Int(try table.readUInt32BE()) : body.count
    guard start >= tableEnd, start <= end - 4, end <= body.count else {
      throw .corrupt(subject, "bounds \(start)..<\(end) outside the section's \(body.count) bytes")
    }
    var reader = ByteReader(body, offset: start, subject: subject)
    let length = Int(try reader.readUInt32BE())
    guard length <= BlockFormat.maxSeriesPageBytes else { throw .corrupt(subject, "uncompressed length \(length)") }
    return try Zstd.decompress(UnsafeRawBufferPointer(rebasing: body[(start + 4)..<end]), expectedSize: length)
  }

  /// The series entry at byte `offset` of `bytes` (labels, then chunk metas).
  private func entry(
    in bytes: UnsafeRawBufferPointer, at offset: Int, ordinal: Int
  ) throws(CodecError) -> (labels: Labels, chunks: [BlockChunkMeta]) {
    var reader = ByteReader(bytes, offset: offset, subject: "series \(ordinal)")
    let labelCount = try reader.readVarint()
    var pairs: [Label] = []
    for _ in 0..<min(labelCount, UInt64(reader.remaining)) {
      let name = try Self.symbol(try reader.readVarint(), in: symbols)
      pairs.append(Label(name, try Self.symbol(try reader.readVarint(), in: symbols)))
    }
    let chunkCount = try reader.readVarint()
    var chunks: [BlockChunkMeta] = []
    chunks.reserveCapacity(Int(min(chunkCount, UInt64(reader.remaining))))
    var previousMax: Int64 = 0
    var previousRef: UInt64 = 0
    for _ in 0..<min(chunkCount, UInt64(reader.remaining)) {
      let minTime = previousMax &+ (try reader.readZigZagVarint())
      let maxTime = minTime &+ Int64(bitPattern: try reader.readVarint())
      let ref = previousRef &+ (try reader.readVarint())
      chunks.append(BlockChunkMeta(minTimeMs: minTime, maxTimeMs: maxTime, ref: ref))
      previousMax = maxTime
      previousRef = ref
    }
    return (Labels(sortedPairs: pairs), chunks)
  }

  /// The postings list at `offset` in the postings body.
  private func postings(at offset: Int) throws(StoreError) -> [SeriesID] {
    let body = UnsafeRawBufferPointer(rebasing: file.bytes[postingsBody])
    do throws(CodecError) {
      var reader = ByteReader(body, offset: offset, subject: "postings at byte \(offset)")
      let count = try reader.readVarint()
      var ids: [SeriesID] = []
      ids.reserveCapacity(Int(min(count, UInt64(reader.remaining))))
      var previous: UInt64 = 0
      for _ in 0..<min(count, UInt64(reader.remaining)) {
        previous &+= try reader.readVarint()
        guard previous < UInt64(seriesCount) else { throw CodecError.corrupt("postings", "ordinal \(previous)") }
        ids.append(SeriesID(previous))
      }
      return ids
    } catch {
      throw corrupt(error)
    }
  }

  /// Ordinals of series matching every matcher, ascending; the same semantics as
  /// `PostingsIndex.select` (matchers accepting "" also pass series without the label).
  func select(_ matchers: [LabelMatcher]) throws(StoreError) -> [SeriesID] {
    var result: [SeriesID]?
    for matcher in matchers where !matcher.matchesEmpty {
      let offsets = postingsOffsets[matcher.name] ?? [:]
      var lists: [[SeriesID]] = []
      if let setValues = matcher.setValues {
        for value in setValues { if let offset = offsets[value] { lists.append(try postings(at: offset)) } }
      } else {
        for (value, offset) in offsets where matcher.matches(value) { lists.append(try postings(at: offset)) }
      }
      let ids = PostingsList.union(lists)
      result = result.map { PostingsList.intersect($0, ids) } ?? ids
      if result?.isEmpty == true { return [] }
    }
    var ids = result ?? (0..<SeriesID(seriesCount)).map { $0 }
    for matcher in matchers where matcher.matchesEmpty {
      var excluded: [[SeriesID]] = []
      for (value, offset) in postingsOffsets[matcher.name] ?? [:] where !matcher.matches(value) {
        excluded.append(try postings(at: offset))
      }
      ids = PostingsList.subtract(ids, PostingsList.union(excluded))
    }
    return ids
  }
}
