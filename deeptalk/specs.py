"""The contract as machine-readable specs: OpenAPI 3.1 for REST, AsyncAPI 3.0 for the stream.

Both are assembled from the JSON Schemas in contract.py, the ones the server validates with
and the tests check responses against, so the specs cannot drift from the server.
"""

from __future__ import annotations

from typing import Any

from . import __version__, contract
from .panels import schemas as panels

TITLE = "DeepTalk AI Interviews"
JSON = "application/json"
INTERVIEW_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The interview's id (from start)",
    "schema": {"type": "string"},
}
_retry_after = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "string", "pattern": r"^\d+$"},
    }
}
_allow = {"Allow": {"description": "The methods this path answers", "schema": {"type": "string"}}}

HANDSHAKE_REFUSALS = {
    403: "Origin not allowed",
    426: "Not a WebSocket upgrade request",
    503: "Too many streams open",
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None, links: dict | None = None) -> dict:
    response: dict[str, Any] = {"description": description, "content": {JSON: {"schema": schema}}}
    if headers:
        response["headers"] = headers
    if links:
        response["links"] = links
    return response


def _error(description: str, headers: dict | None = None) -> dict:
    return _json(_ref("Error"), description, headers)


def _common_errors(*, path_has_id: bool) -> dict:
    errors = {
        "405": _error("Method not allowed on this path (for other methods)", _allow),
        "500": _error("Internal error (JSON, never a traceback)"),
    }
    if path_has_id:
        errors["404"] = _error("No interview with this id")
    return errors


PANEL_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "The panel's id (from POST /api/panels)",
    "schema": {"type": "string"},
}


def _links(id_field: str, **operations: tuple[str, str]) -> dict:
    """OpenAPI links from a start's answer to the operations that take its id (name: operation, text)."""
    return {
        name: {"operationId": operation, "parameters": {"id": f"$response.body#/{id_field}"}, "description": text}
        for name, (operation, text) in operations.items()
    }


def _panel_paths() -> dict:
    """The panels' endpoints: extensions beside the contract (docs/panels.md)."""
    links = _links(
        "panelId",
        GetPanel=("getPanel", "The panel just started: its progress and interviews"),
        GetSynthesis=("getPanelSynthesis", "Its synthesis, once every interview has finished"),
    )
    not_found = _error("No panel with this id")
    return {
        "/api/panels": {
            "post": {
                "operationId": "startPanel",
                "summary": "Start a panel: one interview per persona and seed, against a research brief",
                "description": "An extension beside the contract. Its interviews are ordinary interviews.",
                "requestBody": {"required": True, "content": {JSON: {"schema": _ref("PanelRequest")}}},
                "responses": {
                    "201": _json(_ref("PanelStarted"), "Started", links=links),
                    "400": _error(
                        "Invalid JSON, persona, brief or options; a guide the linter flags (without "
                        "allowLintErrors); more interviews than --max-panel-interviews"
                    ),
                    "413": _error("Request body too large"),
                    "429": _error("Starting this many interviews would exceed the address's rate limit", _retry_after),
                    "503": _error("Too many interviews in progress or waiting", _retry_after),
                    **_common_errors(path_has_id=False),
                },
            }
        },
        "/api/panels/{id}": {
            "get": {
                "operationId": "getPanel",
                "summary": "A panel's status, progress and interviews",
                "parameters": [PANEL_ID],
                "responses": {
                    "200": _json(_ref("PanelStatus"), "The panel"),
                    "404": not_found,
                    **_common_errors(path_has_id=False),
                },
            }
        },
        "/api/panels/{id}/synthesis": {
            "get": {
                "operationId": "getPanelSynthesis",
                "summary": "The synthesis of a finished panel: themes, hypotheses with evidence, flags",
                "parameters": [PANEL_ID],
                "responses": {
                    "200": _json(_ref("Synthesis"), "The synthesis"),
                    "400": _error("The panel has not finished (or failed)"),
                    "404": not_found,
                    **_common_errors(path_has_id=False),
                },
            }
        },
    }


