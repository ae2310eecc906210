"""A panel's synthesis as JSON, Markdown and one self-contained HTML page (docs/panels.md)."""

from __future__ import annotations

import copy
import html
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk.panels.exports import as_html, as_json, as_markdown

ANA, BEN, CARLA = (
    "3f2b9c1e-8d4a-4c6b-9a1e-0b7d5e2f6a11",
    "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e22",
    "b9e8d7c6-5a4b-4e3d-9c2b-1a0f9e8d7c33",
)
BANNER = (
    "Synthetic interviews, not research with people: engine fixture, model none, seeds 1. "
    "A panel shows what to ask and what to listen for; it is never evidence about real people."
)


def _persona(name: str, role: str, industry: str) -> dict:
    return {"name": name, "role": role, "industry": industry, "background": f"{name} has run the place for years."}


def _synthesis() -> dict:
    """A small panel: three interviews, one hypothesis supported, one not tested at all."""
    return {
        "banner": BANNER,
        "engine": {"name": "fixture", "model": None, "adapter": None},
        "seeds": [1],
        "brief": {
            "goal": "Find out how small restaurant owners handle supplier ordering today.",
            "hypotheses": [
                {"id": "H1", "text": "Owners lose hours every week to ordering from suppliers.", "topic": None},
                {"id": "H2", "text": "Owners have already tried an ordering app and dropped it.", "topic": "apps"},
            ],
            "guide": [],
        },
        "interviews": [
            {"interviewId": ANA, "persona": _persona("Ana", "Owner", "Restaurants"), "seed": 1, "status": "completed"},
            {"interviewId": BEN, "persona": _persona("Ben", "Chef", "Restaurants"), "seed": 1, "status": "completed"},
            {"interviewId": CARLA, "persona": _persona("Carla", "Owner", "Cafés"), "seed": 1, "status": "completed"},
        ],
        "themes": [
            {
                "theme": "Supplier Ordering",
                "interviews": 2,
                "personas": 2,
                "interviewIds": [ANA, BEN],
                "quotes": [
                    {"interviewId": ANA, "messageId": "msg-004", "persona": "Ana", "quote": "I call three suppliers."},
                    {"interviewId": BEN, "messageId": "msg-002", "persona": "Ben", "quote": "Orders eat my Sunday."},
                ],
            },
            {
                "theme": "Cash Flow",
                "interviews": 1,
                "personas": 1,
                "interviewIds": [CARLA],
                "quotes": [
                    {"interviewId": CARLA, "messageId": "msg-006", "persona": "Carla", "quote": "Paying on 30 days."}
                ],
            },
        ],
        "hypotheses": [
            {
                "id": "H1",
                "text": "Owners lose hours every week to ordering from suppliers.",
                "verdict": "supports",
                "supporting": 2,
                "contradicting": 0,
                "summary": "2 of 3 distinct interviews support it, 0 contradict it.",
                "evidence": [
                    {
                        "interviewId": ANA,
                        "messageId": "msg-004",
                        "persona": "Ana",
                        "stance": "supports",
                        "quote": "Ordering from suppliers takes me four hours every week.",
                    },
                    {
                        "interviewId": BEN,
                        "messageId": "msg-002",
                        "persona": "Ben",
                        "stance": "supports",
                        "quote": "Every week I lose my Sunday to ordering.",
                    },
                ],
            },
            {
                "id": "H2",
                "text": "Owners have already tried an ordering app and dropped it.",
                "verdict": "no evidence",
                "supporting": 0,
                "contradicting": 0,
                "summary": "No answer matched this hypothesis.",
                "evidence": [],
            },
        ],
        "flags": [
            {"flag": "small_n", "message": "Only 3 personas: no count here generalises.", "interviewIds": []},
            {
                "flag": "single_persona_theme",
                "message": "Only Carla raised Cash Flow.",
                "interviewIds": [CARLA],
            },
        ],
    }


def _transcripts(synthesis: dict) -> dict[str, list[dict]]:
    """Each interview's messages, holding every quote the synthesis cites at its message id."""
    cited: dict[tuple[str, str], list[str]] = {}
    quotes = [q for h in synthesis["hypotheses"] for q in h["evidence"]]
    quotes += [q for t in synthesis["themes"] for q in t["quotes"]]
    for q in quotes:
        cited.setdefault((q["interviewId"], q["messageId"]), []).append(q["quote"])
    transcripts = {}
    for interview in synthesis["interviews"]:
        iid = interview["interviewId"]
        messages = []
        for n in range(1, 7):
            mid = f"msg-{n:03d}"
            agent = "interviewer" if n % 2 else "customer"
            text = " ".join(cited.get((iid, mid), [])) or f"Message {n}."
            messages.append({"id": mid, "agent": agent, "message": text, "timestamp": f"2025-01-01T10:00:0{n}.000Z"})
        transcripts[iid] = messages
    return transcripts


