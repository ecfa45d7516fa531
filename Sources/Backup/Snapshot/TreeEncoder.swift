// Tree blobs written by hand: the same bytes Foundation's JSONEncoder gives with sorted keys and
// unescaped slashes (so tree ids, and with them deduplication against trees written before, stay
// the same), at a fraction of the cost: one growing byte buffer per tree, no boxing, no reflection.
// An unchanged backup encodes every directory again to find its id, so this is a hot path.

package enum TreeEncoder {
  /// The tree's JSON: `{"nodes":[{...},...]}`, keys sorted, optionals left out when nil.
  package static func encode(_ tree: Tree) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(16 + tree.nodes.count * 320)
    out.append(contentsOf: #"{"nodes":["#.utf8)
    for (position, node) in tree.nodes.enumerated() {
      if position > 0 { out.append(UInt8(ascii: ",")) }
      encode(node, into: &out)
    }
    out.append(contentsOf: "]}".utf8)
    return out
  }

  /// One node; keys in the byte order JSONEncoder's sortedKeys gives for these lowercase names.
  static func encode(_ node: Node, into out: inout [UInt8]) {
    out.append(contentsOf: #"{"atime":"#.utf8)
    appendInteger(node.atime, into: &out)
    if let content = node.content {
      out.append(contentsOf: #","content":["#.utf8)
      for (position, id) in content.enumerated() {
        if position > 0 { out.append(UInt8(ascii: ",")) }
        appendID(id, into: &out)
      }
      out.append(UInt8(ascii: "]"))
    }
    out.append(contentsOf: #","ctime":"#.utf8)
    appendInteger(node.ctime, into: &out)
    out.append(contentsOf: #","device":"#.utf8)
    appendUnsigned(node.device, into: &out)
    out.append(contentsOf: #","gid":"#.utf8)
    appendUnsigned(UInt64(node.gid), into: &out)
    if let group = node.group {
      out.append(contentsOf: #","group":"#.utf8)
      appendString(group, into: &out)
    }
    out.append(contentsOf: #","inode":"#.utf8)
    appendUnsigned(node.inode, into: &out)
    out.append(contentsOf: #","links":"#.utf8)
    appendUnsigned(node.links, into: &out)
    out.append(contentsOf: #","mode":"#.utf8)
    appendUnsigned(UInt64(node.mode), into: &out)
    out.append(contentsOf: #","mtime":"#.utf8)
    appendInteger(node.mtime, into: &out)
    out.append(contentsOf: #","name":"#.utf8)
    appendString(node.name, into: &out)
    if let rdev = node.rdev {
      out.append(contentsOf: #","rdev":"#.utf8)
      appendUnsigned(rdev, into: &out)
    }
    out.append(contentsOf: #","size":"#.utf8)
    appendUnsigned(node.size, into: &out)
    if let subtree = node.subtree {
      out.append(contentsOf: #","subtree":"#.utf8)
      appendID(subtree, into: &out)
    }
    if let target = node.target {
      out.append(contentsOf: #","target":"#.utf8)
      appendString(target, into: &out)
    }
    out.append(contentsOf: #","type":""#.utf8)
    out.append(contentsOf: node.type.rawValue.utf8)
    out.append(contentsOf: #"","uid":"#.utf8)
    appendUnsigned(UInt64(node.uid), into: &out)
    if let user = node.user {
      out.append(contentsOf: #","user":"#.utf8)
      appendString(user, into: &out)
    }
    out.append(UInt8(ascii: "}"))
  }

  static func appendInteger(_ value: Int64, into out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    appendUnsigned(value.magnitude, into: &out)
  }

  static func appendUnsigned(_ value: UInt64, into out: inout [UInt8]) {
    if value < 10 {
      out.append(48 + UInt8(value))
      return
    }
    // At most 20 digits, written backwards into a fixed scratch area.
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { scratch in
      while rest > 0 {
        count += 1
        scratch[24 - count] = 48 + UInt8(rest % 10)
        rest /= 10
      }
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[(24 - count)...]))
    }
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  static func appendID(_ id: BlobID, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    appendHex(id.a, into: &out)
    appendHex(id.b, into: &out)
    appendHex(id.c, into: &out)
    appendHex(id.d, into: &out)
    out.append(UInt8(ascii: "\""))
  }

  private static func appendHex(_ word: UInt64, into out: inout [UInt8]) {
    var shift: UInt64 = 64
    repeat {
      shift -= 4
      out.append(hexDigits[Int((word >> shift) & 0xF)])
    } while shift > 0
  }

  /// A JSON string as JSONEncoder writes it: `"` and `\` escaped, control characters as \b \t \n
  /// \f \r or \u00xx (lowercase), everything else (slashes, non-ASCII) as its UTF-8 bytes.
  static func appendString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
      case 0x08: out.append(contentsOf: #"\b"#.utf8)
      case 0x09: out.append(contentsOf: #"\t"#.utf8)
      case 0x0A: out.append(contentsOf: #"\n"#.utf8)
      case 0x0C: out.append(contentsOf: #"\f"#.utf8)
      case 0x0D: out.append(contentsOf: #"\r"#.utf8)
      case 0..<0x20:
        out.append(contentsOf: #"\u00"#.utf8)
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0xF)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
