// A full disk: appends fail cleanly with `.outOfSpace`, reads keep working, and writes resume by
// themselves once space returns; nothing acknowledged is lost, including retried batches.
import Foundation
@testable import MetricStore
import Testing
import WardenCore
import WardenTesting

@Suite(.enabled(if: SmallFilesystem.isAvailable, "needs root to mount a small tmpfs"))
struct DiskFullTests {
  private func batch(_ n: Int) -> SampleBatch {
    var batch = SampleBatch()
    for series in 0..<20 {
      batch.append(
        labels(["__name__": "disk_full_test", "series": "\(series)"]), timestampMs: Int64(n) * 1000,
        value: Double(n * 100 + series))
    }
    return batch
  }

  /// The append's error, or nil when it was acknowledged. (A typed-throws call inside a test's
  /// do/catch crashes Swift 6.3's SILGen, so the error comes back as a value.)
  private func append(_ store: MetricStore, _ batch: SampleBatch) async -> StoreError? {
    do {
      _ = try await store.append(batch)
      return nil
    } catch {
      return error
    }
  }

  @Test func appendsFailCleanlyReadsWorkAndWritesResume() async throws {
    let filesystem = try SmallFilesystem(sizeKiB: 512)
    defer { filesystem.unmount() }
    let directory = filesystem.path + "/metrics"
    let store = try makeStore(directory: directory)

    // Fill the disk until an append is refused.
    var acknowledged: [Int] = []
    var refused: Int?
    let filler = filesystem.path + "/filler"
    _ = FileManager.default.createFile(atPath: filler, contents: Data(count: 400 * 1024))
    for n in 0..<10_000 {
      guard let error = await append(store, batch(n)) else {
        acknowledged.append(n)
        continue
      }
      #expect(error.code == .outOfSpace, "\(error)")
      #expect("\(error)".contains("No space left on device"))
      refused = n
      break
    }
    let firstRefused = try #require(refused, "the disk never filled")
    #expect(!acknowledged.isEmpty)

    // Reads keep working while writes are refused, and a second try is refused too.
    let readable = try store.select([matcher(.equal, "__name__", "disk_full_test")], startMs: .min, endMs: .max)
    #expect(readable.count == 20)
    #expect(await append(store, batch(firstRefused + 1))?.code == .outOfSpace)

    // Space returns: the refused batch is retried and acknowledged, and writing goes on.
    try FileManager.default.removeItem(atPath: filler)
    #expect(await append(store, batch(firstRefused)) == nil)
    #expect(await append(store, batch(firstRefused + 1)) == nil)
    acknowledged.append(contentsOf: [firstRefused, firstRefused + 1])
    store.close()

    // Everything acknowledged, the retried batches included, is there after reopening.
    let reopened = try makeStore(directory: directory)
    let series = try reopened.select([matcher(.equal, "__name__", "disk_full_test")], startMs: .min, endMs: .max)
    #expect(series.count == 20)
    for entry in series {
      let number = Int(entry.labels["series"])!
      let stored = Set(zip(entry.timestampsMs, entry.values).map { "\($0.0)=\($0.1)" })
      let missing = acknowledged.filter { !stored.contains("\(Int64($0) * 1000)=\(Double($0 * 100 + number))") }
      #expect(missing.isEmpty, "series \(number) lost acknowledged batches \(missing)")
    }
    reopened.close()
  }
}
