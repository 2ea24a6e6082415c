import Dispatch
import Foundation
import Synchronization

/// The processors this process may use: the default thread count of every
/// command that takes `--threads`.
public var availableThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

/// Runs `body(task)` for tasks 0..<count on `threads` workers, each taking a
/// contiguous range of tasks with working state of its own (`makeWorker`).
/// For tasks of even cost (blocks of paths, chunks of a grid). Tasks write
/// disjoint results, so the outcome never depends on `threads`.
public func runInParallel<Worker>(tasks count: Int, threads: Int, makeWorker: @Sendable () -> Worker,
                                  body: @Sendable (inout Worker, Int) -> Void) {
    let workers = max(1, min(threads, count))
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        var worker = makeWorker()
        for task in (count * w / workers)..<(count * (w + 1) / workers) { body(&worker, task) }
    }
}

/// Runs `body(worker, task)` for tasks 0..<count on `threads` workers
/// (numbered 0..<min(threads, count)), each pulling the next task from a
/// shared counter as it finishes one — for tasks of uneven cost (subtrees of
/// an enumeration, boxes of a cover, zonotope images), so no worker idles
/// while another holds a long tail. Which worker runs a task varies from run
/// to run: tasks must write disjoint results and use the worker index only
/// for scratch state, so the outcome never depends on `threads`.
public func runPulling(tasks count: Int, threads: Int, body: @Sendable (_ worker: Int, _ task: Int) -> Void) {
    guard count > 0 else { return }
    let workers = max(1, min(threads, count))
    if workers == 1 {
        for task in 0..<count { body(0, task) }
        return
    }
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        while true {
            let task = next.add(1, ordering: .relaxed).oldValue
            guard task < count else { return }
            body(w, task)
        }
    }
}

/// [body(0), …, body(count − 1)], computed by `runPulling` on `threads`
/// workers (tasks of uneven cost: training runs, checks), in task order
/// whatever the thread count; `progress(done, count)` after each task.
public func mapPulling<T: Sendable>(tasks count: Int, threads: Int, progress: @Sendable (Int, Int) -> Void = { _, _ in },
                                    body: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count: count)
    let done = Counter()
    runPulling(tasks: count, threads: threads) { _, task in
        slots.set(task, body(task))
        progress(done.increment(), count)
    }
    return slots.values
}

/// Results written by concurrent workers into their own slots.
public final class Slots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    public init(count: Int) { slots = Array(repeating: nil, count: count) }
    public func set(_ i: Int, _ value: T) { lock.locked { slots[i] = value } }
    public var values: [T] { lock.locked { slots.map { $0! } } }
}

/// A count shared by concurrent workers (progress).
public final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    public init() {}
    public func increment() -> Int { lock.locked { value += 1; return value } }
}

extension NSLock {
    func locked<T>(_ body: () -> T) -> T {
        lock()
        defer { unlock() }
        return body()
    }
}
