// `warden backup runbook JOB`: the recovery runbook of a configured backup job. From the running
// server when it answers (with the job's history: last verified restore, measured recovery
// time); otherwise from the configuration file alone, because the moment a runbook is needed
// may be the moment the server is gone.
import ArgumentParser
import Foundation
import Server

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

struct BackupRunbookCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "runbook", abstract: "Print the recovery runbook of a backup job (from the server, or from the configuration).")

  @Argument(help: "The job's name (backup_jobs[].name).")
  var job: String

  @Option(help: "The server's base URL.")
  var server = "http://127.0.0.1:9470"

  @Option(help: "The configuration file; used when the server does not answer.")
  var config: String?

  @Option(help: "The server's data directory (for the paths of Warden's own data), with --config.")
  var dataDir = "./data"

  func run() async throws {
    let fromServer = await fetch()
    switch fromServer {
    case .success(let text):
      print(text, terminator: "")
    case .failure(let problem):
      guard let config else {
        printToStandardError("\(problem); give --config FILE to print the runbook from the configuration alone")
        throw ExitCode.failure
      }
      let configuration: WardenConfiguration
      do {
        configuration = try ConfigLoader.load(path: config)
      } catch {
        printToStandardError("\(error)")
        throw ExitCode.failure
      }
      guard let job = configuration.backupJobs.first(where: { $0.name == self.job }) else {
        let names = configuration.backupJobs.map(\.name)
        printToStandardError("no backup job named \"\(self.job)\" in \(config)" + (names.isEmpty ? "" : " (jobs: \(names.joined(separator: ", ")))"))
        throw ExitCode.failure
      }
      var runbook = BackupRunbook(job: job, dataDirectory: dataDir)
      runbook.serverURL = server
      print(runbook.render(), terminator: "")
      print("\n(From \(config) alone: \(problem), so the job's history is not included.)")
    }
  }

  private struct FetchProblem: Error, CustomStringConvertible {
    let description: String
  }

  private func fetch() async -> Result<String, FetchProblem> {
    let base = server.hasSuffix("/") ? String(server.dropLast()) : server
    let escaped = job.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? job
    guard let url = URL(string: base + "/api/v1/backups/jobs/\(escaped)/runbook"), url.scheme == "http" || url.scheme == "https" else {
      return .failure(FetchProblem(description: "invalid --server URL \"\(server)\""))
    }
    var request = URLRequest(url: url)
    request.timeoutInterval = 10
    do {
      let (data, response) = try await URLSession.shared.data(for: request)
      let status = (response as? HTTPURLResponse)?.statusCode ?? 0
      let text = String(decoding: data, as: UTF8.self)
      guard status == 200 else {
        let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? String ?? text
        return .failure(FetchProblem(description: "the server at \(server) answered HTTP \(status): \(message)"))
      }
      return .success(text)
    } catch {
      return .failure(FetchProblem(description: "the server at \(server) did not answer (\(error.localizedDescription))"))
    }
  }
}
