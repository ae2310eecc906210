"""The exit statuses of every `deeptalk` command, one per kind of failure, and the one line that
says why. Scripts and CI can tell "fix your settings" from "the engine could not run".

    0  done
    1  it could not run or finish: an engine that cannot run (no usable model, a model process
       that crashed on every try, a model server that does not answer), or a result that failed
       its own check (eval's targets, the guide linter's findings)
    2  a bad setting, flag or input (a persona file, a brief, a fixtures folder, an adapter built
       for another model): nothing ran
"""

from __future__ import annotations

import sys

OK = 0
FAILED = 1
USAGE = 2


def status_for(error: BaseException) -> int:
    """FAILED for an engine that cannot run; USAGE for anything the user gave that is wrong."""
    # Imported here: `deeptalk --help` and a bad flag answer without importing the engines.
    from .engines.backends.smoke import SmokeCheckFailed
    from .engines.base import EngineFailure
    from .engines.kinds import EngineMisconfigured, EngineUnavailable

    if isinstance(error, EngineMisconfigured):  # a setting given for the engine is wrong
        return USAGE
    if isinstance(error, (EngineUnavailable, EngineFailure, SmokeCheckFailed)):
        return FAILED
    return USAGE


def refuse(command: str, error: BaseException) -> int:
    """Say in one line why `command` stopped (no traceback) and return its exit status."""
    message = getattr(error, "message", None) or str(error)
    print(f"deeptalk {command}: {message}", file=sys.stderr)
    return status_for(error)


def expected() -> tuple[type[BaseException], ...]:
    """What a command's set-up may raise for a reason the user can act on (else a traceback: a bug)."""
    from .engines.backends.model_files import ModelError
    from .engines.backends.smoke import SmokeCheckFailed
    from .engines.base import EngineFailure
    from .engines.kinds import EngineUnavailable
    from .errors import ApiError

    return (ValueError, OSError, ApiError, EngineUnavailable, EngineFailure, SmokeCheckFailed, ModelError)
