// Tests of the mount table parser, the escape decoding and the filesystem exclusion rules.

@testable import Collect
import Testing

struct MountsParserTests {
  @Test func reportsOnlyRealFilesystemsOnce() {
    let mounts = withBytes(ProcFixtures.mounts) { FilesystemCollector.reportedMounts($0, rootPath: "/") }
    #expect(mounts.map(\.mountPoint) == ["/", "/srv/data disk", "/gone", "/nfs"])
    #expect(mounts.map(\.device) == ["/dev/vda", "/dev/vdb1", "/dev/vdc", "server:/export"])
    #expect(mounts.map(\.isReadOnly) == [false, true, false, false])
    #expect(mounts.map(\.mayHang) == [false, false, false, true])
  }

  @Test(arguments: [
    ("/srv/data\\040disk", "/srv/data disk"), ("a\\011b", "a\tb"), ("a\\012b", "a\nb"), ("back\\134slash", "back\\slash"),
    ("plain", "plain"), ("trailing\\04", "trailing\\04"), ("bad\\999", "bad\\999"), ("\\", "\\"),
  ])
  func decodesOctalEscapes(raw: String, decoded: String) {
    #expect(withBytes(raw, MountsParser.decode) == decoded)
  }

  @Test(arguments: [
    ("/dev", true), ("/dev/shm", true), ("/device", false), ("/run", true), ("/run/user/1000", true),
    ("/mnt", true), ("/media/usb", true), ("/proc/sys/fs/binfmt_misc", true), ("/sys/fs/cgroup", true),
    ("/var/lib/docker", false), ("/var/lib/docker/", false), ("/var/lib/docker/overlay2/x/merged", true),
    ("/var/lib/containers/storage/overlay", true), ("/", false), ("/home", false), ("/srv/run", false),
  ])
  func excludesSystemMountPoints(mountPoint: String, excluded: Bool) {
    #expect(withBytes(mountPoint) { FilesystemFilter.isExcluded(mountPoint: $0) } == excluded)
  }

  @Test(arguments: [
    ("ext4", false), ("xfs", false), ("tmpfs", false), ("nfs4", false), ("proc", true), ("cgroup2", true),
    ("overlay", true), ("squashfs", true), ("tracefs", true),
  ])
  func excludesPseudoFilesystems(fsType: String, excluded: Bool) {
    #expect(withBytes(fsType) { FilesystemFilter.isExcluded(fsType: $0) } == excluded)
  }

  @Test(arguments: [
    ("nfs4", "server:/export", true), ("cifs", "//server/share", true), ("fuse.sshfs", "me@host:", true),
    ("ext4", "/dev/vda", false), ("tmpfs", "tmpfs", false), ("ext4", "server:/weird", true),
  ])
  func knowsWhichFilesystemsMayHang(fsType: String, device: String, mayHang: Bool) {
    let result = withBytes(fsType) { type in withBytes(device) { FilesystemFilter.mayHang(fsType: type, device: $0) } }
    #expect(result == mayHang)
  }

  @Test func readOnlyOnlyForTheWholeOption() {
    let flags = withBytes("a / ext4 ro 0 0\nb /b ext4 rw,ro 0 0\nc /c ext4 rw,errors=remount-ro 0 0\nd /d ext4 rox\n") {
      bytes in
      var result: [Bool] = []
      MountsParser.forEachMount(in: bytes) { result.append($0.isReadOnly) }
      return result
    }
    #expect(flags == [true, true, false, false])
  }

  @Test func skipsShortLines() {
    let count = withBytes("only three fields\n\n/dev/vda /\n") { bytes in
      var count = 0
      MountsParser.forEachMount(in: bytes) { _ in count += 1 }
      return count
    }
    #expect(count == 0)
  }

  @Test(arguments: [
    ("/", "/host", "/", "/host"),
    ("/home", "/host", "/home", "/host/home"),
    ("/host/home", "/host", "/home", "/host/home"),
    ("/host", "/host", "/", "/host"),
    ("/hostile", "/host", "/hostile", "/host/hostile"),
    ("/home", "/", "/home", "/home"),
  ])
  func mountPointsUnderAnotherRoot(mountPoint: String, root: String, label: String, statfsPath: String) {
    let paths = FilesystemCollector.paths(for: mountPoint, rootPath: root)
    #expect(paths.label == label)
    #expect(paths.statfsPath == statfsPath)
  }
}
