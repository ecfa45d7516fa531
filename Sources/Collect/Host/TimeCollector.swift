// The time subsystem: the system clock, the local time zone offset, and the kernel clock sources
// listed under /sys/devices/system/clocksource.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WardenCore

/// Thread-safe: immutable.
struct TimeCollector: Sendable {
  /// The files of one `clocksourceN` directory.
  struct ClocksourceFiles: Sendable {
    var device: String
    var availablePath: String
    var currentPath: String
  }

  let clocksourcePath: String
  /// Clock source devices are fixed at boot, so the directory is listed once.
  private let clocksources = Memo<[ClocksourceFiles]>()

  init(sysPath: String) {
    clocksourcePath = sysPath + "/devices/system/clocksource"
  }

  /// Always succeeds: the clock is always there, and machines without clock sources in sysfs
  /// (containers without /sys) simply get no clock source families.
  func collect<E: MetricEmitter>(into emitter: inout E, reader: inout FileReader) -> Bool {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    emitter.family("node_time_seconds", type: .gauge, help: "The system clock, in seconds since the Unix epoch.")
    emitter.sample("node_time_seconds", value: Double(now.tv_sec) + Double(now.tv_nsec) / 1e9)

    var seconds = now.tv_sec
    var local = tm()
    if localtime_r(&seconds, &local) != nil {
      let zone = local.tm_zone.map { String(cString: $0) } ?? ""
      emitter.family(
        "node_time_zone_offset_seconds", type: .gauge, help: "Offset of the local time zone from UTC, in seconds.")
      emitter.sample("node_time_zone_offset_seconds", Label("time_zone", zone), value: Double(local.tm_gmtoff))
    }

    let devices = clocksources.value(listClocksources) ?? []
    var availableStarted = false
    for files in devices {
      _ = reader.read(files.availablePath) { bytes in
        SingleValueParser.forEachDistinctWord(in: bytes) { word in
          if !availableStarted {
            availableStarted = true
            emitter.family(
              "node_time_clocksource_available_info", type: .gauge,
              help: "Always 1; one sample per clock source the kernel could use for the device.")
          }
          emitter.sample(
            "node_time_clocksource_available_info", Label("clocksource", word.string()), Label("device", files.device),
            value: 1)
        }
      }
    }
    var currentStarted = false
    for files in devices {
      _ = reader.read(files.currentPath) { bytes in
        var cursor = ByteCursor(bytes)
        guard let word = cursor.nextField() else { return }
        if !currentStarted {
          currentStarted = true
          emitter.family(
            "node_time_clocksource_current_info", type: .gauge,
            help: "Always 1; the labels name the clock source the kernel uses for the device.")
        }
        emitter.sample(
          "node_time_clocksource_current_info", Label("clocksource", word.string()), Label("device", files.device),
          value: 1)
      }
    }
    return true
  }

  /// The files of each `clocksourceN` directory, in numeric order; nil if there is no directory
  /// (then it is listed again next time).
  private func listClocksources() -> [ClocksourceFiles]? {
    var numbers: [UInt64] = []
    let listed = DirectoryListing.forEachEntry(in: clocksourcePath) { name in
      guard name.hasPrefix("clocksource"), let number = parseUInt64(name.slice(11, name.count)) else { return }
      numbers.append(number)
    }
    guard listed else { return nil }
    return numbers.sorted().map { number in
      let directory = "\(clocksourcePath)/clocksource\(number)"
      return ClocksourceFiles(
        device: String(number), availablePath: directory + "/available_clocksource",
        currentPath: directory + "/current_clocksource")
    }
  }
}
