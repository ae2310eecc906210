"""The fact sheet held to the persona (deeptalk/engines/model/sheet.py): who decides, for a persona
who owns the business or works alone."""

import pytest

from deeptalk.engines.model import sheet


@pytest.mark.parametrize(
    "role, background",
    [
        ("Wedding Florist", "Runs a one-woman flower studio in Gothenburg."),
        ("Wall and Floor Tiler", "Self-employed tiler in Berlin fitting bathrooms."),
        ("Pet Shop Owner", "A small pet supplies shop in West Auckland."),
        ("Podiatrist", "Solo podiatrist in Christchurch."),
        ("Knitwear Unit Manager", "Owns a small knitwear stitching unit in Tirupur."),
    ],
)
def test_a_persona_who_owns_the_business_or_works_alone_has_no_one_above_them(role, background):
    assert sheet.owns_the_business(role, background)
    line = sheet.decides(
        "The owner, Helmut, decides everything on his own budget.", "Sofia Lindqvist", role, background
    )
    assert line == "Sofia decides alone."


@pytest.mark.parametrize(
    "role, background",
    [
        ("School Bus Dispatcher", "Dispatches 38 school buses for a rural district in Ohio."),
        ("Parks Maintenance Supervisor", "Runs three parks maintenance crews for a council district."),
        ("Product Owner", "Product owner for the payments team at a bank."),
    ],
)
def test_a_persona_with_someone_above_them_keeps_the_decider_the_sheet_names(role, background):
    assert not sheet.owns_the_business(role, background)
    line = "The district's superintendent, John, decides how the app works."
    assert sheet.decides(line, "Darnell Brooks", role, background) == line


@pytest.mark.parametrize("line", ["She decides alone.", "He decides and pays himself.", "Rachel decides and pays."])
def test_an_owner_s_sheet_that_already_says_they_decide_is_kept(line):
    assert sheet.decides(line, "Rachel Tane", "Pet Shop Owner", "Owns a small pet supplies shop.") == line
