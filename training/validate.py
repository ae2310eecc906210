"""Check corpus files against training/schema.json and the cross-record rules (training/FORMAT.md).

    python3 training/validate.py                      # the whole corpus and the held-out set
    python3 training/validate.py FILE_OR_FOLDER ...   # those, checked together

Exit 0 when clean, 1 with one line per problem.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # runs from a checkout with any python3 that has jsonschema

from deeptalk import corpus  # noqa: E402


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [corpus.training_dir() / "corpus", corpus.training_dir() / "heldout"]
    try:
        records = corpus.read(paths)
    except (OSError, ValueError) as error:
        print(error)
        return 1
    eval_set = json.loads((ROOT / "fixtures" / "personas" / "eval-set.json").read_text(encoding="utf-8"))
    problems = corpus.Checker(excluded_personas=eval_set).check(records)
    for problem in problems:
        print(problem)
    print(json.dumps(corpus.summary(records)))
    print(f"{len(problems)} problem(s) in {len(records)} record(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
