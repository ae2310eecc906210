"""The panels' endpoints, extensions beside the contract's four: start a panel, follow it, read
its synthesis (docs/panels.md)."""

from __future__ import annotations

import jsonschema

from ... import contract
from ...errors import ApiError
from ...guide_lint import lint_guide
from ...panels import schemas
from ...panels.brief import Brief, invalid_brief, parse_brief
from ...records import Persona
from ...validation import parse_json_object, parse_persona
from ..panels import Panel
from ..runner import NotStored
from .base import ApiHandler


def panel_not_found(panel_id: str) -> ApiError:
    return ApiError(404, "Panel not found", f"No panel found with ID: {panel_id}")


def _invalid(message: str) -> ApiError:
    return ApiError(400, "Invalid panel", message)


def _personas(data: object) -> list[Persona]:
    if not isinstance(data, list) or not 1 <= len(data) <= schemas.MAX_PERSONAS:
        raise _invalid(f"'personas' must be a list of 1 to {schemas.MAX_PERSONAS} personas")
    personas = []
    for index, item in enumerate(data):
        try:
            personas.append(parse_persona(item))
        except ApiError as exc:
            raise ApiError(exc.status, exc.error, f"personas[{index}]: {exc.message}") from None
    return list(dict.fromkeys(personas))  # the same persona twice is one voice, not two


def _options(data: object) -> dict:
    try:
        contract.validate(data, schemas.PANEL_OPTIONS)
    except jsonschema.ValidationError as error:
        where = "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in error.absolute_path)
        raise ApiError(400, "Invalid options", f"options{where}: {error.message}") from None
    assert isinstance(data, dict)
    checked = dict(data)
    # JSON Schema counts 12.0 as an integer too; the interviews want ints.
    if "messages" in checked:
        checked["messages"] = int(checked["messages"])
    checked["seeds"] = list(dict.fromkeys(int(seed) for seed in checked.get("seeds", [1])))
    return checked


def _check_guide(brief: Brief, allowed: bool) -> None:
    flagged = [(index, findings) for index, _, findings in lint_guide(brief.guide) if findings]
    if flagged and not allowed:
        problems = "; ".join(
            f"guide[{index - 1}]: {', '.join(f.rule for f in findings)}" for index, findings in flagged
        )
        raise invalid_brief(
            f"The guide has questions the linter flags ({problems}); fix them (the rules: docs/panels.md) "
            "or set options.allowLintErrors"
        )


def panel_status(panel: Panel, statuses: dict[str, str]) -> dict:
    interviews = [
        {
            "interviewId": job.interview_id,
            "persona": job.persona.as_dict(),
            "seed": job.seed,
            "status": statuses.get(job.interview_id, "waiting") if job.interview_id else "waiting",
        }
        for job in panel.jobs
    ]
    count = {state: sum(1 for i in interviews if i["status"] == state) for state in ("completed", "failed")}
    return {
        "panelId": panel.id,
        "status": panel.status,
        "createdAt": panel.created_at,
        "failure": panel.failure,
        "brief": panel.brief.as_dict(),
        "progress": {
            "total": len(interviews),
            "started": sum(1 for i in interviews if i["interviewId"]),
            "completed": count["completed"],
            "failed": count["failed"],
        },
        "interviews": interviews,
    }


class PanelsHandler(ApiHandler):
    async def post(self) -> None:
        data = parse_json_object(self.body)
        unknown = sorted(set(data) - {"personas", "brief", "options"})
        if unknown:
            raise _invalid(f"'{unknown[0]}' is not a field of a panel request; they are personas, brief and options")
        personas = _personas(data.get("personas"))
        if "brief" not in data:
            raise invalid_brief("'brief' is required: a goal and 1 to 10 hypotheses")
        brief = parse_brief(data["brief"])
        options = _options(data.get("options", {}))
        _check_guide(brief, options.get("allowLintErrors", False))
        seeds = options["seeds"]
        count, most = len(personas) * len(seeds), self.services.settings.max_panel_interviews
        if count > most:
            raise _invalid(
                f"{len(personas)} personas x {len(seeds)} seeds is {count} interviews; a panel is at most {most}"
            )
        limiter = self.services.limiter
        if limiter.enabled and count > limiter.burst:
            raise _invalid(
                f"{count} interviews are more than this server lets one address start at once ({limiter.burst}); "
                "run a smaller panel"
            )
        settings = self.services.settings
        promised = len(self.services.registry.active) + self.services.panels.waiting()
        if promised + count > settings.max_active:
            raise ApiError(
                503,
                "Server busy",
                f"{promised} interviews are in progress or waiting; a panel of {count} would pass "
                f"{settings.max_active}; try again shortly",
                {"Retry-After": "10"},
            )
        wait = limiter.take(self.request.remote_ip or "unknown", count)
        if wait:
            raise ApiError(
                429,
                "Too many requests",
                f"Starting {count} interviews would exceed this address's rate limit; try again shortly",
                {"Retry-After": limiter.retry_after(wait)},
            )
        try:
            panel = await self.services.panels.start(personas, brief, seeds, options.get("messages"))
        except NotStored as failure:
            raise ApiError(500, "Failed to start panel", str(failure)) from None
        self.write_json(201, {"panelId": panel.id, "status": "running", "interviews": len(panel.jobs)})


class PanelHandler(ApiHandler):
    async def panel(self, panel_id: str) -> Panel:
        panel = await self.services.panels.get(panel_id)
        if panel is None:
            raise panel_not_found(panel_id)
        return panel

    async def get(self, panel_id: str) -> None:
        panel = await self.panel(panel_id)
        self.write_json(200, panel_status(panel, await self.services.panels.status_of(panel)))


class SynthesisHandler(PanelHandler):
    async def get(self, panel_id: str) -> None:
        panel = await self.panel(panel_id)
        if panel.synthesis is None:
            message = "The synthesis is only available after every interview of the panel has finished"
            if panel.status == "failed":
                message = f"The panel failed ({panel.failure}). {message}"
            raise ApiError(400, "Panel not completed", message)
        self.write_json(200, panel.synthesis)
