// Up to 17 counters of one line of a /proc table (a CPU, a disk, an interface), stored inline so a
// row costs no heap allocation of its own.

/// A short, fixed-capacity list of unsigned counters, in column order.
struct CounterRow: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
  /// The widest row read: /proc/diskstats has 17 counters per device since Linux 5.5.
  static let capacity = 17

  private var storage: (
    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
    UInt64, UInt64, UInt64
  ) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  private(set) var count = 0

  init() {}

  /// The first `capacity` of `values`.
  init(_ values: some Sequence<UInt64>) {
    for value in values where !isFull { append(value) }
  }

  init(arrayLiteral values: UInt64...) {
    self.init(values)
  }

  var isFull: Bool { count == Self.capacity }
  var startIndex: Int { 0 }
  var endIndex: Int { count }

  subscript(position: Int) -> UInt64 {
    precondition(position >= 0 && position < count, "counter index out of range")
    return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: position * 8, as: UInt64.self) }
  }

  /// Appends `value`; the caller checks `isFull` first.
  mutating func append(_ value: UInt64) {
    precondition(!isFull, "counter row is full")
    withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: value, toByteOffset: count * 8, as: UInt64.self) }
    count += 1
  }

  static func == (lhs: CounterRow, rhs: CounterRow) -> Bool {
    lhs.elementsEqual(rhs)
  }
}
