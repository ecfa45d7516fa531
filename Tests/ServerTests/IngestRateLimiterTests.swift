// The remote senders' token bucket: admits up to the rate with one second of burst, refills with
// time, tells how long to wait, and admits an oversized request once the bucket is full.
import Server
import Testing

struct IngestRateLimiterTests {
  @Test func admitsTheRateAndRefusesBeyondIt() {
    let start = ContinuousClock.now
    let limiter = IngestRateLimiter(samplesPerSecond: 1_000, now: start)
    #expect(limiter.admit(600, now: start) == nil)
    #expect(limiter.admit(400, now: start) == nil)
    #expect(limiter.admit(500, now: start) == 1)
    // Half a second refills 500.
    #expect(limiter.admit(500, now: start + .milliseconds(500)) == nil)
    #expect(limiter.admit(1, now: start + .milliseconds(500)) == 1)
  }

  @Test func oversizedRequestsPassWhenTheBucketIsFull() {
    let start = ContinuousClock.now
    let limiter = IngestRateLimiter(samplesPerSecond: 100, now: start)
    #expect(limiter.admit(5_000, now: start) == nil)
    #expect(limiter.admit(5_000, now: start + .milliseconds(100)) != nil)
  }

  @Test func zeroMeansNoLimit() {
    let limiter = IngestRateLimiter(samplesPerSecond: 0)
    for _ in 0..<100 { #expect(limiter.admit(1_000_000) == nil) }
  }
}
