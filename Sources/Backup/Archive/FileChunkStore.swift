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
    return try store(descriptor: fd, path: path)
  }

  /// Chunks and stores everything readable from `fd` (a file or a pipe) until its end.
  package func store(descriptor fd: Int32, path: String) throws -> Stored {
    let readSize = 4 << 20
    let fullCapacity = chunker.maximumSize + readSize
    // Most files are small: a window their size (plus room to notice growth) instead of 12 MiB.
    let knownSize = FileIO.size(fd)
    // An empty file (or a pipe, whose size reads 0) starts small too and grows if data comes.
    var capacity = knownSize < chunker.minimumSize ? knownSize + 4096 : fullCapacity
    var window = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    defer { window.deallocate() }
    var filled = 0
    var atEnd = false
    var content: [BlobID] = []
    var total: UInt64 = 0
    let framing = ScratchBuffer()
    while true {
      // Top the window up until it holds a maximum chunk or the file ends.
      while !atEnd, filled < chunker.maximumSize {
        if filled == capacity {
          // The file grew past the size it had when opened (or is a pipe): take the full window.
          let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: fullCapacity, alignment: 16)
          larger.copyMemory(from: UnsafeRawBufferPointer(window))
          window.deallocate()
          window = larger
          capacity = fullCapacity
        }
        let got = read(fd, window.baseAddress! + filled, min(readSize, capacity - filled))
        if got < 0 {
          if errno == EINTR { continue }
          throw BackupError(fileSystemAction: "read", path: path, errno: errno)
        }
        if got == 0 { atEnd = true } else { filled += got; total += UInt64(got) }
      }
      if filled == 0 { break }
      var start = 0
      while start < filled {
        let rest = UnsafeRawBufferPointer(rebasing: window[start..<filled])
        guard let length = chunker.boundary(in: rest, atEnd: atEnd) else { break }
        let chunk = UnsafeRawBufferPointer(rebasing: rest[0..<length])
        let id = BlobID.hash(chunk)
        try writer.store(chunk, id: id, type: .data, framing: framing)
        content.append(id)
        start += length
      }
      if start > 0, start < filled {
        memmove(window.baseAddress!, window.baseAddress! + start, filled - start)
      }
      filled -= start
      if atEnd, filled == 0 { break }
    }
    return Stored(content: content, bytesRead: total)
  }
}
