// HostCollector pointed at a fixture tree: the exact exposition of several families, and how a
// missing file turns into node_scrape_collector_success 0 while the rest goes on.

@testable import Collect
import Testing

struct HostCollectorFixtureTests {
  private static let fixedUname = UnameFields(
    sysname: "Linux", nodename: "vm", release: "6.18.44", version: "#1 SMP PREEMPT_DYNAMIC @0", machine: "x86_64",
    domainname: "(none)")

  private func collector(_ tree: FixtureTree) -> HostCollector {
    HostCollector(
      procPath: tree.procPath, sysPath: tree.sysPath, rootPath: tree.rootPath,
      uname: UnameCollector(fixedFields: Self.fixedUname))
  }

  @Test func cpuAndStatFamilies() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let text = exposition(of: collector(tree))
    #expect(
      familyBlock("node_cpu_seconds_total", in: text) == """
        # HELP node_cpu_seconds_total Seconds each CPU has spent in each mode since boot (guest time is included in user and nice).
        # TYPE node_cpu_seconds_total counter
        node_cpu_seconds_total{cpu="0",mode="user"} 83.23
        node_cpu_seconds_total{cpu="0",mode="nice"} 0
        node_cpu_seconds_total{cpu="0",mode="system"} 17.52
        node_cpu_seconds_total{cpu="0",mode="idle"} 156.39
        node_cpu_seconds_total{cpu="0",mode="iowait"} 0.42
        node_cpu_seconds_total{cpu="0",mode="irq"} 0
        node_cpu_seconds_total{cpu="0",mode="softirq"} 0.11
        node_cpu_seconds_total{cpu="0",mode="steal"} 0.31
        node_cpu_seconds_total{cpu="1",mode="user"} 104.89
        node_cpu_seconds_total{cpu="1",mode="nice"} 0
        node_cpu_seconds_total{cpu="1",mode="system"} 21.22
        node_cpu_seconds_total{cpu="1",mode="idle"} 123.17
        node_cpu_seconds_total{cpu="1",mode="iowait"} 8.04
        node_cpu_seconds_total{cpu="1",mode="irq"} 0
        node_cpu_seconds_total{cpu="1",mode="softirq"} 0.37
        node_cpu_seconds_total{cpu="1",mode="steal"} 0.27

        """)
    #expect(
      samples("node_cpu_guest_seconds_total", in: text) == [
        #"node_cpu_guest_seconds_total{cpu="0",mode="user"} 0"#,
        #"node_cpu_guest_seconds_total{cpu="0",mode="nice"} 0"#,
        #"node_cpu_guest_seconds_total{cpu="1",mode="user"} 0.05"#,
        #"node_cpu_guest_seconds_total{cpu="1",mode="nice"} 0.02"#,
      ])
    #expect(samples("node_context_switches_total", in: text) == ["node_context_switches_total 345951"])
    #expect(samples("node_boot_time_seconds", in: text) == ["node_boot_time_seconds 1795221252"])
    #expect(samples("node_forks_total", in: text) == ["node_forks_total 9415"])
    #expect(samples("node_intr_total", in: text) == ["node_intr_total 168030"])
    #expect(samples("node_procs_running", in: text) == ["node_procs_running 4"])
    #expect(samples("node_procs_blocked", in: text) == ["node_procs_blocked 1"])
  }

  @Test func memoryLoadFileHandlesVmstatAndUname() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let text = exposition(of: collector(tree))
    #expect(
      familyBlock("node_memory_MemTotal_bytes", in: text) == """
        # HELP node_memory_MemTotal_bytes The MemTotal line of /proc/meminfo, converted from kB to bytes.
        # TYPE node_memory_MemTotal_bytes gauge
        node_memory_MemTotal_bytes 25276530688

        """)
    #expect(samples("node_memory_Active_anon_bytes", in: text) == ["node_memory_Active_anon_bytes 1581056"])
    #expect(
      familyBlock("node_memory_HugePages_Total", in: text) == """
        # HELP node_memory_HugePages_Total The HugePages_Total line of /proc/meminfo (a count, not a size).
        # TYPE node_memory_HugePages_Total gauge
        node_memory_HugePages_Total 0

        """)
    #expect(
      familyBlock("node_load1", in: text) == """
        # HELP node_load1 Load average over the last minute.
        # TYPE node_load1 gauge
        node_load1 2.56

        """)
    #expect(samples("node_load15", in: text) == ["node_load15 0.35"])
    #expect(samples("node_filefd_allocated", in: text) == ["node_filefd_allocated 950"])
    #expect(samples("node_filefd_maximum", in: text) == ["node_filefd_maximum 2465787"])
    #expect(samples("node_entropy_available_bits", in: text) == ["node_entropy_available_bits 256"])
    #expect(
      familyBlock("node_vmstat_pgmajfault", in: text) == """
        # HELP node_vmstat_pgmajfault The pgmajfault counter of /proc/vmstat.
        # TYPE node_vmstat_pgmajfault untyped
        node_vmstat_pgmajfault 1629

        """)
    #expect(!text.contains("node_vmstat_thp_fault_alloc"))
    #expect(
      samples("node_uname_info", in: text) == [
        ##"node_uname_info{domainname="(none)",machine="x86_64",nodename="vm",release="6.18.44",sysname="Linux",version="#1 SMP PREEMPT_DYNAMIC @0"} 1"##
      ])
    #expect(
      samples("node_time_clocksource_available_info", in: text) == [
        #"node_time_clocksource_available_info{clocksource="tsc",device="0"} 1"#,
        #"node_time_clocksource_available_info{clocksource="kvm-clock",device="0"} 1"#,
      ])
    #expect(samples("node_time_seconds", in: text).count == 1)
  }

  @Test func diskFamilies() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let text = exposition(of: collector(tree))
    #expect(
      familyBlock("node_disk_read_bytes_total", in: text) == """
        # HELP node_disk_read_bytes_total Bytes read.
        # TYPE node_disk_read_bytes_total counter
        node_disk_read_bytes_total{device="vda"} 1592456192
        node_disk_read_bytes_total{device="zram0"} 0
        node_disk_read_bytes_total{device="nvme0n1"} 20480

        """)
    #expect(
      samples("node_disk_io_time_weighted_seconds_total", in: text) == [
        #"node_disk_io_time_weighted_seconds_total{device="vda"} 34.476"#,
        #"node_disk_io_time_weighted_seconds_total{device="zram0"} 0"#,
        #"node_disk_io_time_weighted_seconds_total{device="nvme0n1"} 0.002"#,
      ])
    // nvme0n1 is from a kernel without discard and flush columns, so it has no such samples.
    #expect(
      samples("node_disk_flush_requests_total", in: text) == [
        #"node_disk_flush_requests_total{device="vda"} 2390"#, #"node_disk_flush_requests_total{device="zram0"} 0"#,
      ])
    #expect(samples("node_disk_io_now", in: text).count == 3)
    #expect(
      samples("node_disk_info", in: text) == [
        #"node_disk_info{device="vda",major="254",minor="0",model="QEMU HARDDISK",path="pci-0000:00:04.0",revision="2.5+",serial="QM00001",wwn="0x5000c500a1b2c3d4"} 1"#,
        #"node_disk_info{device="zram0",major="253",minor="0",model="",path="",revision="",serial="",wwn=""} 1"#,
        #"node_disk_info{device="nvme0n1",major="259",minor="0",model="",path="",revision="",serial="",wwn=""} 1"#,
      ])
  }

  @Test func networkFamilies() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let text = exposition(of: collector(tree))
    #expect(
      familyBlock("node_network_receive_bytes_total", in: text) == """
        # HELP node_network_receive_bytes_total Bytes received by the interface.
        # TYPE node_network_receive_bytes_total counter
        node_network_receive_bytes_total{device="ifb0"} 0
        node_network_receive_bytes_total{device="eth0"} 46792127

        """)
    #expect(samples("node_network_transmit_compressed_total", in: text).last == #"node_network_transmit_compressed_total{device="eth0"} 12"#)
    #expect(samples("node_network_receive_nohandler_total", in: text) == [#"node_network_receive_nohandler_total{device="eth0"} 3"#])
    let families = Set(text.split(separator: "\n").filter { $0.hasPrefix("# TYPE node_network_") }.map { $0.split(separator: " ")[2] })
    #expect(families.count == 17)
  }

  @Test func filesystemFamilies() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let text = exposition(of: collector(tree))
    let root = #"{device="/dev/vda",fstype="ext4",mountpoint="/"}"#
    let data = #"{device="/dev/vdb1",fstype="xfs",mountpoint="/srv/data disk"}"#
    let gone = #"{device="/dev/vdc",fstype="ext4",mountpoint="/gone"}"#
    let nfs = #"{device="server:/export",fstype="nfs4",mountpoint="/nfs"}"#
    #expect(
      samples("node_filesystem_device_error", in: text) == [
        "node_filesystem_device_error\(root) 0", "node_filesystem_device_error\(data) 0",
        "node_filesystem_device_error\(gone) 1", "node_filesystem_device_error\(nfs) 1",
      ])
    #expect(
      samples("node_filesystem_readonly", in: text) == [
        "node_filesystem_readonly\(root) 0", "node_filesystem_readonly\(data) 1", "node_filesystem_readonly\(gone) 0",
        "node_filesystem_readonly\(nfs) 0",
      ])
    // statfs ran on the fixture directories, which live on a real filesystem.
    let sizes = samples("node_filesystem_size_bytes", in: text)
    #expect(sizes.count == 2)
    #expect((value(of: "node_filesystem_size_bytes\(root)", in: text) ?? 0) > 0)
    #expect((value(of: "node_filesystem_files\(data)", in: text) ?? 0) > 0)
    #expect(!text.contains("/dev/shm") && !text.contains("/mnt/scratch") && !text.contains("docker"))
  }

  @Test func scrapeOutcomes() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    let text = exposition(of: collector(tree))
    let collectors = [
      "cpu", "diskstats", "entropy", "filefd", "filesystem", "loadavg", "meminfo", "netdev", "stat", "time", "uname",
      "vmstat",
    ]
    #expect(
      samples("node_scrape_collector_success", in: text)
        == collectors.map { #"node_scrape_collector_success{collector="\#($0)"} 1"# })
    #expect(samples("node_scrape_collector_duration_seconds", in: text).count == collectors.count)
  }

  @Test func aMissingFileFailsOnlyItsSubsystem() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    try tree.write("proc/meminfo", "")
    try tree.write("proc/loadavg", "garbage\n")
    let text = exposition(of: HostCollector(procPath: tree.procPath + "/", sysPath: tree.sysPath, rootPath: tree.rootPath))
    #expect(value(of: #"node_scrape_collector_success{collector="meminfo"}"#, in: text) == 0)
    #expect(value(of: #"node_scrape_collector_success{collector="loadavg"}"#, in: text) == 0)
    #expect(value(of: #"node_scrape_collector_success{collector="cpu"}"#, in: text) == 1)
    #expect(!text.contains("node_memory_") && !text.contains("node_load1"))

    // Nothing at all: every file-based subsystem fails, and the output stays valid.
    let empty = try FixtureTree()
    defer { empty.remove() }
    let bare = exposition(
      of: HostCollector(procPath: empty.procPath, sysPath: empty.sysPath, rootPath: empty.rootPath))
    for collector in ["cpu", "diskstats", "entropy", "filefd", "filesystem", "loadavg", "meminfo", "netdev", "stat", "vmstat"] {
      #expect(value(of: #"node_scrape_collector_success{collector="\#(collector)"}"#, in: bare) == 0)
    }
    #expect(value(of: #"node_scrape_collector_success{collector="time"}"#, in: bare) == 1)
    var validator = ExpositionValidator()
    #expect(validator.validate(bare).isEmpty)
  }

  @Test func fallsBackToOwnMountTable() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    try tree.write("proc/self/mounts", "/dev/vdz / btrfs rw 0 0\n")
    try FileManagerShim.remove(tree.procPath + "/1/mounts")
    let text = exposition(of: collector(tree))
    #expect(samples("node_filesystem_readonly", in: text) == [#"node_filesystem_readonly{device="/dev/vdz",fstype="btrfs",mountpoint="/"} 0"#])
  }

  @Test func fullOutputIsValid() throws {
    let tree = try FixtureTree.standard()
    defer { tree.remove() }
    var validator = ExpositionValidator()
    let problems = validator.validate(exposition(of: collector(tree)))
    #expect(problems.isEmpty, "\(problems)")
  }
}
