// The registry of open live streams: the cap, the stop signal that ends sleeping and evaluating
// streams at shutdown, and the figures on /metrics.
@testable import Server
import Testing
import WardenCore

@Suite(.timeLimit(.minutes(1)))
struct LiveStreamsTests {
  @Test func opensUpToTheLimitAndCountsRefusals() {
    let streams = LiveStreams(maxOpen: 2)
    #expect(streams.open() && streams.open())
    #expect(!streams.open(), "the third stream is over the limit")
    #expect(streams.openCount == 2)
    streams.close()
    #expect(streams.open(), "a closed stream frees its slot")
    var encoder = ExpositionEncoder()
    streams.emit(into: &encoder)
    let text = String(decoding: encoder.bytes, as: UTF8.self)
    #expect(text.contains("warden_live_streams 2\n"))
    #expect(text.contains("warden_live_streams_limit 2\n"))
    #expect(text.contains("warden_live_streams_opened_total 3\n"))
    #expect(text.contains("warden_live_streams_refused_total 1\n"))
  }

  @Test func stoppingWakesSleepersAndRefusesNewStreams() async {
    let streams = LiveStreams()
    let clock = ContinuousClock()
    let started = clock.now
    async let slept = streams.sleep(until: clock.now + .seconds(30))
    try? await Task.sleep(for: .milliseconds(100))
    streams.stopAll()
    #expect(await slept == false)
    #expect(clock.now - started < .seconds(5))
    #expect(!streams.open(), "no new stream once the server is stopping")
    #expect(await streams.untilStopped { 1 } == nil)
    #expect(await streams.sleep(until: clock.now + .seconds(30)) == false, "a later wait returns at once")
  }

  @Test func untilStoppedCancelsWorkWhenTheServerStops() async {
    let streams = LiveStreams()
    async let outcome = streams.untilStopped { () -> Bool in
      do {
        try await Task.sleep(for: .seconds(30))
        return true
      } catch {
        return false
      }
    }
    try? await Task.sleep(for: .milliseconds(100))
    streams.stopAll()
    #expect(await outcome == nil)
  }

  @Test func sleepsUntilTheDeadlineWhenNothingStops() async {
    let streams = LiveStreams()
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(200)
    #expect(await streams.sleep(until: deadline))
    #expect(clock.now >= deadline)
    #expect(await streams.untilStopped { 7 } == 7)
  }
}
