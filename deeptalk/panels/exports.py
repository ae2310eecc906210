"""A panel's synthesis as JSON, as a Markdown report and as one self-contained HTML page.

All three take the synthesis dict of docs/panels.md ("The synthesis") and are pure functions of it:
the same synthesis gives the same bytes, so `deeptalk panel` can promise byte-identical reruns.
Every export leads with the synthesis's banner: a panel is synthetic and must never pass for
research with people.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["as_json", "as_markdown", "as_html"]

# Evidence is shown for, then against; a stance the docs do not name still shows, after them.
STANCES = ("supports", "contradicts")
STANCE_TITLES = {"supports": "Supports", "contradicts": "Contradicts"}
# CSS class per verdict; anything unexpected renders grey rather than failing the page.
VERDICT_CLASSES = {"supports": "v-supports", "contradicts": "v-contradicts", "mixed": "v-mixed"}
NO_EVIDENCE = "no evidence"

Transcripts = Mapping[str, Sequence[Mapping[str, Any]]]


def as_json(synthesis: Mapping[str, Any]) -> str:
    # The banner goes first whatever order the dict was built in: it is what a reader must see.
    ordered = {"banner": synthesis["banner"], **synthesis}
    return json.dumps(ordered, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# -- shared helpers --------------------------------------------------------------------------


def _short(interview_id: str) -> str:
    """The first block of a UUID: enough to tell a panel's interviews apart in a citation."""
    return interview_id[:8]


