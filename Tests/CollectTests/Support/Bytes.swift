// Helpers that hand fixture text to the byte parsers and encode collections to exposition text.

@testable import Collect
import WardenCore

/// Runs `body` on the UTF-8 bytes of `text`, the way the collectors hand file contents to parsers.
func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
  try withBytes(Array(text.utf8), body)
}

func withBytes<Result>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
  try bytes.withUnsafeBufferPointer(body)
}

/// One host collection encoded as exposition text.
func exposition(of collector: HostCollector) -> String {
  var encoder = ExpositionEncoder(reservingCapacity: 32 * 1024)
  collector.collect(into: &encoder)
  return String(decoding: encoder.bytes, as: UTF8.self)
}

/// One process collection encoded as exposition text.
func exposition(of collector: ProcessCollector) -> String {
  var encoder = ExpositionEncoder()
  collector.collect(into: &encoder)
  return String(decoding: encoder.bytes, as: UTF8.self)
}

/// The HELP, TYPE and sample lines of family `name` in `text`, in order, or "" if it is absent.
func familyBlock(_ name: String, in text: String) -> String {
  var lines: [Substring] = []
  var inFamily = false
  for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
    if line.hasPrefix("# HELP ") {
      inFamily = line.dropFirst(7).prefix(while: { $0 != " " }) == name
    }
    if inFamily { lines.append(line) }
  }
  return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
}

/// The sample lines of family `name` without HELP and TYPE.
func samples(_ name: String, in text: String) -> [String] {
  familyBlock(name, in: text).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
}

/// The value of the single sample line that starts with `series` (name plus labels as written).
func value(of series: String, in text: String) -> Double? {
  for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
    return Double(line.dropFirst(series.count + 1))
  }
  return nil
}
