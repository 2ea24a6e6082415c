/// The one merge of sharded results (`f1b merge`, `f1b report cells --from`):
/// reads the files of one sweep and adds them up, refusing a file that is not
/// such a result, is a shard of other inputs or another split, or repeats a shard.
public enum ShardMerge {
    /// - Parameter files: each file's name (for messages) and text, at least one.
    public static func merge<Sweep: ShardedSweep>(_ files: [(name: String, text: String)], as _: Sweep.Type)
        throws(ResultFile.FormatError) -> ShardedResult<Sweep> {
        var merged: ShardedResult<Sweep>?
        for file in files {
            let shard = try ResultFile.decode(ShardedResult<Sweep>.self, from: file.text, file: file.name, what: Sweep.title)
            if merged == nil {
                merged = shard
            } else {
                do { try merged!.merge(shard) } catch {
                    throw ResultFile.FormatError(description: "\(file.name): error: \(error)")
                }
            }
        }
        guard let merged else { throw ResultFile.FormatError(description: "error: no result files to merge") }
        return merged
    }
}
