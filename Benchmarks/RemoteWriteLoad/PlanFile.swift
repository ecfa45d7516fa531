// Saves a built request plan to a file and reads it back, so a benchmark that loads the same data
// into several systems builds it once (building 24 h of 10k series takes minutes; reading, seconds).
// Layout, all integers little-endian: magic "RWPLAN1\n", seriesCount, timestamps, firstMs, lastMs,
// chunk count (Int64 each); per chunk its request count; per request samples and body length
// (Int64 each) then the body bytes.
import Foundation

enum PlanFile {
  static let magic = Array("RWPLAN1\n".utf8)

  static func write(_ plan: RequestPlan, to path: String) throws {
    var out = magic
    func put(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
    for value in [Int64(plan.seriesCount), Int64(plan.timestamps), plan.firstMs, plan.lastMs, Int64(plan.byChunk.count)] {
      put(value)
    }
    for chunk in plan.byChunk { put(Int64(chunk.count)) }
    for chunk in plan.byChunk {
      for request in chunk {
        put(Int64(request.samples))
        put(Int64(request.body.count))
        out.append(contentsOf: request.body)
      }
    }
    try Data(out).write(to: URL(fileURLWithPath: path))
  }

  struct Malformed: Error, CustomStringConvertible {
    let path: String
    var description: String { "\(path) is not a request plan written by this tool" }
  }

  static func read(from path: String) throws -> RequestPlan {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var position = magic.count
    guard bytes.count >= position, Array(bytes[0..<position]) == magic else { throw Malformed(path: path) }
    func take() throws -> Int64 {
      guard position + 8 <= bytes.count else { throw Malformed(path: path) }
      var value: Int64 = 0
      for offset in 0..<8 { value |= Int64(bytes[position + offset]) << (8 * offset) }
      position += 8
      return value
    }
    let seriesCount = Int(try take()), timestamps = Int(try take()), firstMs = try take(), lastMs = try take()
    let chunkCount = Int(try take())
    guard chunkCount >= 0, chunkCount < 1 << 24 else { throw Malformed(path: path) }
    var counts: [Int] = []
    for _ in 0..<chunkCount { counts.append(Int(try take())) }
    var byChunk: [[PreparedRequest]] = []
    for count in counts {
      var requests: [PreparedRequest] = []
      for _ in 0..<count {
        let samples = Int(try take()), length = Int(try take())
        guard length >= 0, position + length <= bytes.count else { throw Malformed(path: path) }
        requests.append(PreparedRequest(body: Array(bytes[position..<position + length]), samples: samples))
        position += length
      }
      byChunk.append(requests)
    }
    return RequestPlan(byChunk: byChunk, seriesCount: seriesCount, timestamps: timestamps, firstMs: firstMs, lastMs: lastMs)
  }
}
