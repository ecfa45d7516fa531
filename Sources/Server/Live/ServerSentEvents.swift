// The Server-Sent Events wire format (WHATWG HTML, "Server-sent events"): an event is an optional
// `event:` line, one `data:` line per line of its data, and a blank line; a line starting with a
// colon is a comment, which browsers ignore and proxies see as traffic.
import NIOCore

enum ServerSentEvents {
  /// The headers every live stream answers with. `X-Accel-Buffering: no` asks nginx not to hold
  /// events back in its buffer; `no-cache` keeps caches from replaying an old stream.
  static let contentType = "text/event-stream"
  static let cacheControl = "no-cache"

  /// Appends one event to `buffer`. Each line of `data` becomes its own `data:` line, so data
  /// with newlines arrives whole (the browser joins them back with "\n").
  static func append(event name: String, data: some Collection<UInt8>, to buffer: inout ByteBuffer) {
    buffer.writeString("event: ")
    buffer.writeString(name)
    buffer.writeString("\n")
    var lineStart = data.startIndex
    var index = data.startIndex
    while true {
      let atEnd = index == data.endIndex
      if atEnd || data[index] == UInt8(ascii: "\n") || data[index] == UInt8(ascii: "\r") {
        buffer.writeString("data: ")
        buffer.writeBytes(data[lineStart..<index])
        buffer.writeString("\n")
        if atEnd { break }
        // A CR LF pair is one line break.
        if data[index] == UInt8(ascii: "\r"), data.index(after: index) != data.endIndex,
          data[data.index(after: index)] == UInt8(ascii: "\n")
        {
          index = data.index(after: index)
        }
        index = data.index(after: index)
        lineStart = index
        continue
      }
      index = data.index(after: index)
    }
    buffer.writeString("\n")
  }

  /// A comment line: keeps idle connections (and the proxies between) from timing out, and lets
  /// the server notice a client that has gone away.
  static func comment(_ text: String) -> ByteBuffer {
    ByteBuffer(string: ": \(text)\n\n")
  }
}
