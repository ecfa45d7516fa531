// IPv4 and IPv6 addresses and the `ip("...")` patterns of LogQL (a single address, a range
// `a-b`, or a CIDR prefix), parsed from bytes so a line filter can test every address in a line
// without building strings.

/// An address as a 128-bit number; IPv4 addresses use the low 32 bits and are never equal to an
/// IPv6 address (as in Go's netip, which Loki uses: `::ffff:1.2.3.4` is not in `1.2.3.0/24`).
struct IPAddress: Sendable, Equatable, Comparable {
  var isV6: Bool
  var high: UInt64
  var low: UInt64

  static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
    (lhs.high, lhs.low) < (rhs.high, rhs.low)
  }

  init(isV6: Bool, high: UInt64, low: UInt64) {
    self.isV6 = isV6
    self.high = high
    self.low = low
  }

  init?(_ text: String) {
    guard let parsed = Self.parse(Array(text.utf8)[...]) else { return nil }
    self = parsed
  }

  static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> IPAddress?
  where Bytes.Index == Int, Bytes.SubSequence == Bytes {
    if bytes.contains(UInt8(ascii: ":")) { return parseV6(bytes) }
    guard let v4 = parseV4(bytes) else { return nil }
    return IPAddress(isV6: false, high: 0, low: UInt64(v4))
  }

  /// Dotted quad, no leading zeros (Go rejects them as ambiguous octal).
  static func parseV4<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32?
  where Bytes.Index == Int, Bytes.SubSequence == Bytes {
    var value: UInt32 = 0
    var octets = 0
    var index = bytes.startIndex
    while index < bytes.endIndex {
      var octet = 0
      let start = index
      while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
        octet = octet * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        if octet > 255 || index - start >= 3 { return nil }
        index += 1
      }
      let digits = index - start
      guard digits > 0, !(digits > 1 && bytes[start] == UInt8(ascii: "0")) else { return nil }
      value = value << 8 | UInt32(octet)
      octets += 1
      if index < bytes.endIndex {
        guard bytes[index] == UInt8(ascii: "."), octets < 4 else { return nil }
        index += 1
        guard index < bytes.endIndex else { return nil }
      }
    }
    return octets == 4 ? value : nil
  }

  static func parseV6<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> IPAddress?
  where Bytes.Index == Int, Bytes.SubSequence == Bytes {
    // Up to 8 groups on the stack: this runs for every candidate token of every scanned line.
    withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 10) { groups -> IPAddress? in
      var count = 0
      var gap: Int?  // the group index where `::` stands
      var index = bytes.startIndex
      if bytes.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
        gap = 0
        index += 2
      } else if bytes.first == UInt8(ascii: ":") {
        return nil
      }
      while index < bytes.endIndex {
        guard count < 8 else { return nil }
        var end = index
        while end < bytes.endIndex, bytes[end] != UInt8(ascii: ":") { end += 1 }
        // An embedded IPv4 tail (`::ffff:1.2.3.4`).
        if bytes[index..<end].contains(UInt8(ascii: ".")) {
          guard end == bytes.endIndex, count <= 6, let v4 = parseV4(bytes[index..<end]) else { return nil }
          groups[count] = UInt16(v4 >> 16)
          groups[count + 1] = UInt16(v4 & 0xFFFF)
          count += 2
          break
        }
        var group = 0
        let start = index
        while index < bytes.endIndex, let digit = hexValue(bytes[index]) {
          group = group << 4 | digit
          index += 1
        }
        guard index > start, index - start <= 4 else { return nil }
        groups[count] = UInt16(group)
        count += 1
        if index == bytes.endIndex { break }
        guard bytes[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") {
          guard gap == nil else { return nil }
          gap = count
          index += 1
        } else if index == bytes.endIndex {
          return nil  // a trailing single `:`
        }
      }
      var high: UInt64 = 0
      var low: UInt64 = 0
      var position = 0
      func push(_ group: UInt16) {
        if position < 4 { high = high << 16 | UInt64(group) } else { low = low << 16 | UInt64(group) }
        position += 1
      }
      if let gap {
        guard count < 8 else { return nil }
        for i in 0..<gap { push(groups[i]) }
        for _ in 0..<(8 - count) { push(0) }
        for i in gap..<count { push(groups[i]) }
      } else {
        guard count == 8 else { return nil }
        for i in 0..<8 { push(groups[i]) }
      }
      return IPAddress(isV6: true, high: high, low: low)
    }
  }

  private static func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
  }
}

