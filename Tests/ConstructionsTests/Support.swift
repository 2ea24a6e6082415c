import Foundation
@_exported import TestSupport

/// Theorem 3 as text, with any line replaceable by a test.
let theorem3Text = """
name: t3
model: vanilla
activation: hardclip
state: 2
flags: zero-one
parameters:
  U: [[1, 1/4], [0, 0]]
  W: [[0, 0], [1/2, 2]]
  b: [1/4, -2]
initial: [0, -1]
classifier:
  beta: [1, 1/3]
  gamma: 1/12
expect:
  n: 1...12
  verdict: pass

"""

func replacingLine(_ number: Int, with text: String, in source: String = theorem3Text) -> String {
    var lines = source.components(separatedBy: "\n")
    lines[number - 1] = text
    return lines.joined(separator: "\n")
}
