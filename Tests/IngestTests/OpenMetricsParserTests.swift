// Exact results of the OpenMetrics 1.0 parser: family types and units, seconds-to-ms timestamps,
// exemplars skipped, and errors with positions.

import Ingest
import Testing
import WardenCore

struct OpenMetricsParserTests {
  private func parse(_ text: String) throws(ExpositionError) -> ExpositionParseResult {
    try ExpositionParser.parse(Array(text.utf8), format: .openMetrics)
  }

  private func error(_ text: String) -> ExpositionError? {
    do {
      _ = try parse(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesAllTypes() throws {
    let result = try parse(
      """
      # TYPE req counter
      # HELP req Requests.
      req_total{code="200"} 5 1.5 # {trace_id="abc"} 1 1.25
      req_created{code="200"} 1700000000.123
      # TYPE lat_seconds histogram
      # UNIT lat_seconds seconds
      lat_seconds_bucket{le="0.1"} 1 # {id="x"} 0.05
      lat_seconds_bucket{le="+Inf"} 2
      lat_seconds_sum 0.3
      lat_seconds_count 2
      # TYPE build info
      build_info{version="1.2"} 1
      # TYPE mode stateset
      mode{mode="a"} 1
      mode{mode="b"} 0
      # TYPE queue gaugehistogram
      queue_bucket{le="+Inf"} 4
      queue_gcount 4
      queue_gsum 9
      # TYPE temp gauge
      temp NaN
      other 1
      # EOF

      """)
    #expect(result.families == [
      ParsedFamily(name: "req", type: .counter, help: "Requests."),
      ParsedFamily(name: "lat_seconds", type: .histogram, unit: "seconds"),
      ParsedFamily(name: "build", type: .untyped),
      ParsedFamily(name: "mode", type: .untyped),
      ParsedFamily(name: "queue", type: .histogram),
      ParsedFamily(name: "temp", type: .gauge),
      ParsedFamily(name: "other", type: .untyped),
    ])
    #expect(result.samples.count == 14)
    #expect(result.samples[0] == ExpositionSample(labels: Labels(["__name__": "req_total", "code": "200"]), value: 5, timestampMs: 1500))
    #expect(result.samples[1].timestampMs == nil)
    #expect(result.samples[1].value == 1_700_000_000.123)
    #expect(result.samples[2] == ExpositionSample(labels: Labels(["__name__": "lat_seconds_bucket", "le": "0.1"]), value: 1))
    #expect(result.samples[12].value.isNaN)
    #expect(result.samples.last == ExpositionSample(labels: Labels(["__name__": "other"]), value: 1))
  }

  @Test func secondsBecomeMilliseconds() throws {
    let result = try parse("a 1 1.1\na 1 1700000000.0015\na 1 12345678901234567890.5\n# EOF")
    #expect(result.samples.map(\.timestampMs) == [1100, 1_700_000_000_002, Int64.max])
  }

  @Test func unknownEscapesAreKeptInOpenMetricsLabelValues() throws {
    let result = try parse("a{x=\"b\\\\a\\z\"} 1\n# EOF\n")
    #expect(result.samples[0].labels["x"] == "b\\a\\z")
  }

  @Test func errorsNameLineAndColumn() {
    #expect(error("a 1\n") == ExpositionError(line: 1, column: 1, message: "expected \"# EOF\" at the end of an OpenMetrics body"))
    #expect(error("a 1\n\n# EOF\n")?.line == 2)
    #expect(error("a  1\n# EOF\n")?.column == 3)
    #expect(error("a 1\n# EOF\nb 1\n") == ExpositionError(line: 3, column: 1, message: "unexpected content after \"# EOF\""))
    #expect(error("# TYPE a counter\na_total -1\n# EOF\n")?.line == 2)
    #expect(error("# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n")?.column == 5)
    #expect(error("a 1\nb 1\na 2\n# EOF\n")?.line == 3)
    #expect(error("# comment\n# EOF\n")?.line == 1)
    #expect(error("# TYPE a counter\n# HELP b x\n# HELP a y\n# EOF\n")?.message.contains("\"a\" appears twice") == true)
    let histogram = "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n# EOF\n"
    #expect(error(histogram) == ExpositionError(line: 3, column: 1, message: "histogram {}: bucket counts must be cumulative (non-decreasing)"))
  }
}
