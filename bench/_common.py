"""What the benchmarks share: process readings from /proc, the personas, timestamps."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PERSONAS = [
    {"name": "Sarah Chen", "role": "Startup Founder", "industry": "B2B SaaS", "background": "Remote team tools."},
    {"name": "Omar Haddad", "role": "Ward Nurse", "industry": "Healthcare", "background": "Night shifts."},
    {"name": "Lena Vogel", "role": "Teacher", "industry": "Education", "background": "Year 9 science."},
    {"name": "Raj Patel", "role": "Shop Owner", "industry": "Retail", "background": "Homeware shop."},
]


def parse_timestamp(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return fields