def _one_line(text: str) -> str:
    # A newline would end a table row or a blockquote line in Markdown.
    return " ".join(str(text).split())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _by_stance(evidence: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Evidence grouped by stance: supports, contradicts, then any other stance by name; each
    group keeps the synthesis's order so the output is as deterministic as its input."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for item in evidence:
        groups.setdefault(str(item.get("stance", "")), []).append(item)
    order = [s for s in STANCES if s in groups] + sorted(s for s in groups if s not in STANCES)
    return [(stance, groups[stance]) for stance in order]


def _engine_line(synthesis: Mapping[str, Any]) -> str:
    engine = synthesis.get("engine") or {}
    seeds = [str(seed) for seed in synthesis.get("seeds", [])]
    numbers = f"{'seed' if len(seeds) == 1 else 'seeds'} {', '.join(seeds) or '-'}"
    return f"engine {engine.get('name') or '-'}, model {engine.get('model') or 'none'}, {numbers}"


# -- Markdown --------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    # GFM splits rows on any `|` not escaped by a backslash, so the backslash itself is escaped
    # first: `a\|b` must not become `a\\|b`, which splits.
    return _one_line(str(value)).replace("\\", "\\\\").replace("|", "\\|")


def _md_quote(item: Mapping[str, Any]) -> str:
    source = f"{_short(item['interviewId'])}, {item['messageId']}"
    return f'> "{_one_line(item["quote"])}" — {_one_line(item["persona"])} ({source})'


def _md_quotes(items: Sequence[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for item in items:
        # A blank line between quotes keeps each its own blockquote rather than one paragraph.
        lines += [_md_quote(item), ""]
    return lines


def as_markdown(synthesis: Mapping[str, Any]) -> str:
    brief = synthesis["brief"]
    hypotheses = synthesis["hypotheses"]
    lines = [f"> ⚠ {line}" if i == 0 else f"> {line}" for i, line in enumerate(synthesis["banner"].splitlines())]
    lines += ["", "# Panel synthesis", "", f"**Goal:** {_one_line(brief['goal'])}", ""]
    lines += [f"_{_plural(len(synthesis['interviews']), 'interview')}; {_engine_line(synthesis)}._", ""]

    lines += [
        "## Hypotheses",
        "",
        "| id | hypothesis | verdict | supporting | contradicting |",
        "|---|---|---|---|---|",
    ]
    for hyp in hypotheses:
        cells = (hyp["id"], hyp["text"], hyp["verdict"], hyp["supporting"], hyp["contradicting"])
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append("")
    for hyp in hypotheses:
        lines += [f"### {hyp['id']}: {_one_line(hyp['text'])}", ""]
        lines += [f"**Verdict: {hyp['verdict']}.** {_one_line(hyp['summary'])}", ""]
        if hyp["verdict"] == NO_EVIDENCE or not hyp["evidence"]:
            continue
        for stance, items in _by_stance(hyp["evidence"]):
            lines += [f"**{STANCE_TITLES.get(stance, stance.capitalize() or 'Unclassified')}**", ""]
            lines += _md_quotes(items)

    lines += ["## Recurring themes", ""]
    if not synthesis["themes"]:
        lines += ["No theme recurred.", ""]
    for theme in synthesis["themes"]:
        lines += [f"### {_one_line(theme['theme'])}", ""]
        lines += [f"{_plural(theme['interviews'], 'interview')} / {_plural(theme['personas'], 'persona')}", ""]
        lines += _md_quotes(theme["quotes"])

    lines += ["## Flags", ""]
    for flag in synthesis["flags"]:
        ids = ", ".join(_short(i) for i in flag.get("interviewIds") or [])
        lines.append(f"- **{flag['flag']}**: {_one_line(flag['message'])}" + (f" (interviews: {ids})" if ids else ""))
    lines += [""] if synthesis["flags"] else ["No flags.", ""]

    lines += [
        "## Interviews",
        "",
        "| persona | role | industry | seed | status | interview |",
        "|---|---|---|---|---|---|",
    ]
    for interview in synthesis["interviews"]:
        persona = interview["persona"]
        cells = (persona["name"], persona["role"], persona["industry"], interview["seed"], interview["status"])
        lines.append("| " + " | ".join(_cell(c) for c in cells) + f" | `{_cell(interview['interviewId'])}` |")
    return "\n".join(lines) + "\n"


# -- HTML ------------------------------------------------------------------------------------

STYLE = """
:root { --supports: #1a7f37; --contradicts: #cf222e; --mixed: #b7791f; --none: #6e7781;
  --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; color: #1f2328; background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; margin: 1.5rem 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.banner { background: #fff8c5; border: 2px solid #d4a72c; border-radius: 8px; padding: .85rem 1rem;
  font-weight: 600; }
.goal { font-size: 1.1rem; margin: .25rem 0; }
.meta, .counts, cite, time { color: var(--muted); font-size: .9rem; font-style: normal; font-weight: normal; }
.verdict { display: inline-block; padding: 0 .6em; border-radius: 1em; color: #fff; font-size: .85rem;
  font-weight: 600; background: var(--none); vertical-align: middle; white-space: nowrap; }
.v-supports { background: var(--supports); } .v-contradicts { background: var(--contradicts); }
.v-mixed { background: var(--mixed); }
.chart { margin: 0; } .chart dl { margin: .5rem 0 0; }
.chart dt { margin-top: .6rem; font-weight: 600; }
.chart dd { margin: .15rem 0; display: flex; align-items: center; gap: .5rem; font-size: .85rem; }
.track { flex: 0 0 70%; height: .8rem; border-radius: 2px; background: #eaeef2; overflow: hidden; }
.bar { display: block; height: 100%; }
.chart dt .text { font-weight: normal; color: var(--muted); font-size: .9rem; }
.bar.sup, .key.sup { background: var(--supports); } .bar.con, .key.con { background: var(--contradicts); }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -.05rem; }
.legend { font-size: .85rem; color: var(--muted); }
.hyp { border-left: 5px solid var(--none); padding: .1rem 0 .1rem 1rem; margin: 1.5rem 0; }
.hyp.supports { border-color: var(--supports); } .hyp.contradicts { border-color: var(--contradicts); }
.hyp.mixed { border-color: var(--mixed); }
h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
blockquote { margin: .4rem 0; padding: .3rem .8rem; border-left: 3px solid var(--line); background: #f6f8fa; }
blockquote.supports { border-color: var(--supports); } blockquote.contradicts { border-color: var(--contradicts); }
blockquote a { color: inherit; }
.flags li { margin: .3rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
code { font-size: .85em; }
.transcript ol { list-style: none; padding: 0; }
.transcript li { padding: .35rem .6rem; border-radius: 6px; margin: .25rem 0; }
.transcript li.customer { background: #f6f8fa; }
.who { font-weight: 600; margin-right: .5rem; }
.text { white-space: pre-wrap; }
:target { outline: 3px solid #d4a72c; background: #fff8c5 !important; }
""".strip()


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _message_anchor(interview_id: str, message_id: str) -> str:
    return f"i-{interview_id}-{message_id}"


def _anchors(transcripts: Transcripts | None) -> set[str]:
    """The message ids the page will carry: a quote links only to a message that is there."""
    if not transcripts:
        return set()
    return {_message_anchor(i, m["id"]) for i, messages in transcripts.items() for m in messages if m.get("id")}


def _html_quotes(items: Sequence[Mapping[str, Any]], anchors: set[str], stance: str = "") -> list[str]:
    out = []
    for item in items:
        anchor = _message_anchor(item["interviewId"], item["messageId"])
        text = f"“{_e(item['quote'])}”"
        if anchor in anchors:
            text = f'<a href="#{_e(anchor)}">{text}</a>'
        source = f"{_e(_short(item['interviewId']))}, {_e(item['messageId'])}"
        css = f' class="{_e(stance)}"' if stance else ""
        out.append(f"<blockquote{css}>{text} <cite>— {_e(item['persona'])} ({source})</cite></blockquote>")
    return out


def _verdict_badge(verdict: str) -> str:
    return f'<span class="verdict {VERDICT_CLASSES.get(verdict, "v-none")}">{_e(verdict)}</span>'


def _chart(synthesis: Mapping[str, Any]) -> list[str]:
    """Pure HTML/CSS bars: each hypothesis's supporting and contradicting interviews, scaled to
    the panel's size so a bar reads as "how much of the panel"."""
    hypotheses = synthesis["hypotheses"]
    total = len(synthesis["interviews"])
    scale = max([total, 1] + [max(h["supporting"], h["contradicting"]) for h in hypotheses])
    out = [
        '<figure class="chart">',
        f"<figcaption>Interviews supporting and contradicting each hypothesis (of {total})</figcaption>",
        '<div class="legend"><span class="key sup"></span> supporting &nbsp; '
        '<span class="key con"></span> contradicting</div>',
        "<dl>",
    ]
    for hyp in hypotheses:
        out.append(
            f'<dt>{_e(hyp["id"])} {_verdict_badge(hyp["verdict"])} <span class="text">{_e(hyp["text"])}</span></dt>'
        )
        for css, key, label in (("sup", "supporting", "supporting"), ("con", "contradicting", "contradicting")):
            count = hyp[key]
            width = f"{100 * count / scale:.1f}%"
            out.append(
                f'<dd><span class="track"><span class="bar {css}" style="width:{width}"></span></span>'
                f"<span>{count} {label}</span></dd>"
            )
    out += ["</dl>", "</figure>"]
    return out


def _transcripts(synthesis: Mapping[str, Any], transcripts: Transcripts) -> list[str]:
    names = {i["interviewId"]: i["persona"]["name"] for i in synthesis["interviews"]}
    # The synthesis's order first, then any other transcript by id: deterministic either way.
    order = [i for i in names if i in transcripts] + sorted(i for i in transcripts if i not in names)
    out = ["<h2>Transcripts</h2>"]
    for interview_id in order:
        persona = names.get(interview_id, "Customer")
        out.append(f'<section class="transcript" id="i-{_e(interview_id)}">')
        out.append(f"<h3>{_e(persona)} <code>{_e(_short(interview_id))}</code></h3>")
        out.append("<ol>")
        for message in transcripts[interview_id]:
            agent = str(message.get("agent", ""))
            ident = f' id="{_e(_message_anchor(interview_id, message["id"]))}"' if message.get("id") else ""
            who = persona if agent == "customer" else agent.capitalize()
            stamp = message.get("timestamp")
            when = f' <time datetime="{_e(stamp)}">{_e(stamp)}</time>' if stamp else ""
            out.append(
                f'<li{ident} class="{_e(agent)}"><span class="who">{_e(who)}</span>'
                f"<code>{_e(message.get('id', ''))}</code>{when}"
                f'<div class="text">{_e(message.get("message", ""))}</div></li>'
            )
        out += ["</ol>", "</section>"]
    return out


def as_html(synthesis: Mapping[str, Any], transcripts: Transcripts | None = None) -> str:
    brief = synthesis["brief"]
    anchors = _anchors(transcripts)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Panel synthesis: {_e(brief['goal'])}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f'<div class="banner" role="note">⚠ {_e(synthesis["banner"])}</div>',
        "<h1>Panel synthesis</h1>",
        f'<p class="goal"><strong>Goal:</strong> {_e(brief["goal"])}</p>',
        f'<p class="meta">{_e(_plural(len(synthesis["interviews"]), "interview"))}; {_e(_engine_line(synthesis))}</p>',
        "<h2>Hypotheses</h2>",
    ]
    out += _chart(synthesis)
    for hyp in synthesis["hypotheses"]:
        verdict = hyp["verdict"]
        # The card's border takes the verdict's colour; "v-" classes are for the filled badges.
        out.append(f'<article class="hyp {VERDICT_CLASSES.get(verdict, "v-none")[2:]}">')
        out.append(f"<h3>{_e(hyp['id'])}: {_e(hyp['text'])} {_verdict_badge(verdict)}</h3>")
        out.append(f'<p class="counts">{_e(hyp["summary"])}</p>')
        if verdict != NO_EVIDENCE and hyp["evidence"]:
            for stance, items in _by_stance(hyp["evidence"]):
                out.append(f"<h4>{_e(STANCE_TITLES.get(stance, stance.capitalize() or 'Unclassified'))}</h4>")
                out += _html_quotes(items, anchors, stance)
        out.append("</article>")

    out.append("<h2>Recurring themes</h2>")
    if not synthesis["themes"]:
        out.append("<p>No theme recurred.</p>")
    for theme in synthesis["themes"]:
        reach = f"{_plural(theme['interviews'], 'interview')} / {_plural(theme['personas'], 'persona')}"
        out.append(f'<h3>{_e(theme["theme"])} <span class="counts">{_e(reach)}</span></h3>')
        out += _html_quotes(theme["quotes"], anchors)

    out.append("<h2>Flags</h2>")
    if synthesis["flags"]:
        out.append('<ul class="flags">')
        for flag in synthesis["flags"]:
            ids = ", ".join(_short(i) for i in flag.get("interviewIds") or [])
            where = f' <span class="counts">(interviews: {_e(ids)})</span>' if ids else ""
            out.append(f"<li><strong>{_e(flag['flag'])}</strong>: {_e(flag['message'])}{where}</li>")
        out.append("</ul>")
    else:
        out.append("<p>No flags.</p>")

    out += [
        "<h2>Interviews</h2>",
        "<table>",
        "<thead><tr><th>persona</th><th>role</th><th>industry</th><th>seed</th><th>status</th>"
        "<th>interview</th></tr></thead>",
        "<tbody>",
    ]
    for interview in synthesis["interviews"]:
        persona, interview_id = interview["persona"], interview["interviewId"]
        ident = f"<code>{_e(interview_id)}</code>"
        if transcripts and interview_id in transcripts:
            ident = f'<a href="#i-{_e(interview_id)}">{ident}</a>'
        cells = (persona["name"], persona["role"], persona["industry"], interview["seed"], interview["status"])
        out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + f"<td>{ident}</td></tr>")
    out += ["</tbody>", "</table>"]

    if transcripts:
        out += _transcripts(synthesis, transcripts)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
