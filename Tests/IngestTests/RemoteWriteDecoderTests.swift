// Remote write decoding: requests encoded by the generated SwiftProtobuf types (the reference for
// the wire format) decode to the same series and samples with our own field walker; malformed
// requests fail with a message naming the series and field; arbitrary bytes never trap.
import Codecs
import Ingest
import SwiftProtobuf
import Testing
import WardenCore
import WardenTesting
import WireFormats

func v1Request(_ series: [(labels: [(String, String)], samples: [(Int64, Double)])]) -> Prometheus_WriteRequest {
  var request = Prometheus_WriteRequest()
  request.timeseries = series.map { entry in
    var timeSeries = Prometheus_TimeSeries()
    timeSeries.labels = entry.labels.map { pair in
      var label = Prometheus_Label()
      label.name = pair.0
      label.value = pair.1
      return label
    }
    timeSeries.samples = entry.samples.map { pair in
      var sample = Prometheus_Sample()
      sample.timestamp = pair.0
      sample.value = pair.1
      return sample
    }
    return timeSeries
  }
  return request
}

func decodeV1(_ bytes: [UInt8], limits: RemoteWriteLimits = .init()) -> Result<RemoteWriteContent, RemoteWriteError> {
  do throws(RemoteWriteError) {
    return .success(try RemoteWriteV1Decoder.decode(bytes, limits: limits))
  } catch {
    return .failure(error)
  }
}

private func decodeV2(_ bytes: [UInt8]) -> Result<RemoteWriteContent, RemoteWriteError> {
  do throws(RemoteWriteError) {
    return .success(try RemoteWriteV2Decoder.decode(bytes))
  } catch {
    return .failure(error)
  }
}

private func errorMessage(_ result: Result<RemoteWriteContent, RemoteWriteError>) -> String? {
  if case .failure(let error) = result { return error.message }
  return nil
}

/// (labels, timestamp, value bits) rows of a batch, for comparing without caring about layout.
func rows(_ batch: SampleBatch) -> [String] {
  batch.samples.map { "\(batch.labels(at: Int($0.seriesIndex))) \($0.timestampMs) \($0.value.bitPattern)" }
}

