// A damaged index file is named, never read as data: loading the index (what every backup,
// restore and check does first) fails with one message that names the file, and check reports it.
import Backup
import Foundation
import Testing

@Suite struct DamagedIndexTests {
  @Test func aFlippedByteInAnIndexFileIsNamed() throws {
    let (path, repository) = try RepositoryTests.fresh()
    let source = try BackupFixtures.temporaryDirectory("damaged-index-source")
    try Data("some content\n".utf8).write(to: URL(fileURLWithPath: source + "/file.txt"))
    _ = try BackupRoundTripTests.backup(repository, [source])
    let indexFiles = try FileManager.default.contentsOfDirectory(atPath: path + "/index")
    let name = try #require(indexFiles.first)
    let file = path + "/index/" + name
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
    bytes[bytes.count / 2] ^= 0x20
    try Data(bytes).write(to: URL(fileURLWithPath: file))

    let error = #expect(throws: BackupError.self) { try RepositoryIndex.load(repository) }
    #expect(error?.message.contains(name) == true, "names the file: \(error?.message ?? "")")
    #expect(error?.message.contains("\n") == false)
    let report = try Checker(repository: repository).run(CheckOptions())
    #expect(!report.isClean)
    #expect(report.errors.contains { $0.contains(name) }, "\(report.errors)")
  }
}
