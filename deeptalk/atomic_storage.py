"""A TinyDB storage whose writes are atomic and durable, and which holds no open file.

TinyDB's JSONStorage rewrites its file in place through a handle it keeps open: a crash
mid-write leaves a truncated file, and thousands of databases would exhaust file handles.
This one writes a temporary file, fsyncs it and renames it over the old one, so a reader
(or a restart after kill -9) always sees a whole previous or whole new version.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from tinydb.storages import Storage


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike, create_dirs: bool = False):
        self.path = Path(path)
        if create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict | None:
        try:
            with open(self.path, encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return None

    def write(self, data: dict) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    def close(self) -> None:
        pass
