"""Closed vocabularies the model engines' insights draw their labels from, and the domain words
of common lines of work. One source for the engines (which choose from them) and for
`deeptalk eval` (which checks that labels come from them and that answers are grounded).

Each feeling is a label with the word stems that evoke it in what a customer says.
"""

from __future__ import annotations

import re

from . import measures

# Feelings, strongest first (the first with the most evidence wins a tie).
FEELINGS: dict[str, tuple[str, ...]] = {
    "Frustrated": (
        "frust",
        "annoy",
        "irrit",
        "angry",
        "anger",
        "hate",
        "crash",
        "fed up",
        "sick of",
        "waste",
        "wasted",
        "pointless",
        "again and again",
        "keeps",
        "every time",
        "nightmare",
        "mess",
        "chaos",
        "broke",
        "break",
        "worst",
    ),
    "Overwhelmed": (
        "overwh",
        "too much",
        "exhaus",
        "tired",
        "drain",
        "burn",
        "swamp",
        "pile",
        "drown",
        "no time",
        "never enough",
        "late",
        "evenings",
        "weekend",
        "night",
        "long hours",
        "busy",
        "can't breathe",
        "can't keep up",
        "non-stop",
        "nonstop",
        "sick",
    ),
    "Worried": (
        "worr",
        "afraid",
        "fear",
        "scare",
        "risk",
        "anxi",
        "nervous",
        "concern",
        "danger",
        "unsafe",
        "mistake",
        "error",
        "miss",
        "lose",
        "losing",
        "lost",
        "loss",
        "fail",
        "afford",
        "financial",
    ),
    "Stressed": (
        "stress",
        "pressure",
        "rush",
        "hurry",
        "deadline",
        "urgent",
        "panic",
        "tight",
        "squeez",
        "tough",
        "juggl",
        "scrambl",
        "hard",
        "bind",
    ),
    "Disappointed": (
        "disappoint",
        "let down",
        "sad",
        "regret",
        "unfair",
        "ignored",
        "nobody listens",
        "devastat",
        "heartbreak",
        "gave up",
        "give up",
        "helpless",
    ),
    "Guilty": ("guilt", "my fault", "blame myself", "ashamed", "let them down", "let my"),
    "Isolated": ("alone", "lonely", "isolat", "no one to", "nobody to", "no support"),
    "Skeptical": ("doubt", "skeptic", "sceptic", "not convinced", "don't trust", "hype", "gimmick", "too good to be"),
    # Not "not sure" or "no idea": "I'm not sure how to explain" is a hedge, no confusion.
    "Confused": (
        "confus",
        "unclear",
        "makes no sense",
        "puzzl",
        "baffl",
        "i don't understand",
        "don't know where to start",
    ),
    "Determined": (
        "determin",
        "keep going",
        "push",
        "won't give",
        "make it work",
        "fight",
        "focus",
        "commit",
        "challenge",
    ),
    "Hopeful": (
        "hope",
        "wish",
        "would love",
        "could be",
        "imagine",
        "better",
        "future",
        "one day",
        "dream",
        "ideal",
        "improve",
        "easier",
        "finally",
        "would change",
        "would make",
        "would mean",
        "would have",
        "i'd have",
        "i'd be able",
        "would be able",
        "excit",
        "look forward",
        "inspir",
    ),
    "Relieved": ("relief", "relieved", "weight off", "at last", "glad it", "thank goodness", "phew"),
    "Proud": (
        "proud",
        "love my",
        "love the",
        "enjoy",
        "rewarding",
        "care about",
        "passion",
        "meaning",
        "matter",
        "happy",
        "the best",
    ),
    # Not "new", "try" or "learn": "a new system", "I tried" and "learning platform" are no curiosity.
    "Curious": ("curious", "wonder", "interest", "explore", "fascinat", "figure out", "find out"),
    # Not "manage" alone: that is in "manager".
    "Calm": ("calm", "fine", "okay", "i manage", "we manage", "routine", "steady", "usual", "normal", "typical"),
}
# A phase of the emotional journey that shows a feeling this many times over is "Deeply" so.
DEEPLY = 3
# Every label an insight may use: the feelings, and their strong forms (the journey's).
LABELS = frozenset([*FEELINGS, *(f"Deeply {feeling}" for feeling in FEELINGS)])
EMOJIS = {
    "Frustrated": "😤",
    "Overwhelmed": "😩",
    "Worried": "😟",
    "Stressed": "😰",
    "Disappointed": "😔",
    "Guilty": "😣",
    "Isolated": "😶",
    "Skeptical": "🤨",
    "Confused": "😕",
    "Relieved": "😮‍💨",
    "Determined": "💪",
    "Hopeful": "🌱",
    "Proud": "😊",
    "Curious": "🤔",
    "Calm": "😌",
}

