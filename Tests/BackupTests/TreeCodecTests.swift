// The hand-written tree blob encoder and decoder: the encoder writes exactly what Foundation's
// JSONEncoder (sorted keys, unescaped slashes) wrote before it, so tree ids do not change; the
// decoder reads that and any other JSON writer's spelling of the same tree, and rejects damaged or
// hostile blobs with an error naming the problem, never a crash (limits, mutations, random bytes).
import Backup
import Foundation
import Testing
import WardenTesting

@Suite struct TreeCodecTests {
  static let oddNames = [
    "plain", "with space", "quote\"inside", "back\\slash", "slash/in", "tab\tand\nnewline", "\u{1}\u{1f}\u{7f}",
    "héllo wörld", "日本語", "emoji 😀", "\u{2028}\u{FEFF}", "", ".", "..",
  ]

  static func randomID(_ generator: inout SeededGenerator) -> BlobID {
    BlobID(a: generator.next(), b: generator.next(), c: generator.next(), d: generator.next())
  }

  static func randomString(_ generator: inout SeededGenerator) -> String {
    if Int.random(in: 0..<3, using: &generator) == 0 { return oddNames.randomElement(using: &generator)! }
    let scalars = (0..<Int.random(in: 0..<24, using: &generator)).map { _ -> Character in
      switch Int.random(in: 0..<10, using: &generator) {
      case 0: return Character(Unicode.Scalar(UInt8.random(in: 0..<0x20, using: &generator)))
      case 1: return Character(Unicode.Scalar(UInt32.random(in: 0xA0..<0xD800, using: &generator))!)
      case 2: return Character(Unicode.Scalar(UInt32.random(in: 0x10000..<0x10FFFF, using: &generator))!)
      default: return Character(Unicode.Scalar(UInt8.random(in: 0x20..<0x7F, using: &generator)))
      }
    }
    return String(scalars)
  }

  static func randomNode(_ generator: inout SeededGenerator) -> Node {
    let kinds: [Node.Kind] = [.file, .dir, .symlink, .fifo, .chardev, .blockdev, .socket]
    let kind = kinds.randomElement(using: &generator)!
    func maybe<T>(_ value: T, _ generator: inout SeededGenerator) -> T? { Bool.random(using: &generator) ? value : nil }
    let extreme: [Int64] = [0, -1, Int64.min, Int64.max, 1_763_700_000_123_456_789, -1_000_000_000]
    func time(_ generator: inout SeededGenerator) -> Int64 {
      Bool.random(using: &generator) ? extreme.randomElement(using: &generator)! : Int64(bitPattern: generator.next())
    }
    return Node(
      name: randomString(&generator), type: kind, mode: UInt32.random(in: 0...0o7777, using: &generator),
      uid: Bool.random(using: &generator) ? UInt32.max : UInt32.random(in: 0..<70000, using: &generator),
      gid: UInt32.random(in: 0...UInt32.max, using: &generator), user: maybe(randomString(&generator), &generator),
      group: maybe("staff", &generator), size: Bool.random(using: &generator) ? UInt64.max : generator.next() >> 20,
      mtime: time(&generator), atime: time(&generator), ctime: time(&generator), inode: generator.next(), device: generator.next() >> 40,
      links: UInt64.random(in: 0..<5, using: &generator), target: kind == .symlink ? randomString(&generator) : nil,
      rdev: kind == .chardev || kind == .blockdev ? generator.next() : nil,
      content: kind == .file ? (0..<Int.random(in: 0..<5, using: &generator)).map { _ in randomID(&generator) } : nil,
      subtree: kind == .dir ? maybe(randomID(&generator), &generator) : nil)
  }

  static func randomTree(_ generator: inout SeededGenerator, maxNodes: Int = 12) -> Tree {
    Tree(nodes: (0..<Int.random(in: 0...maxNodes, using: &generator)).map { _ in randomNode(&generator) })
  }

  static var foundationEncoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  @Test func theEncoderWritesTheSameBytesAsFoundationsJSONEncoder() throws {
    var generator = SeededGenerator(seed: 11)
    for round in 0..<400 {
      let tree = Self.randomTree(&generator)
      let expected = [UInt8](try Self.foundationEncoder.encode(tree))
      let actual = TreeEncoder.encode(tree)
      #expect(actual == expected, "round \(round): \(String(decoding: actual, as: UTF8.self))")
      guard actual == expected else { return }
    }
  }

