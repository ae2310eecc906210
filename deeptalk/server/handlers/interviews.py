"""The three REST endpoints of the contract."""

from __future__ import annotations

from ...errors import ApiError, not_found
from ...validation import parse_start_request
from ..frames import start_response, status_response
from ..live import LiveInterview
from ..runner import AnalysisFailed, AnalysisRunning, Busy, NotStored
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
        try:
            live = await self.services.runner.start(request.persona, request.options)
        except Busy as busy:
            raise ApiError(
                503,
                "Server busy",
                f"{busy.limit} interviews are already in progress; try again shortly",
                {"Retry-After": "10"},
            ) from None
        except NotStored as failure:
            raise ApiError(500, "Failed to start interview", str(failure)) from None
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
        try:
            insights = await self.services.runner.insights_for(live)
        except AnalysisFailed as failure:
            raise ApiError(500, "Failed to generate insights", str(failure)) from None
        except AnalysisRunning:
            raise ApiError(
                503, "Insights not ready", "The analysis is still running; try again shortly", {"Retry-After": "5"}
            ) from None
        self.write_json(200, insights)
