import ArgumentParser
import Cells
import Constructions
import Experiments
import Foundation
import Reports
import Sharding
import Simulation
import Training
import Verification

/// `f1b report training`: Section 5.3's experiment beside PyTorch, what the
/// successful models learned, and Figure 4 from a trained model.
struct ReportTrainingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Success rate of training against n (f1b beside PyTorch), the learned mechanisms, Figure 4 from a trained model.",
        discussion: """
            Regenerate the shipped report with (the first line runs PyTorch; it is slow):
              python3 Benchmarks/train_pytorch.py rates .build/release/f1b 1...10 10,20,50 reports/pytorch-training.json
              f1b report training --out reports
            """)

    @Option(help: "Output directory.") var out = "reports"
    @Option(help: "PyTorch's runs of the same protocol (Benchmarks/train_pytorch.py rates …).") var pytorch = "reports/pytorch-training.json"
    @Option(help: "Seeds of the f1b runs.") var seeds = "1...50"
    @Option(name: .customLong("n"), help: "Sequence lengths.") var lengths = "10,20,50,100"

    func run() throws {
        try Outputs.check(directories: [out])
        guard case .list(let seedList)? = try? parseLengths(seeds), case .list(let ns)? = try? parseLengths(lengths) else {
            throw ValidationError("--seeds and --n: expected lists like 1...50 and 10,20,50")
        }
        let peer = try readPeer()
        let report = TrainingReport.run(lengths: ns, seeds: seedList.map(UInt64.init)) { p in
            switch p {
            case .training(let done, let total): StandardError.progress("training runs", done, of: total)
            case .analysing(let n, let seed): StandardError.note("analysing n = \(n), seed \(seed)")
            case .trainingGRU: StandardError.note("training GRU K = 1")
            case .checking(let done, let total): StandardError.progress("checking successful models", done, of: total)
            }
        }
        let command = "f1b report training --out \(out)"
        let markdown = TrainingMarkdown.markdown(report, peer: peer, command: command)
        try Outputs.write([("\(out)/training.md", markdown)] + TrainingMarkdown.figures(report, peer: peer, seeds: seedList.count).map { ("\(out)/\($0.0)", $0.1) },
                          directories: [out])
    }

    func readPeer() throws -> PeerTrainingRuns {
        guard let data = FileManager.default.contents(atPath: pytorch) else {
            StandardError.write("\(pytorch): error: cannot read the file (the JSON that `python3 Benchmarks/train_pytorch.py rates …` writes)\n")
            throw ExitCode(ExitStatus.badInput)
        }
        do {
            let peer = try ResultFile.decode(PeerTrainingRuns.self, from: String(decoding: data, as: UTF8.self), file: pytorch,
                                             what: "the JSON that `python3 Benchmarks/train_pytorch.py rates …` writes")
            guard peer.kind == PeerTrainingRuns.kind else {
                throw ResultFile.FormatError(description: "\(pytorch): error: \"kind\" is \"\(peer.kind)\", not \"\(PeerTrainingRuns.kind)\"")
            }
            return peer
        } catch {
            StandardError.write("\(error)\n")
            throw ExitCode(ExitStatus.badInput)
        }
    }
}
