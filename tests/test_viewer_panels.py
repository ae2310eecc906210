"""The viewer's Panel view at GET /: the form served in the page, and a whole panel in headless
Chromium (brief -> progress -> synthesis -> a quote opens its interview at the quoted message)."""

import json
import os
from pathlib import Path

import pytest
from live_server import PERSONA

PERSONAS = [
    PERSONA,
    {"name": "Tom Becker", "role": "Ward Nurse", "industry": "Healthcare", "background": "Night shifts on a ward."},
    {"name": "Lena Ortiz", "role": "Logistics Manager", "industry": "Logistics", "background": "Runs 30 drivers."},
]
GOAL = "Find out where frontline workers lose time to tools and paperwork."
HYPOTHESES = ["Handovers depend on memory and lose important details.", "Beekeepers sell honey at markets."]
FLAGGED_GUIDE = ["Would you use an app that does this?"]


def test_the_page_has_the_panel_form_fields(server):
    page = server.get("/").text
    for field in ("personas", "goal", "hypotheses", "guide", "seeds"):
        assert f'name="{field}"' in page
    assert 'id="start-panel"' in page and ">Interview</button>" in page and ">Panel</button>" in page
    prefilled = page.split('name="personas"')[1].split(">", 1)[1].split("</textarea>")[0]
    personas = [json.loads(line) for line in prefilled.splitlines() if line.strip()]
    assert len(personas) == 3 and all(set(p) == {"name", "role", "industry", "background"} for p in personas)


# -- in a real browser ------------------------------------------------------------------
from browser import chromium  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as shows  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def css(browser, selector):
    return browser.find_elements(By.CSS_SELECTOR, selector)


def start_panel(browser, server, guide=()):
    browser.get(server.url("/"))
    browser.find_element(By.CSS_SELECTOR, '#views button[data-view="panel"]').click()
    fields = {
        "personas": "\n".join(json.dumps(p) for p in PERSONAS),
        "goal": GOAL,
        "hypotheses": "\n".join(HYPOTHESES),
        "guide": "\n".join(guide),
        "seeds": "1",
    }
    for field, value in fields.items():
        box = browser.find_element(By.CSS_SELECTOR, f'#panel-form [name="{field}"]')
        box.clear()
        box.send_keys(value)
    browser.find_element(By.ID, "start-panel").click()


def quoted(link):
    """A quote link's interview, message and quote (its text without the quotation marks)."""
    return link.get_attribute("data-interview"), link.get_attribute("data-message"), link.text[1:-1]


def save_screenshot(browser, tmp_path):
    """The whole page (the window made as tall as the page for a moment), kept where
    DEEPTALK_SCREENSHOTS says (as test_viewer.py's), else with the test's temporary files."""
    size = browser.get_window_size()
    browser.set_window_size(size["width"], browser.execute_script("return document.body.scrollHeight") + 200)
    try:
        shots = Path(os.environ.get("DEEPTALK_SCREENSHOTS") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(shots / "panel-viewer.png"))
    finally:
        browser.set_window_size(size["width"], size["height"])


