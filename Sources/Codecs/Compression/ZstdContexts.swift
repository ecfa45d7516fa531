// Reusable zstd contexts for Zstd.compress and Zstd.decompress. A one-shot ZSTD_compress creates
// a context, allocates and clears its tables and frees them again on every call; a backup calls it
// once per blob from many threads, and profiles showed that clearing fresh memory (page faults,
// memset) as the largest single cost of a small-file backup. Contexts are taken from and given back
// to a small shared cache instead; at most a few per core are kept idle.
import CZstd
import NIOConcurrencyHelpers

#if canImport(Glibc)
  import Glibc
#endif

final class ZstdContexts: Sendable {
  static let shared = ZstdContexts()

  /// Idle contexts kept (more are freed when given back): a few per core.
  private let keep: Int
  // OpaquePointer is not Sendable; each context is used by one thread at a time: taken out of the
  // lock by `withCompression`/`withDecompression` and put back when the call ends. A pthread mutex
  // (NIOLockedValueBox), not `Synchronization.Mutex`: on Linux that one spins a thousand times
  // before it sleeps, and a backup's threads outnumber the cores.
  private let compression = NIOLockedValueBox<[UInt]>([])
  private let decompression = NIOLockedValueBox<[UInt]>([])

  private init() {
    keep = 2 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  func withCompression<Result>(_ body: (OpaquePointer) -> Result) -> Result {
    let context = take(compression) ?? ZSTD_createCCtx()!
    defer { giveBack(context, to: compression) { _ = ZSTD_freeCCtx($0) } }
    return body(context)
  }

  func withDecompression<Result>(_ body: (OpaquePointer) -> Result) -> Result {
    let context = take(decompression) ?? ZSTD_createDCtx()!
    defer { giveBack(context, to: decompression) { _ = ZSTD_freeDCtx($0) } }
    return body(context)
  }

  private func take(_ cache: NIOLockedValueBox<[UInt]>) -> OpaquePointer? {
    cache.withLockedValue { $0.popLast() }.flatMap { OpaquePointer(bitPattern: $0) }
  }

  private func giveBack(_ context: OpaquePointer, to cache: NIOLockedValueBox<[UInt]>, free: (OpaquePointer) -> Void) {
    let kept = cache.withLockedValue { idle -> Bool in
      guard idle.count < keep else { return false }
      idle.append(UInt(bitPattern: UnsafeRawPointer(context)))
      return true
    }
    if !kept { free(context) }
  }
}
