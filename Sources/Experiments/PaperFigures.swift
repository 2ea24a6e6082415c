import Simulation

/// The paper's Figures 2–4 as Monte-Carlo set-ups: which construction files,
/// which sequence length, flag position, recorded times and number of paths,
/// and what the paper says each row shows (to set beside what the run shows).
public struct PaperFigure: Sendable {
    public struct Setting: Sendable {
        /// File name in the constructions directory.
        public var file: String
        public var label: String
        /// The paper's description of the row.
        public var paperSays: String
    }

    public var id: String
    public var title: String
    public var settings: [Setting]
    public var length: Int
    public var flagPosition: Int
    public var times: [Int]
    public var pathsPerClass: Int

    public func setup(seed: UInt64) -> SimulationSetup {
        SimulationSetup(length: length, pathsPerClass: pathsPerClass, seed: seed, flagPosition: flagPosition, times: times)
    }

    public static let all: [PaperFigure] = [
        PaperFigure(
            id: "figure2", title: "Figure 2: tanh Vanilla RNN, K = 1 (n = 20, L = 10)",
            settings: [
                Setting(file: "figure2-vanilla-u0.8.yaml", label: "U = 0.8, W = [0.9, 0.1]",
                        paperSays: "noise suppressed, the feature loads, then the two distributions quickly overlap: memory lost"),
                Setting(file: "figure2-vanilla-u2.0.yaml", label: "U = 2.0, W = [0.7, 0.1]",
                        paperSays: "noise not suppressed, loading already fails, the distributions overlap completely"),
            ],
            length: 20, flagPosition: 10, times: [5, 9, 10, 11, 15, 20], pathsPerClass: 10_000),
        PaperFigure(
            id: "figure3", title: "Figure 3: GRU, K = 1 (n = 20, L = 10)",
            settings: [
                Setting(file: "gru-k1-a1_2-b1.yaml", label: "a = 0.5, b = 1 (A = 0.62)",
                        paperSays: "the feature loads reasonably well, then the distributions smear into each other"),
                Setting(file: "gru-k1-a4-b1.yaml", label: "a = 4, b = 1 (A = 0.98)",
                        paperSays: "noise suppressed, perfect loading, the classes stay separated: GRU passes"),
            ],
            length: 20, flagPosition: 10, times: [5, 9, 10, 11, 15, 20], pathsPerClass: 10_000),
        PaperFigure(
            id: "figure4", title: "Figure 4: tanh Vanilla RNN, K = 2 (n = 100, L = 50), U and W as printed",
            settings: [
                Setting(file: "figure4-vanilla-k2-printed.yaml", label: "printed U, W; b = 0, s0 = 0",
                        paperSays: "S¹ memorises, S² loads; positive and negative stay separable to t = 100 (a trained model)"),
            ],
            length: 100, flagPosition: 50, times: [25, 49, 50, 51, 75, 100], pathsPerClass: 100_000),
    ]
}