struct RemoteWriteV1DecoderTests {
  @Test func decodesWhatTheGeneratedEncoderWrites() throws {
    let request = v1Request([
      (labels: [("__name__", "up"), ("instance", "a:9100"), ("job", "node")], samples: [(1_700_000_000_000, 1), (1_700_000_015_000, 0)]),
      (labels: [("__name__", "temp"), ("room", "ü")], samples: [(-5, -0.0), (7, .infinity), (8, .staleMarker)]),
    ])
    let bytes: [UInt8] = try request.serializedBytes()
    let content = try decodeV1(bytes).get()
    #expect(content.batch.series.count == 2)
    #expect(content.batch.series[0] == Labels(["__name__": "up", "instance": "a:9100", "job": "node"]))
    #expect(content.batch.series[1] == Labels(["__name__": "temp", "room": "ü"]))
    #expect(rows(content.batch) == [
      "up{instance=\"a:9100\", job=\"node\"} 1700000000000 \(1.0.bitPattern)",
      "up{instance=\"a:9100\", job=\"node\"} 1700000015000 \(0.0.bitPattern)",
      "temp{room=\"ü\"} -5 \((-0.0).bitPattern)",
      "temp{room=\"ü\"} 7 \(Double.infinity.bitPattern)",
      "temp{room=\"ü\"} 8 \(Double.staleMarker.bitPattern)",
    ])
  }

  @Test func unsortedLabelsAreSortedAndEmptyValuesDropped() throws {
    let request = v1Request([(labels: [("job", "x"), ("__name__", "m"), ("empty", "")], samples: [(1, 2)])])
    let content = try decodeV1(try request.serializedBytes()).get()
    #expect(content.batch.series == [Labels(["__name__": "m", "job": "x"])])
  }

  @Test func fieldsInAnyOrderAndUnknownFieldsSkipped() throws {
    // Samples before labels, metadata and an exemplar and a histogram beside them.
    var series = Prometheus_TimeSeries()
    var sample = Prometheus_Sample()
    sample.timestamp = 10
    sample.value = 3
    series.samples = [sample]
    var label = Prometheus_Label()
    label.name = "__name__"
    label.value = "x"
    series.labels = [label]
    series.exemplars = [Prometheus_Exemplar()]
    series.histograms = [Prometheus_Histogram()]
    var request = Prometheus_WriteRequest()
    request.timeseries = [series]
    request.metadata = [Prometheus_MetricMetadata()]
    var bytes: [UInt8] = try request.serializedBytes()
    // An unknown varint field 15 at the top level.
    bytes += [15 << 3, 1]
    let content = try decodeV1(bytes).get()
    #expect(rows(content.batch) == ["x 10 \(3.0.bitPattern)"])
    #expect(content.exemplarsSkipped == 1)
    #expect(content.histogramsSkipped == 1)
  }

  @Test func seriesWithoutSamplesAreCountedNotStored() throws {
    let request = v1Request([(labels: [("__name__", "x")], samples: [])])
    let content = try decodeV1(try request.serializedBytes()).get()
    #expect(content.batch.series.isEmpty)
    #expect(content.seriesWithoutSamples == 1)
  }

  @Test func malformedRequestsNameTheProblem() throws {
    let duplicate = v1Request([(labels: [("__name__", "x"), ("a", "1"), ("a", "2")], samples: [(1, 1)])])
    #expect(errorMessage(decodeV1(try duplicate.serializedBytes())) == "timeseries[0]: duplicate label name \"a\"")
    let emptyName = v1Request([(labels: [("", "v")], samples: [(1, 1)])])
    #expect(errorMessage(decodeV1(try emptyName.serializedBytes())) == "timeseries[0].labels[0]: empty label name")
    let good: [UInt8] = try v1Request([(labels: [("__name__", "x")], samples: [(1, 1)])]).serializedBytes()
    let truncated = errorMessage(decodeV1(Array(good.dropLast(3))))
    #expect(truncated?.hasPrefix("timeseries[0]") == true)
    // Field 1 with the varint wire type instead of a message.
    #expect(errorMessage(decodeV1([0x08, 0x01]))?.contains("wire type 0, expected 2") == true)
    // Invalid UTF-8 in a label value.
    var label = Prometheus_Label()
    label.name = "__name__"
    label.value = "ab"
    var series = Prometheus_TimeSeries()
    series.labels = [label]
    var request = Prometheus_WriteRequest()
    request.timeseries = [series]
    var bytes: [UInt8] = try request.serializedBytes()
    bytes[bytes.count - 1] = 0xff
    #expect(errorMessage(decodeV1(bytes))?.contains("not valid UTF-8") == true)
  }

  @Test func limitsAreEnforced() throws {
    let request = v1Request((0..<5).map { (labels: [("__name__", "m\($0)"), ("k", String(repeating: "v", count: 20))], samples: [(1, 1), (2, 2)]) })
    let bytes: [UInt8] = try request.serializedBytes()
    #expect(errorMessage(decodeV1(bytes, limits: .init(maxSeries: 4))) == "the request has more than 4 series")
    #expect(errorMessage(decodeV1(bytes, limits: .init(maxSamples: 9))) == "the request has more than 9 samples")
    #expect(errorMessage(decodeV1(bytes, limits: .init(maxLabelsPerSeries: 1))) == "timeseries[0]: more than 1 labels")
    #expect(errorMessage(decodeV1(bytes, limits: .init(maxLabelValueBytes: 19)))?.contains("longer than 19 bytes") == true)
    #expect((try? decodeV1(bytes, limits: .init(maxSeries: 5, maxSamples: 10)).get())?.batch.samples.count == 10)
  }

  /// Random bytes and mutations of a valid request: a value or a RemoteWriteError, never a trap,
  /// and a decoded batch only refers to series it holds.
  @Test func fuzzNeverTraps() throws {
    var generator = SeededGenerator(seed: 0x7277_0001)
    let valid: [UInt8] = try v1Request((0..<20).map { (labels: [("__name__", "m\($0 % 4)"), ("i", "\($0)")], samples: [(Int64($0), Double($0))]) })
      .serializedBytes()
    var decoded = 0
    for round in 0..<5_000 {
      var bytes: [UInt8]
      if round % 3 == 0 {
        bytes = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      } else {
        bytes = valid
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
          bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
        }
        if round % 3 == 2 { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator))) }
      }
      switch decodeV1(bytes) {
      case .success(let content):
        decoded += 1
        #expect(content.batch.samples.allSatisfy { Int($0.seriesIndex) < content.batch.series.count })
      case .failure(let error):
        #expect(!error.message.isEmpty)
      }
    }
    #expect(decoded > 0)
  }
}

struct RemoteWriteV2DecoderTests {
  private func request(symbols: [String], refs: [UInt32], samples: [(Int64, Double)]) -> Io_Prometheus_Write_V2_Request {
    var request = Io_Prometheus_Write_V2_Request()
    request.symbols = symbols
    var series = Io_Prometheus_Write_V2_TimeSeries()
    series.labelsRefs = refs
    series.samples = samples.map { pair in
      var sample = Io_Prometheus_Write_V2_Sample()
      sample.timestamp = pair.0
      sample.value = pair.1
      return sample
    }
    request.timeseries = [series]
    return request
  }

  @Test func decodesStringTableReferences() throws {
    let message = request(symbols: ["", "__name__", "up", "job", "node"], refs: [1, 2, 3, 4], samples: [(5, 1), (6, 0)])
    let content = try decodeV2(try message.serializedBytes()).get()
    #expect(rows(content.batch) == ["up{job=\"node\"} 5 \(1.0.bitPattern)", "up{job=\"node\"} 6 \(0.0.bitPattern)"])
  }

  @Test func badReferencesAreRejected() throws {
    let outOfRange = request(symbols: ["", "__name__", "up"], refs: [1, 9], samples: [(5, 1)])
    #expect(errorMessage(decodeV2(try outOfRange.serializedBytes())) == "timeseries[0]: labels_refs[0] points past the 3 symbols")
    let odd = request(symbols: ["", "__name__", "up"], refs: [1, 2, 1], samples: [(5, 1)])
    #expect(errorMessage(decodeV2(try odd.serializedBytes())) == "timeseries[0]: labels_refs has an odd length 3")
    let badFirst = request(symbols: ["x", "__name__", "up"], refs: [1, 2], samples: [(5, 1)])
    #expect(errorMessage(decodeV2(try badFirst.serializedBytes())) == "symbols[0] must be the empty string, got \"x\"")
    #expect(errorMessage(decodeV2([0xff, 0xff, 0xff]))?.hasPrefix("cannot decode remote write 2.0 request") == true)
  }
}
