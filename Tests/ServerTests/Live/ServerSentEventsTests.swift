// The Server-Sent Events framing: `event:` and one `data:` line per line of the data, a blank line
// after each event, comments starting with a colon.
import NIOCore
@testable import Server
import Testing

struct ServerSentEventsTests {
  private static func framed(_ name: String, _ data: String) -> String {
    var buffer = ByteBuffer()
    ServerSentEvents.append(event: name, data: Array(data.utf8), to: &buffer)
    return String(buffer: buffer)
  }

  @Test(arguments: [
    ("tick", #"{"time":1}"#, "event: tick\ndata: {\"time\":1}\n\n"),
    ("result", "", "event: result\ndata: \n\n"),
    ("result", "a\nb", "event: result\ndata: a\ndata: b\n\n"),
    ("result", "a\r\nb\rc", "event: result\ndata: a\ndata: b\ndata: c\n\n"),
    ("result", "a\n", "event: result\ndata: a\ndata: \n\n"),
  ])
  func eventsAreFramedLineByLine(name: String, data: String, expected: String) {
    #expect(Self.framed(name, data) == expected)
  }

  @Test func eventsFollowEachOtherInOneBuffer() {
    var buffer = ByteBuffer()
    ServerSentEvents.append(event: "result", data: Array(#"{"index":0}"#.utf8), to: &buffer)
    ServerSentEvents.append(event: "tick", data: Array(#"{"time":2}"#.utf8), to: &buffer)
    #expect(String(buffer: buffer) == "event: result\ndata: {\"index\":0}\n\nevent: tick\ndata: {\"time\":2}\n\n")
  }

  @Test func commentsStartWithAColon() {
    #expect(String(buffer: ServerSentEvents.comment("keepalive")) == ": keepalive\n\n")
  }
}
