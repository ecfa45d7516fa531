#!/usr/bin/env python3
"""Deterministic node_exporter-like series for bench/metric-store-compare.sh.

Writes, in one pass over the same values:
  * OUT.om   OpenMetrics text (timestamps in seconds, `# EOF` at the end) for
             `promtool tsdb create-blocks-from openmetrics`;
  * OUT.prom Prometheus text with millisecond timestamps (`name{labels} value ts_ms`), for
             VictoriaMetrics `/api/v1/import/prometheus` and for Benchmarks/StoreLoad.
Lines are ordered by timestamp, then by series (one "scrape round" of every host per timestamp).

Usage: gen_node_series.py --hosts 50 --hours 24 --end-ms END --seed 1 --out /tmp/x/data [--kind node|walk]
  --kind node (default): ~246 node_exporter-like series per host (below).
  --kind walk: 246 random-walk gauges per host (`walk_gauge{gauge="N"}`), values with two
    decimals, each step a Gaussian move whose size differs per series (sd 0.01 to 100).
Prints one line: series samples first_ts_ms last_ts_ms.
"""
import argparse
import random

STEP_MS = 15_000


def shapes():
    """About 200 (name, labels, kind, params) per host, modelled on node_exporter 1.5 output."""
    s = []
    modes = ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"]
    cpu_rate = {"idle": 11.0, "iowait": 0.08, "irq": 0.0, "nice": 0.0, "softirq": 0.05, "steal": 0.0,
                "system": 0.9, "user": 2.4}
    for cpu in range(4):
        for mode in modes:
            r = cpu_rate[mode]
            s.append(("node_cpu_seconds_total", [("cpu", str(cpu)), ("mode", mode)], "counter", (r, r * 0.15, 2)))
        s.append(("node_cpu_guest_seconds_total", [("cpu", str(cpu)), ("mode", "nice")], "const", (0,)))
        s.append(("node_cpu_scaling_frequency_hertz", [("cpu", str(cpu))], "walk", (2.4e9, 1e8, 1.2e9, 3.4e9, 1e6)))
    for dev, rx, tx in (("eth0", 180_000, 95_000), ("lo", 20_000, 20_000)):
        s.append(("node_network_receive_bytes_total", [("device", dev)], "counter", (rx, rx * 0.5, 0)))
        s.append(("node_network_transmit_bytes_total", [("device", dev)], "counter", (tx, tx * 0.5, 0)))
        s.append(("node_network_receive_packets_total", [("device", dev)], "counter", (rx / 900, rx / 2000, 0)))
        s.append(("node_network_transmit_packets_total", [("device", dev)], "counter", (tx / 700, tx / 1500, 0)))
        for m in ("receive_errs", "transmit_errs", "receive_drop", "transmit_drop"):
            s.append((f"node_network_{m}_total", [("device", dev)], "rare", (0.01,)))
        for m, v in (("up", 1), ("mtu_bytes", 1500 if dev == "eth0" else 65536), ("speed_bytes", 1.25e9),
                     ("carrier", 1), ("iface_id", 2), ("transmit_queue_length", 1000)):
            s.append((f"node_network_{m}", [("device", dev)], "const", (v,)))
    for dev in ("sda", "sdb"):
        s.append(("node_disk_reads_completed_total", [("device", dev)], "counter", (4, 6, 0)))
        s.append(("node_disk_writes_completed_total", [("device", dev)], "counter", (30, 20, 0)))
        s.append(("node_disk_read_bytes_total", [("device", dev)], "counter", (16384, 40000, -12)))
        s.append(("node_disk_written_bytes_total", [("device", dev)], "counter", (250_000, 150_000, -12)))
        s.append(("node_disk_io_time_seconds_total", [("device", dev)], "counter", (0.2, 0.1, 3)))
        s.append(("node_disk_read_time_seconds_total", [("device", dev)], "counter", (0.01, 0.02, 3)))
        s.append(("node_disk_write_time_seconds_total", [("device", dev)], "counter", (0.3, 0.2, 3)))
        s.append(("node_disk_reads_merged_total", [("device", dev)], "rare", (0.2,)))
        s.append(("node_disk_writes_merged_total", [("device", dev)], "counter", (8, 8, 0)))
        s.append(("node_disk_io_now", [("device", dev)], "walk", (0, 1, 0, 6, 1)))
        s.append(("node_disk_io_time_weighted_seconds_total", [("device", dev)], "counter", (0.4, 0.3, 3)))
        s.append(("node_disk_discards_completed_total", [("device", dev)], "rare", (0.05,)))
    mem = [("MemTotal", 16_777_216_000, 0), ("MemFree", 2_000_000_000, 8_000_000), ("MemAvailable", 9e9, 8e6),
           ("Buffers", 300e6, 200_000), ("Cached", 6e9, 4e6), ("SwapTotal", 0, 0), ("SwapFree", 0, 0),
           ("Active", 5e9, 3e6), ("Inactive", 4e9, 3e6), ("Dirty", 2e6, 400_000), ("Writeback", 0, 0),
           ("AnonPages", 3e9, 2e6), ("Mapped", 500e6, 100_000), ("Shmem", 80e6, 40_000), ("Slab", 400e6, 100_000),
           ("SReclaimable", 250e6, 80_000), ("SUnreclaim", 150e6, 20_000), ("KernelStack", 12e6, 16_384),
           ("PageTables", 40e6, 40_000), ("Committed_AS", 7e9, 4e6), ("VmallocTotal", 35184372087808, 0),
           ("VmallocUsed", 60e6, 4096), ("HugePages_Total", 0, 0), ("Hugepagesize", 2097152, 0),
           ("DirectMap2M", 16e9, 0)]
    for m, v, step in mem:
        if step == 0:
            s.append((f"node_memory_{m}_bytes", [], "const", (v,)))
        else:
            s.append((f"node_memory_{m}_bytes", [], "walk", (v, step, v * 0.5, v * 1.5, 4096)))
    for mount, dev, fs, size in (("/", "/dev/vda1", "ext4", 252e9), ("/boot", "/dev/vda15", "vfat", 100e6),
                                 ("/run", "tmpfs", "tmpfs", 1.6e9)):
        lb = [("device", dev), ("fstype", fs), ("mountpoint", mount)]
        s.append(("node_filesystem_size_bytes", lb, "const", (size,)))
        s.append(("node_filesystem_free_bytes", lb, "walk", (size * 0.6, 40960, size * 0.1, size, 4096)))
        s.append(("node_filesystem_avail_bytes", lb, "walk", (size * 0.55, 40960, size * 0.1, size, 4096)))
        s.append(("node_filesystem_files", lb, "const", (size / 16384,)))
        s.append(("node_filesystem_files_free", lb, "walk", (size / 20000, 3, 0, size / 16384, 1)))
        s.append(("node_filesystem_readonly", lb, "const", (0,)))
        s.append(("node_filesystem_device_error", lb, "const", (0,)))
    for m, v in (("load1", 0.8), ("load5", 0.7), ("load15", 0.6)):
        s.append((f"node_{m}", [], "walk", (v, 0.05, 0, 4, 0.01)))
    for m, r in (("context_switches_total", 30_000), ("intr_total", 15_000), ("forks_total", 60)):
        s.append((f"node_{m}", [], "counter", (r, r * 0.3, 0)))
    s.append(("node_procs_running", [], "walk", (2, 1, 1, 8, 1)))
    s.append(("node_procs_blocked", [], "walk", (0, 1, 0, 3, 1)))
    s.append(("node_boot_time_seconds", [], "const", (1763000000,)))
    s.append(("node_time_seconds", [], "time", ()))
    s.append(("node_entropy_available_bits", [], "const", (256,)))
    s.append(("node_entropy_pool_size_bits", [], "const", (256,)))
    s.append(("node_filefd_allocated", [], "walk", (2500, 8, 1000, 9000, 1)))
    s.append(("node_filefd_maximum", [], "const", (9223372036854775807,)))
    for m, r in (("pgfault", 40_000), ("pgmajfault", 1), ("pgpgin", 60), ("pgpgout", 900), ("pswpin", 0),
                 ("pswpout", 0), ("oom_kill", 0)):
        if r:
            s.append((f"node_vmstat_{m}", [], "counter", (r, r * 0.5, 0)))
        else:
            s.append((f"node_vmstat_{m}", [], "const", (0,)))
    for m, r in (("Tcp_ActiveOpens", 3), ("Tcp_PassiveOpens", 5), ("Tcp_CurrEstab", None), ("Tcp_InSegs", 400),
                 ("Tcp_OutSegs", 420), ("Tcp_RetransSegs", 0.3), ("Tcp_InErrs", 0.001), ("Tcp_OutRsts", 1),
                 ("Udp_InDatagrams", 8), ("Udp_OutDatagrams", 8), ("Udp_InErrors", 0.001),
                 ("IpExt_InOctets", 180_000), ("IpExt_OutOctets", 95_000), ("Icmp_InMsgs", 0.05),
                 ("Icmp_OutMsgs", 0.05), ("Icmp_InErrors", 0.0), ("TcpExt_TCPTimeouts", 0.05)):
        name = f"node_netstat_{m}"
        if r is None:
            s.append((name, [], "walk", (40, 2, 5, 400, 1)))
        elif r == 0:
            s.append((name, [], "const", (0,)))
        elif r < 1:
            s.append((name, [], "rare", (r,)))
        else:
            s.append((name, [], "counter", (r * 15, r * 6, 0)))
    for m, v in (("sockets_used", 300), ("TCP_inuse", 40), ("TCP_orphan", 0), ("TCP_tw", 20), ("TCP_alloc", 60),
                 ("TCP_mem", 30), ("TCP_mem_bytes", 122880), ("UDP_inuse", 6), ("UDP_mem", 4), ("UDP_mem_bytes", 16384),
                 ("TCP6_inuse", 8), ("UDP6_inuse", 2), ("FRAG_inuse", 0), ("RAW_inuse", 0)):
        s.append((f"node_sockstat_{m}", [], "walk" if v else "const", (v, max(1, v * 0.05), 0, v * 3 + 1, 1) if v else (0,)))
    collectors = ["arp", "conntrack", "cpu", "cpufreq", "diskstats", "entropy", "filefd", "filesystem", "hwmon",
                  "loadavg", "meminfo", "netclass", "netdev", "netstat", "os", "sockstat", "stat", "time",
                  "uname", "vmstat"]
    for c in collectors:
        s.append(("node_scrape_collector_duration_seconds", [("collector", c)], "noise", (0.0004, 0.0003, 9)))
        s.append(("node_scrape_collector_success", [("collector", c)], "const", (1,)))
    for m, v in (("go_goroutines", 8), ("go_threads", 7)):
        s.append((m, [], "walk", (v, 1, v - 2, v + 4, 1)))
    s.append(("go_memstats_alloc_bytes", [], "noise", (3.2e6, 6e5, -3)))
    s.append(("go_memstats_alloc_bytes_total", [], "counter", (4e6, 1e6, 0)))
    s.append(("go_memstats_heap_inuse_bytes", [], "noise", (5e6, 5e5, -13)))
    s.append(("go_memstats_sys_bytes", [], "const", (2.3e7,)))
    s.append(("go_gc_duration_seconds_count", [], "counter", (0.6, 0.5, 0)))
    s.append(("process_cpu_seconds_total", [], "counter", (0.09, 0.04, 2)))
    s.append(("process_resident_memory_bytes", [], "noise", (2.1e7, 3e5, -12)))
    s.append(("process_open_fds", [], "walk", (9, 1, 8, 12, 1)))
    s.append(("process_start_time_seconds", [], "const", (1763000012.34,)))
    s.append(("node_uname_info", [("machine", "x86_64"), ("release", "6.1.0-18-amd64"), ("sysname", "Linux")], "const", (1,)))
    s.append(("node_exporter_build_info", [("goversion", "go1.19.8"), ("version", "1.5.0")], "const", (1,)))
    s.append(("up", [], "const", (1,)))
    s.append(("scrape_duration_seconds", [], "noise", (0.012, 0.004, 6)))
    s.append(("scrape_samples_scraped", [], "const", (len(s) + 4,)))
    return s


