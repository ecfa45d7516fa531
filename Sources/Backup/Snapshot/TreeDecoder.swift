// Tree blobs read by hand: a JSON parser for exactly the tree shape (`{"nodes":[{...}]}`), taking
// what any JSON writer may produce (whitespace, any key order, escapes, null for absent optionals,
// unknown keys skipped) but building nodes straight from the bytes. Every directory of a parent
// snapshot is decoded in an unchanged backup and every directory in a restore, so this is a hot
// path. Hostile input (a damaged or crafted blob that still authenticates) gets limits on size,
// node count, string length, content list length and nesting, and a clear error with the offset.
#if canImport(Glibc)
  import Glibc
#endif

package struct TreeDecodingError: Error, CustomStringConvertible, Equatable {
  package let offset: Int
  package let problem: String

  package var description: String { "\(problem) at byte \(offset)" }
}

package struct TreeDecoder {
  package struct Limits: Sendable {
    /// A tree blob is one sealed blob; a directory of a million entries is about 300 MB.
    package var maxBytes = 1 << 30
    package var maxNodes = 4_000_000
    /// Names are at most 255 bytes and link targets 4096 on Linux; this leaves room, not abuse.
    package var maxStringBytes = 64 << 10
    /// A 1 PiB file is about a million chunks.
    package var maxContentIDs = 1 << 22
    /// Unknown values skipped: how deep their arrays and objects may nest.
    package var maxDepth = 32

    package init() {}
  }

  /// The tree in `bytes`, nodes in stored order.
  package static func decode(_ bytes: [UInt8], limits: Limits = Limits()) throws(TreeDecodingError) -> Tree {
    guard bytes.count <= limits.maxBytes else {
      throw TreeDecodingError(offset: 0, problem: "tree of \(bytes.count) bytes is over the limit of \(limits.maxBytes)")
    }
    let result = bytes.withUnsafeBytes { buffer -> Result<Tree, TreeDecodingError> in
      var parser = TreeDecoder(buffer, limits: limits)
      do throws(TreeDecodingError) {
        return .success(try parser.tree())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private let bytes: UnsafeRawBufferPointer
  private let limits: Limits
  private var position = 0

  private init(_ bytes: UnsafeRawBufferPointer, limits: Limits) {
    self.bytes = bytes
    self.limits = limits
  }

  // MARK: structure

  private mutating func tree() throws(TreeDecodingError) -> Tree {
    var nodes: [Node]?
    try object { (parser: inout TreeDecoder, key: Key) throws(TreeDecodingError) in
      if case .nodes = key {
        nodes = try parser.nodeArray()
      } else {
        try parser.skipValue(depth: 0)
      }
    }
    skipSpace()
    guard position == bytes.count else { throw failure("unexpected bytes after the tree") }
    guard let nodes else { throw failure("the tree has no \"nodes\"") }
    return Tree(storedNodes: nodes)
  }

  private mutating func nodeArray() throws(TreeDecodingError) -> [Node] {
    var nodes: [Node] = []
    try array { (parser: inout TreeDecoder) throws(TreeDecodingError) in
      guard nodes.count < parser.limits.maxNodes else { throw parser.failure("more than \(parser.limits.maxNodes) nodes") }
      nodes.append(try parser.node())
    }
    return nodes
  }

  /// What a node is decoded into before its required fields are checked.
  private struct Fields {
    var name: String?
    var type: Node.Kind?
    var mode: UInt32?
    var uid: UInt32?
    var gid: UInt32?
    var user: String?
    var group: String?
    var size: UInt64?
    var mtime: Int64?
    var atime: Int64?
    var ctime: Int64?
    var inode: UInt64?
    var device: UInt64?
    var links: UInt64?
    var target: String?
    var rdev: UInt64?
    var content: [BlobID]?
    var subtree: BlobID?
  }

  private mutating func node() throws(TreeDecodingError) -> Node {
    let start = position
    var fields = Fields()
    try object { (parser: inout TreeDecoder, key: Key) throws(TreeDecodingError) in
      switch key {
      case .name: fields.name = try parser.string()
      case .type:
        let text = try parser.string()
        guard let kind = Node.Kind(rawValue: text) else { throw parser.failure("unknown node type \(text.debugDescription)") }
        fields.type = kind
      case .mode: fields.mode = try parser.unsigned32()
      case .uid: fields.uid = try parser.unsigned32()
      case .gid: fields.gid = try parser.unsigned32()
      case .user: fields.user = try parser.nullOr { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.string() }
      case .group: fields.group = try parser.nullOr { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.string() }
      case .size: fields.size = try parser.unsigned()
      case .mtime: fields.mtime = try parser.signed()
      case .atime: fields.atime = try parser.signed()
      case .ctime: fields.ctime = try parser.signed()
      case .inode: fields.inode = try parser.unsigned()
      case .device: fields.device = try parser.unsigned()
      case .links: fields.links = try parser.unsigned()
      case .target: fields.target = try parser.nullOr { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.string() }
      case .rdev: fields.rdev = try parser.nullOr { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.unsigned() }
      case .content: fields.content = try parser.nullOr { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.idArray() }
      case .subtree: fields.subtree = try parser.nullOr { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.blobID() }
      case .nodes, .unknown: try parser.skipValue(depth: 0)
      }
    }
    guard let name = fields.name, let type = fields.type, let mode = fields.mode, let uid = fields.uid, let gid = fields.gid,
      let size = fields.size, let mtime = fields.mtime, let atime = fields.atime, let ctime = fields.ctime,
      let inode = fields.inode, let device = fields.device, let links = fields.links
    else {
      throw TreeDecodingError(offset: start, problem: "a node lacks one of name, type, mode, uid, gid, size, times, inode, device, links")
    }
    return Node(
      name: name, type: type, mode: mode, uid: uid, gid: gid, user: fields.user, group: fields.group, size: size, mtime: mtime,
      atime: atime, ctime: ctime, inode: inode, device: device, links: links, target: fields.target, rdev: fields.rdev,
      content: fields.content, subtree: fields.subtree)
  }

  private mutating func idArray() throws(TreeDecodingError) -> [BlobID] {
    var ids: [BlobID] = []
    try array { (parser: inout TreeDecoder) throws(TreeDecodingError) in
      guard ids.count < parser.limits.maxContentIDs else {
        throw parser.failure("a content list of more than \(parser.limits.maxContentIDs) blobs")
      }
      ids.append(try parser.blobID())
    }
    return ids
  }

  // MARK: JSON containers

  /// The keys a tree has; anything else is skipped.
  private enum Key {
    case nodes, name, type, mode, uid, gid, user, group, size, mtime, atime, ctime, inode, device, links, target, rdev, content
    case subtree, unknown
  }

  private mutating func object(_ member: (inout TreeDecoder, Key) throws(TreeDecodingError) -> Void) throws(TreeDecodingError) {
    try expect(UInt8(ascii: "{"), "an object")
    skipSpace()
    if peek() == UInt8(ascii: "}") {
      position += 1
      return
    }
    while true {
      skipSpace()
      let key = try key()
      skipSpace()
      try expect(UInt8(ascii: ":"), "\":\" after a key")
      try member(&self, key)
      skipSpace()
      guard position < bytes.count else { throw failure("the tree ends inside an object") }
      let next = bytes[position]
      position += 1
      if next == UInt8(ascii: "}") { return }
      guard next == UInt8(ascii: ",") else {
        position -= 1
        throw failure("expected \",\" or \"}\" in an object")
      }
    }
  }

  private mutating func array(_ element: (inout TreeDecoder) throws(TreeDecodingError) -> Void) throws(TreeDecodingError) {
    try expect(UInt8(ascii: "["), "an array")
    skipSpace()
    if peek() == UInt8(ascii: "]") {
      position += 1
      return
    }
    while true {
      skipSpace()
      try element(&self)
      skipSpace()
      guard position < bytes.count else { throw failure("the tree ends inside an array") }
      let next = bytes[position]
      position += 1
      if next == UInt8(ascii: "]") { return }
      guard next == UInt8(ascii: ",") else {
        position -= 1
        throw failure("expected \",\" or \"]\" in an array")
      }
    }
  }

  private mutating func nullOr<Value>(_ value: (inout TreeDecoder) throws(TreeDecodingError) -> Value) throws(TreeDecodingError) -> Value? {
    skipSpace()
    if peek() == UInt8(ascii: "n") {
      try literal("null")
      return nil
    }
    return try value(&self)
  }

  /// A key, matched on its raw bytes (keys with escapes are decoded and matched as text).
  private mutating func key() throws(TreeDecodingError) -> Key {
    guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
    var end = position + 1
    while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
    if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
      let key = Self.key(UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<end]))
      position = end + 1
      return key
    }
    let text = try string()
    return Array(text.utf8).withUnsafeBytes { Self.key($0) }
  }

  private static func key(_ raw: UnsafeRawBufferPointer) -> Key {
    func matches(_ literal: StaticString) -> Bool {
      literal.utf8CodeUnitCount == raw.count && memcmp(literal.utf8Start, raw.baseAddress!, raw.count) == 0
    }
    guard raw.count >= 3 else { return .unknown }
    switch raw[0] {
    case UInt8(ascii: "a"): return matches("atime") ? .atime : .unknown
    case UInt8(ascii: "c"): return matches("content") ? .content : matches("ctime") ? .ctime : .unknown
    case UInt8(ascii: "d"): return matches("device") ? .device : .unknown
    case UInt8(ascii: "g"): return matches("gid") ? .gid : matches("group") ? .group : .unknown
    case UInt8(ascii: "i"): return matches("inode") ? .inode : .unknown
    case UInt8(ascii: "l"): return matches("links") ? .links : .unknown
    case UInt8(ascii: "m"): return matches("mode") ? .mode : matches("mtime") ? .mtime : .unknown
    case UInt8(ascii: "n"): return matches("name") ? .name : matches("nodes") ? .nodes : .unknown
    case UInt8(ascii: "r"): return matches("rdev") ? .rdev : .unknown
    case UInt8(ascii: "s"): return matches("size") ? .size : matches("subtree") ? .subtree : .unknown
    case UInt8(ascii: "t"): return matches("target") ? .target : matches("type") ? .type : .unknown
    case UInt8(ascii: "u"): return matches("uid") ? .uid : matches("user") ? .user : .unknown
    default: return .unknown
    }
  }

  /// Any JSON value, ignored (a key a later version may add).
  private mutating func skipValue(depth: Int) throws(TreeDecodingError) {
    guard depth < limits.maxDepth else { throw failure("values nested deeper than \(limits.maxDepth)") }
    skipSpace()
    switch peek() {
    case UInt8(ascii: "{"):
      try object { (parser: inout TreeDecoder, _: Key) throws(TreeDecodingError) in try parser.skipValue(depth: depth + 1) }
    case UInt8(ascii: "["):
      try array { (parser: inout TreeDecoder) throws(TreeDecodingError) in try parser.skipValue(depth: depth + 1) }
    case UInt8(ascii: "\""): _ = try string()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default: try skipNumber()
    }
  }

  // MARK: scalars

  private mutating func blobID() throws(TreeDecodingError) -> BlobID {
    skipSpace()
    let start = position
    guard position + 66 <= bytes.count, bytes[position] == UInt8(ascii: "\""), bytes[position + 65] == UInt8(ascii: "\"") else {
      throw failure("expected a blob id (64 hex digits in quotes)")
    }
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    for word in 0..<4 {
      var value: UInt64 = 0
      for digit in 0..<16 {
        let byte = bytes[start + 1 + word * 16 + digit]
        let nibble: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- 87
        default:
          position = start + 1 + word * 16 + digit
          throw failure("a blob id has a character that is not a lowercase hex digit")
        }
        value = value << 4 | UInt64(nibble)
      }
      switch word {
      case 0: words.0 = value
      case 1: words.1 = value
      case 2: words.2 = value
      default: words.3 = value
      }
    }
    position = start + 66
    return BlobID(a: words.0, b: words.1, c: words.2, d: words.3)
  }

  private mutating func unsigned32() throws(TreeDecodingError) -> UInt32 {
    let start = position
    let value = try unsigned()
    guard let narrow = UInt32(exactly: value) else {
      position = start
      throw failure("\(value) does not fit in 32 bits")
    }
    return narrow
  }

  private mutating func signed() throws(TreeDecodingError) -> Int64 {
    skipSpace()
    let negative = peek() == UInt8(ascii: "-")
    if negative { position += 1 }
    let start = position
    let magnitude = try digits()
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else {
        position = start
        throw failure("an integer below the 64-bit range")
      }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else {
      position = start
      throw failure("an integer above the 64-bit range")
    }
    return Int64(magnitude)
  }

  private mutating func unsigned() throws(TreeDecodingError) -> UInt64 {
    skipSpace()
    return try digits()
  }

  /// A JSON integer without sign: no leading zeros, no fraction or exponent (trees hold none).
  private mutating func digits() throws(TreeDecodingError) -> UInt64 {
    let start = position
    var value: UInt64 = 0
    while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[position] - 48))
      guard !overflow1, !overflow2 else {
        position = start
        throw failure("an integer above the 64-bit range")
      }
      value = sum
      position += 1
    }
    guard position > start else { throw failure("expected an integer") }
    guard position - start == 1 || bytes[start] != UInt8(ascii: "0") else {
      position = start
      throw failure("an integer with a leading zero")
    }
    if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
      throw failure("a number that is not an integer")
    }
    return value
  }

  private mutating func skipNumber() throws(TreeDecodingError) {
    let start = position
    if peek() == UInt8(ascii: "-") { position += 1 }
    while let byte = peek(),
      (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    {
      position += 1
    }
    guard position > start else { throw failure("expected a value") }
  }

  /// A JSON string: escapes decoded, UTF-8 validated, length limited.
  private mutating func string() throws(TreeDecodingError) -> String {
    skipSpace()
    guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string") }
    let start = position
    position += 1
    // Fast path: no escapes.
    var end = position
    var ascii = true
    while end < bytes.count {
      let byte = bytes[end]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
      if byte >= 0x80 { ascii = false }
      end += 1
    }
    guard end < bytes.count else {
      position = start
      throw failure("a string that does not end")
    }
    guard end - position <= limits.maxStringBytes else {
      position = start
      throw failure("a string longer than \(limits.maxStringBytes) bytes")
    }
    if bytes[end] == UInt8(ascii: "\"") {
      let raw = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
      position = end + 1
      if ascii { return String(decoding: raw, as: UTF8.self) }
      guard let text = String(validating: raw, as: UTF8.self) else {
        position = start
        throw failure("a string that is not valid UTF-8")
      }
      return text
    }
    return try escapedString(from: start)
  }

  private mutating func escapedString(from start: Int) throws(TreeDecodingError) -> String {
    var out: [UInt8] = []
    position = start + 1
    while true {
      guard position < bytes.count else {
        position = start
        throw failure("a string that does not end")
      }
      guard out.count <= limits.maxStringBytes else {
        position = start
        throw failure("a string longer than \(limits.maxStringBytes) bytes")
      }
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        guard let text = String(validating: out, as: UTF8.self) else {
          position = start
          throw failure("a string that is not valid UTF-8")
        }
        return text
      case 0..<0x20:
        position -= 1
        throw failure("a control character inside a string")
      case UInt8(ascii: "\\"):
        guard let escape = peek() else { continue }
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = UInt32(try hex4())
          if scalar >= 0xD800, scalar < 0xDC00 {
            // A high surrogate must be followed by an escaped low one.
            guard position + 2 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
              throw failure("an unpaired surrogate in a string")
            }
            position += 2
            let low = UInt32(try hex4())
            guard low >= 0xDC00, low < 0xE000 else { throw failure("an unpaired surrogate in a string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if scalar >= 0xDC00, scalar < 0xE000 {
            throw failure("an unpaired surrogate in a string")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw failure("an invalid \\u escape") }
          out.append(contentsOf: UTF8.encode(unicode)!)
        default:
          position -= 1
          throw failure("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
        }
      default:
        out.append(byte)
      }
    }
  }

  private mutating func hex4() throws(TreeDecodingError) -> UInt16 {
    guard position + 4 <= bytes.count else { throw failure("a \\u escape cut short") }
    var value: UInt16 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      let nibble: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte &- 48
      case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte &- 87
      case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte &- 55
      default: throw failure("a \\u escape with a non-hex digit")
      }
      value = value << 4 | UInt16(nibble)
      position += 1
    }
    return value
  }

  // MARK: bytes

  private func peek() -> UInt8? {
    position < bytes.count ? bytes[position] : nil
  }

  private mutating func skipSpace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  private mutating func expect(_ byte: UInt8, _ what: String) throws(TreeDecodingError) {
    skipSpace()
    guard peek() == byte else { throw failure("expected \(what)") }
    position += 1
  }

  private mutating func literal(_ word: StaticString) throws(TreeDecodingError) {
    let count = word.utf8CodeUnitCount
    guard position + count <= bytes.count, memcmp(word.utf8Start, bytes.baseAddress! + position, count) == 0 else {
      throw failure("expected \(word)")
    }
    position += count
  }

  private func failure(_ problem: String) -> TreeDecodingError {
    TreeDecodingError(offset: position, problem: problem)
  }
}
