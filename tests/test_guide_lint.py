"""The guide linter: the Mom Test's rules for interview questions, and `deeptalk guide lint`."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deeptalk import cli
from deeptalk.guide_lint import GENERIC, RULES, Finding, lint_guide, lint_question, read_questions


def rules_of(question: str) -> list[str]:
    return [finding.rule for finding in lint_question(question)]


# The Mom Test's good questions, and some of ours: nothing to flag.
GOOD = [
    "Why do you bother?",
    "What are the implications of that?",
    "Talk me through the last time that happened.",
    "What else have you tried?",
    "How are you dealing with it now?",
    "Where does the money come from?",
    "What do you use for invoices and receipts?",
    "What are the pros and cons of your current setup?",
    "Could you walk me through the last time you ordered stock?",
    "How would you describe your process?",
    "When did you sign up for Xero?",
    "How much did you pay for it?",
    "What were you going to do about it?",
    "How many hours did you spend on it in the last two years?",
    "Why don't you use a spreadsheet?",
    "How willing are you to change?",
    "Who else is involved when a delivery goes missing?",
    "How did you first hear about the tool you use now?",
    "Do you pay monthly or yearly?",
    "Tell me about the last time you had to chase a late payment.",
    "",
]


@pytest.mark.parametrize("question", GOOD)
def test_a_good_question_is_not_flagged(question):
    assert lint_question(question) == []


@pytest.mark.parametrize(
    "question",
    [
        "Don't you hate doing inventory by hand?",
        "Isn't it annoying to file taxes every quarter?",
        "Isn\u2019t it annoying to file taxes every quarter?",  # a curly apostrophe
        "Dont you think its expensive?",  # no apostrophe at all
        "Wouldn't you agree that scheduling is a mess?",
        "Do you not think that's slow?",
        "How much do you hate filling in timesheets?",
        "How frustrating is it to find a plumber?",
        "How painful is invoicing?",
        "So you'd agree that it takes too long?",
        "It takes too long, right?",
        "That's slow, isn't it?",
    ],
)
def test_leading_flags_a_question_that_suggests_its_answer(question):
    assert "leading" in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "Why don't you use a spreadsheet?",  # a question about reasons, not a negative opener
        "What's the most annoying part of your week?",
        "How hard was it to hire last year?",
        "Why isn't it working for you?",
    ],
)
def test_leading_leaves_a_neutral_question_alone(question):
    assert "leading" not in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "Would you buy a product which did X?",
        "How much would you pay for X?",
        "What would your dream product do?",
        "Would you use an app that tracks deliveries?",
        "If you had a magic wand, what would you change?",
        "If you could change one thing about invoicing, what would it be?",
        "Imagine you had an assistant. What would it do?",
        "Suppose the supplier was late; what then?",
        "What if the invoice never arrived?",
        "Would it help to get reminders?",
        "What you'd do with an extra hour?",
        "Could you see yourself switching?",
    ],
)
def test_hypothetical_flags_an_imagined_situation(question):
    assert "hypothetical" in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "Could you walk me through the last time you ordered stock?",
        "Would you mind telling me how you did it?",
        "Can you tell me about your week?",
        "How would you describe your process?",
        "What would you like to change about payroll?",  # the future rule's
        "Why couldn't you finish the order?",
        "You'd already tried that?",  # "you had", not "you would"
        "How willing were you to wait?",  # "willing" is not "will"
    ],
)
def test_hypothetical_leaves_a_request_or_a_past_fact_alone(question):
    assert "hypothetical" not in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do you think it's a good idea?",
        "Do you track your hours?",
        "Did you call the supplier?",
        "Is it hard to find staff?",
        "Are you happy with your accountant?",
        "Have you ever lost a delivery?",
        "Last week, did you call the supplier?",
        "So, does your team use Slack?",
        "Do you track it or not?",
        "Tell me about your week. Was it busy?",
        "Would you say that's a problem?",
    ],
)
def test_yes_no_flags_a_question_answered_by_yes_or_no(question):
    assert "yes-no" in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do you pay monthly or yearly?",  # a choice, not yes or no
        "Is it the price or the time?",
        "What do you do when it breaks?",
        "How do you track your hours?",
        "Tell me about the last time it broke.",
        "Walk me through your week.",
        "Can you tell me about your week?",
        "When did you last order stock?",
    ],
)
def test_yes_no_leaves_an_open_question_or_a_choice_alone(question):
    assert "yes-no" not in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "Do you think it's a good idea?",
        "Would you buy a product which did X?",
        "How much would you pay for X?",
        "How much would you pay for our app?",
        "Would you use an app that tracks deliveries?",
        "What do you think of our AI-powered scheduling assistant?",
        "Would you sign up for our waitlist?",
        "Are you willing to pay for something like this?",
        "Would you ever try a tool that writes your invoices?",
        "How do you feel about this feature?",
    ],
)
def test_pitching_flags_a_product_or_idea(question):
    assert "pitching" in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "When did you sign up for Xero?",
        "How much did you pay for it?",
        "What tools have you tried?",
        "What solutions have you looked at?",
        "Which apps do you use every day?",
        "What do you use for invoices and receipts?",
    ],
)
def test_pitching_leaves_a_question_about_their_own_tools_alone(question):
    assert "pitching" not in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "How do you order, and who approves it?",
        "What's the hardest part and why?",
        "What did you try? Did it work?",
        "What do you do when it's late and how do you tell the customer?",
        "How did you find them or who told you?",
        "What did you try and did it work?",
    ],
)
def test_double_barrelled_flags_two_questions_in_one(question):
    assert "double-barrelled" in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "What do you use for invoices and receipts?",
        "What are the pros and cons of your current setup?",
        "How do you order and pay?",
        "Do you pay monthly or yearly?",
        "Who approves orders and invoices?",
    ],
)
def test_double_barrelled_leaves_a_pair_of_nouns_alone(question):
    assert "double-barrelled" not in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "What will you do next year?",
        "Are you going to hire someone next quarter?",
        "What's your ideal workflow?",
        "What would you like to change about payroll?",
        "How do you see this working in the future?",
        "In five years, where do you see the business?",
        "What're you planning to buy?",
        "When you'll have more staff, what changes?",
        "Are you going to the market tomorrow?",
    ],
)
def test_future_flags_a_question_about_the_future(question):
    assert "future" in rules_of(question)


@pytest.mark.parametrize(
    "question",
    [
        "What were you going to do about it?",  # a past plan: what happened to it is a fact
        "Are you going to the market?",  # a place, not a plan
        "How willing were you to wait?",
        "What happened in the last two years?",
        "What did you do next?",
        "What happened the last time you tracked your hours?",
    ],
)
def test_future_leaves_the_past_alone(question):
    assert "future" not in rules_of(question)


# Each Mom Test bad question: the rules it breaks, in RULES order.
@pytest.mark.parametrize(
    "question, rules",
    [
        ("Do you think it's a good idea?", ["yes-no", "pitching"]),
        ("Would you buy a product which did X?", ["hypothetical", "yes-no", "pitching"]),
        ("How much would you pay for X?", ["hypothetical", "pitching"]),
        ("What would your dream product do?", ["hypothetical"]),
    ],
)
def test_the_mom_tests_bad_questions_break_their_rules(question, rules):
    assert rules_of(question) == rules


EXAMPLES = [
    "Do you think it's a good idea?",
    "Would you buy a product which did X?",
    "How much would you pay for X?",
    "What would your dream product do?",
    "Don't you hate doing inventory by hand?",
    "Would you use an app that tracks deliveries?",
    "Imagine you had a tool that sends invoices. What would change?",
    "Do you track your hours?",
    "How do you order, and who approves it?",
    "What will you do next year?",
    "Isn't it annoying to file taxes every quarter?",
    "You'd pay for that, right?",
    "What did you try? Did it work?",
    "Have you ever lost a delivery?",
    "Would you sign up for our waitlist?",
]


@pytest.mark.parametrize("question", EXAMPLES)
def test_every_rewrite_passes_the_linter(question):
    findings = lint_question(question)
    assert findings
    for finding in findings:
        assert lint_question(finding.rewrite) == [], finding


@pytest.mark.parametrize("rule", RULES)
def test_every_generic_rewrite_passes_the_linter(rule):
    assert lint_question(GENERIC[rule]) == []


@pytest.mark.parametrize(
    "question, rewrite",
    [
        ("Would you use an app that tracks deliveries?", "track deliveries"),
        ("Don't you hate doing inventory by hand?", "were doing inventory by hand"),
        ("Do you track your hours?", "had to track your hours"),
        ("How frustrating is it to find a plumber?", "had to find a plumber"),
        ("Have you ever lost a delivery?", "you lost a delivery"),
    ],
)
def test_a_rewrite_keeps_the_questions_topic(question, rewrite):
    assert all(rewrite in finding.rewrite for finding in lint_question(question))


def test_a_double_barrelled_rewrite_asks_the_first_question():
    [finding] = lint_question("How do you order, and who approves it?")
    assert finding.rewrite == "How do you order?"


def test_findings_follow_the_rules_order_and_one_per_rule():
    findings = lint_question("Wouldn't you agree that you'll pay for our app next year, and why?")
    rules = [f.rule for f in findings]
    assert rules == sorted(rules, key=RULES.index) and len(set(rules)) == len(rules)


def test_a_finding_is_a_dict_of_rule_reason_and_rewrite():
    finding = Finding("yes-no", "why", "What happened?")
    assert finding.as_dict() == {"rule": "yes-no", "reason": "why", "rewrite": "What happened?"}


def test_lint_guide_numbers_every_question_from_1():
    linted = lint_guide(["What else have you tried?", "Do you track your hours?"])
    assert [(n, q) for n, q, _ in linted] == [(1, "What else have you tried?"), (2, "Do you track your hours?")]
    assert [bool(f) for _, _, f in linted] == [False, True]


@given(st.text())
def test_any_text_gets_findings_with_reasons_and_rewrites_that_pass(text):
    for finding in lint_question(text):
        assert finding.rule in RULES
        assert finding.reason.strip() and "\n" not in finding.reason
        assert finding.rewrite.strip() and lint_question(finding.rewrite) == []


WORDS = st.sampled_from(
    "do you would don't isn't what how and or , ? . will going to app our pay for if imagine right the "
    "hours track it next year ideal who did sign up you'd we'll".split()
)


@given(st.lists(WORDS, max_size=14).map(" ".join))
def test_any_mix_of_the_rules_words_gets_rewrites_that_pass(text):
    for finding in lint_question(text):
        assert finding.reason.strip() and lint_question(finding.rewrite) == []


# --- reading a guide ---------------------------------------------------------------------------


def test_read_questions_reads_a_yaml_brief(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text("goal: Learn\nguide:\n  - Do you track   your hours?\n  - What else have you tried?\n")
    assert read_questions(path) == ["Do you track your hours?", "What else have you tried?"]


def test_read_questions_reads_a_json_brief(tmp_path):
    path = tmp_path / "brief.json"
    path.write_text(json.dumps({"goal": "Learn", "hypotheses": [], "guide": ["What else have you tried?"]}))
    assert read_questions(path) == ["What else have you tried?"]


def test_read_questions_reads_one_question_a_line_skipping_blanks_and_comments(tmp_path):
    path = tmp_path / "guide.txt"
    path.write_text("# the guide\nWhat else have you tried?\n\n  Do you track your hours?  \n")
    assert read_questions(path) == ["What else have you tried?", "Do you track your hours?"]


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("brief.yaml", "guide: [unclosed", "not valid JSON or YAML"),
        ("brief.json", '{"goal": "x"}', "guide"),
        ("brief.yaml", "- a list\n- not a brief\n", "guide"),
        ("brief.json", '{"guide": "Do you?"}', "list of questions"),
        ("brief.json", '{"guide": [1, 2]}', "list of questions"),
        ("brief.json", '{"guide": []}', "no questions"),
        ("guide.txt", "# only a comment\n\n", "no questions"),
    ],
)
def test_read_questions_refuses_a_bad_file_in_one_line(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ValueError) as refused:
        read_questions(path)
    assert says in str(refused.value) and "\n" not in str(refused.value)


def test_read_questions_refuses_a_missing_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        read_questions(tmp_path / "nowhere.txt")


# --- deeptalk guide lint -----------------------------------------------------------------------


def lint(tmp_path, capsys, name: str, content: str, *flags: str) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(content)
    status = cli.main(["guide", "lint", str(path), *flags], environ={})
    said = capsys.readouterr()
    return status, said.out, said.err


def test_the_command_exits_0_when_nothing_is_flagged(tmp_path, capsys):
    status, out, _ = lint(tmp_path, capsys, "guide.txt", "What else have you tried?\nWhy do you bother?\n")
    assert status == 0 and out == "0 of 2 questions flagged\n"


def test_the_command_exits_1_and_prints_each_flagged_question(tmp_path, capsys):
    status, out, _ = lint(tmp_path, capsys, "guide.txt", "What else have you tried?\nDo you track your hours?\n")
    assert status == 1
    assert out.splitlines() == [
        '2. "Do you track your hours?"',
        '   yes-no: "Do you ..." can be answered yes or no; ask how or what instead',
        "   try: Walk me through the last time you had to track your hours.",
        "1 of 2 questions flagged",
    ]


def test_the_command_reads_a_yaml_brief(tmp_path, capsys):
    brief = "goal: Learn\nhypotheses: []\nguide:\n  - What would your dream product do?\n"
    status, out, _ = lint(tmp_path, capsys, "brief.yml", brief)
    assert status == 1 and "hypothetical:" in out and out.endswith("1 of 1 questions flagged\n")


def test_the_command_prints_json(tmp_path, capsys):
    status, out, _ = lint(
        tmp_path, capsys, "guide.txt", "What else have you tried?\nHow much would you pay for X?\n", "--format", "json"
    )
    report = json.loads(out)
    assert status == 1 and report["flagged"] == 1
    assert [(q["index"], q["question"]) for q in report["questions"]] == [
        (1, "What else have you tried?"),
        (2, "How much would you pay for X?"),
    ]
    assert report["questions"][0]["findings"] == []
    assert [f["rule"] for f in report["questions"][1]["findings"]] == ["hypothetical", "pitching"]
    assert all(set(f) == {"rule", "reason", "rewrite"} for f in report["questions"][1]["findings"])


@pytest.mark.parametrize("name, content", [("brief.json", "{not json"), ("guide.txt", "\n# nothing\n")])
def test_the_command_exits_2_in_one_line_for_a_file_it_cannot_read(tmp_path, capsys, name, content):
    status, out, err = lint(tmp_path, capsys, name, content)
    assert status == 2 and out == ""
    assert err.startswith("deeptalk guide: ") and err.count("\n") == 1


def test_the_command_exits_2_for_a_missing_file(tmp_path, capsys):
    status = cli.main(["guide", "lint", str(tmp_path / "nowhere.txt")], environ={})
    assert status == 2 and "cannot read" in capsys.readouterr().err