@pytest.fixture
def synthesis() -> dict:
    return _synthesis()


def _with_quote(synthesis: dict, quote: str) -> dict:
    changed = copy.deepcopy(synthesis)
    changed["hypotheses"][0]["evidence"][0]["quote"] = quote
    return changed


def test_every_export_leads_with_the_banner(synthesis):
    assert list(json.loads(as_json(synthesis)))[0] == "banner" and as_json(synthesis).startswith('{\n  "banner"')
    assert as_markdown(synthesis).startswith(f"> ⚠ {BANNER}\n")
    page = as_html(synthesis)
    body = page.split("<main>", 1)[1]
    assert body.lstrip().startswith('<div class="banner"') and html.escape(BANNER) in body.split("</div>", 1)[0]


def test_json_keeps_the_banner_first_whatever_the_dict_order(synthesis):
    reordered = {key: synthesis[key] for key in reversed(list(synthesis))}
    assert as_json(reordered).startswith('{\n  "banner"') and json.loads(as_json(reordered)) == synthesis


def test_markdown_has_a_table_row_per_hypothesis_with_its_verdict(synthesis):
    rows = [line for line in as_markdown(synthesis).splitlines() if re.match(r"\| H\d \|", line)]
    assert rows == [
        "| H1 | Owners lose hours every week to ordering from suppliers. | supports | 2 | 0 |",
        "| H2 | Owners have already tried an ordering app and dropped it. | no evidence | 0 | 0 |",
    ]


def test_a_pipe_in_a_quote_or_cell_does_not_break_the_markdown_table(synthesis):
    synthesis = _with_quote(synthesis, "either | or")
    synthesis["hypotheses"][0]["text"] = r"Owners pay | and a backslash \| too"
    markdown = as_markdown(synthesis)
    row = next(line for line in markdown.splitlines() if line.startswith("| H1 |"))
    # Five cells: the pipes left unescaped are exactly the six borders.
    assert len(re.findall(r"(?<!\\)(?:\\\\)*\|", row)) == 6
    assert '> "either | or" — Ana (3f2b9c1e, msg-004)' in markdown


def test_markdown_is_deterministic(synthesis):
    assert as_markdown(synthesis).encode() == as_markdown(copy.deepcopy(synthesis)).encode()


def test_html_is_deterministic(synthesis):
    transcripts = _transcripts(synthesis)
    assert as_html(synthesis, transcripts).encode() == as_html(copy.deepcopy(synthesis), transcripts).encode()


def test_html_is_self_contained(synthesis):
    page = as_html(synthesis, _transcripts(synthesis))
    assert '<meta charset="utf-8">' in page and "<style>" in page
    for outside in ("http://", "https://", "<script src", "<link", "src="):
        assert outside not in page


def test_html_escapes_a_script_in_a_quote(synthesis):
    page = as_html(_with_quote(synthesis, "<script>alert('x')</script> & more"))
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page


def test_with_transcripts_every_quote_links_to_a_message_in_the_page(synthesis):
    page = as_html(synthesis, _transcripts(synthesis))
    links = re.findall(r'<a href="#([^"]+)">“', page)
    quotes = [q for h in synthesis["hypotheses"] for q in h["evidence"]] + [
        q for t in synthesis["themes"] for q in t["quotes"]
    ]
    assert len(links) == len(quotes) == 5
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert all(link in ids for link in links)
    assert f"i-{ANA}-msg-004" in links and f'<section class="transcript" id="i-{ANA}">' in page


def test_without_transcripts_quotes_are_plain_text(synthesis):
    page = as_html(synthesis)
    assert "<a href" not in page and "“Ordering from suppliers takes me four hours every week.”" in page


def test_a_no_evidence_hypothesis_says_no_evidence_in_every_export(synthesis):
    h2 = next(h for h in json.loads(as_json(synthesis))["hypotheses"] if h["id"] == "H2")
    assert h2["verdict"] == "no evidence"
    markdown_h2 = as_markdown(synthesis).split("### H2:", 1)[1].split("## ", 1)[0]
    assert "no evidence" in markdown_h2.lower()
    page_h2 = as_html(synthesis).split("<h3>H2:", 1)[1].split("</article>", 1)[0]
    assert '<span class="verdict v-none">no evidence</span>' in page_h2


def test_html_colours_each_verdict(synthesis):
    page = as_html(synthesis)
    assert '<span class="verdict v-supports">supports</span>' in page and '<article class="hyp supports">' in page
    assert '<article class="hyp none">' in page


@given(st.text(min_size=1))
def test_any_quote_is_in_the_html_escaped_and_never_as_markup(quote):
    synthesis = _synthesis()
    page = as_html(_with_quote(synthesis, quote))
    assert html.escape(quote) in page
    # No "<" of the quote reaches the page: it holds as many as the page with a harmless quote.
    assert page.count("<") == as_html(_with_quote(synthesis, "x")).count("<")
