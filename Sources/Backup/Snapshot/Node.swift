// One entry of a directory tree as a snapshot records it: type, permissions, owner, size, times,
// and where its content is (data blob ids for a file, a subtree id for a directory, the target for
// a symlink). Hard links are recognised on restore by (device, inode) among nodes with links > 1.
#if canImport(Glibc)
  import Glibc
#endif

package struct Node: Codable, Sendable, Equatable {
  package enum Kind: String, Codable, Sendable {
    case file, dir, symlink, fifo, chardev, blockdev, socket
  }

  package var name: String
  package var type: Kind
  /// Permission and special bits (07777).
  package var mode: UInt32
  package var uid: UInt32
  package var gid: UInt32
  package var user: String?
  package var group: String?
  package var size: UInt64
  /// Nanoseconds since the epoch.
  package var mtime: Int64
  package var atime: Int64
  package var ctime: Int64
  package var inode: UInt64
  package var device: UInt64
  package var links: UInt64
  package var target: String?
  package var rdev: UInt64?
  package var content: [BlobID]?
  package var subtree: BlobID?

  package init(
    name: String, type: Kind, mode: UInt32, uid: UInt32, gid: UInt32, user: String?, group: String?, size: UInt64, mtime: Int64,
    atime: Int64, ctime: Int64, inode: UInt64, device: UInt64, links: UInt64, target: String?, rdev: UInt64?, content: [BlobID]?,
    subtree: BlobID?
  ) {
    self.name = name
    self.type = type
    self.mode = mode
    self.uid = uid
    self.gid = gid
    self.user = user
    self.group = group
    self.size = size
    self.mtime = mtime
    self.atime = atime
    self.ctime = ctime
    self.inode = inode
    self.device = device
    self.links = links
    self.target = target
    self.rdev = rdev
    self.content = content
    self.subtree = subtree
  }

  enum CodingKeys: String, CodingKey {
    case name, type, mode, uid, gid, user, group, size, mtime, atime, ctime, inode, device, links, target, rdev, content, subtree
  }

  /// Whether a file's content can be taken from `previous` without reading it: same size, times
  /// and inode (what restic and Borg trust too; ctime catches a content change that kept mtime).
  package func unchanged(since previous: Node) -> Bool {
    type == .file && previous.type == .file && size == previous.size && mtime == previous.mtime && ctime == previous.ctime
      && inode == previous.inode && previous.content != nil
  }
}

/// A directory: its nodes sorted by name. Stored as a tree blob (JSON, see TreeEncoder).
package struct Tree: Codable, Sendable, Equatable {
  package var nodes: [Node]

  package init(nodes: [Node]) {
    self.nodes = nodes.sorted { Self.precedes($0.name, $1.name) }
  }

  /// Byte order of the names' UTF-8; compared in place (every directory is sorted on each backup).
  static func precedes(_ left: String, _ right: String) -> Bool {
    var left = left
    var right = right
    return left.withUTF8 { a in
      right.withUTF8 { b in
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
          let order = memcmp(x, y, common)
          if order != 0 { return order < 0 }
        }
        return a.count < b.count
      }
    }
  }

  /// Nodes as a tree blob holds them (sorted when written; not sorted again on reading).
  init(storedNodes: [Node]) {
    nodes = storedNodes
  }

  package func node(named name: String) -> Node? {
    nodes.first { $0.name == name }
  }
}
