"""`deeptalk eval`'s scores from the measures table: each interview graded, the set's totals, and
the targets missed."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .evaluation import Run
from .grading.interview import Count, Seconds
from .measures import BY_NAME, MEASURES, Kind, Measure


@dataclass
class Graded:
    """One interview and what each of its measures gave (nothing for a failed one)."""

    run: Run
    results: dict[str, Count | Seconds] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The interview's line of the JSON report: each count (and `NAME_of`, the whole of a share),
        each timing's statistic, and a few examples of what each measure found."""
        run = self.run
        row: dict[str, Any] = {
            "persona": run.persona.name,
            "role": run.persona.role,
            "seed": run.seed,
            "messages": len(run.turns),
            "failure": run.failure,
        }
        examples = {}
        for name, result in self.results.items():
            if isinstance(result, Count):
                row[name] = result.found
                if result.out_of is not None:
                    row[f"{name}_of"] = result.out_of
                if result.examples:
                    examples[name] = list(result.examples)
            else:
                row[name] = quantile(result, BY_NAME[name].quantile)
        row["examples"] = examples
        return row


def grade(run: Run) -> Graded:
    """Every per-interview measure of one interview (none of a failed one: it counts as failed)."""
    if run.failure:
        return Graded(run)
    return Graded(run, {m.name: m.grade(run) for m in MEASURES if m.grade is not None})


def overall(graded: Sequence[Graded]) -> dict[str, Any]:
    """The set's value of every measure: counts summed, shares pooled (all found over all counted),
    timings' statistics over every sample."""
    done = [g for g in graded if not g.run.failure]
    total: dict[str, Any] = {"interviews": len(graded)}
    for measure in MEASURES:
        if measure.across is not None:
            total[measure.name] = measure.across([g.run for g in graded]).found
        elif measure.kind is Kind.TIMING:
            samples = [s for g in done for s in g.results[measure.name]]  # type: ignore[union-attr]
            total[measure.name] = quantile(samples, measure.quantile)
        else:
            counts: list[Count] = [g.results[measure.name] for g in done]  # type: ignore[misc]
            found = sum(c.found for c in counts)
            whole = sum(c.out_of or 0 for c in counts)
            total[measure.name] = found if measure.kind is Kind.ZERO else round(found / whole, 3) if whole else 0.0
    return total


def quantile(samples: Sequence[float], q: float) -> float:
    """The median for 0.5, else the sample at q of the sorted samples (p99: the largest of a few)."""
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    value = statistics.median(ordered) if q == 0.5 else ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return round(value, 3)


def missed_targets(total: dict[str, Any]) -> list[str]:
    """Each target that makes `deeptalk eval` fail, missed, as one line."""
    return [_missed(m, total) for m in MEASURES if m.gated and not m.met(total[m.name])]


def missed_timings(total: dict[str, Any]) -> list[str]:
    """Each timing target missed (shown, never failing a run), as one line."""
    return [_missed(m, total) for m in MEASURES if m.kind is Kind.TIMING and not m.met(total[m.name])]


def _missed(measure: Measure, total: dict[str, Any]) -> str:
    return f"{measure.name} = {total[measure.name]} (target {measure.target_text()})"
