// Measures the backup chunker's speed on one core: 512 MiB of pseudo-random bytes in memory, cut
// into content-defined chunks three times. Compiled together with Sources/Backup/Chunking by
// bench/chunker-speed.sh (the chunker has no dependencies, so no package build is needed).
import Foundation

let size = 512 << 20
var data = [UInt8](repeating: 0, count: size)
var state: UInt64 = 1
for index in 0..<size {
  state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
  data[index] = UInt8(truncatingIfNeeded: state >> 33)
}
let chunker = ContentChunker(seed: 7)
for run in 0..<3 {
  let start = Date()
  var chunks = 0
  data.withUnsafeBytes { all in
    var offset = 0
    while offset < all.count {
      offset += chunker.boundary(in: UnsafeRawBufferPointer(rebasing: all[offset...]), atEnd: true)!
      chunks += 1
    }
  }
  let seconds = Date().timeIntervalSince(start)
  print("run \(run): \(chunks) chunks, \(String(format: "%.2f", Double(size) / seconds / 1e9)) GB/s")
}
