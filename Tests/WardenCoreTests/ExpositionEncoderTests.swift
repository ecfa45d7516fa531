// The text exposition writer: HELP/TYPE lines, label escaping and value formatting.
import Testing
import WardenCore

struct ExpositionEncoderTests {
  @Test func writesFamilyHeaderAndSamples() {
    var encoder = ExpositionEncoder()
    encoder.family("node_load1", type: .gauge, help: "1m load average.")
    encoder.sample("node_load1", value: 0.25)
    encoder.family("node_cpu_seconds_total", type: .counter, help: "CPU time.")
    encoder.sample("node_cpu_seconds_total", Label("cpu", "0"), Label("mode", "idle"), value: 1234.5)
    encoder.sample("node_cpu_seconds_total", Label("cpu", "1"), value: 7)
    #expect(
      String(decoding: encoder.bytes, as: UTF8.self) == """
        # HELP node_load1 1m load average.
        # TYPE node_load1 gauge
        node_load1 0.25
        # HELP node_cpu_seconds_total CPU time.
        # TYPE node_cpu_seconds_total counter
        node_cpu_seconds_total{cpu="0",mode="idle"} 1234.5
        node_cpu_seconds_total{cpu="1"} 7

        """)
  }

  @Test func escapesLabelValuesAndHelp() {
    var encoder = ExpositionEncoder()
    encoder.family("m", type: .untyped, help: "back\\slash and\nnewline \"quoted\"")
    encoder.sample("m", labels: [Label("path", "C:\\dir \"x\"\nnext")], value: 1)
    let text = String(decoding: encoder.bytes, as: UTF8.self)
    #expect(text.contains(#"# HELP m back\\slash and\nnewline "quoted""#))
    #expect(text.contains(#"m{path="C:\\dir \"x\"\nnext"} 1"#))
  }

  @Test(arguments: [
    (0.0, "0"), (-0.0, "0"), (42, "42"), (-17, "-17"), (1.5, "1.5"), (0.1, "0.1"),
    (1e20, "1e+20"), (25_199_280_128, "25199280128"), (18_014_398_509_481_984, "1.8014398509481984e+16"),
    (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (1e-7, "1e-07"),
  ])
  func formatsValues(value: Double, expected: String) {
    var encoder = ExpositionEncoder()
    encoder.sample("v", value: value)
    #expect(String(decoding: encoder.bytes, as: UTF8.self) == "v \(expected)\n")
  }

  @Test func formattedValuesRoundTrip() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let value = Double(bitPattern: generator.next())
      var encoder = ExpositionEncoder()
      encoder.sample("v", value: value)
      let text = String(decoding: encoder.bytes.dropFirst(2).dropLast(), as: UTF8.self)
      if value.isNaN {
        #expect(text == "NaN")
      } else if value.isInfinite {
        #expect(text == (value > 0 ? "+Inf" : "-Inf"))
      } else {
        #expect(Double(text) == value, "\(value) written as \(text)")
      }
    }
  }
}
