// Syslog parsing: RFC 5424 messages in the shapes RFC 5424 describes (written here, not copied),
// RFC 3164 and the variants rsyslog and local senders write, trailing newlines, and frames that
// fit neither RFC kept whole with a parse_error marker; random frames never trap and never vanish.
import Ingest
import Testing
import WardenCore
import WardenTesting

/// 2024-03-10T12:00:00Z: the receive time of every test frame.
let syslogReceivedAt: Int64 = 1_710_072_000_000_000_000

func parseSyslog(_ frames: [String], source: String? = "10.0.0.9") -> LogBatch {
  var parser = SyslogParser()
  var batch = LogBatch()
  for frame in frames {
    parser.parse(frame: Array(frame.utf8), receivedAtNs: syslogReceivedAt, source: source, into: &batch)
  }
  return batch
}

@Suite struct SyslogParserTests {
  @Test func rfc5424WithStructuredData() {
    let frame = #"<165>1 2023-10-11T22:14:15.003Z web01.example.net billing 8710 PAY42 [origin@32473 ip="192.0.2.7" note="a \"q\" \] \\ x"][meta seq="12"] "#
      + "\u{FEFF}charge declined"
    let batch = parseSyslog([frame])
    #expect(batch.streams == [Labels([
      "job": "syslog", "host": "web01.example.net", "app": "billing", "facility": "local4", "level": "notice",
    ])])
    #expect(batch.records.timestampsNs == [1_697_062_455_003_000_000])
    #expect(batch.records.line(0) == "charge declined")
    #expect(Array(batch.records.metadata(0)) == [
      LogField("procid", "8710"), LogField("msgid", "PAY42"), LogField("sd_origin_32473_ip", "192.0.2.7"),
      LogField("sd_origin_32473_note", #"a "q" ] \ x"#), LogField("sd_meta_seq", "12"),
    ])
  }

  @Test func rfc5424NilFieldsOffsetsAndTrailingNewlines() {
    let batch = parseSyslog([
      "<34>1 2023-08-24T05:14:15.000003-07:00 - - - - - disk full\n",
      "<13>1 - host app - - -\r\n",
      "<14>1 2023-08-24T05:14:15Z h a p m [x@1 k=\"v\"]",
    ])
    #expect(batch.count == 3)
    #expect(batch.records.timestampsNs == [1_692_879_255_000_003_000, syslogReceivedAt, 1_692_854_055_000_000_000])
    #expect(batch.labels(ofRecord: 0) == Labels(["job": "syslog", "host": "10.0.0.9", "facility": "auth", "level": "crit"]))
    #expect(batch.records.line(0) == "disk full")
    #expect(batch.records.metadata(0).isEmpty)
    #expect(batch.records.line(1) == "")
    #expect(batch.records.line(2) == "")
    #expect(Array(batch.records.metadata(2)) == [LogField("procid", "p"), LogField("msgid", "m"), LogField("sd_x_1_k", "v")])
  }

  @Test func rfc3164Forms() {
    let batch = parseSyslog([
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
      "<13>Mar  5 07:08:09 gateway sshd[4242]: Accepted publickey for ops",
      "<30>Mar 10 11:59:59.250 cron[77]: job done",
      "<86>2024-03-10T13:00:00.5+01:00 host2 CRON[12]: pam_unix(cron:session): session opened",
      "<15>myapp: no timestamp here",
      "<11>Dec 31 23:59:00 oldhost kernel: from last year",
      "<12>Mar 10 11:00:00 host3 just a message without a tag",
    ])
    #expect(batch.count == 7)
    #expect(batch.labels(ofRecord: 0) == Labels(["job": "syslog", "host": "mymachine", "app": "su", "facility": "auth", "level": "crit"]))
    #expect(batch.records.line(0) == "'su root' failed for lonvick on /dev/pts/8")
    #expect(batch.records.timestampsNs[0] == LogTimestamps.rfc3339("2023-10-11T22:14:15Z"))
    #expect(batch.labels(ofRecord: 1)["app"] == "sshd")
    #expect(Array(batch.records.metadata(1)) == [LogField("procid", "4242")])
    #expect(batch.records.timestampsNs[1] == LogTimestamps.rfc3339("2024-03-05T07:08:09Z"))
    #expect(batch.labels(ofRecord: 2) == Labels(["job": "syslog", "host": "10.0.0.9", "app": "cron", "facility": "daemon", "level": "info"]))
    #expect(batch.records.timestampsNs[2] == LogTimestamps.rfc3339("2024-03-10T11:59:59.25Z"))
    #expect(batch.labels(ofRecord: 3)["host"] == "host2")
    #expect(batch.labels(ofRecord: 3)["app"] == "CRON")
    #expect(batch.records.timestampsNs[3] == LogTimestamps.rfc3339("2024-03-10T12:00:00.5Z"))
    #expect(batch.records.line(3) == "pam_unix(cron:session): session opened")
    #expect(batch.labels(ofRecord: 4)["app"] == "myapp")
    #expect(batch.records.timestampsNs[4] == syslogReceivedAt)
    #expect(batch.records.timestampsNs[5] == LogTimestamps.rfc3339("2023-12-31T23:59:00Z"))
    #expect(batch.labels(ofRecord: 6)["host"] == "host3")
    #expect(batch.labels(ofRecord: 6)["app"] == "")
    #expect(batch.records.line(6) == "just a message without a tag")
    #expect(batch.records.metadata(6).isEmpty)
  }

  @Test func unparseableFramesAreKeptWithAMarker() {
    let frames = ["plain text without PRI", "<999>too big", "<12>1 not-a-time host app - - - x", "<12>1 2024-03-10T12:00:00Z host", "",
                  "<12>1 2024-03-10T12:00:00Z h a p m [bad"]
    let batch = parseSyslog(frames)
    #expect(batch.count == frames.count)
    #expect(batch.streams == [Labels(["job": "syslog", "host": "10.0.0.9"])])
    for index in 0..<frames.count {
      #expect(batch.records.line(index) == frames[index])
      #expect(batch.records.timestampsNs[index] == syslogReceivedAt)
      #expect(batch.records.metadata(index).first?.name == "parse_error")
    }
    #expect(batch.records.metadata(0).first?.value == "no <PRI> at the start")
    #expect(batch.records.metadata(2).first?.value == #"RFC 5424 timestamp "not-a-time" is not an RFC 3339 time"#)
    #expect(batch.records.metadata(3).first?.value == "RFC 5424 message ends after HOSTNAME")
    #expect(parseSyslog(["junk"], source: nil).streams == [Labels(["job": "syslog"])])
  }

  @Test func randomFramesNeverTrapOrVanish() {
    var generator = SeededGenerator(seed: 0x5_15_0C)
    let seeds = [
      #"<165>1 2023-10-11T22:14:15.003Z web01 billing 8710 PAY42 [origin@32473 ip="192.0.2.7"] hi"#,
      "<13>Mar  5 07:08:09 gateway sshd[4242]: Accepted publickey",
    ].map { Array($0.utf8) }
    var parser = SyslogParser()
    var batch = LogBatch()
    for round in 0..<6000 {
      let frame = round % 5 == 0
        ? (0..<Int.random(in: 0..<80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        : mutateBytes(seeds[round % 2], using: &generator)
      parser.parse(frame: frame, receivedAtNs: syslogReceivedAt, source: "s", into: &batch)
      #expect(batch.count == round + 1)
    }
  }
}
