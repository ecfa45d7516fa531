// Fixture file contents, written for these tests and modelled on a 2-CPU KVM guest running
// Linux 6.18 (the machine the collector was developed on), plus variants of older kernels and
// damaged files.

enum ProcFixtures {
  static let stat = """
    cpu  18812 0 3875 27957 847 0 49 58 0 0
    cpu0 8323 0 1752 15639 42 0 11 31 0 0
    cpu1 10489 0 2122 12317 804 0 37 27 5 2
    intr 168030 0 9 0 0 0 0 0 0 0 0 0 0 156 0 0 0 0 0 0 0 0 0 0 0
    ctxt 345951
    btime 1795221252
    processes 9415
    procs_running 4
    procs_blocked 1
    softirq 130682 0 16771 4 1297 42434 0 2 25580 0 44594

    """

  /// A 2.6.24-era kernel: no steal, guest or guest_nice columns, and no procs_* lines.
  static let statOldKernel = """
    cpu  100 2 30 4000 5 0 1
    cpu0 100 2 30 4000 5 0 1
    intr 1000
    ctxt 2000
    btime 1000000000
    processes 30

    """

  static let loadavg = "2.56 0.94 0.35 4/118 9412\n"

  static let meminfo = """
    MemTotal:       24684112 kB
    MemFree:        22370116 kB
    MemAvailable:   23922972 kB
    Buffers:           48508 kB
    Active(anon):       1544 kB
    Inactive(file):  1098092 kB
    HugePages_Total:       0
    HugePages_Free:        0
    Hugepagesize:       2048 kB
    DirectMap1G:    25165824 kB

    """

  static let mounts = """
    proc /proc proc rw,relatime 0 0
    sysfs /sys sysfs rw,relatime 0 0
    devtmpfs /dev devtmpfs rw,relatime,size=12332544k,nr_inodes=3083136,mode=755 0 0
    tmpfs /dev/shm tmpfs rw,relatime,size=24684112k 0 0
    /dev/vda / ext4 rw,relatime,discard 0 0
    tmpfs /run tmpfs rw,nosuid,nodev,size=4937000k,mode=755 0 0
    tmpfs /mnt/scratch tmpfs ro,nosuid,nodev,relatime,size=4k,mode=755 0 0
    cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
    /dev/vdb1 /srv/data\\040disk xfs ro,relatime 0 0
    overlay /var/lib/docker/overlay2/3f2a/merged overlay rw,relatime 0 0
    /dev/vda / ext4 rw,relatime,discard 0 0
    /dev/vdc /gone ext4 rw,relatime 0 0
    server:/export /nfs nfs4 rw,relatime,vers=4.2 0 0

    """

  static let diskstats = """
       7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
       7       1 loop1 12 0 24 1 0 0 0 0 0 4 1 0 0 0 0 0 0
     254       0 vda 29877 5398 3110266 22783 14844 30533 2137808 11294 0 10636 34476 2541 0 233760 285 2390 113
     254       1 vda1 100 0 800 5 0 0 0 0 0 5 5 0 0 0 0 0 0
     253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
     259       0 nvme0n1 5 0 40 1 2 0 16 1 0 2 2
     259       1 nvme0n1p1 5 0 40 1 2 0 16 1 0 2 2
       1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0

    """

  static let netDev = """
    Inter-|   Receive                                                |  Transmit
     face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
        lo:   63067      67    0    0    0     0          0         0    63067      67    0    0    0     0       0          0
      ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
      eth0:46792127     948    1    2    3     4          5         6    42186     507    7    8    9    10      11         12

    """

  static let fileNr = "950\t0\t2465787\n"

  static let vmstat = """
    nr_free_pages 1022485
    workingset_refault_file 142644
    pgpgin 1758057
    pgpgout 2032388
    pswpin 0
    pswpout 0
    pgfault 11256886
    pgmajfault 1629
    oom_kill 0
    numa_hint_faults 0
    thp_fault_alloc 0

    """

  static let selfStat =
    "9416 (warden (serve) x) S 9408 9408 6623 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 9 0 25968 3133440 412 "
    + "18446744073709551615 94815544672256 94815544692137 140725221957264 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n"

  static let limits = """
    Limit                     Soft Limit           Hard Limit           Units     
    Max cpu time              unlimited            unlimited            seconds   
    Max stack size            8388608              unlimited            bytes     
    Max open files            20000                524288               files     
    Max address space         unlimited            unlimited            bytes     
    Max realtime timeout      unlimited            unlimited            us        

    """

  static let udevVDA = """
    S:disk/by-path/virtio-pci-0000:00:04.0
    E:ID_PATH=pci-0000:00:04.0
    E:ID_MODEL=QEMU HARDDISK
    E:ID_REVISION=2.5+
    E:ID_SERIAL_SHORT=QM00001
    E:ID_WWN=0x5000c500a1b2c3d4
    G:systemd

    """
}
