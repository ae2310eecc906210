"""Headless Chromium for the viewer's tests (Debian's chromium and chromium-driver, which
`make test` installs), or a skip where they are missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

webdriver = pytest.importorskip("selenium.webdriver")

WINDOW = "1200,1600"


def chromium() -> Iterator:
    """A headless Chromium driver for a fixture to yield; skips when the browser is missing."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("make test installs Debian's chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={WINDOW}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(shutil.which("chromedriver")))
    yield driver
    driver.quit()
