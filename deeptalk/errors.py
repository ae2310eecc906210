"""The one error type the HTTP layer turns into the contract's `{error, message}` body."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(f"{status} {error}: {message}")
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, str]:
        return {"error": self.error, "message": self.message}


def not_found(interview_id: str) -> ApiError:
    return ApiError(404, "Interview not found", f"No interview found with ID: {interview_id}")