/// `ip("192.168.0.0/16")`, `ip("10.0.0.1-10.0.0.9")`, `ip("::1")`: an inclusive address range.
struct IPPattern: Sendable, Equatable {
  var lowest: IPAddress
  var highest: IPAddress

  /// nil with a reason when the text is not an address, range or CIDR.
  static func parse(_ text: String) -> Result<IPPattern, PatternError> {
    if let slash = text.firstIndex(of: "/") {
      guard let address = IPAddress(String(text[..<slash])), let bits = Int(text[text.index(after: slash)...]),
        bits >= 0, bits <= (address.isV6 ? 128 : 32)
      else { return .failure(PatternError(message: "invalid CIDR \"\(text)\"")) }
      let hostBits = (address.isV6 ? 128 : 32) - bits
      // Mask as a 128-bit value split in two words.
      let (maskHigh, maskLow) = Self.hostMask(bits: hostBits)
      let lowest = IPAddress(isV6: address.isV6, high: address.high & ~maskHigh, low: address.low & ~maskLow)
      let highest = IPAddress(isV6: address.isV6, high: address.high | maskHigh, low: address.low | maskLow)
      return .success(IPPattern(lowest: lowest, highest: highest))
    }
    if let dash = text.firstIndex(of: "-") {
      guard let start = IPAddress(String(text[..<dash])), let end = IPAddress(String(text[text.index(after: dash)...])),
        start.isV6 == end.isV6
      else { return .failure(PatternError(message: "invalid IP range \"\(text)\"")) }
      guard start <= end else { return .failure(PatternError(message: "IP range \"\(text)\" ends before it starts")) }
      return .success(IPPattern(lowest: start, highest: end))
    }
    guard let address = IPAddress(text) else { return .failure(PatternError(message: "invalid IP address \"\(text)\"")) }
    return .success(IPPattern(lowest: address, highest: address))
  }

  func contains(_ address: IPAddress) -> Bool {
    address.isV6 == lowest.isV6 && lowest <= address && address <= highest
  }

  private static func hostMask(bits: Int) -> (UInt64, UInt64) {
    if bits <= 0 { return (0, 0) }
    if bits >= 128 { return (.max, .max) }
    if bits >= 64 { return (bits == 64 ? 0 : (UInt64.max >> (128 - bits)), .max) }
    return (0, UInt64.max >> (64 - bits))
  }

  struct PatternError: Error {
    var message: String
  }
}

/// Finds the addresses in a line: maximal runs of hex digits, `.` and `:` that are not glued to a
/// letter or digit on either side (so `93.180.71.3` is not read as `3.180.71.3`), with a trailing
/// `:port` or punctuation tolerated.
enum IPTokenScanner {
  /// Calls `body` with each address found until it returns true; returns whether it did.
  static func anyAddress(in line: UnsafeRawBufferPointer, where body: (IPAddress) -> Bool) -> Bool {
    let count = line.count
    var index = 0
    while index < count {
      let byte = line[index]
      guard isTokenByte(byte) else {
        index += 1
        continue
      }
      let start = index
      while index < count, isTokenByte(line[index]) { index += 1 }
      // Glued to a word on the left (`x1.2.3.4`) or right (`1.2.3.4abc` ends on a non-hex letter).
      let gluedLeft = start > 0 && isWordByte(line[start - 1])
      let gluedRight = index < count && isWordByte(line[index])
      if gluedLeft || gluedRight { continue }
      if let address = candidate(line[start..<index]), body(address) { return true }
    }
    return false
  }

  private static func candidate(_ token: Slice<UnsafeRawBufferPointer>) -> IPAddress? {
    var bytes = token
    // Sentence punctuation after an address (`from 10.0.0.1.`).
    while let last = bytes.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ":") { bytes = bytes.dropLast() }
    guard bytes.count >= 2 else { return nil }
    if let address = IPAddress.parse(bytes) { return address }
    // `1.2.3.4:8080`: an IPv4 address followed by a port.
    if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[..<colon].contains(UInt8(ascii: ".")),
      let v4 = IPAddress.parseV4(bytes[..<colon])
    {
      return IPAddress(isV6: false, high: 0, low: UInt64(v4))
    }
    return nil
  }

  @inline(__always) private static func isTokenByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
      || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
  }

  @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
      || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
  }
}
