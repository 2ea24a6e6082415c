/// The recorded states of a run: for each class, each recorded time and each
/// dimension of the classified state (s, or c for the LSTM), one Float per path.
public struct SimulatedStates: Sendable {
    public let setup: SimulationSetup
    /// K.
    public let stateSize: Int
    /// [positive, negative][time index][dimension][path], flattened.
    @usableFromInline var storage: [Float]

    public init(setup: SimulationSetup, stateSize: Int) {
        self.setup = setup
        self.stateSize = stateSize
        storage = Array(repeating: 0, count: 2 * setup.times.count * stateSize * setup.pathsPerClass)
    }

    @usableFromInline
    func offset(positive: Bool, timeIndex: Int, dimension: Int) -> Int {
        let P = setup.pathsPerClass
        return (((positive ? 0 : 1) * setup.times.count + timeIndex) * stateSize + dimension) * P
    }

    /// The values of one state dimension at one recorded time, path by path.
    public func values(positive: Bool, timeIndex: Int, dimension: Int) -> ArraySlice<Float> {
        let start = offset(positive: positive, timeIndex: timeIndex, dimension: dimension)
        return storage[start..<start + setup.pathsPerClass]
    }

    /// The classified state of one path at one recorded time.
    public func state(positive: Bool, timeIndex: Int, path: Int) -> [Float] {
        (0..<stateSize).map { storage[offset(positive: positive, timeIndex: timeIndex, dimension: $0) + path] }
    }
}
