"""`deeptalk panel`: one interview per persona and seed against a research brief, then the synthesis."""

from __future__ import annotations

import argparse
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Settings, parse_seed

if TYPE_CHECKING:  # the engines are imported when the panel runs, not for `deeptalk --help`
    from ..engines import Engine


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own flags; the engine settings and --messages come from the settings table."""
    parser = commands.add_parser(
        "panel", help="Run a panel of interviews against a research brief and write its synthesis (docs/panels.md)."
    )
    parser.add_argument(
        "--personas",
        type=Path,
        required=True,
        metavar="FILE",
        help="personas as JSON lines, a JSON list or CSV (name, role, industry, background)",
    )
    parser.add_argument("--brief", type=Path, required=True, metavar="FILE", help="the research brief (YAML or JSON)")
    parser.add_argument(
        "--seeds", default="1", metavar="LIST", help="comma-separated seeds, each run per persona (default 1)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("panel"),
        metavar="DIR",
        help="where the interviews and synthesis go (default ./panel)",
    )
    parser.add_argument(
        "--allow-lint-errors", action="store_true", help="run a guide even if `deeptalk guide lint` flags its questions"
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from .. import exits
    from ..panels.brief import load_brief
    from ..panels.files import PanelFolder, PanelMismatch
    from .commands import UsageError, load_engine, with_engine

    try:
        brief = load_brief(args.brief)
        _check_guide(brief.guide, args.allow_lint_errors)
        seeds = list(dict.fromkeys(parse_seed(seed) for seed in args.seeds.split(",") if seed.strip()))
        if not seeds:
            raise UsageError("--seeds: give at least one seed")
        jobs = _jobs(_read_personas(args.personas), seeds, settings.max_panel_interviews)
        folder = PanelFolder(args.out)
        engine = load_engine(settings)
    except exits.expected() as exc:
        return exits.refuse("panel", exc)
    request = {
        "personas": list(dict.fromkeys(job.persona for job in jobs)),
        "brief": brief.as_dict(),
        "seeds": seeds,
        "messages": settings.messages,
        "engine": engine.fingerprint(),
    }
    request["personas"] = [p.as_dict() for p in request["personas"]]
    try:
        folder.claim(request)
    except (PanelMismatch, OSError) as exc:
        engine.close()
        return exits.refuse("panel", exc)
    return with_engine("panel", engine, lambda: _panel(folder, engine, brief, jobs, seeds, request, settings))


def _check_guide(guide: tuple[str, ...], allowed: bool) -> None:
    from ..guide_lint import lint_guide
    from .commands import UsageError

    flagged = [(index, question, findings) for index, question, findings in lint_guide(guide) if findings]
    if flagged and not allowed:
        lines = [
            f'  {index}. "{question}": {", ".join(f.rule for f in findings)}' for index, question, findings in flagged
        ]
        raise UsageError(
            "the guide has questions the linter flags (see `deeptalk guide lint`); fix them or pass "
            "--allow-lint-errors:\n" + "\n".join(lines)
        )


def _read_personas(path: Path) -> list:
    import json

    from .commands import UsageError, persona_of, read_personas

    if path.suffix.lower() == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(rows, list):
            raise UsageError(f"{path}: a JSON file of personas must hold a list")
        found = [(f"{path}[{n}]", row) for n, row in enumerate(rows)]
    else:
        found = read_personas(path)
    personas = list(dict.fromkeys(persona_of(row, where) for where, row in found))
    if not personas:
        raise UsageError(f"{path}: no personas")
    return personas


def _jobs(personas: list, seeds: list[int], most: int) -> list:
    from ..panels.files import Job
    from .commands import UsageError

    if len(personas) * len(seeds) > most:
        raise UsageError(
            f"{len(personas)} personas x {len(seeds)} seeds is {len(personas) * len(seeds)} interviews; "
            f"a panel is at most {most} (--max-panel-interviews)"
        )
    return [Job(n, persona, seed) for n, (persona, seed) in enumerate(((p, s) for p in personas for s in seeds), 1)]


def _panel(folder, engine: "Engine", brief, jobs: list, seeds: list[int], request: dict, settings: Settings) -> int:
    from ..panels import exports
    from ..panels.synthesis import PanelInterview, engine_identity, synthesize
    from .progress import bar
    from .simulation import simulate

    finished = {job: folder.load(job, job.interview_id(request)) for job in jobs}
    kept = sum(1 for found in finished.values() if found is not None)
    if kept:
        print(f"resuming: {kept} of {len(jobs)} interviews already done in {folder.root}", file=sys.stderr)
    lock = threading.Lock()
    done = [kept]

    def one(job) -> None:
        simulation = simulate(engine, job.persona, job.seed, settings.messages, brief.steering())
        interview = PanelInterview(
            job.interview_id(request), job.persona, job.seed, "completed", simulation.messages, simulation.insights
        )
        folder.save(job, interview, simulation.notes)
        with lock:
            finished[job] = interview
            done[0] += 1
            bar(done[0], len(jobs), job.persona.name)

    bar(kept, len(jobs), "interviews")
    waiting = [job for job in jobs if finished[job] is None]
    # The engine's own concurrency: one at a time on a local model, several on a model server.
    pool = ThreadPoolExecutor(max_workers=max(1, engine.parallel_calls))
    try:
        for future in [pool.submit(one, job) for job in waiting]:
            future.result()  # the first failure (or Ctrl-C) stops the panel; what finished is kept
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    interviews = [finished[job] for job in jobs]
    synthesis = synthesize(brief, interviews, engine_identity(engine.name, engine.fingerprint()), seeds)
    # Without the messages' times, so that the same panel gives the same page, byte for byte.
    transcripts = {
        i.interview_id: [{"id": m.id, "agent": m.agent, "message": m.message} for m in i.messages] for i in interviews
    }
    folder.root.mkdir(parents=True, exist_ok=True)
    (folder.root / "synthesis.json").write_text(exports.as_json(synthesis), encoding="utf-8")
    (folder.root / "synthesis.md").write_text(exports.as_markdown(synthesis), encoding="utf-8")
    (folder.root / "synthesis.html").write_text(exports.as_html(synthesis, transcripts), encoding="utf-8")
    verdicts = ", ".join(f"{h['id']} {h['verdict']}" for h in synthesis["hypotheses"])
    print(f"{len(interviews)} interviews; {verdicts}; {folder.root / 'synthesis.md'}", file=sys.stderr)
    return 0
