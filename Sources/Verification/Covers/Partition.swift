/// A partition of a box of state space into leaf boxes by a k-d tree: the
/// cells that covers are made of (`CoverSweep`).
///
/// The root box has power-of-two extents and every split halves a leaf at its
/// midpoint, so every bound is a dyadic rational held exactly by a Double
/// (to depths far beyond any budget). Boxes are closed: a state on a shared
/// face lies in both leaves, and `leaves(meeting:)` returns both.
struct Partition: Sendable {
    let width: Int
    private(set) var rootLower: [Double]
    private(set) var rootUpper: [Double]

    struct Node: Sendable {
        /// −1 for a leaf.
        var dimension: Int32
        var split: Double
        var low: Int32
        var high: Int32
        var leaf: Int32
    }

    private(set) var nodes: [Node]
    /// Leaf i's bounds in dimension j at i·width + j.
    private(set) var lower: [Double]
    private(set) var upper: [Double]
    /// Leaf → its node.
    private(set) var nodeOfLeaf: [Int32]
    var leafCount: Int { nodeOfLeaf.count }

    /// The root box [rootLower, rootUpper] cut into 2^depth equal leaves, by halving
    /// each dimension in turn.
    init(lower: [Double], upper: [Double], depth: Int) {
        width = lower.count
        rootLower = lower
        rootUpper = upper
        nodes = [Node(dimension: -1, split: 0, low: -1, high: -1, leaf: 0)]
        self.lower = lower
        self.upper = upper
        nodeOfLeaf = [0]
        for _ in 0..<depth {
            for leaf in 0..<leafCount { split(leaf) }
        }
    }

    func box(_ leaf: Int) -> (lower: ArraySlice<Double>, upper: ArraySlice<Double>) {
        (lower[leaf * width..<(leaf + 1) * width], upper[leaf * width..<(leaf + 1) * width])
    }

    /// Whether the box lies inside the root box.
    func rootContains(lower l: [Double], upper u: [Double]) -> Bool {
        (0..<width).allSatisfy { rootLower[$0] <= l[$0] && u[$0] <= rootUpper[$0] }
    }

    /// Every leaf whose closed box meets the closed box [l, u], appended to `out`.
    func leaves(meeting l: [Double], _ u: [Double], into out: inout [Int32]) {
        var stack: [Int32] = [0]
        while let index = stack.popLast() {
            let node = nodes[Int(index)]
            if node.dimension < 0 {
                out.append(node.leaf)
                continue
            }
            let d = Int(node.dimension)
            if l[d] <= node.split { stack.append(node.low) }
            if u[d] >= node.split { stack.append(node.high) }
        }
    }

    /// Whether halving `leaf` still gains something: its widest side (relative
    /// to the root) is at least `narrowest` of the root's extent.
    func isSplittable(_ leaf: Int, narrowest: Double) -> Bool {
        (0..<width).contains { j in
            (upper[leaf * width + j] - lower[leaf * width + j]) >= narrowest * (rootUpper[j] - rootLower[j])
        }
    }

    /// Halves `leaf` along its widest dimension relative to the root's extent
    /// (so leaves stay similar in shape to the root). The lower half keeps the
    /// leaf's number; the upper half is the new last leaf. Returns it.
    @discardableResult
    mutating func split(_ leaf: Int) -> Int {
        var d = 0
        var best = -1.0
        for j in 0..<width {
            let relative = (upper[leaf * width + j] - lower[leaf * width + j]) / (rootUpper[j] - rootLower[j])
            if relative > best { best = relative; d = j }
        }
        let lo = lower[leaf * width + d], hi = upper[leaf * width + d]
        let mid = lo / 2 + hi / 2
        let node = Int(nodeOfLeaf[leaf])
        let newLeaf = leafCount
        let lowNode = Int32(nodes.count), highNode = Int32(nodes.count + 1)
        nodes.append(Node(dimension: -1, split: 0, low: -1, high: -1, leaf: Int32(leaf)))
        nodes.append(Node(dimension: -1, split: 0, low: -1, high: -1, leaf: Int32(newLeaf)))
        nodes[node] = Node(dimension: Int32(d), split: mid, low: lowNode, high: highNode, leaf: -1)
        nodeOfLeaf[leaf] = lowNode
        nodeOfLeaf.append(highNode)
        lower.append(contentsOf: lower[leaf * width..<(leaf + 1) * width])
        upper.append(contentsOf: upper[leaf * width..<(leaf + 1) * width])
        upper[leaf * width + d] = mid
        lower[newLeaf * width + d] = mid
        return newLeaf
    }
}
