/// The one list of decision procedures `check` schedules; `--method` takes
/// their ids. A new method is one more entry here and a folder of its own.
public enum ProcedureRegistry {
    public static func procedures(_ options: Checker.Options) -> [any DecisionProcedure] {
        [
            FalsificationProcedure(options),
            ReachableSetProcedure(options),
            EnclosureProcedure(options),
            EnumerationProcedure(options),
            CoverProcedure(options),
            ZonotopeProcedure(options),
            HistoryBoxProcedure(options),
            FlaggedBitsReachableSets(options),
            FlaggedBitsEnumeration(options),
        ]
    }

    /// Every procedure's id and title, in registry order.
    public static var methods: [ProcedureID] { procedures(Checker.Options()).map(\.id) }
}
