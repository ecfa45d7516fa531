// A snapshot (`snapshots/<id>`): when, from where, which paths, and the root tree; plus what the
// run did, so `snapshots` and the job history can show it without walking trees.
package import Foundation

package struct Snapshot: Codable, Sendable, Equatable {
  package struct Summary: Codable, Sendable, Equatable {
    package var filesNew = 0
    package var filesChanged = 0
    package var filesUnmodified = 0
    package var directories = 0
    package var bytesRead: UInt64 = 0
    /// Sealed bytes this run added to the repository.
    package var bytesAdded: UInt64 = 0
    package var dataBlobsAdded = 0
    package var treeBlobsAdded = 0
    package var totalFiles = 0
    package var totalBytes: UInt64 = 0
    package var durationSeconds = 0.0
    /// Paths that could not be read (the snapshot is made without them).
    package var errors: [String] = []

    package init() {}

    enum CodingKeys: String, CodingKey {
      case filesNew = "files_new"
      case filesChanged = "files_changed"
      case filesUnmodified = "files_unmodified"
      case directories
      case bytesRead = "bytes_read"
      case bytesAdded = "bytes_added"
      case dataBlobsAdded = "data_blobs_added"
      case treeBlobsAdded = "tree_blobs_added"
      case totalFiles = "total_files"
      case totalBytes = "total_bytes"
      case durationSeconds = "duration_seconds"
      case errors
    }
  }

  /// RFC 3339 with nanoseconds.
  package var time: String
  package var tree: BlobID
  package var paths: [String]
  package var hostname: String
  package var username: String
  package var tags: [String]
  package var parent: BlobID?
  package var programVersion: String
  package var summary: Summary?

  package init(
    time: String, tree: BlobID, paths: [String], hostname: String, username: String, tags: [String], parent: BlobID?,
    programVersion: String, summary: Summary?
  ) {
    self.time = time
    self.tree = tree
    self.paths = paths
    self.hostname = hostname
    self.username = username
    self.tags = tags
    self.parent = parent
    self.programVersion = programVersion
    self.summary = summary
  }

  enum CodingKeys: String, CodingKey {
    case time, tree, paths, hostname, username, tags, parent, summary
    case programVersion = "program_version"
  }

  package var date: Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: time) ?? ISO8601DateFormatter().date(from: time) ?? .distantPast
  }

  package static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}

/// A snapshot with its id, as listings return them.
package struct SnapshotEntry: Sendable {
  package var id: BlobID
  package var snapshot: Snapshot

  package init(id: BlobID, snapshot: Snapshot) {
    self.id = id
    self.snapshot = snapshot
  }
}

extension Repository {
  /// Every snapshot, oldest first. Unreadable snapshot files are an error naming the file.
  package func snapshots() throws -> [SnapshotEntry] {
    try list(.snapshots).map { SnapshotEntry(id: $0, snapshot: try load(Snapshot.self, kind: .snapshots, id: $0)) }
      .sorted { $0.snapshot.date < $1.snapshot.date }
  }

  /// The snapshot `reference` names: "latest", a full id or a unique prefix of at least 4 digits.
  package func findSnapshot(_ reference: String) throws -> SnapshotEntry {
    let all = try snapshots()
    if reference == "latest" {
      guard let last = all.last else { throw BackupError(.usage, "the repository has no snapshots") }
      return last
    }
    guard reference.count >= 4 else { throw BackupError(.usage, "snapshot id \"\(reference)\" is too short: give at least 4 hex digits") }
    let matches = all.filter { $0.id.hex.hasPrefix(reference.lowercased()) }
    guard matches.count == 1 else {
      throw BackupError(.usage, matches.isEmpty ? "no snapshot \(reference)" : "snapshot id \(reference) is ambiguous (\(matches.count) match)")
    }
    return matches[0]
  }
}
