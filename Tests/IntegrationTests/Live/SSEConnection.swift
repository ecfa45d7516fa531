// A minimal Server-Sent Events client for the tests, over a plain TCP socket: one GET request,
// the response head, then the chunked body decoded and cut into events as they arrive, so a test
// can hold one connection open and watch ticks come in (URLSession on Linux buffers streamed
// bodies). Reads poll with a short timeout and never block past the caller's deadline.
import Foundation
import Glibc

final class SSEConnection {
  struct Event {
    var name: String
    var data: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:] }
  }

  enum Failure: Error, CustomStringConvertible {
    case connect(Int32), closed, timedOut(String), malformed(String)
    var description: String {
      switch self {
      case .connect(let code): "cannot connect: errno \(code)"
      case .closed: "the server closed the connection"
      case .timedOut(let what): "timed out waiting for \(what)"
      case .malformed(let what): "malformed response: \(what)"
      }
    }
  }

  private var socket: Int32
  private var raw: [UInt8] = []
  /// Decoded body text not yet cut into events.
  private var body: [UInt8] = []
  private(set) var status = 0
  private(set) var headers: [String: String] = [:]
  /// Comment lines seen (`: keepalive`).
  private(set) var comments: [String] = []

  init(port: Int, target: String) throws {
    socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else {
      let code = errno
      Glibc.close(socket)
      throw Failure.connect(code)
    }
    let request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n"
    _ = request.withCString { send(socket, $0, strlen($0), 0) }
  }

  deinit { close() }

  func close() {
    if socket >= 0 {
      Glibc.close(socket)
      socket = -1
    }
  }

  /// Reads more bytes into `raw`; false at end of stream. Waits at most 100 ms.
  private func fill(deadline: ContinuousClock.Instant) throws -> Bool {
    var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, 100)
    if ready <= 0 { return true }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = recv(socket, &buffer, buffer.count, 0)
    if count <= 0 { throw Failure.closed }
    raw.append(contentsOf: buffer[0..<count])
    return true
  }

  /// Reads the status line and headers.
  func readHead(timeout: Duration = .seconds(10)) throws {
    let deadline = ContinuousClock.now + timeout
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    while true {
      if let end = Self.find(separator, in: raw) {
        let text = String(decoding: raw[0..<end], as: UTF8.self)
        raw.removeFirst(end + 4)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, let code = Int(parts[1]) else { throw Failure.malformed(lines[0]) }
        status = code
        for line in lines.dropFirst() {
          guard let colon = line.firstIndex(of: ":") else { continue }
          headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return
      }
      guard ContinuousClock.now < deadline else { throw Failure.timedOut("the response head") }
      _ = try fill(deadline: deadline)
    }
  }

  /// Moves complete chunks from `raw` to `body`.
  private func decodeChunks() throws {
    let crlf: [UInt8] = [13, 10]
    while let lineEnd = Self.find(crlf, in: raw) {
      let sizeText = String(decoding: raw[0..<lineEnd], as: UTF8.self).split(separator: ";")[0]
      guard let size = Int(sizeText, radix: 16) else { throw Failure.malformed("chunk size \(sizeText)") }
      if size == 0 { throw Failure.closed }
      guard raw.count >= lineEnd + 2 + size + 2 else { return }
      body.append(contentsOf: raw[(lineEnd + 2)..<(lineEnd + 2 + size)])
      raw.removeFirst(lineEnd + 2 + size + 2)
    }
  }

  /// The next event, waiting up to `timeout`.
  func next(timeout: Duration = .seconds(10)) throws -> Event {
    let deadline = ContinuousClock.now + timeout
    while true {
      try decodeChunks()
      while let end = Self.find([10, 10], in: body) {
        let block = String(decoding: body[0..<end], as: UTF8.self)
        body.removeFirst(end + 2)
        var name = ""
        var data: [String] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
          if line.hasPrefix(":") { comments.append(String(line)) }
          if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
          if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
        }
        if !name.isEmpty { return Event(name: name, data: data.joined(separator: "\n")) }
      }
      guard ContinuousClock.now < deadline else { throw Failure.timedOut("an event") }
      _ = try fill(deadline: deadline)
    }
  }

  /// Events up to and including the next `tick`.
  func nextTick(timeout: Duration = .seconds(10)) throws -> (results: [Event], tick: Event) {
    let deadline = ContinuousClock.now + timeout
    var results: [Event] = []
    while true {
      let event = try next(timeout: deadline - ContinuousClock.now)
      if event.name == "tick" { return (results, event) }
      results.append(event)
    }
  }

  private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if Array(haystack[start..<(start + needle.count)]) == needle { return start }
    }
    return nil
  }
}
