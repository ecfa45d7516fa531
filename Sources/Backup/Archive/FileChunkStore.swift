// Reads one file in windows, cuts it into content-defined chunks, and stores each chunk as a data
// blob: the file's content list comes back in order. One reusable window per call, so a worker
// holds at most the chunker's maximum chunk plus one read (about 16 MiB) whatever the file size.
import Codecs
#if canImport(Glibc)
  import Glibc
#endif

package struct FileChunkStore: Sendable {
  package let chunker: ContentChunker
  package let writer: BlobWriter

  package struct Stored: Sendable {
    package var content: [BlobID]
    package var bytesRead: UInt64
  }

  package func store(path: String) throws -> Stored {
    // O_NOATIME (Linux): reading for a backup should not change access times; it needs ownership.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | 0o1_000_000)
    let fd = descriptor >= 0 ? descriptor : open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw BackupError(fileSystemAction: "open", path: path, errno: errno) }
    defer { close(fd) }
    let direct = FileIO.size(fd) >= Self.directReadMinimum && DirectRead.enable(fd)
    return try store(descriptor: fd, path: path, direct: direct)
  }

  /// Files at least this large are read with direct I/O (see DirectRead); smaller ones through
  /// the page cache, where a read costs less than the setup.
  static let directReadMinimum = 4 << 20

  /// Chunks and stores everything readable from `fd` (a file or a pipe) until its end. With
  /// `direct`, `fd` has O_DIRECT set: every read goes to an aligned place in the window, for an
  /// aligned length, at an aligned file offset; a read the file system refuses as unaligned turns
  /// O_DIRECT off and carries on through the page cache.
  package func store(descriptor fd: Int32, path: String, direct startDirect: Bool = false) throws -> Stored {
    var direct = startDirect
    let readSize = 4 << 20
    let alignment = DirectRead.alignment
    // Room for a maximum chunk after a leftover moved to just below an aligned offset.
    let fullCapacity = chunker.maximumSize + readSize + alignment
    // Most files are small: a window their size (plus room to notice growth) instead of 12 MiB.
    let knownSize = FileIO.size(fd)
    // An empty file (or a pipe, whose size reads 0) starts small too and grows if data comes.
    var capacity = knownSize < chunker.minimumSize && !direct ? knownSize + 4096 : fullCapacity
    var window = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: alignment)
    defer { window.deallocate() }
    // The unconsumed bytes are window[base..<filled].
    var base = 0
    var filled = 0
    var atEnd = false
    var content: [BlobID] = []
    var total: UInt64 = 0
    let framing = ScratchBuffer()
    while true {
      // Top the window up until it holds a maximum chunk or the file ends.
      while !atEnd, filled - base < chunker.maximumSize {
        if filled == capacity {
          // The file grew past the size it had when opened (or is a pipe): take the full window.
          let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: fullCapacity, alignment: alignment)
          larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: window[0..<filled]))
          window.deallocate()
          window = larger
          capacity = fullCapacity
        }
        let got = read(fd, window.baseAddress! + filled, min(readSize, capacity - filled))
        if got < 0 {
          if errno == EINTR { continue }
          if direct, errno == EINVAL {
            direct = false
            DirectRead.disable(fd)
            continue
          }
          throw BackupError(fileSystemAction: "read", path: path, errno: errno)
        }
        if got == 0 { atEnd = true } else { filled += got; total += UInt64(got) }
        // A direct read shorter than asked for leaves the next one unaligned: only the end does that.
        if direct, got > 0, got % alignment != 0 {
          direct = false
          DirectRead.disable(fd)
        }
      }
      if filled == base { break }
      var start = base
      while start < filled {
        let rest = UnsafeRawBufferPointer(rebasing: window[start..<filled])
        guard let length = chunker.boundary(in: rest, atEnd: atEnd) else { break }
        let chunk = UnsafeRawBufferPointer(rebasing: rest[0..<length])
        let id = BlobID.hash(chunk)
        try writer.store(chunk, id: id, type: .data, framing: framing)
        content.append(id)
        start += length
      }
      // The leftover moves to the front; for direct reads it ends on an aligned offset, where the
      // next read goes.
      let leftover = filled - start
      let newBase = direct ? (leftover + alignment - 1) / alignment * alignment - leftover : 0
      if leftover > 0, start != newBase {
        memmove(window.baseAddress! + newBase, window.baseAddress! + start, leftover)
      }
      base = newBase
      filled = newBase + leftover
      if atEnd, leftover == 0 { break }
    }
    return Stored(content: content, bytesRead: total)
  }
}