# Themes: a name; the stems that show it; the needs under it (the first the customer's own words
# support is taken, else the first); the opportunity it opens ({role}: the persona's role in the
# plural; {about}: the customer's own word for it, else the theme's default).
THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, str]] = {
    "Time pressure": (
        (
            "time",
            "hour",
            "minut",
            "late",
            "week",
            "evening",
            "night",
            "wait",
            "slow",
            "deadl",
            "rush",
            "schedul",
            "shift",
        ),
        ("More time", "Time back in the day", "Shorter hours", "Less waiting", "A calmer schedule"),
        "Give {role} back the hours lost to {about}",
        "the day",
    ),
    "Paperwork and admin": (
        (
            "paper",
            "form",
            "admin",
            "chart",
            "report",
            "docum",
            "email",
            "invoic",
            "record",
            "spread",
            "quote",
            "grant",
            "insur",
            "subsid",
            "compl",
        ),
        ("Less admin", "Less paperwork", "Simpler reports", "Fewer forms", "Faster records"),
        "Cut the admin around {about} for {role}",
        "paperwork",
    ),
    "Tools that fail": (
        (
            "softw",
            "system",
            "tool",
            "app",
            "comput",
            "scann",
            "phone",
            "screen",
            "data",
            "excel",
            "crash",
            "tech",
            "print",
        ),
        (
            "Reliable tools",
            "Software that works",
            "Simpler technology",
            "Working equipment",
            "Systems that talk to each other",
        ),
        "Make {about} something {role} can trust",
        "their tools",
    ),
    "Money and margins": (
        (
            "money",
            "cost",
            "price",
            "budge",
            "cash",
            "margi",
            "paid",
            "unpai",
            "rent",
            "expen",
            "afford",
            "reven",
            "fund",
        ),
        (
            "Financial security",
            "Steady cash flow",
            "Lower costs",
            "Fair prices",
            "Healthy margins",
            "Getting paid on time",
        ),
        "Help {role} keep more of their money despite {about}",
        "rising costs",
    ),
    "Team and coordination": (
        ("team", "staff", "colle", "crew", "volun", "manag", "commu", "handov", "meeti", "coord"),
        ("Better coordination", "A team in step", "Clear communication", "Reliable staff", "Shared information"),
        "Keep {role} and their teams in step on {about}",
        "the day's work",
    ),
    "The people served": (
        ("patie", "stude", "clien", "guest", "tenan", "buyer", "famil", "child", "custo", "cows", "anima", "donor"),
        (
            "Time for people",
            "Time with patients",
            "Happier customers",
            "Time with students",
            "Happier clients",
            "Healthy animals",
            "Happy tenants",
        ),
        "Free {role} to spend more time with {about}",
        "the people they serve",
    ),
    "Workload and wellbeing": (
        ("tired", "exhau", "stress", "overw", "burno", "sleep", "health", "energ", "pressu", "weeke", "busy"),
        (
            "A sustainable workload",
            "Less stress",
            "Rest and sleep",
            "Fewer late nights",
            "Energy for life outside work",
        ),
        "Take the weight of {about} off {role}",
        "the workload",
    ),
    "Mistakes and quality": (
        ("mista", "error", "wrong", "quali", "safe", "check", "accur"),
        ("Confidence in the work", "Fewer mistakes", "Consistent quality", "Safe work", "Accurate checks"),
        "Catch problems with {about} before they cost {role}",
        "mistakes",
    ),
    "Growth and the future": (
        ("grow", "futur", "plan", "expan", "goal", "dream", "impro", "learn", "build"),
        ("Room to grow", "A clear plan", "Steady growth", "New skills", "Better ideas"),
        "Help {role} plan for {about}",
        "the future",
    ),
}
NEEDS = frozenset(need for _, needs, _, _ in THEMES.values() for need in needs)

