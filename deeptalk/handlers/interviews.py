"""The three REST endpoints of the contract."""
from __future__ import annotations

from ..errors import ApiError, not_found
from ..live import LiveInterview
from ..payloads import start_response, status_response
from ..validation import parse_start_request
from .base import ApiHandler


class StartHandler(ApiHandler):
    async def post(self) -> None:
        request = parse_start_request(self.body)
        limiter = self.services.limiter
        wait = limiter.take(self.request.remote_ip or "unknown")
        if wait:
            raise ApiError(
                429,
                "Too many requests",
                "Too many interviews started from this address; try again shortly",
                {"Retry-After": limiter.retry_after(wait)},
            )
        live = await self.services.runner.start(request.persona, request.options)
        self.write_json(201, start_response(live.interview))


class InterviewHandler(ApiHandler):
    async def interview(self, interview_id: str) -> LiveInterview:
        live = await self.services.registry.get(interview_id)
        if live is None:
            raise not_found(interview_id)
        return live


class StatusHandler(InterviewHandler):
    async def get(self, interview_id: str) -> None:
        live = await self.interview(interview_id)
        self.write_json(200, status_response(live.interview))


class InsightsHandler(InterviewHandler):
    async def get(self, interview_id: str) -> None:
        live = await self.interview(interview_id)
        status = live.interview.status
        if status != "completed":
            message = "Insights are only available after the interview is completed"
            if status == "failed" and live.interview.failure:
                message = f"The interview failed ({live.interview.failure['error']}). {message}"
            raise ApiError(400, "Interview not completed", message)
        self.write_json(200, await self.services.runner.insights_for(live))
