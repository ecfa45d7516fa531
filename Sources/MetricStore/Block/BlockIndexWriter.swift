// Builds a block's `index` file in memory: symbol table, series with chunk metas, postings,
// per-name label values, table of contents; each section CRC32C-checked.
import Codecs
import WardenCore

enum BlockIndexWriter {
  /// The index bytes for `series` (sorted by labels, unique) whose chunk `i` of series `s` was
  /// written at byte offset `chunkRefs[s][i]` of the chunks file. Pure; thread-safe.
  static func build(_ series: [BlockSeries], chunkRefs: [[UInt64]]) -> [UInt8] {
    var symbolSet = Set<String>()
    for entry in series {
      for label in entry.labels.pairs {
        symbolSet.insert(label.name)
        symbolSet.insert(label.value)
      }
    }
    let symbols = symbolSet.sorted()
    var symbolRefs: [String: UInt64] = [:]
    for (number, symbol) in symbols.enumerated() { symbolRefs[symbol] = UInt64(number) }

    var file = BlockFormat.header(magic: BlockFormat.indexMagic)
    var toc: [UInt64] = []
    toc.append(UInt64(file.count))
    appendSection(symbolsBody(symbols), to: &file)
    toc.append(UInt64(file.count))
    appendSection(seriesBody(series, chunkRefs: chunkRefs, symbolRefs: symbolRefs), to: &file)

    // name → value → ordinals, ascending because ordinals are visited in order.
    var postings: [String: [String: [SeriesID]]] = [:]
    for (ordinal, entry) in series.enumerated() {
      for label in entry.labels.pairs { postings[label.name, default: [:]][label.value, default: []].append(SeriesID(ordinal)) }
    }
    var postingsBody: [UInt8] = []
    var labelValuesBody: [UInt8] = []
    Varint.append(UInt64(postings.count), to: &labelValuesBody)
    for name in postings.keys.sorted() {
      let values = postings[name]!
      Varint.append(symbolRefs[name]!, to: &labelValuesBody)
      Varint.append(UInt64(values.count), to: &labelValuesBody)
      for value in values.keys.sorted() {
        Varint.append(symbolRefs[value]!, to: &labelValuesBody)
        Varint.append(UInt64(postingsBody.count), to: &labelValuesBody)
        appendPostings(values[value]!, to: &postingsBody)
      }
    }
    toc.append(UInt64(file.count))
    appendSection(postingsBody, to: &file)
    toc.append(UInt64(file.count))
    appendSection(labelValuesBody, to: &file)

    var tocBytes: [UInt8] = []
    for offset in toc { BigEndian.append(offset, to: &tocBytes) }
    BigEndian.append(CRC32C.checksum(tocBytes), to: &tocBytes)
    file += tocBytes
    return file
  }

  private static func appendSection(_ body: [UInt8], to file: inout [UInt8]) {
    precondition(body.count <= Int(UInt32.max), "BUG: block index section of \(body.count) bytes")
    BigEndian.append(UInt32(body.count), to: &file)
    file += body
    BigEndian.append(CRC32C.checksum(body), to: &file)
  }

  private static func symbolsBody(_ symbols: [String]) -> [UInt8] {
    var body: [UInt8] = []
    Varint.append(UInt64(symbols.count), to: &body)
    for symbol in symbols {
      Varint.append(UInt64(symbol.utf8.count), to: &body)
      body += symbol.utf8
    }
    return body
  }

  /// The series section's body: every series' entry (labels, chunk metas), in pages.
  private static func seriesBody(_ series: [BlockSeries], chunkRefs: [[UInt64]], symbolRefs: [String: UInt64]) -> [UInt8] {
    var entries: [UInt8] = []
    var offsets: [Int] = []
    for (ordinal, entry) in series.enumerated() {
      offsets.append(entries.count)
      Varint.append(UInt64(entry.labels.count), to: &entries)
      for label in entry.labels.pairs {
        Varint.append(symbolRefs[label.name]!, to: &entries)
        Varint.append(symbolRefs[label.value]!, to: &entries)
      }
      Varint.append(UInt64(entry.chunks.count), to: &entries)
      var previousMax: Int64 = 0
      var previousRef: UInt64 = 0
      for (number, chunk) in entry.chunks.enumerated() {
        let ref = chunkRefs[ordinal][number]
        // The first chunk's fields are absolute, later ones deltas from the previous chunk.
        Varint.appendZigZag(chunk.minTimeMs &- previousMax, to: &entries)
        Varint.append(UInt64(bitPattern: chunk.maxTimeMs &- chunk.minTimeMs), to: &entries)
        Varint.append(ref &- previousRef, to: &entries)
        previousMax = chunk.maxTimeMs
        previousRef = ref
      }
    }
    return pagedSeriesBody(entries: entries, offsets: offsets)
  }

  /// Version 3: u32 count, u32 page count, u32 offset of each page (from the body's start), then
  /// the pages, each a u32 uncompressed length and one zstd frame of: u32 offset of each of its
  /// series' entries (from the page's start), then those entries.
  private static func pagedSeriesBody(entries: [UInt8], offsets: [Int]) -> [UInt8] {
    let perPage = BlockFormat.seriesPerPage
    let pageCount = (offsets.count + perPage - 1) / perPage
    var pages: [UInt8] = []
    var pageOffsets: [Int] = []
    var page: [UInt8] = []
    for first in stride(from: 0, to: offsets.count, by: perPage) {
      let last = min(first + perPage, offsets.count)
      let end = last < offsets.count ? offsets[last] : entries.count
      let tableSize = 4 * (last - first)
      page.removeAll(keepingCapacity: true)
      for ordinal in first..<last { BigEndian.append(UInt32(tableSize + offsets[ordinal] - offsets[first]), to: &page) }
      page += entries[offsets[first]..<end]
      precondition(page.count < BlockFormat.maxSeriesPageBytes, "BUG: block series page of \(page.count) bytes")
      pageOffsets.append(pages.count)
      BigEndian.append(UInt32(page.count), to: &pages)
      pages += Zstd.compress(page, level: BlockFormat.zstdLevel)
    }
    let tableSize = 8 + 4 * pageCount
    var body: [UInt8] = []
    body.reserveCapacity(tableSize + pages.count)
    BigEndian.append(UInt32(offsets.count), to: &body)
    BigEndian.append(UInt32(pageCount), to: &body)
    for offset in pageOffsets {
      precondition(tableSize + offset <= Int(UInt32.max), "BUG: block series section over 4 GiB")
      BigEndian.append(UInt32(tableSize + offset), to: &body)
    }
    body += pages
    return body
  }

  /// uvarint count, then the ordinals: the first as is, the rest as gaps from the previous.
  private static func appendPostings(_ ordinals: [SeriesID], to body: inout [UInt8]) {
    Varint.append(UInt64(ordinals.count), to: &body)
    var previous: SeriesID = 0
    for ordinal in ordinals {
      Varint.append(UInt64(ordinal &- previous), to: &body)
      previous = ordinal
    }
  }
}
