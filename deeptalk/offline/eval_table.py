"""`deeptalk eval`'s plain-text report: a line per interview with a cell per column of the measures
table, then every measure over the set beside its target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .measures import MEASURES
from .scoring import missed_targets, missed_timings

LEADING = (("persona", "persona"), ("seed", "seed"), ("msgs", "messages"))


def cell(row: dict[str, Any], name: str) -> str:
    """A share's count as found/out of ("5/8"); anything else as it is."""
    value = row.get(name, "")
    return f"{value}/{row[name + '_of']}" if f"{name}_of" in row else str(value)


def table(rows: Sequence[dict[str, Any]], total: dict[str, Any]) -> str:
    columns = [*LEADING, *((m.column, m.name) for m in MEASURES if m.column)]
    header = [title for title, _ in columns]
    lines = [header]
    for row in rows:
        if row["failure"]:
            lines.append([row["persona"], str(row["seed"]), f"FAILED: {row['failure']}"])
        else:
            lines.append([cell(row, name) for _, name in columns])
    widths = [max(len(line[i]) for line in lines if len(line) == len(header)) for i in range(len(header))]
    aligned = [len(line) == len(header) for line in lines]  # a failed interview's line is not
    text = [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) if whole else "  ".join(line)
        for line, whole in zip(lines, aligned, strict=True)
    ]
    text += ["", f"overall: {total['interviews']} interviews"]
    width = max(len(m.name) for m in MEASURES)
    for measure in MEASURES:
        value = total[measure.name]
        flag = "" if measure.met(value) else ("  MISSED" if measure.gated else "  missed")
        text.append(f"  {measure.name.ljust(width)}  {str(value).ljust(8)}  {measure.target_text()}{flag}")
    missed, slow = missed_targets(total), missed_timings(total)
    text.append("targets: all met" if not missed else "targets missed:\n  " + "\n  ".join(missed))
    timings = "all met" if not slow else "missed:\n  " + "\n  ".join(slow)
    text.append(f"timing targets (reported, not gated): {timings}")
    return "\n".join(text) + "\n"
