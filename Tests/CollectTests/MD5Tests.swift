// The MD5 behind hashmod, checked against the test suite in RFC 1321 appendix A.5.

@testable import Collect
import Testing

struct MD5Tests {
  static let vectors: [(input: String, digest: String)] = [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
    ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
    (
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
      "57edf4a22be3c955ac49da2e2107b67a"
    ),
  ]

  @Test(arguments: vectors.indices)
  func rfc1321Vector(_ index: Int) {
    let vector = Self.vectors[index]
    let hex = MD5.digest(vector.input.utf8).map { byte in
      let text = String(byte, radix: 16)
      return text.count == 1 ? "0" + text : text
    }.joined()
    #expect(hex == vector.digest)
  }

  @Test func paddingBoundaries() {
    // 55, 56 and 64 bytes straddle the one-block/two-block padding edge; digests must differ and be 16 bytes.
    let digests = [55, 56, 63, 64, 65].map { MD5.digest(Array(repeating: UInt8(ascii: "x"), count: $0)) }
    #expect(digests.allSatisfy { $0.count == 16 })
    #expect(Set(digests).count == digests.count)
  }
}
