// The columnar log record types: LogLines and LogBatch.
import Testing
import WardenCore

@Suite struct LogLinesTests {
  @Test func recordsKeepTheirLinesAndMetadata() {
    var batch = LogBatch()
    let app = Labels(["job": "app"])
    batch.append(stream: app, timestampNs: 2, line: "second", metadata: [LogField("trace_id", "ab")])
    batch.append(stream: Labels(["job": "db"]), timestampNs: 1, line: "first")
    batch.append(stream: app, timestampNs: 3, line: "")
    #expect(batch.streams.count == 2)
    #expect(batch.count == 3)
    #expect(batch.records.line(0) == "second")
    #expect(batch.records.line(2) == "")
    #expect(Array(batch.records.metadata(0)) == [LogField("trace_id", "ab")])
    #expect(batch.records.metadata(1).isEmpty)
    #expect(batch.labels(ofRecord: 2) == app)
    #expect(batch.lineByteCount == 11)
  }
}

@Suite struct LogBatchRelabelTests {
  @Test func relabelingMergesStreamsThatBecomeEqual() {
    var batch = LogBatch()
    batch.append(stream: Labels(["job": "a", "host": "x"]), timestampNs: 1, line: "one")
    batch.append(stream: Labels(["job": "b", "host": "x"]), timestampNs: 2, line: "two")
    batch.append(stream: Labels(["job": "a", "host": "x"]), timestampNs: 3, line: "three")
    batch.relabelStreams { $0.removing(["job"]).setting("env", to: "prod") }
    #expect(batch.streams == [Labels(["host": "x", "env": "prod"])])
    #expect((0..<3).map { batch.labels(ofRecord: $0)["env"] } == ["prod", "prod", "prod"])
    #expect(batch.records.line(2) == "three")
  }
}

@Suite struct LogLinesReversedTests {
  @Test func reversingKeepsEachRecordWhole() {
    var lines = LogLines()
    lines.append(timestampNs: 1, line: "one", metadata: [LogField("a", "1")])
    lines.append(timestampNs: 2, line: "")
    lines.append(timestampNs: 3, line: "three", metadata: [LogField("b", "2"), LogField("c", "3")])
    let reversed = lines.reversed()
    #expect(reversed.timestampsNs == [3, 2, 1])
    #expect((0..<3).map { reversed.line($0) } == ["three", "", "one"])
    #expect(Array(reversed.metadata(0)) == [LogField("b", "2"), LogField("c", "3")])
    #expect(reversed.metadata(1).isEmpty)
    #expect(Array(reversed.metadata(2)) == [LogField("a", "1")])
    #expect(reversed.reversed() == lines)
  }
}