def openapi(server_url: str = "http://localhost:8000") -> dict:
    links = _links(
        "interviewId",
        GetStatus=("getInterviewStatus", "The status of the interview just started"),
        GetInsights=("getInterviewInsights", "Its insights, once it is completed"),
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": __version__,
            "description": "Start an interview, follow it over the WebSocket stream (see /asyncapi.json), "
            "then read its status and insights. Every error is JSON: {error, message}.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/interviews/start": {
                "post": {
                    "operationId": "startInterview",
                    "summary": "Start an interview for a persona",
                    "requestBody": {"required": True, "content": {JSON: {"schema": _ref("StartRequest")}}},
                    "responses": {
                        "201": _json(
                            _ref("StartResponse"), "Started; stream it at /api/interviews/{id}/stream", links=links
                        ),
                        "400": _error("Invalid JSON, persona or options; the message names the field"),
                        "413": _error("Request body too large"),
                        "429": _error("Too many interviews started from this address", _retry_after),
                        "503": _error("Too many interviews in progress", _retry_after),
                        **_common_errors(path_has_id=False),
                    },
                }
            },
            "/api/interviews/{id}/status": {
                "get": {
                    "operationId": "getInterviewStatus",
                    "summary": "An interview's status",
                    "parameters": [INTERVIEW_ID],
                    "responses": {
                        "200": _json(_ref("Status"), "The interview's status"),
                        **_common_errors(path_has_id=True),
                    },
                }
            },
            "/api/interviews/{id}/insights": {
                "get": {
                    "operationId": "getInterviewInsights",
                    "summary": "Insights drawn from a completed interview",
                    "parameters": [INTERVIEW_ID],
                    "responses": {
                        "200": _json(_ref("Insights"), "The insights"),
                        "400": _error("The interview is not completed (in progress or failed)"),
                        "503": _error("The analysis is still running", _retry_after),
                        **_common_errors(path_has_id=True),
                    },
                }
            },
            **_panel_paths(),
            "/api/health": {
                "get": {
                    "operationId": "getHealth",
                    "summary": "The engine, its model process (pid, restarts and why), interviews in progress",
                    "description": "An extension beside the contract, for operators and monitoring.",
                    "responses": {
                        "200": _json(_ref("Health"), "The server's state"),
                        **_common_errors(path_has_id=False),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Persona": contract.PERSONA,
                "Options": contract.OPTIONS,
                "StartRequest": {
                    **contract.START_REQUEST,
                    "properties": {"persona": _ref("Persona"), "options": _ref("Options")},
                },
                "StartResponse": contract.START_RESPONSE,
                "Error": contract.ERROR,
                "Status": contract.STATUS,
                "Insights": contract.INSIGHTS,
                "Health": contract.HEALTH,
                "Brief": panels.BRIEF,
                "PanelRequest": {
                    **panels.PANEL_REQUEST,
                    "properties": {**panels.PANEL_REQUEST["properties"], "brief": _ref("Brief")},
                },
                "PanelStarted": panels.PANEL_STARTED,
                "PanelStatus": panels.PANEL_STATUS,
                "Synthesis": panels.SYNTHESIS,
            }
        },
    }


FRAMES = {
    "message": (contract.MESSAGE_FRAME, "One message of the interview, in order (msg-001, msg-002, ...)"),
    "complete": (contract.COMPLETE_FRAME, "The interview completed; the server then closes with 1000"),
    "error": (contract.ERROR_FRAME, "The interview failed; the server then closes with 4500"),
}


def asyncapi(host: str = "localhost:8000") -> dict:
    close_codes = "; ".join(f"{code}: {meaning}" for code, meaning in contract.CLOSE_CODES.items())
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"{TITLE}: interview stream",
            "version": __version__,
            "description": "Each socket first replays every message so far, then follows the interview live, "
            "then gets `complete` or `error` and is closed. Reconnecting is always safe.",
        },
        "servers": {"deeptalk": {"host": host, "protocol": "ws"}},
        "channels": {
            "interviewStream": {
                "address": "/api/interviews/{interviewId}/stream",
                "parameters": {"interviewId": {"description": "The id returned by POST /api/interviews/start"}},
                "description": f"Close codes: {close_codes}.",
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in FRAMES},
                "x-close-codes": {str(code): meaning for code, meaning in contract.CLOSE_CODES.items()},
                "x-handshake-refusals": {str(code): meaning for code, meaning in HANDSHAKE_REFUSALS.items()},
            }
        },
        "operations": {
            "receiveInterview": {
                "action": "receive",
                "channel": {"$ref": "#/channels/interviewStream"},
                "summary": "Frames the server sends; clients send nothing",
                "messages": [{"$ref": f"#/channels/interviewStream/messages/{name}"} for name in FRAMES],
            }
        },
        "components": {
            "messages": {
                name: {
                    "name": name,
                    "contentType": JSON,
                    "summary": summary,
                    "payload": {"schemaFormat": "application/schema+json;version=draft-2020-12", "schema": schema},
                }
                for name, (schema, summary) in FRAMES.items()
            }
        },
    }
