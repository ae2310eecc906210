"""The README's measures table, made from the measures table (measures.py).

    python -m deeptalk.offline.measures_readme           # rewrite it in README.md
    python -m deeptalk.offline.measures_readme --check   # exit 1 when README.md's is not the generated one

tests/test_measures_table.py fails when the README's table drifts from MEASURES.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..settings import PROJECT_ROOT
from .measures import MEASURES, Kind

BEGIN = "<!-- measures table: made by python -m deeptalk.offline.measures_readme; edit deeptalk/offline/measures.py -->"
END = "<!-- end of the measures table -->"
README = PROJECT_ROOT / "README.md"


def markdown() -> str:
    """One row per measure: its column in `deeptalk eval`'s table, its JSON name, what it counts,
    and its target."""
    lines = ["| column | measure | what it counts | target |", "|---|---|---|---|"]
    for m in MEASURES:
        column = f"`{m.column}`" if m.column else "(overall)"
        target = m.target_text() + (", shown, not gated" if m.kind is Kind.TIMING and m.target else "")
        lines.append(f"| {column} | `{m.name}` | {m.help} | {target} |")
    return "\n".join(lines) + "\n"


def with_table(readme: str) -> str:
    """The README text with the generated table between the markers."""
    head, begin, rest = readme.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"README.md has no measures table between {BEGIN!r} and {END!r}")
    return f"{head}{BEGIN}\n{markdown()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) the README's measures table.")
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md's table is not the generated one")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    wanted = with_table(current)
    if args.check:
        if current != wanted:
            print(f"{args.readme}: the measures table is stale; run python -m deeptalk.offline.measures_readme")
            return 1
        return 0
    if current != wanted:
        args.readme.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
