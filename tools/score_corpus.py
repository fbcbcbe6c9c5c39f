"""Print precision and recall per CWE on the labelled corpus (tests/corpus by default)."""
from __future__ import annotations

import sys
from pathlib import Path

from secreview.corpus import format_score, score

if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests" / "corpus")
    result = score(root)
    print(format_score(result))
    sys.exit(0 if not result.misses and not result.false_alarms else 1)
