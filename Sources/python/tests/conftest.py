# The tests exercise this checkout's bridge (src/ layout), installed or not.
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src")))
