"""The measures table (deeptalk/offline/measures.py): one source for `deeptalk eval`'s table, its
totals and missed targets, and the README's copy."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk.engines.fixture.engine import FixtureEngine
from deeptalk.offline import eval_table, evaluation, measures_readme, scoring
from deeptalk.offline.measures import MEASURES, Kind
from deeptalk.records import Persona
from deeptalk.settings import bundled

PERSONAS = [
    Persona("Ana Ruiz", "Ward Nurse", "Healthcare", "Night shifts on a surgical ward; charting eats my time."),
    Persona("Raj Patel", "Shop Owner", "Retail", "A homeware shop; stock counts never match the till."),
]
SHARES = (Kind.AT_LEAST, Kind.AT_MOST)


class BrokenEngine(FixtureEngine):
    def analyse(self, persona, seed, transcript):
        raise RuntimeError("no insights today")


@pytest.fixture(scope="module")
def graded():
    engine = FixtureEngine(bundled("fixtures"))
    return [scoring.grade(evaluation.run_interview(engine, p, seed)) for p in PERSONAS for seed in (1, 2)]


def test_the_readme_measures_table_is_the_one_made_from_the_measures_table():
    readme = measures_readme.README.read_text(encoding="utf-8")
    assert readme == measures_readme.with_table(readme), "run: python -m deeptalk.offline.measures_readme"


def test_each_measure_has_its_own_name_and_column():
    names = [m.name for m in MEASURES]
    columns = [m.column for m in MEASURES if m.column]
    assert len(set(names)) == len(names) and len(set(columns)) == len(columns)


def test_a_measure_grades_one_interview_or_the_set_never_both():
    assert all((m.grade is None) != (m.across is None) for m in MEASURES)


def test_a_share_s_target_is_a_fraction_and_a_zero_target_has_none_to_give():
    assert all(0 < m.target < 1 for m in MEASURES if m.kind in SHARES)
    assert all(m.target is None for m in MEASURES if m.kind in (Kind.ZERO, Kind.REPORTED))


@given(st.sampled_from([m for m in MEASURES if m.kind in SHARES]), st.floats(0, 1))
def test_a_share_meets_its_target_on_the_right_side_of_it(measure, value):
    assert measure.met(value) == (value >= measure.target if measure.kind is Kind.AT_LEAST else value <= measure.target)


@given(st.sampled_from([m for m in MEASURES if m.kind is Kind.ZERO]), st.integers(0, 5))
def test_a_zero_target_is_met_by_zero_only(measure, count):
    assert measure.met(count) == (count == 0)


def test_the_totals_give_every_measure(graded):
    total = scoring.overall(graded)
    assert set(total) == {"interviews", *(m.name for m in MEASURES)} and total["interviews"] == 4


def test_a_share_is_pooled_over_the_interviews_not_averaged(graded):
    total = scoring.overall(graded)
    counts = [g.results["grounded"] for g in graded]
    assert total["grounded"] == round(sum(c.found for c in counts) / sum(c.out_of for c in counts), 3)


def test_a_failed_interview_counts_as_failed_and_is_left_out_of_the_other_measures(graded):
    failed = scoring.grade(evaluation.run_interview(BrokenEngine(bundled("fixtures")), PERSONAS[0], 1))
    total = scoring.overall([*graded, failed])
    assert total["failed"] == 1 and total["grounded"] == scoring.overall(graded)["grounded"]
    assert "failed = 1 (target 0)" in scoring.missed_targets(total)


def test_timings_are_shown_but_never_fail_a_run(graded):
    total = {**scoring.overall(graded), "turn_p99_s": 99.0}
    assert "turn_p99_s = 99.0 (target ≤ 3 s)" in scoring.missed_timings(total)
    assert not [line for line in scoring.missed_targets(total) if line.startswith("turn_p99_s")]


def test_the_eval_table_has_a_column_per_measure_column_and_a_line_per_measure(graded):
    text = eval_table.table([g.row() for g in graded], scoring.overall(graded))
    header = text.splitlines()[0].split()
    assert [c for m in MEASURES if m.column for c in m.column.split()] == header[3:]
    assert all(f"  {m.name} " in text for m in MEASURES)


def test_a_share_s_cell_reads_found_out_of(graded):
    row = graded[0].row()
    assert eval_table.cell(row, "grounded") == f"{row['grounded']}/{row['grounded_of']}"
