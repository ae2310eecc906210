"""The contract's response bodies and stream frames, built from the stored records."""

from __future__ import annotations

from ..records import Interview, Message


def start_response(interview: Interview) -> dict:
    return {"interviewId": interview.id, "status": interview.status}


def status_response(interview: Interview) -> dict:
    return {
        "interviewId": interview.id,
        "status": interview.status,
        "messageCount": interview.message_count,
        "isComplete": interview.status == "completed",
        "createdAt": interview.created_at,
        "completedAt": interview.completed_at,
        "seed": interview.seed,
    }


def message_frame(message: Message) -> dict:
    return {"type": "message", "payload": message.payload()}


def complete_frame(interview: Interview) -> dict:
    return {
        "type": "complete",
        "payload": {
            "interviewId": interview.id,
            "messageCount": interview.message_count,
            "completedAt": interview.completed_at,
        },
    }


def error_frame(interview: Interview) -> dict:
    failure = interview.failure or {"error": "Interview failed", "message": "The interview could not be completed"}
    return {"type": "error", "error": failure["error"], "message": failure["message"]}
