"""`deeptalk guide lint FILE`: the Mom Test's rules over an interview guide, before a panel runs it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..guide_lint import lint_guide, read_questions
from ..settings import Settings


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The command's own arguments; --log-level comes from the settings table."""
    parser = commands.add_parser("guide", help="Check an interview guide against the Mom Test's rules.")
    parser.add_argument("action", choices=["lint"], help="lint: flag leading, hypothetical, yes/no, ... questions")
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="a research brief (.json, .yaml or .yml, with a guide list) or a text file with one question a line",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """0: nothing flagged; 1: a question broke a rule; 2: the file cannot be read."""
    try:
        questions = read_questions(args.file)
    except ValueError as exc:
        print(f"deeptalk guide: {exc}", file=sys.stderr)
        return 2
    linted = lint_guide(questions)
    flagged = sum(1 for _, _, findings in linted if findings)
    if args.format == "json":
        report = {
            "questions": [
                {"index": n, "question": q, "findings": [f.as_dict() for f in findings]} for n, q, findings in linted
            ],
            "flagged": flagged,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for n, question, findings in linted:
            if findings:
                print(f'{n}. "{question}"')
                for finding in findings:
                    print(f"   {finding.rule}: {finding.reason}")
                    print(f"   try: {finding.rewrite}")
        print(f"{flagged} of {len(linted)} questions flagged")
    return 1 if flagged else 0
