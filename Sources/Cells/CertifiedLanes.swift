import Exact
import F1B

/// Per-lane inputs for a lane number system: lane i is fed `inputs[i]`.
public protocol CertifiedLaneInputs: Sendable {
    init(_ inputs: [StepInput])
}

/// A number system holding `width` certified enclosures side by side, one per
/// path: the scalar of batched certified enumeration. Running a cell on it
/// steps `width` states at once, each lane with its own input; every lane's
/// result encloses the exact result for every real value in that lane's
/// operand enclosures (outward-rounded Double arithmetic).
public protocol CertifiedLanes: CellScalar where Context == Void, Input: CertifiedLaneInputs {
    static var width: Int { get }
    /// Lane i holds `lanes[i]` (count == width).
    init(lanes: [DoubleInterval])
    /// A certified enclosure of lane i.
    func lane(_ i: Int) -> DoubleInterval
    /// Lane j ← lane i of `other`, exactly as it is held.
    mutating func setLane(_ j: Int, from other: Self, lane i: Int)
}

extension BallLaneInputs: CertifiedLaneInputs {}

/// The fast lane system of certified enumeration (the rigorous rounding only:
/// the variant with rounding terms dropped exists to make tests fail).
extension RoundedBallLanes: CertifiedLanes where Rounding == RigorousRounding {}