def walk_shapes():
    """246 random-walk gauges per host: (name, labels, kind, params) like shapes()."""
    return [("walk_gauge", [("gauge", str(n))], "walk2", (10 ** (-2 + 4 * n / 245),)) for n in range(246)]


def fmt(v):
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hosts", type=int, default=50)
    p.add_argument("--hours", type=float, default=24)
    p.add_argument("--end-ms", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True, help="path prefix; writes PREFIX.om and PREFIX.prom")
    p.add_argument("--kind", choices=["node", "walk"], default="node")
    a = p.parse_args()
    rng = random.Random(a.seed)
    rounds = int(a.hours * 3600 * 1000 // STEP_MS)
    end = a.end_ms - a.end_ms % STEP_MS
    start = end - (rounds - 1) * STEP_MS
    series = []  # [prefix_prom, kind, params, state]
    sh = shapes() if a.kind == "node" else walk_shapes()
    for h in range(a.hosts):
        inst = f"host-{h:03d}:9100"
        for name, labels, kind, params in sh:
            lb = sorted(labels + [("instance", inst), ("job", a.kind)])
            prefix = name + "{" + ",".join(f'{k}="{v}"' for k, v in lb) + "}"
            if kind == "counter":
                st = rng.uniform(1e3, 1e6) * max(params[0], 1)
                st = round(st, params[2]) if params[2] >= 0 else st - st % (1 << -params[2])
            elif kind == "rare":
                st = float(rng.randint(0, 50))
            elif kind == "walk":
                st = params[0]
            elif kind == "walk2":
                st = round(rng.uniform(0, 1000), 2)
            else:
                st = params[0] if params else 0.0
            series.append([prefix, kind, params, st])
    with open(a.out + ".om", "w", buffering=1 << 22) as om, open(a.out + ".prom", "w", buffering=1 << 22) as pm:
        gauss, rand = rng.gauss, rng.random
        for r in range(rounds):
            ts = start + r * STEP_MS
            tss = f"{ts // 1000}.{ts % 1000:03d}"
            tsm = str(ts)
            lo, lp = [], []
            for s in series:
                kind, prm, v = s[1], s[2], s[3]
                if kind == "counter":
                    inc = gauss(prm[0], prm[1])
                    if inc > 0:
                        d = prm[2]
                        if d >= 0:
                            v = round(v + round(inc, d), d)
                        else:
                            v = v + (int(inc) >> -d << -d)
                elif kind == "rare":
                    if rand() < prm[0]:
                        v += 1
                elif kind == "walk":
                    base, step, low, high, q = prm
                    v = v + round(gauss(0, step) / q) * q
                    v = min(max(v, low), high)
                    if q >= 1:
                        v = float(int(v))
                    else:
                        v = round(v, 2)
                elif kind == "walk2":
                    v = round(v + gauss(0, prm[0]), 2)
                elif kind == "noise":
                    m, sd, d = prm
                    v = abs(gauss(m, sd))
                    v = round(v, d) if d >= 0 else float(int(v) >> -d << -d)
                elif kind == "time":
                    v = ts / 1000 + round(rand() * 0.003, 6)
                s[3] = v
                val = fmt(v)
                lo.append(f"{s[0]} {val} {tss}\n")
                lp.append(f"{s[0]} {val} {tsm}\n")
            om.write("".join(lo))
            pm.write("".join(lp))
        om.write("# EOF\n")
    print(len(series), len(series) * rounds, start, end)


if __name__ == "__main__":
    main()
