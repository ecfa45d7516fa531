// Prometheus-style durations and byte sizes: what parses, what does not, and round trips.
import Testing
import WardenCore

struct PrometheusDurationTests {
  @Test(arguments: [
    ("0", 0), ("15s", 15_000), ("1m30s", 90_000), ("1h30m", 5_400_000), ("500ms", 500), ("2d", 172_800_000),
    ("1w", 604_800_000), ("1y", 31_536_000_000), ("1h1m1s1ms", 3_661_001), ("90s", 90_000), ("0s", 0),
  ])
  func parses(text: String, milliseconds: Int64) {
    #expect(PrometheusDuration.parseMilliseconds(text) == milliseconds)
  }

  @Test(arguments: ["", "s", "15", "1.5s", "-1s", "1s1m", "1m1m", "15 s", "15S", "1h 30m", "1ms1s", "99999999999999999999y", "+5s", "5sec"])
  func rejects(text: String) {
    #expect(PrometheusDuration.parse(text) == nil)
  }

  @Test(arguments: [
    (Duration.seconds(0), "0s"), (.seconds(15), "15s"), (.seconds(90), "1m30s"), (.seconds(5400), "1h30m"),
    (.milliseconds(1500), "1s500ms"), (.seconds(86_400), "1d"), (.seconds(604_800), "1w"), (.seconds(8 * 86_400), "8d"),
  ])
  func formats(duration: Duration, text: String) {
    #expect(PrometheusDuration.format(duration) == text)
  }

  @Test func formatThenParseIsIdentity() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<5000 {
      let ms = Int64.random(in: 0...(10 * 365 * 86_400_000), using: &generator)
      let text = PrometheusDuration.format(.milliseconds(ms))
      #expect(PrometheusDuration.parseMilliseconds(text) == ms, "\(ms) → \(text)")
    }
  }

  @Test func randomTextNeverCrashes() {
    let alphabet = Array("0123456789ywdhms.-+ µ".unicodeScalars)
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
      }
      if let ms = PrometheusDuration.parseMilliseconds(text) { #expect(ms >= 0) }
    }
  }
}

struct ByteSizeTests {
  @Test(arguments: [
    ("0", 0), ("4096", 4096), ("512MiB", 536_870_912), ("512MB", 536_870_912), ("1GiB", 1_073_741_824),
    ("10KB", 10_240), ("3B", 3), ("2TiB", 2_199_023_255_552),
  ])
  func parses(text: String, bytes: Int64) {
    #expect(ByteSize.parse(text) == bytes)
  }

  @Test(arguments: ["", "MiB", "-1MiB", "1.5GiB", "12 MiB", "1XB", "99999999999EiB", "1mib"])
  func rejects(text: String) {
    #expect(ByteSize.parse(text) == nil)
  }

  @Test(arguments: [(Int64(536_870_912), "512MiB"), (1536, "1536B"), (0, "0B"), (1_073_741_824, "1GiB"), (2048, "2KiB")])
  func formats(bytes: Int64, text: String) {
    #expect(ByteSize.format(bytes) == text)
  }
}

struct NameRulesTests {
  @Test(arguments: ["a", "_", "job", "__name__", "le", "A9_z"])
  func validLabelNames(name: String) { #expect(LabelName.isValid(name)) }

  @Test(arguments: ["", "1a", "a-b", "a.b", "ä", "a b", "a:b"])
  func invalidLabelNames(name: String) { #expect(!LabelName.isValid(name)) }

  @Test(arguments: ["up", "node:cpu:rate5m", "_x", ":a"])
  func validMetricNames(name: String) { #expect(MetricName.isValid(name)) }

  @Test(arguments: ["", "9up", "a-b", "a b"])
  func invalidMetricNames(name: String) { #expect(!MetricName.isValid(name)) }
}
