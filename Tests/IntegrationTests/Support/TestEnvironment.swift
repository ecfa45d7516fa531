// Small helpers the integration tests share: free ports, temporary directories, running a
// command to completion, and finding the real peer tools (node_exporter, promtool).
import Foundation
import Testing

enum FreePort {
  /// Binds port 0 on loopback, reads the port the kernel chose, and releases it.
  /// A free TCP port; `find(udp: true)` a free UDP one.
  static func find(udp: Bool = false) throws -> Int {
    let socketFD = socket(AF_INET, Int32((udp ? SOCK_DGRAM : SOCK_STREAM).rawValue), 0)
    guard socketFD >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

enum TemporaryDirectory {
  static func make(prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

struct CommandResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum Command {
  /// Runs a command to completion with optional standard input.
  static func run(_ executable: URL, _ arguments: [String], input: Data? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func warden(_ arguments: [String]) throws -> CommandResult {
    try run(WardenBinary.url(), arguments)
  }
}

/// The real peer programs, from Debian packages that `make test` installs.
enum PeerTool {
  static func path(_ name: String) -> URL? {
    for directory in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
    }
    return nil
  }

  /// The tool, or a recorded failure telling how to get it (`make test` installs it).
  static func require(_ name: String, package: String) throws -> URL {
    try #require(path(name), "\(name) is not installed: `apt-get install \(package)` (make test does this)")
  }
}
