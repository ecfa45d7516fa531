// Bounds how fast remote senders (remote_write, OTLP) may write, as a token bucket of samples per
// second with one second of burst: a sender over the rate gets 429 with Retry-After and retries
// later, instead of the server falling behind for everyone. Zero means no limit.
import Synchronization
import WardenCore

package final class IngestRateLimiter: Sendable {
  private struct Bucket {
    var tokens: Double
    var updated: ContinuousClock.Instant
  }

  let samplesPerSecond: Double
  private let bucket: Mutex<Bucket>

  package init(samplesPerSecond: Int, now: ContinuousClock.Instant = .now) {
    self.samplesPerSecond = Double(samplesPerSecond)
    bucket = Mutex(Bucket(tokens: Double(samplesPerSecond), updated: now))
  }

  /// Takes `samples` tokens; nil when admitted, else how many seconds until they would be.
  /// A request larger than one second's worth is admitted when the bucket is full, so a big
  /// batch is slow rather than refused forever.
  package func admit(_ samples: Int, now: ContinuousClock.Instant = .now) -> Int? {
    guard samplesPerSecond > 0 else { return nil }
    return bucket.withLock { bucket in
      // Callers may pass an instant taken just before another caller's: time never runs back.
      if now > bucket.updated {
        let seconds = bucket.updated.duration(to: now).seconds
        bucket.tokens = min(samplesPerSecond, bucket.tokens + seconds * samplesPerSecond)
        bucket.updated = now
      }
      let wanted = min(Double(samples), samplesPerSecond)
      if bucket.tokens >= wanted {
        bucket.tokens -= Double(samples)
        return nil
      }
      return max(1, Int(((wanted - bucket.tokens) / samplesPerSecond).rounded(.up)))
    }
  }
}