def test_a_whole_panel_renders_its_synthesis_and_opens_quotes_in_their_interview(browser, server, tmp_path):
    start_panel(browser, server)
    wait = WebDriverWait(browser, 60)
    wait.until(shows.visibility_of_element_located((By.ID, "synthesis")))
    panel_id = browser.execute_script("return panelId")
    panel = server.get(f"/api/panels/{panel_id}").json()
    synthesis = server.get(f"/api/panels/{panel_id}/synthesis").json()

    # The brief, the progress and the interviews, as the API has them.
    assert browser.find_element(By.ID, "panel-goal").text == f"Goal: {GOAL}"
    assert [h.text for h in css(browser, "#panel-hypotheses li")] == [f"H{i} {h}" for i, h in enumerate(HYPOTHESES, 1)]
    assert browser.find_element(By.ID, "panel-progress").text == "3 of 3 interviews completed"
    listed = css(browser, "#panel-interviews li")
    assert [item.get_attribute("data-interview") for item in listed] == [i["interviewId"] for i in panel["interviews"]]
    for item, interview in zip(listed, panel["interviews"], strict=True):
        assert interview["persona"]["name"] in item.text and f"seed {interview['seed']}" in item.text
        assert item.find_element(By.CLASS_NAME, "status").text == interview["status"] == "completed"
    assert [i["interviewId"] for i in synthesis["interviews"]] == [i["interviewId"] for i in panel["interviews"]]

    # The synthesis: banner, chart, verdicts, themes, flags.
    assert browser.find_element(By.ID, "synthesis-banner").text == synthesis["banner"]
    hypotheses = synthesis["hypotheses"]
    assert [v.text for v in css(browser, "#synthesis .verdict")] == [h["verdict"] for h in hypotheses]
    for kind, key in (("supports", "supporting"), ("contradicts", "contradicting")):
        counts = [int(bar.get_attribute("data-count")) for bar in css(browser, f"#chart .bar-{kind}")]
        assert counts == [h[key] for h in hypotheses]
    assert [t.text for t in css(browser, "#synthesis-themes h4")] == [t["theme"] for t in synthesis["themes"]]
    assert [f.get_attribute("data-flag") for f in css(browser, "#synthesis-flags li")] == [
        f["flag"] for f in synthesis["flags"]
    ]
    quotes = {
        (q["interviewId"], q["messageId"], q["quote"])
        for q in [q for h in hypotheses for q in h["evidence"]] + [q for t in synthesis["themes"] for q in t["quotes"]]
    }
    links = css(browser, "#synthesis .quote-link")
    assert quotes and {quoted(link) for link in links} == quotes

    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(browser, tmp_path)

    # The first quote opens its interview in the Interview view, at the quoted message.
    link = links[0]
    interview_id, message_id, quote = quoted(link)
    link.click()
    marked = wait.until(shows.visibility_of_element_located((By.CSS_SELECTOR, "#messages .message.highlight")))
    assert not browser.find_element(By.ID, "panel-view").is_displayed()
    assert marked.get_attribute("data-message-id") == message_id and quote in marked.text
    wait.until(shows.visibility_of_element_located((By.ID, "view-insights")))  # the whole transcript is in
    streamed = server.stream(interview_id).messages
    bubbles = css(browser, "#messages .message")
    assert [b.find_element(By.CLASS_NAME, "text").text for b in bubbles] == [m["message"] for m in streamed]
    assert len(css(browser, "#messages .highlight")) == 1
    assert browser.save_screenshot(str(tmp_path / "panel-quote.png"))
    assert f"interview={interview_id}" in browser.current_url and f"message={message_id}" in browser.current_url

    # The same kind of link opened directly, in a fresh page.
    last = links[-1]
    target = (last.get_attribute("data-interview"), last.get_attribute("data-message"))
    browser.get(server.url(f"/#interview={target[0]}&message={target[1]}"))
    marked = wait.until(shows.visibility_of_element_located((By.CSS_SELECTOR, "#messages .message.highlight")))
    assert marked.get_attribute("data-message-id") == target[1]


def test_a_guide_the_linter_flags_shows_the_servers_message(browser, server):
    brief = {"goal": GOAL, "hypotheses": HYPOTHESES, "guide": FLAGGED_GUIDE}
    refused = server.post("/api/panels", json={"personas": PERSONAS, "brief": brief})
    assert refused.status_code == 400
    start_panel(browser, server, guide=FLAGGED_GUIDE)
    notice = WebDriverWait(browser, 30).until(shows.visibility_of_element_located((By.ID, "panel-notice")))
    assert notice.text == f"The panel could not start: {refused.json()['message']}"
    assert browser.find_element(By.ID, "start-panel").is_enabled()  # fix the guide and try again
    assert not browser.find_element(By.ID, "panel-run").is_displayed()
