// RFC 6587 framing: octet counting (with rsyslog's trailing LF inside the count) and newline
// framing mixed on one connection give the same frames however TCP splits the bytes; oversized
// frames fail with their size and the framer resynchronizes after them.
import Ingest
import Testing
import WardenCore

@Suite struct SyslogFramerTests {
  static let stream: [UInt8] = {
    let counted = "<12>1 2024-03-10T12:00:00Z host app - - - octet counted\n"
    let second = "<13>Mar 10 12:00:00 host app: newline framed"
    let third = "<14>1 - h a - - - crlf framed"
    let fourth = "<15>1 - h a - - - counted without LF___"
    return Array("\(counted.utf8.count) \(counted)\(second)\n\(third)\r\n\n\(fourth.utf8.count) \(fourth)\0<16>nul ended\0".utf8)
  }()

  static let expected = [
    "<12>1 2024-03-10T12:00:00Z host app - - - octet counted\n", "<13>Mar 10 12:00:00 host app: newline framed",
    "<14>1 - h a - - - crlf framed", "<15>1 - h a - - - counted without LF___", "<16>nul ended",
  ]

  private func frames(_ chunks: [ArraySlice<UInt8>], maxFrameBytes: Int = 1024) -> (frames: [String], errors: [String]) {
    var framer = SyslogFramer(maxFrameBytes: maxFrameBytes)
    var frames: [String] = []
    var errors: [String] = []
    for chunk in chunks {
      framer.append(chunk)
      while true {
        do {
          guard let frame = try framer.nextFrame() else { break }
          frames.append(String(decoding: frame, as: UTF8.self))
        } catch {
          errors.append(error.message)
        }
      }
    }
    if let rest = framer.finish() { frames.append(String(decoding: rest, as: UTF8.self)) }
    return (frames, errors)
  }

  @Test func wholeStream() {
    let result = frames([Self.stream[...]])
    #expect(result.frames == Self.expected)
    #expect(result.errors.isEmpty)
  }

  @Test func splitAtEveryByteBoundary() {
    for split in 0...Self.stream.count {
      let result = frames([Self.stream[..<split], Self.stream[split...]])
      #expect(result.frames == Self.expected, "split at \(split)")
    }
    #expect(frames(Self.stream.map { [$0][...] }).frames == Self.expected)
  }

  @Test func unterminatedLastLineComesOutAtTheEnd() {
    #expect(frames([Array("<13>a\n<13>b".utf8)[...]]).frames == ["<13>a", "<13>b"])
  }

  @Test func oversizedFramesAreNamedAndSkipped() {
    let big = String(repeating: "x", count: 100)
    let body = Array("200 \(big)\(big)<13>after counted\n\(big)\n<13>after line\n".utf8)
    let result = frames([body[...]], maxFrameBytes: 50)
    #expect(result.errors == [
      "octet-counted frame of 200 bytes is over the limit of 50 bytes", "a message of more than 50 bytes has no newline",
    ])
    #expect(result.frames == ["<13>after counted", "<13>after line"])
    for split in stride(from: 0, through: body.count, by: 7) {
      #expect(frames([body[..<split], body[split...]], maxFrameBytes: 50).frames == ["<13>after counted", "<13>after line"], "split \(split)")
    }
  }

  @Test func parsedFramesOfTheStream() {
    var framer = SyslogFramer()
    framer.append(Self.stream)
    var parser = SyslogParser()
    var batch = LogBatch()
    while let frame = try? framer.nextFrame() {
      parser.parse(frame: frame, receivedAtNs: 0, source: nil, into: &batch)
    }
    #expect(batch.count == 5)
    #expect(batch.records.line(0) == "octet counted")
    #expect(batch.records.line(2) == "crlf framed")
    #expect(batch.records.metadata(0).isEmpty)
  }

  @Test func realRsyslogFrames() throws {
    // Captured from Debian's rsyslog 8.2302: RFC 5424 over TCP with octet counting (the count
    // includes the trailing LF, and MSG starts with a space), and the traditional format over UDP.
    var framer = SyslogFramer()
    framer.append(Array("67 <155>1 2026-11-21T08:18:20.763720+00:00 vm tcpapp - - -  hello tcp\n".utf8))
    let frame = try #require(try framer.nextFrame())
    #expect(try framer.nextFrame() == nil)
    var parser = SyslogParser()
    var batch = LogBatch()
    parser.parse(frame: frame, receivedAtNs: 0, source: "127.0.0.1", into: &batch)
    parser.parse(frame: Array("<28>Nov 21 08:18:20 vm udpapp: hello udp".utf8), receivedAtNs: 1_795_000_000_000_000_000, source: "127.0.0.1", into: &batch)
    #expect(batch.streams == [
      Labels(["job": "syslog", "host": "vm", "app": "tcpapp", "facility": "local3", "level": "err"]),
      Labels(["job": "syslog", "host": "vm", "app": "udpapp", "facility": "daemon", "level": "warning"]),
    ])
    #expect(batch.records.line(0) == "hello tcp")
    #expect(batch.records.line(1) == "hello udp")
    #expect(batch.records.timestampsNs[0] == 1_795_249_100_763_720_000)
    #expect(batch.records.timestampsNs[1] == 1_795_249_100_000_000_000)
    #expect(batch.records.metadata(0).isEmpty && batch.records.metadata(1).isEmpty)
  }
}
