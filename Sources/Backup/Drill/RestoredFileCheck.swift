// Checks a restored file against its snapshot node without trusting the restore path: the file
// is read back from disk, cut again with the repository's chunker, each chunk hashed, and the ids
// and the size compared with the node's content list. Same bytes give the same chunks, so any
// difference (a lost write, a wrong offset, a hole where data was) shows as a differing id.
import Codecs

#if canImport(Glibc)
  import Glibc
#endif

struct RestoredFileCheck: Sendable {
  let chunker: ContentChunker

  /// A reusable read window: the largest chunk plus one read.
  final class Window {
    let bytes: UnsafeMutableRawBufferPointer

    init(capacity: Int) {
      bytes = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { bytes.deallocate() }
  }

  var windowCapacity: Int { chunker.maximumSize + Self.readSize }
  private static let readSize = 1 << 20

  /// Why the file at `path` differs from `node`, or nil when it matches; and the bytes read.
  func check(path: String, node: Node, window: Window) -> (problem: String?, bytesRead: UInt64) {
    var descriptor = open(path, O_RDONLY | O_CLOEXEC)
    if descriptor < 0, errno == EACCES {
      // A file restored without read permission (mode 0000): the scratch copy is ours to change.
      chmod(path, mode_t(node.mode & 0o7777) | 0o400)
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
    }
    guard descriptor >= 0 else { return ("not restored (\(FileIO.reason(errno)))", 0) }
    defer { close(descriptor) }
    let expected = node.content ?? []
    var filled = 0
    var atEnd = false
    var total: UInt64 = 0
    var chunkIndex = 0
    let buffer = window.bytes
    while true {
      while !atEnd, filled < chunker.maximumSize {
        let got = read(descriptor, buffer.baseAddress! + filled, min(Self.readSize, buffer.count - filled))
        if got < 0 {
          if errno == EINTR { continue }
          return ("cannot read it back (\(FileIO.reason(errno)))", total)
        }
        if got == 0 { atEnd = true } else { filled += got; total += UInt64(got) }
      }
      if filled == 0 { break }
      var start = 0
      while start < filled {
        let rest = UnsafeRawBufferPointer(rebasing: buffer[start..<filled])
        guard let length = chunker.boundary(in: rest, atEnd: atEnd) else { break }
        let id = BlobID.hash(UnsafeRawBufferPointer(rebasing: rest[0..<length]))
        guard chunkIndex < expected.count else {
          return ("longer than in the snapshot (more than its \(expected.count) chunks)", total)
        }
        guard id == expected[chunkIndex] else {
          return ("content differs from the snapshot in chunk \(chunkIndex + 1) of \(expected.count)", total)
        }
        chunkIndex += 1
        start += length
      }
      if start > 0, start < filled { memmove(buffer.baseAddress!, buffer.baseAddress! + start, filled - start) }
      filled -= start
      if atEnd, filled == 0 { break }
    }
    if chunkIndex < expected.count {
      return ("shorter than in the snapshot (\(chunkIndex) of its \(expected.count) chunks)", total)
    }
    if total != node.size {
      return ("size \(total) bytes, the snapshot says \(node.size)", total)
    }
    return (nil, total)
  }
}