# Domain words: what a person in that line of work talks about. A persona's domains are those
# whose keys appear in its role, industry or background.
DOMAINS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("nurse", "health", "ward", "clinic", "pharm", "doctor", "medic", "surgical"): (
        "patient",
        "patients",
        "shift",
        "shifts",
        "ward",
        "charting",
        "chart",
        "doctor",
        "doctors",
        "medication",
        "medicine",
        "prescription",
        "prescriptions",
        "handover",
        "bed",
        "beds",
        "care",
        "clinic",
        "hospital",
        "insurance",
        "pharmacy",
        "nurses",
        "rounds",
    ),
    ("teach", "school", "educat", "class", "student", "tutor"): (
        "students",
        "student",
        "class",
        "classes",
        "lesson",
        "lessons",
        "marking",
        "grades",
        "exam",
        "exams",
        "parents",
        "school",
        "lab",
        "homework",
        "curriculum",
        "teachers",
        "pupils",
        "term",
    ),
    ("saas", "software", "startup", "founder", "tech", "app"): (
        "customers",
        "users",
        "product",
        "features",
        "sales",
        "investors",
        "churn",
        "pricing",
        "demo",
        "demos",
        "onboarding",
        "subscription",
        "launch",
        "team",
        "roadmap",
        "funding",
        "leads",
    ),
    ("cafe", "café", "restaurant", "hospitality", "coffee", "bar", "bakery", "food"): (
        "coffee",
        "milk",
        "menu",
        "staff",
        "customers",
        "rent",
        "suppliers",
        "orders",
        "kitchen",
        "tables",
        "rota",
        "prices",
        "margins",
        "regulars",
        "stock",
        "till",
        "morning",
        "rush",
    ),
    ("bank", "financ", "analyst", "data", "fintech", "risk", "account"): (
        "reports",
        "report",
        "spreadsheets",
        "spreadsheet",
        "data",
        "numbers",
        "risk",
        "models",
        "dashboard",
        "queries",
        "sources",
        "figures",
        "deadline",
        "regulators",
        "excel",
        "pipeline",
        "audit",
    ),
    ("farm", "agricult", "dairy", "cattle", "crop"): (
        "cows",
        "milk",
        "herd",
        "barn",
        "fields",
        "harvest",
        "weather",
        "feed",
        "tractor",
        "subsidies",
        "vet",
        "calves",
        "crops",
        "prices",
        "paperwork",
        "milking",
        "grain",
    ),
    ("warehouse", "logistic", "delivery", "shipping", "supply", "driver"): (
        "orders",
        "picking",
        "scanner",
        "scanners",
        "pallets",
        "trucks",
        "delivery",
        "deliveries",
        "slots",
        "crew",
        "stock",
        "shift",
        "drivers",
        "inventory",
        "loading",
        "dock",
        "routes",
    ),
    ("design", "freelanc", "creative", "artist", "agency"): (
        "clients",
        "client",
        "invoices",
        "invoice",
        "revisions",
        "brief",
        "briefs",
        "projects",
        "deadlines",
        "portfolio",
        "logo",
        "designs",
        "payment",
        "rates",
        "feedback",
        "proposal",
    ),
    ("plumb", "construct", "electric", "builder", "trade", "contractor"): (
        "jobs",
        "quotes",
        "quote",
        "customers",
        "van",
        "vans",
        "parts",
        "call-outs",
        "leaks",
        "boiler",
        "pipes",
        "schedule",
        "invoices",
        "site",
        "suppliers",
        "materials",
        "emergency",
    ),
    ("property", "real estate", "landlord", "rental", "housing", "tenant"): (
        "tenants",
        "flats",
        "repairs",
        "repair",
        "rent",
        "landlords",
        "contractors",
        "leases",
        "maintenance",
        "requests",
        "inspections",
        "deposits",
        "viewings",
        "complaints",
        "keys",
        "building",
    ),
    ("nonprofit", "charity", "volunteer", "social", "food bank", "community"): (
        "volunteers",
        "donors",
        "grants",
        "grant",
        "donations",
        "families",
        "community",
        "food",
        "shifts",
        "funding",
        "reports",
        "events",
        "board",
        "deliveries",
        "clients",
        "parcels",
    ),
    ("retail", "shop", "store", "ecommerce"): (
        "customers",
        "stock",
        "shelves",
        "till",
        "sales",
        "orders",
        "suppliers",
        "prices",
        "staff",
        "online",
        "returns",
        "footfall",
        "inventory",
        "shop",
    ),
}

