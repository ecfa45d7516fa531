// The columnar log record types LogQL reads.
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