  @Test func treesRoundTripThroughTheDecoder() throws {
    var generator = SeededGenerator(seed: 12)
    for _ in 0..<400 {
      let tree = Self.randomTree(&generator)
      let decoded = try TreeDecoder.decode(TreeEncoder.encode(tree))
      #expect(decoded == tree)
      guard decoded == tree else { return }
    }
    #expect(try TreeDecoder.decode(Array(#"{"nodes":[]}"#.utf8)) == Tree(nodes: []))
  }

  @Test func otherSpellingsOfTheSameTreeDecodeAlike() throws {
    let id = String(repeating: "ab", count: 32)
    let spelled = """
       { "extra": {"nested": [1, -2.5e3, true, false, null, "x"]},
         "nodes" : [ { "type": "file", "name": "caf\\u00e9 \\ud83d\\ude00 \\/x\\n", "mode": 420, "uid": 0, "gid": 0,
         "user": null, "group": "root", "size": 12, "mtime": -5, "atime": 0, "ctime": 9223372036854775807,
         "inode": 18446744073709551615, "device": 2049, "links": 1, "target": null, "rdev": null,
         "content": [ "\(id)" ], "subtree": null, "future_field": {"a": [[]]} } ] }\r\n
      """
    let tree = try TreeDecoder.decode(Array(spelled.utf8))
    let node = try #require(tree.nodes.first)
    #expect(node.name == "café 😀 /x\n")
    #expect(node.user == nil && node.group == "root" && node.target == nil && node.rdev == nil && node.subtree == nil)
    #expect(node.mtime == -5 && node.ctime == Int64.max && node.inode == UInt64.max)
    #expect(node.content == [BlobID(hex: id)!])
    // And Foundation reads what we write, so older builds of Warden can read new trees.
    let written = TreeEncoder.encode(tree)
    #expect(try JSONDecoder().decode(Tree.self, from: Data(written)) == tree)
  }

  /// The problem a decode reports, or nil when it succeeds.
  static func problem(_ text: String, limits: TreeDecoder.Limits = .init()) -> String? {
    problem(Array(text.utf8), limits: limits)
  }

  static func problem(_ bytes: [UInt8], limits: TreeDecoder.Limits = .init()) -> String? {
    do {
      _ = try TreeDecoder.decode(bytes, limits: limits)
      return nil
    } catch {
      return error.problem
    }
  }

  static func node(_ fields: String) -> String {
    let base = #""name":"a","type":"file","mode":420,"uid":0,"gid":0,"size":1,"mtime":1,"atime":1,"ctime":1,"inode":1,"device":1,"links":1"#
    return #"{"nodes":[{"# + base + fields + "}]}"
  }

