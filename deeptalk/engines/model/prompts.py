"""Prompt templates (templates/*.j2) rendered into chat messages, in a sandbox.

Each template defines a `system` and a `user` block, rendered separately, so no persona text
can move the boundary between them. Persona text is passed as data (never evaluated as a
template) and cleared of chat control tokens such as `<|im_end|>`, which would otherwise end
a turn inside the model's prompt.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ...json_strings import map_strings

_CONTROL_TOKEN = re.compile(r"<\|[^|>]{0,40}\|>|</?s>")


def neutralise(value: Any) -> Any:
    return map_strings(value, lambda text: _CONTROL_TOKEN.sub(" ", text))


class Prompts:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.environment = SandboxedEnvironment(
            loader=FileSystemLoader(str(self.directory)),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    @property
    def version(self) -> str:
        """A digest of every template: recorded with fixtures, part of determinism."""
        digest = hashlib.sha256()
        for path in sorted(self.directory.glob("*.j2")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:12]

    def messages(self, template_name: str, /, **variables: Any) -> list[dict[str, str]]:
        template = self.environment.get_template(f"{template_name}.j2")
        context = template.new_context({key: neutralise(value) for key, value in variables.items()})
        return [
            {"role": role, "content": "".join(template.blocks[role](context)).strip()}
            for role in ("system", "user")
            if role in template.blocks
        ]
