// A growable scratch buffer, reused across the blobs one thread handles: where a blob is framed
// before sealing, read from its pack, or decompressed. A backup or restore handles chunks of up to
// 8 MiB; a fresh array for each costs a page fault per 4 KiB touched (and a memset when it must
// start zeroed), which profiles put at a tenth of a large backup's or restore's CPU.
// Not thread-safe: it belongs to one thread at a time.

package final class ScratchBuffer {
  private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

  package init() {}

  deinit { storage.deallocate() }

  /// A buffer of at least `count` bytes (its contents are undefined).
  func reserve(_ count: Int) -> UnsafeMutableRawBufferPointer {
    if storage.count < count {
      storage.deallocate()
      storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
    }
    return storage
  }
}

/// The two buffers reading a blob takes: its sealed bytes and its plaintext.
package struct BlobReadBuffers {
  let sealed = ScratchBuffer()
  let plain = ScratchBuffer()

  package init() {}
}
