"""The built-in viewer at GET /: served pages, and the whole journey in headless Chromium."""

import os
from pathlib import Path

import pytest
from helpers import assert_json_error
from live_server import PERSONA


def test_the_viewer_page_is_html_with_the_persona_form(server):
    response = server.get("/")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    for field in ("name", "role", "industry", "background"):
        assert f'name="{field}"' in response.text
    assert '<script src="/viewer/viewer.js">' in response.text and "http" not in response.text.split("<body>")[1]


@pytest.mark.parametrize("asset, kind", [("viewer.js", "javascript"), ("viewer.css", "text/css")])
def test_viewer_assets_are_served_locally(server, asset, kind):
    response = server.get(f"/viewer/{asset}")
    assert response.status_code == 200 and kind in response.headers["Content-Type"]


def test_an_unknown_viewer_asset_is_a_json_404(server):
    response = server.get("/viewer/nothing.js")
    assert_json_error(response, 404)


# -- in a real browser ------------------------------------------------------------------
from browser import chromium  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as shows  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def fill(browser, persona):
    for field, value in persona.items():
        box = browser.find_element(By.NAME, field)
        box.clear()
        box.send_keys(value)
    browser.find_element(By.ID, "start").click()


def test_the_whole_journey_renders_transcript_and_insights(browser, server, tmp_path):
    browser.get(server.url("/"))
    browser.find_element(By.ID, "start").click()  # empty: refused in the page, before any request
    assert browser.find_element(By.CSS_SELECTOR, '.field-error[data-for="name"]').text == "Please fill this in."
    fill(browser, PERSONA)
    wait = WebDriverWait(browser, 30)
    wait.until(shows.visibility_of_element_located((By.ID, "view-insights")))
    bubbles = browser.find_elements(By.CSS_SELECTOR, "#messages .message")
    interview_id = browser.execute_script("return interviewId")
    streamed = server.stream(interview_id).messages
    assert [b.find_element(By.CLASS_NAME, "text").text for b in bubbles] == [m["message"] for m in streamed]
    assert [b.get_attribute("class").split()[1] for b in bubbles] == [m["agent"] for m in streamed]
    assert not browser.find_element(By.ID, "typing").is_displayed()

    browser.find_element(By.ID, "view-insights").click()
    wait.until(shows.visibility_of_element_located((By.ID, "insights")))
    insights = server.get(f"/api/interviews/{interview_id}/insights").json()
    tabs = [tab.text for tab in browser.find_elements(By.CSS_SELECTOR, "#tabs button")]
    assert tabs == [
        "Summary and mood",
        "Themes with quotes",
        "Human insights",
        "Context",
        "Opportunities",
        "Emotional journey",
    ]
    assert browser.find_element(By.CSS_SELECTOR, "#tab-panel .summary").text == insights["summary"]
    browser.find_elements(By.CSS_SELECTOR, "#tabs button")[1].click()
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "#tab-panel .quote")]
    assert quotes == [f'"{quote}"' for theme in insights["themes"] for quote in theme["quotes"]]
    browser.execute_script("document.getElementById('insights').scrollIntoView()")
    # Kept where DEEPTALK_SCREENSHOTS says (e.g. an ignored folder), else with the test's temporary files.
    shots = Path(os.environ.get("DEEPTALK_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shots / "viewer-insights.png"))


def test_an_interview_that_fails_is_explained_in_words(browser, launch):
    failing = launch("--scenario", "ws-error-after:2")
    browser.get(failing.url("/"))
    fill(browser, PERSONA)
    notice = WebDriverWait(browser, 30).until(shows.visibility_of_element_located((By.ID, "notice")))
    assert notice.text.startswith("The interview stopped: Failed to generate next response")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#messages .message")) == 2


def test_a_refused_start_shows_the_servers_message(browser, launch):
    busy = launch("--max-active", "1", "--pace", "5")
    busy.start()  # the one interview it may run
    browser.get(busy.url("/"))
    fill(browser, PERSONA)
    notice = WebDriverWait(browser, 30).until(shows.visibility_of_element_located((By.ID, "notice")))
    assert notice.text.startswith("The interview could not start:") and "already in progress" in notice.text
    assert browser.find_element(By.ID, "start").is_enabled()  # the person can try again