# The things of those lines of work (all nouns): what a follow-up may name.
DOMAIN_NOUNS = frozenset(word for words in DOMAINS.values() for word in words)


# "not", "never", "doesn't" up to three words before a cue: "doesn't care about" is no pride.
_NEGATED = re.compile(r"(?:\b(?:not|no|never|without)|n't)\s+(?:[\w'-]+\s+){0,2}$")


def _cue_count(text: str, cue: str) -> int:
    """How often the cue shows in the (lower-case) text, not counting where it is negated."""
    return sum(
        1
        for found in re.finditer(re.escape(cue), text)
        if not _NEGATED.search(text[max(0, found.start() - 40) : found.start()])
    )


def _evidence(text: str) -> dict[str, int]:
    """Each feeling's cues counted in `text`, in FEELINGS' order (strongest first)."""
    lowered = text.lower()
    return {label: sum(_cue_count(lowered, cue) for cue in cues) for label, cues in FEELINGS.items()}


def feeling_of(text: str) -> tuple[str, int]:
    """The feeling with the most evidence in `text` (ties: the stronger), and how much; Calm, 0
    when nothing shows one."""
    evidence = _evidence(text)
    best = max(evidence, key=evidence.__getitem__)
    return (best, evidence[best]) if evidence[best] else ("Calm", 0)


def journey_label(feeling: str, evidence: int) -> str:
    """A journey phase's label: the feeling, strong ("Deeply Worried") when shown DEEPLY times or more."""
    return f"Deeply {feeling}" if evidence >= DEEPLY else feeling


def feelings_shown(text: str, most: int = 3) -> list[str]:
    """Up to `most` feelings with evidence in `text`, the most evident first."""
    evidence = _evidence(text)
    return [label for label in sorted(evidence, key=lambda label: -evidence[label]) if evidence[label]][:most]


def domain_words(role: str, industry: str, background: str) -> set[str]:
    """The persona's own content words and its domains' words: what grounds an answer."""
    text = f"{role} {industry} {background}".lower()
    found = set(measures.content_words(text))
    for keys, vocabulary in DOMAINS.items():
        if any(key in text for key in keys):
            found.update(vocabulary)
    return found


def grounded(answer: str, vocabulary: set[str]) -> bool:
    answer_words = set(measures.words(answer))
    return bool(answer_words & vocabulary) or bool(
        {measures.stem(w) for w in measures.content_words(answer)}
        & {measures.stem(w) for w in vocabulary if len(w) >= 4}
    )
