"""GET /: the built-in viewer, a page that uses only the public contract (works offline, no CDN)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ... import contract
from ...errors import ApiError
from .base import ApiHandler

WEB = Path(__file__).resolve().parent.parent / "web"
ASSETS = {"viewer.js": "application/javascript; charset=utf-8", "viewer.css": "text/css; charset=utf-8"}
LABELS = {"name": "Name", "role": "Role", "industry": "Industry", "background": "Background"}
_pages = Environment(loader=FileSystemLoader(str(WEB)), autoescape=select_autoescape(["html"]))


class ViewerHandler(ApiHandler):
    def get(self) -> None:
        fields = [
            (name, LABELS[name], contract.PERSONA["properties"][name]["maxLength"]) for name in contract.PERSONA_FIELDS
        ]
        page = _pages.get_template("index.html").render(
            title="DeepTalk AI Interviews", engine=self.services.engine.describe(), fields=fields
        )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(page)


class ViewerAssetHandler(ApiHandler):
    def get(self, name: str) -> None:
        if name not in ASSETS:
            raise ApiError(404, "Not found", f"No route for GET {self.request.path}")
        self.set_header("Content-Type", ASSETS[name])
        self.finish((WEB / name).read_bytes())
