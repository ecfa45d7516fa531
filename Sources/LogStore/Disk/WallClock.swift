// The wall clock in nanoseconds since the epoch: what retention, idle sealing and time-based cuts
// compare record timestamps and head ages against.
#if canImport(Glibc)
  import Glibc
#endif

enum WallClock {
  static func nowNs() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
  }
}
