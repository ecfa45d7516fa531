// The downsampled copies of blocks: ordinary blocks (same format) holding one series per raw
// series and aggregate (label `__aggregate__`), stored as `downsampled/<5m|1h>/<source block id>`.
// They are derived data: a copy whose source is gone, or that fails to open, is deleted and,
// where the source still exists, rebuilt by the next maintenance pass.
import Codecs
import Logging
import Synchronization

/// Thread-safe: one `Mutex` around the map.
final class DownsampledBlocks: Sendable {
  let storeDirectory: String
  private let byResolution = Mutex<[DownsampleResolution: [String: Block]]>([:])

  init(storeDirectory: String) {
    self.storeDirectory = storeDirectory
  }

  func directory(_ resolution: DownsampleResolution) -> String {
    storeDirectory + "/" + FileNames.downsampledDirectory + "/" + resolution.description
  }

  /// Opens the copies of `sources`; deletes orphans and copies that fail their checks.
  func load(sources: Set<String>, logger: Logger) throws(StoreError) {
    for resolution in DownsampleResolution.allCases {
      let directory = directory(resolution)
      try FileIO.makeDirectory(directory)
      for name in try FileIO.list(directory) where name.hasSuffix(FileNames.blockTemporarySuffix) {
        try FileIO.removeFlatDirectory(directory + "/" + name)
      }
      for id in Block.ids(in: directory) {
        guard sources.contains(id) else {
          try FileIO.removeFlatDirectory(directory + "/" + id)
          continue
        }
        do {
          let block = try Block.open(directory + "/" + id)
          byResolution.withLock { $0[resolution, default: [:]][id] = block }
        } catch {
          logger.warning(
            "downsampled block failed its checks; deleting it, it will be rebuilt",
            metadata: ["block.id": "\(id)", "downsample.resolution": "\(resolution)", "error": "\(error)"])
          try FileIO.removeFlatDirectory(directory + "/" + id)
        }
      }
    }
  }

  func block(of id: String, at resolution: DownsampleResolution) -> Block? {
    byResolution.withLock { $0[resolution]?[id] }
  }

  /// Whether every resolution of `id` exists.
  func isComplete(_ id: String) -> Bool {
    byResolution.withLock { map in DownsampleResolution.allCases.allSatisfy { map[$0]?[id] != nil } }
  }

  func add(_ block: Block, of id: String, at resolution: DownsampleResolution) {
    byResolution.withLock { $0[resolution, default: [:]][id] = block }
  }

  /// Forgets and deletes the copies of these source blocks.
  func remove(_ ids: some Sequence<String>) throws(StoreError) {
    for id in ids {
      for resolution in DownsampleResolution.allCases {
        let present = byResolution.withLock { $0[resolution]?.removeValue(forKey: id) != nil }
        if present { try FileIO.removeFlatDirectory(directory(resolution) + "/" + id) }
      }
    }
  }
}
