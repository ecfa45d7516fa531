// zstd decompression for the format guard test by the real `zstd` tool (Debian's zstd package,
// which make test installs), so the check does not trust Warden's own decoder.
import Foundation
import Testing

enum ZstdGuard {
  static func decompress(_ frame: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["zstd", "-d", "-c", "-q"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(frame))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "zstd -d failed (make test installs zstd)")
    return [UInt8](data)
  }
}
