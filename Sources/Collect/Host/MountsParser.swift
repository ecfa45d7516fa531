// Parses /proc/<pid>/mounts lines ("/dev/vda / ext4 rw,relatime 0 0"), including the octal
// escapes the kernel writes for spaces, tabs, newlines and backslashes in paths.

/// One mount line; the byte fields are only valid while the file's bytes are.
struct MountLine {
  var device: UnsafeBufferPointer<UInt8>
  var mountPoint: UnsafeBufferPointer<UInt8>
  var fsType: UnsafeBufferPointer<UInt8>
  var options: UnsafeBufferPointer<UInt8>

  /// Whether the mount options include `ro`.
  var isReadOnly: Bool {
    var start = 0
    for index in 0...options.count where index == options.count || options[index] == UInt8(ascii: ",") {
      if options.slice(start, index).equals("ro") { return true }
      start = index + 1
    }
    return false
  }
}

enum MountsParser {
  /// Calls `body` for each line with at least device, mount point, type and options.
  static func forEachMount(in bytes: UnsafeBufferPointer<UInt8>, _ body: (MountLine) -> Void) {
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      guard let device = line.nextField(), let mountPoint = line.nextField(),
        let fsType = line.nextField(), let options = line.nextField()
      else { continue }
      body(MountLine(device: device, mountPoint: mountPoint, fsType: fsType, options: options))
    }
  }

  /// Decodes the kernel's `\ooo` escapes (`\040` is a space) into a String.
  static func decode(_ field: UnsafeBufferPointer<UInt8>) -> String {
    guard field.contains(UInt8(ascii: "\\")) else { return field.string() }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(field.count)
    var index = 0
    while index < field.count {
      if field[index] == UInt8(ascii: "\\"), let byte = octal(field, at: index + 1) {
        decoded.append(byte)
        index += 4
      } else {
        decoded.append(field[index])
        index += 1
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }

  /// The byte written as three octal digits at `index`, if there are three and they fit a byte.
  private static func octal(_ field: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8? {
    guard index + 2 < field.count else { return nil }
    var value = 0
    for offset in 0..<3 {
      let digit = Int(field[index + offset]) - Int(UInt8(ascii: "0"))
      guard digit >= 0, digit < 8 else { return nil }
      value = value * 8 + digit
    }
    return value <= 255 ? UInt8(value) : nil
  }
}