  @Test func malformedTreesAreRejectedWithTheProblemNamed() {
    let cases: [(String, String)] = [
      ("", "expected an object"),
      ("[]", "expected an object"),
      (#"{"nodes":[]} x"#, "unexpected bytes after the tree"),
      (#"{"other":1}"#, "the tree has no \"nodes\""),
      (#"{"nodes":[{"name":"a"}]}"#, "a node lacks one of"),
      (#"{"nodes":[{"name":"a""#, "the tree ends inside an object"),
      (#"{"nodes":[{"name":"a" 1}]}"#, "expected \",\" or \"}\" in an object"),
      (#"{"nodes":["#, "expected an object"),
      (Self.node(#","type":"door""#), "unknown node type \"door\""),
      (Self.node(#","mode":4294967296"#), "4294967296 does not fit in 32 bits"),
      (Self.node(#","size":18446744073709551616"#), "an integer above the 64-bit range"),
      (Self.node(#","mtime":9223372036854775808"#), "an integer above the 64-bit range"),
      (Self.node(#","mtime":-9223372036854775809"#), "an integer below the 64-bit range"),
      (Self.node(#","size":01"#), "an integer with a leading zero"),
      (Self.node(#","size":1.5"#), "a number that is not an integer"),
      (Self.node(#","size":-1"#), "expected an integer"),
      (Self.node(#","size":"1""#), "expected an integer"),
      (Self.node(#","content":["abc"]"#), "expected a blob id"),
      (Self.node(#","content":[""# + String(repeating: "A", count: 64) + #""]"#), "not a lowercase hex digit"),
      (Self.node(#","subtree":7"#), "expected a blob id"),
      (Self.node(#","name":"\ud800x""#), "an unpaired surrogate"),
      (Self.node(#","name":"\udc00""#), "an unpaired surrogate"),
      (Self.node(#","name":"\q""#), "an unknown escape \\q"),
      (Self.node(#","name":"\u12g4""#), "a \\u escape with a non-hex digit"),
      (Self.node(",\"name\":\"a\tb\""), "a control character inside a string"),
      (#"{"nodes":[{"name":"a"#, "a string that does not end"),
      (#"{"nodes":[], "x": tru}"#, "expected true"),
    ]
    for (text, expected) in cases {
      let problem = Self.problem(text)
      #expect(problem?.contains(expected) == true, "\(text.debugDescription): \(problem ?? "decoded")")
    }
    // Bytes that are not UTF-8 inside a name, raw and behind an escape-free fast path.
    var invalid = Array(Self.node(#","name":"ab""#).utf8)
    let at = invalid.firstIndex(of: UInt8(ascii: "b"))!
    invalid[at] = 0xC3
    #expect(Self.problem(invalid)?.contains("not valid UTF-8") == true)
  }

  @Test func limitsStopHostileTrees() {
    var limits = TreeDecoder.Limits()
    limits.maxNodes = 3
    let four = #"{"nodes":["# + Array(repeating: String(Self.node("").dropFirst(10).dropLast(2)), count: 4).joined(separator: ",") + "]}"
    #expect(Self.problem(four, limits: limits)?.contains("more than 3 nodes") == true)
    limits = .init()
    limits.maxStringBytes = 8
    #expect(Self.problem(Self.node(#","name":"123456789""#), limits: limits)?.contains("longer than 8 bytes") == true)
    #expect(Self.problem(Self.node(#","name":"1234\u0035\u00366789""#), limits: limits)?.contains("longer than 8 bytes") == true)
    limits = .init()
    limits.maxContentIDs = 2
    let id = "\"" + String(repeating: "0", count: 64) + "\""
    #expect(Self.problem(Self.node(",\"content\":[\(id),\(id),\(id)]"), limits: limits)?.contains("more than 2 blobs") == true)
    limits = .init()
    limits.maxDepth = 5
    let deep = #"{"nodes":[],"x":"# + String(repeating: "[", count: 6) + String(repeating: "]", count: 6) + "}"
    #expect(Self.problem(deep, limits: limits)?.contains("nested deeper than 5") == true)
    let deepest = #"{"nodes":[],"x":"# + String(repeating: "[", count: 100_000) + "}"
    #expect(Self.problem(deepest)?.contains("nested deeper than 32") == true)
    limits = .init()
    limits.maxBytes = 10
    #expect(Self.problem(#"{"nodes":[]}"#, limits: limits)?.contains("over the limit of 10") == true)
  }

  /// Mutated encodings and random bytes: every outcome is a tree or a TreeDecodingError, and a tree
  /// that decodes encodes and decodes again to itself.
  @Test func mutationsAndRandomBytesNeverCrashTheDecoder() throws {
    var generator = SeededGenerator(seed: 13)
    var decoded = 0
    for _ in 0..<3000 {
      var bytes = TreeEncoder.encode(Self.randomTree(&generator, maxNodes: 3))
      for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: bytes[at] = UInt8.random(in: 0...255, using: &generator)
        case 1: bytes.remove(at: at)
        case 2: bytes.insert(Array(#"{}[]",:\0-9e"#.utf8).randomElement(using: &generator)!, at: at)
        default: bytes.removeLast(Int.random(in: 0...(bytes.count - at), using: &generator))
        }
      }
      if let tree = try? TreeDecoder.decode(bytes) {
        decoded += 1
        #expect(try TreeDecoder.decode(TreeEncoder.encode(tree)) == tree)
      }
    }
    for round in 0..<2000 {
      let noise = BackupFixtures.randomBytes(Int.random(in: 0..<200, using: &generator), seed: UInt64(round))
      _ = try? TreeDecoder.decode(noise)
      _ = try? TreeDecoder.decode(Array(#"{"nodes":[{"#.utf8) + noise)
    }
    // Some mutations (inside a name, a digit for a digit) still make a tree.
    #expect(decoded > 0)
  }
}
