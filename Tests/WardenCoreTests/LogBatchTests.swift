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
