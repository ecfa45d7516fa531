// Keeps the target groups of one file_sd_configs entry up to date: expands its patterns, re-reads
// a file only when its modification time or size changed, and reports just the groups that
// changed. A file that stops parsing keeps its last good groups, as Prometheus keeps them.
import Foundation
import WardenCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

package struct FileSDReader: Sendable {
  package let config: FileSDConfig
  private var files: [String: FileState] = [:]
  private var lastRefresh: ContinuousClock.Instant?
  /// The latest problem with each file that has one (cleared when the file reads cleanly again).
  package private(set) var problems: [String: FileSDError] = [:]

  private struct FileState: Sendable {
    var stamp: FileStamp?
    var groups: [TargetGroup]
  }

  package init(config: FileSDConfig) {
    self.config = config
  }

  /// Every group currently known, ordered by file then position.
  package var groups: [TargetGroup] {
    files.keys.sorted().flatMap { files[$0]?.groups ?? [] }
  }

  /// Re-reads when refresh_interval has passed since the last read (the first call always reads).
  /// Returns the groups that changed, or nil when none did; a group that disappeared (its file
  /// deleted or shortened) is returned empty, so the consumer drops its targets.
  package mutating func refresh(now: ContinuousClock.Instant) -> [TargetGroup]? {
    if let last = lastRefresh, now - last < config.refreshInterval.duration { return nil }
    lastRefresh = now
    return reload()
  }

  /// Reads every matching file whose stamp changed, regardless of the interval.
  package mutating func reload() -> [TargetGroup]? {
    var matched = Set<String>()
    for pattern in config.files { matched.formUnion(Self.expand(pattern)) }

    var changed: [TargetGroup] = []
    for path in files.keys.sorted() where !matched.contains(path) {
      changed += (files[path]?.groups ?? []).map { TargetGroup(targets: [], labels: .init(), source: $0.source) }
      files[path] = nil
      problems[path] = nil
    }
    for path in matched.sorted() {
      let stamp = FileStamp(path: path)
      if let known = files[path], known.stamp == stamp, stamp != nil { continue }
      let previous = files[path]?.groups ?? []
      switch Self.read(path, stamp: stamp) {
      case .success(let groups):
        problems[path] = nil
        files[path] = FileState(stamp: stamp, groups: groups)
        changed += Self.difference(from: previous, to: groups)
      case .failure(let error):
        // Keep the old groups; remember the stamp so a broken file is not re-parsed every refresh.
        problems[path] = error
        files[path] = FileState(stamp: stamp, groups: previous)
      }
    }
    return changed.isEmpty ? nil : changed
  }

  /// New or different groups, plus empty groups for sources that no longer exist.
  private static func difference(from old: [TargetGroup], to new: [TargetGroup]) -> [TargetGroup] {
    var out: [TargetGroup] = []
    for (index, group) in new.enumerated() where index >= old.count || old[index] != group {
      out.append(group)
    }
    if old.count > new.count {
      out += old[new.count...].map { TargetGroup(targets: [], labels: .init(), source: $0.source) }
    }
    return out
  }

  private static func read(_ path: String, stamp: FileStamp?) -> Result<[TargetGroup], FileSDError> {
    guard let stamp else { return .failure(FileSDError(path: path, message: "cannot read file status")) }
    if stamp.size > Int64(FileSDParser.maximumFileSize) {
      return .failure(
        FileSDError(path: path, message: "file is \(stamp.size) bytes, over the \(FileSDParser.maximumFileSize)-byte limit"))
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(FileSDError(path: path, message: "cannot read file"))
    }
    do {
      return .success(try FileSDParser.parse(Array(data), path: path))
    } catch {
      return .failure(error)
    }
  }

  /// The regular files matching `pattern` (a glob in its last element, or a plain path).
  static func expand(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard glob(pattern, 0, nil, &result) == 0 else { return [] }
    var paths: [String] = []
    for index in 0..<Int(result.gl_pathc) {
      guard let pointer = result.gl_pathv[index] else { continue }
      let path = String(cString: pointer)
      if FileSDFormat(path: path) != nil, FileStamp(path: path)?.isRegularFile == true { paths.append(path) }
    }
    return paths
  }
}

/// What tells a changed file from an unchanged one without reading it.
struct FileStamp: Sendable, Equatable {
  var modificationSeconds: Int
  var modificationNanoseconds: Int
  var size: Int64
  var inode: UInt64
  var isRegularFile: Bool

  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    modificationSeconds = Int(info.st_mtim.tv_sec)
    modificationNanoseconds = Int(info.st_mtim.tv_nsec)
    size = Int64(info.st_size)
    inode = UInt64(info.st_ino)
    isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
  }
}
