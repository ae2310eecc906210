"""Closed vocabularies the model engines' insights draw their labels from, and the domain words
of common lines of work, for the engines (which choose from them). `deeptalk eval` grades
without them: labels against the corpus's vocabularies, grounding against the persona's own words.
"""

from __future__ import annotations

from . import measures

# Feelings, strongest first (a tie goes to the stronger): the labels of the corpus writers
# (training/FORMAT.md) and so of the labeller, each with the words that name it outright ("I hate",
# "worried", "relief"), which override the labeller's reading. Only words that name the feeling:
# not situations ("a night shift", "it broke") nor hedges ("I'd have to think"), which the
# labeller reads in context.
FEELINGS: dict[str, tuple[str, ...]] = {
    "Frustrated": ("frustrat*", "annoy*", "irritat*", "infuriat*", "fed up", "sick of", "hate", "angry", "anger"),
    "Overwhelmed": ("overwhelm*", "swamped", "drowning", "snowed under"),
    "Worried": ("worry", "worried", "worries", "worrying", "afraid", "scared", "anxious", "anxiety", "nervous"),
    "Stressed": ("stress*", "on edge", "frazzled"),
    "Disappointed": ("disappoint*", "let down", "gutted"),
    "Guilty": ("guilt*", "ashamed", "feel bad", "felt bad"),
    "Isolated": ("lonely", "isolated", "on my own"),
    "Skeptical": ("skeptic*", "sceptic*", "doubtful", "not convinced", "don't buy it"),
    "Confused": ("confus*", "baffl*", "puzzl*"),
    "Determined": ("determined", "determination"),
    "Hopeful": ("hopeful", "optimistic"),
    "Relieved": ("relieved", "relief"),
    "Proud": ("proud", "pride"),
    "Curious": ("curious", "intrigued"),
    "Calm": ("calm", "relaxed"),
}
# Every label an insight may use: the feelings, and the journey's strong forms and turns from one
# feeling to another within a phase.
TURN = ", then "
LABELS = frozenset(
    [
        *FEELINGS,
        *(f"Deeply {feeling}" for feeling in FEELINGS),
        *(f"{first}{TURN}{second}" for first in FEELINGS for second in FEELINGS if first != second),
    ]
)
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

# Heads too general to follow up on, or to be a part of the work named ("Everything."): the
# interviewer asks about the thing, not the calendar.
VAGUE_HEADS = frozenset(
    """day days week weeks month months year years hour hours minute minutes time times morning mornings night
    nights evening evenings bit lot lots way ways thing things kind sort part stuff end start moment today tonight
    yesterday tomorrow ago ones one others rest same idea next last first other whole back away quid pounds
    dollars euros bucks grand pence cents rupees pesos problem problems issue issues headache trouble struggle
    hassle nightmare challenge nothing everything anything""".split()
)
# Words that describe a state, which no ending gives away ("goes out the door late"): no head.
STATES = frozenset("late early behind ahead wrong overdue busy full short slow fast hard easy fine good okay".split())

# Themes, the labeller's closed vocabulary (training/FORMAT.md), each with the needs under it: the
# first that the customer's own words support is taken; a theme none of whose needs they support
# is not shown.
THEMES: dict[str, tuple[str, ...]] = {
    "Time pressure": (
        "Fewer rushed days",
        "Less waiting",
        "A calmer schedule",
        "Fewer late finishes",
        "Less time on the phone",
        "Fewer calls to make",
        "Less checking and rechecking",
    ),
    "Paperwork and admin": (
        "Less admin",
        "Less paperwork",
        "Simpler reports",
        "Fewer forms",
        "Typing things in once",
        "Notes in one place",
        "Fewer emails to chase",
        "Records that are easy to find",
        "Less writing up after hours",
        "One list everyone keeps up to date",
    ),
    "Tools that fail": (
        "Reliable tools",
        "Software that works",
        "Simpler technology",
        "Working equipment",
        "Systems that talk to each other",
        "A phone app that works",
        "Data in one place",
        "Fewer paper workarounds",
        "A signal where the work is",
    ),
    "Money and margins": (
        "Financial security",
        "Steady cash flow",
        "Lower costs",
        "Fair prices",
        "Healthy margins",
        "Getting paid on time",
        "Invoices that go out on time",
        "Fewer unpaid hours",
        "Less money lost to mistakes",
        "A budget that holds",
    ),
    "Team and coordination": (
        "Better coordination",
        "A team in step",
        "Clear communication",
        "Reliable staff",
        "Shared information",
        "Changes passed on in time",
        "Handovers that work",
        "Knowing who is on shift",
        "Fewer message groups to watch",
        "A manager who knows what is happening",
    ),
    "The people served": (
        "Time to listen to people",
        "Time with patients",
        "Happier customers",
        "Time with students",
        "Happier clients",
        "Healthy animals",
        "Happy tenants",
        "Families kept informed",
        "Fewer calls asking for news",
        "Orders ready when promised",
    ),
    "Workload and wellbeing": (
        "A sustainable workload",
        "Less stress",
        "Rest and sleep",
        "Fewer late nights",
        "Energy for life outside work",
        "Weekends off",
        "Going home on time",
        "Time with family",
    ),
    "Mistakes and quality": (
        "Confidence in the work",
        "Fewer mistakes",
        "Consistent quality",
        "Safe work",
        "Accurate checks",
        "Errors caught early",
        "Orders right the first time",
        "Handovers that miss nothing",
        "Numbers that add up",
    ),
    "Growth and the future": (
        "Steady growth",
        "Room to grow",
        "A clear plan",
        "New skills",
        "Better ideas",
        "A business that lasts",
        "Time to learn",
        "Winning new clients",
    ),
}
NEEDS = frozenset(need for needs in THEMES.values() for need in needs)
# Words that give a need its shape, not its subject: a customer who said "time" or "better" has
# not said which need is theirs; "emails", "handovers" or "invoices" tell.
NEED_SHAPE = frozenset(
    """actually asking back better calmer caught clear date early easy everyone fair faster fewer find first
    going happening happier happy healthy holds hours keeps kept knowing knows lasts late less life lower
    outside passed people place promised ready reliable room shorter simpler stays steady step
    time week work working works accurate consistent sustainable days nothing""".split()
)

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


def domain_words(role: str, industry: str, background: str) -> set[str]:
    """The persona's own content words and its domains' words: what grounds an answer."""
    text = f"{role} {industry} {background}".lower()
    found = set(measures.content_words(text))
    for keys, vocabulary in DOMAINS.items():
        if any(key in text for key in keys):
            found.update(vocabulary)
    return found
