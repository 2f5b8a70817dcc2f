# ruff: noqa: E501 - the rule table keeps one pattern per line
"""Risk assessment of client-written text: offline phrase rules that err towards safety.

`assess(text)` returns a `Risk`: a level (none < concern < high < imminent), the categories seen and the phrases
that triggered them. The steps:

1. Normalise: lower-case, straight quotes, no apostrophes ("don't" -> "dont"), collapsed whitespace, common typos
   ("sucide", "myslef") and slang ("kms", "unalive", "sewerslide", "ctb") mapped to plain words.
2. Remove clearly safe idioms ("this traffic is killing me", "I could kill for a coffee", "dying to see it",
   "killed it at work") so they cannot match.
3. Match the rules clause by clause. A match is *negated* when a negation ("not", "never", "no thoughts of") stands
   shortly before it in the same clause: it then counts for nothing. "But" starts a new clause, so "I'm not
   suicidal but I want to die" is still high. A match is *reported* when it sits inside quotation marks, or its
   clause talks about someone else ("my friend said she wanted to die") or a work ("the movie was about
   suicide"): it counts as concern, never more; anything the client says about themselves elsewhere still counts.
4. A high suicide or self-harm signal plus a plan, means or time ("tonight", "pills in my hand", "wrote a note")
   is imminent; some cues ("this is goodbye forever", "the rope is ready") are imminent on their own.

5. The learned layer (`semantic.py`): when the rules see less than high, a classifier over the text's meaning and
   spelling may raise the level, for wording no rule knows, in other languages too (see `assess`).

The rules are English only and can be evaded by wording they do not know; the meaning layer narrows that gap but
does not close it (docs/safety.md gives the held-out figures). Where a phrase is ambiguous the rules pick the safer
reading: a false alarm shows crisis resources, a miss can cost a life.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mindhaven.safety import multilingual, semantic

LEVELS = ("none", "concern", "high", "imminent")
CATEGORIES = (
    "suicidal_ideation",
    "self_harm",
    "harm_to_others",
    "abuse_or_violence",
    "severe_hopelessness",
    "similar_to_risk",  # flagged by meaning (semantic.py), not by a phrase rule
)
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class Risk:
    level: str = "none"
    categories: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def at_least_high(self) -> bool:
        return _RANK[self.level] >= _RANK["high"]

    def __bool__(self) -> bool:
        return self.level != "none"


def rank(level: str) -> int:
    return _RANK[level]


# --- 1. normalisation ---------------------------------------------------------------------------------------------

_REPLACEMENTS: list[tuple[str, object]] = [
    (r"[\u2018\u2019\u02bc`´]", "'"),
    (r"[\u201c\u201d\u00ab\u00bb]", '"'),
    (r"(?<!\w)'([^'\n]{3,}?)'(?!\w)", r'"\1"'),  # single-quoted passages count as quotes
    (r"\bod'(?:d|ed)\b", "overdosed"),
    (r"'", ""),  # apostrophes: dont, im, ive, cant
    (r"\bi\s+am\b", "im"),
    (r"\bdo\s+not\b", "dont"),
    (r"\bcan\s*not\b", "cant"),
    (r"\bwill\s+not\b", "wont"),
    (r"\bwould\s+not\b", "wouldnt"),
    (r"\b(?:wanna|wana|wnat\s+to|want\s+too|wamt\s+to)\b", "want to"),
    (r"\b(?:gonna|gona)\b", "going to"),
    (r"\b(?:gotta)\b", "got to"),
    (r"\bu\b", "you"),
    (r"\bur\b", "your"),
    (r"\b(?:my\s+self|myslef|mysefl|mself|myselft|myelf|mysefl)\b", "myself"),
    (r"\bkil+\b", "kill"),
    (r"\bkil+ing\b", "killing"),
    # slang and censored spellings
    (r"\bk+m+s+\b", "kill myself"),
    (r"\bk+y+s+\b", "kill yourself"),
    (r"\bunaliv\w*\s+(?:me|myself)\b", "kill myself"),
    (r"\bunaliv\w*", "kill myself"),
    (r"\boff(?:ing)?\s+myself\b", "kill myself"),
    (r"\brn\b", "right now"),
    (r"\bto\s+dye\b(?!\s+(?:my|your|her|his|the|it|them|our)\b)", "to die"),
    (r"\bcuting\b", "cutting"),
    (r"\bpils\b", "pills"),
    (r"\btablts\b", "tablets"),
    (r"\bbeter\b", "better"),
    (r"\bded\b", "dead"),
    (r"\b(?:lfie|lief|liife)\b", "life"),
    (r"\bany\s*more\b|\banymroe\b|\banymor\b", "anymore"),
    (r"\bsewer\s*slide\w*", "suicide"),
    (r"\bcommit\w*\s+sudoku\b", "suicide"),
    (r"\bs[\*\.\-_]+[ui]?[\*\.\-_]*cid(e|al)\b", r"suicid\1"),
    (r"\bs[u\*][i\*1!][c\*][i\*1!]d(e|al)\b", r"suicid\1"),
    (r"\bsu[i1y]?[cs]{1,2}[i1y]?[dt](?:e|le)?(al)?\b", lambda m: "suicidal" if m.group(1) else "suicide"),
    (r"\bsucid\w*", "suicide"),
    (r"\bctb\b", "suicide"),
    (r"\bself[\s\-]*h[a\*]rm\w*", "selfharm"),
    (r"\bself[\s\-]*injur\w*", "selfharm"),
    (r"\bs/h\b", "selfharm"),
    (r"\bod(?:ed|ing)?\b", "overdose"),
    (r"\bover\s*dos\w*", "overdose"),
    (r"\bhopless\w*|\bhopeles\b", "hopeless"),
    (r"\bsuicideal\b", "suicidal"),
    (r"\s+", " "),
]
_REPLACEMENTS_RE = [(re.compile(p), r) for p, r in _REPLACEMENTS]


def normalise(text: str) -> str:
    out = text.lower()
    for pattern, repl in _REPLACEMENTS_RE:
        out = pattern.sub(repl, out)
    return out.strip()


# French elisions keep their word apart for the rules: "d'avaler" reads "d avaler", "l'envie" "l envie". Dropping the
# apostrophe, as English needs ("dont", "im"), glued them into "davaler" and "lenvie", which no rule could read. The
# learned layer keeps reading `normalise` alone: it was trained on that text.
_ELISION = re.compile(r"\b(c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu)['\u2018\u2019\u02bc`\u00b4](?=\w)", re.IGNORECASE)
# Spoken French as it is typed: "jveux", "j'me", "chuis" read "je veux", "je me", "je suis".
_SPOKEN_FRENCH = [
    (re.compile(r"\bj\s?(veux|vais|suis|peux|sais|pense|me|te|crois|dois|voudrais)\b"), r"je \1"),
    (re.compile(r"\b(?:chuis|jsuis|chu)\b"), "je suis"),
]


def normalise_for_rules(text: str) -> str:
    """`normalise`, with French elisions and spoken French spelt out for the phrase rules."""
    out = normalise(_ELISION.sub(r"\1 ", text))
    for pattern, repl in _SPOKEN_FRENCH:
        out = pattern.sub(repl, out)
    return out


# --- 2. safe idioms -----------------------------------------------------------------------------------------------

_IDIOMS = [
    r"\b(?:is|are|was|were|its|it is|thats|these|those|this)\s+(?:\w+\s+){0,2}killing\s+(?:me|my)\b",
    r"\bkilling\s+me\s+(?:softly|with)\b",
    r"\b(?:killing|killed|kill|kills|slaying|slayed|nailed)\s+(?:it|this|that)\b",
    r"\bcould\s+(?:kill|murder|die)\s+for\b",
    r"\b(?:kill|killing)\s+(?:some\s+)?time\b",
    r"\bkill\s+(?:two|2)\s+birds\b",
    r"\bkill(?:s|ed)?\s+the\s+(?:lights|engine|mood|vibe|music|process|app|tab)\b",
    r"\b(?:dying|dieing)\s+(?:to|for)\b",
    r"\bdying\s+of\s+(?:laughter|boredom|curiosity|thirst|hunger|cringe|embarrassment)\b",
    r"\b(?:die|died|dead|dying)\s+(?:of|from|with)\s+(?:laughter|laughing|embarrassment|shame|boredom|cringe|curiosity|the heat|heat|hunger|thirst)\b",
    r"\b(?:died|dying|die|dead)\s+laughing\b",
    r"\b(?:is|was|are|were|thats|its|simply|absolutely|literally)\s+to\s+die\s+for\b",
    r"\b(?:bored|scared|worried|freezing|frozen|tired|sick)\s+to\s+death\b",
    r"\bdead\s+(?:tired|on my feet|serious|easy|quiet|end|line|lines|beat)\b",
    r"\bdeadline\w*\b",
    r"\b(?:phone|battery|laptop|car|plant|plants|houseplant|fish|goldfish|grandfather|grandmother|granddad|grandma|dog|cat)\s+(?:\w+\s+)?(?:died|is dead|was dead)\b",
    r"\bover\s+my\s+dead\s+body\b",
    r"\bdrop\s+dead\s+gorgeous\b",
    r"\bknock\s+(?:em|them)\s+dead\b",
    r"\b(?:a\s+)?killer\s+(?:workout|app|view|deal|set|outfit|song|track|game|idea|feature)\b",
    r"\b(?:accidentally|by accident)\s+cut\s+myself\b",
    r"\bcut\s+myself\s+(?:some\s+)?slack\b",
    r"\bcut\s+myself\s+(?:shaving|while\s+(?:shaving|cooking|chopping|cutting)|on\s+(?:a|the|some)\s+\w+|by accident|accidentally|a\s+(?:slice|piece))\b",
    r"\bshot\s+myself\s+in\s+the\s+foot\b",
    r"\bhang\s+(?:in\s+there|out)\b",
    r"\boverdose[d]?\s+on\s+(?:caffeine|coffee|sugar|netflix|chocolate|candy|tv|anime|memes|christmas)\b",
    r"\bmy\s+(?:feet|legs|back|head)\s+(?:are|is)\s+killing\s+me\b",
    r"\bkilling\s+me\s+(?:lol|haha|lmao)\b",
    r"\bim\s+dead\s*(?:lol|haha|lmao|😂|💀)",
    r"\bthat\s+joke\s+killed\s+me\b",
    r"\bjump\s+off\s+(?:the\s+)?(?:diving\s+board|high\s+board|board|dock|pier\s+into|swing)\b",
    r"\bdye\s+(?:my|your|her|his|their|our|the)\s+(?:\w+\s+)?hair\b",
    # Hyperbole about the people and food in one's life: "I could strangle my flatmate for leaving the hob on".
    r"\bcould\s+(?:\w+\s+)?(?:kill|murder|strangle|throttle)\s+(?:him|her|them|my\s+\w+|\w+)\s+for\s+\w+ing\b",
    r"\bcould\s+murder\s+(?:a|an|some)\s+(?:pizza|burger|curry|kebab|coffee|tea|cup\s+of\s+tea|pint|beer|drink|sandwich|takeaway|biryani)\b",
    r"\bkill\s+(?:\w+\s+){0,2}as\s+(?:the\s+)?impost[eo]r\b",
    r"\bshoot(?:ing)?\s+(?:some\s+|a\s+few\s+)?(?:hoops|baskets|pool|photos|pictures|a\s+video|videos|a\s+film|the\s+breeze|an?\s+(?:email|message|text))\b",
    # Study and work about overdoses, not one: "overdose management", "overdose recognition training".
    r"\boverdose\s+(?:management|recognition|prevention|awareness|training|reversal|response|kits?|education)\b",
    r"\b(?:caffeine|sugar|vitamin)\s+overdose\b",
    r"\bend\s+it\s+with\s+(?:him|her|them|my\s+\w+)\b",
    r"\bcut\s+myself\s+off\s+(?:from|for)\b",
    r"\bjump\s+off\s+a\s+cliff\s+for\s+(?:you|him|her|them|my)\b",
    r"\bwrote\s+a\s+letter\s+to\s+my\s+future\s+self\b",
    r"\bfinal\s+goodbye\s+to\s+(?:my|the|our)\s+(?:\w+\s+)?(?:home|house|flat|apartment|school|office|job|city|team)\b",
    r"\bmy\s+last\s+message\s+for\s+a\s+(?:while|bit|few\s+days|week)\b",
    r"\bdont\s+want\s+to\s+wake\s+up\s+(?:so\s+)?(?:early|at\s+\d|before)\b",
    r"\bwish\s+i\s+could\s+wake\s+up\s+(?:earlier|early|on\s+time|without)\b",
    r"\bhurt\s+myself\s+(?:at|playing|while|during|running|skiing|lifting|in\s+the\s+gym|at\s+the\s+gym)\b",
    r"\b(?:die|died|dying)\s+of\s+embar+as+ment\b",
    # Added after the fifth held-out set was scored, from its false alarms.
    r"\bbungee\s+jump\w*\s+off\b",
    r"\brope\s+and\s+(?:a\s+)?harness\b|\bclimbing\s+rope\b",
    r"\boverdose\s+of\s+(?:cheese|chocolate|sugar|caffeine|coffee|cake|carbs|sunshine|nostalgia|cuteness|drama|cringe|screen\s+time|christmas)\b",
    r"\bsuicide\s+(?:mission|squad|doors?|runs?|sprints?)\b",
]
_IDIOMS_RE = re.compile("|".join(f"(?:{p})" for p in _IDIOMS))


# --- 3. rules -----------------------------------------------------------------------------------------------------

_ME = r"(?:me|myself)"
_WANT = r"(?:want(?:ed)?|wish(?:ed)?|plan(?:ning|ned)?|going|try(?:ing)?|tried|decided|about|ready|need|urge|urges|thinking\s+(?:about|of)|think\s+about|thought\s+about|considering|keep\s+wanting|feel\s+like)"
_METHOD = r"(?:bridge|building|roof|rooftop|cliff|balcony|ledge|overpass|tower|car\s+park|parking\s+garage|window|train|tracks|in\s+front\s+of\s+a\s+(?:train|bus|car|truck))"

# (category, level, pattern). Patterns run on normalised text with idioms removed.
_RULES: list[tuple[str, str, str]] = [
    # --- imminent cues that stand on their own
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:wrote|written|writing|left|leaving)\s+(?:a|my|the)\s+(?:suicide\s+|goodbye\s+)?(?:note|letter)s?\b",
    ),
    ("suicidal_ideation", "imminent", r"\bsuicide\s+note\b"),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:this\s+is\s+(?:my\s+)?(?:final\s+)?goodbye|goodbye\s+forever|final\s+goodbye|last\s+goodbye|my\s+last\s+(?:message|day|night|post))\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:pills|tablets|blade|razor|knife|gun|rope|noose)\s+(?:is\s+|are\s+)?(?:in\s+my\s+hand|ready|next\s+to\s+me|in\s+front\s+of\s+me|laid\s+out|lined\s+up)\b",
    ),
    ("suicidal_ideation", "imminent", r"\b(?:bought|got|have|tied|made)\s+(?:a|the)\s+(?:rope|noose)\b"),
    ("suicidal_ideation", "imminent", r"\bnoose\b"),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:standing|sitting|stood)\s+on\s+(?:the|a)\s+(?:edge|ledge|bridge|roof|railing|balcony)\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:on|at)\s+(?:the|a|my)\s+(?:roof|rooftop|bridge|ledge|edge|tracks|cliff|balcony|railway)\b.{0,40}\b(?:going\s+to|about\s+to|want\s+to|will|ready\s+to)\s+jump\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:gave|given|giving)\s+away\s+(?:all\s+)?my\s+(?:things|stuff|belongings|possessions)\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:saved|saving|stockpil\w+|hoard\w*|collected|collecting)\s+(?:up\s+)?(?:my\s+|enough\s+(?:of\s+)?(?:my\s+)?)?(?:pills|tablets|meds|medication|painkillers|sleeping\s+pills|insulin)\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        # A quantity taken needs its means ("took all my exams", "took 20 minutes", "took 2 paracetamol for a
        # headache" are everyday); "took all of them" stands alone unless it goes on like "… to the park".
        r"\b(?:took|taken|swallowed|just\s+took|inject(?:ed|ing)?|downed)\s+(?:all|a\s+bunch|a\s+handful|loads|lots|a\s+lot|too\s+many|(?:like\s+|about\s+|around\s+|over\s+|maybe\s+)?(?:[5-9]|[1-9]\d+|twenty|thirty|forty|fifty|a\s+hundred)|the\s+whole\s+(?:bottle|box|pack|strip))(?:\s+of)?(?:\s+(?:my|the|his|her|mums|dads))?(?:\s+\w+)?\s+(?:pills|tablets|meds|medication|painkillers|paracetamol|sleeping\s+pills|insulin|antidepressants)\b"
        r"|\b(?:took|swallowed|downed)\s+(?:all\s+of\s+them|them\s+all)\b(?!\s+(?:to|out|home|with|for|in|on|off|back|down|up|away|along)\b)"
        r"|\bswallowed\s+(?:a\s+handful|a\s+bunch|loads|lots)\s+of\b|\bswallowed\s+(?:some\s+)?(?:bleach|batteries|glass|magnets|razor\s+blades)\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:im|i)\s+(?:\w+\s+)?climb(?:ing|ed)?\s+over\s+(?:the\s+)?(?:\w+\s+)?(?:railing|railings|parapet|barrier)\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\b(?:took|taken|swallowed|inject(?:ed|ing)?|downed)\s+(?:a|an|the)\s+(?:whole|entire|full)\s+(?:bottle|box|pack|packet|strip|blister|tub)\s+of\s+(?:my\s+|her\s+|his\s+)?(?:\w+\s+)?(?:pills|tablets|meds|medication|painkillers|paracetamol|insulin)\b",
    ),
    (
        "suicidal_ideation",
        "imminent",
        r"\bin\s+(?:the|my|our)\s+(?:closed\s+)?garage\b.{0,40}\bengine\s+(?:is\s+)?running\b|\bengine\s+(?:is\s+)?running\b.{0,40}\bin\s+(?:the|my|our)\s+(?:closed\s+)?garage\b|\bhose\b.{0,30}\bexhaust\b",
    ),
    ("suicidal_ideation", "imminent", r"\b(?:i\s+)?(?:have|got)\s+(?:a\s+)?plan\s+(?:to|for)\s+(?:end|kill|die)"),
    # --- suicidal ideation, high
    ("suicidal_ideation", "high", r"\bsuicidal\b"),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:commit|committing|attempt\w*|consider\w*|contemplat\w*|thinking\s+(?:about|of)|thought\s+(?:about|of)|think\s+about|plan\w*|researching|googling|methods?\s+of|ways?\s+to\s+commit)\s+(?:about\s+)?suicide\b",
    ),
    ("suicidal_ideation", "high", r"\bsuicide\s+(?:attempt|plan|method|methods|thoughts?|ideation|urges?)\b"),
    ("suicidal_ideation", "high", r"\bkill(?:ing|ed)?\s+myself\b"),
    (
        "suicidal_ideation",
        "high",
        r"\bend(?:ing|ed)?\s+(?:it\s+all|my\s+(?:own\s+)?life|things\s+for\s+good|everything|my\s+suffering|myself|it\s+for\s+good|it\s+tonight|it\s+today)\b",
    ),
    ("suicidal_ideation", "high", r"\btak(?:e|ing)\s+my\s+(?:own\s+)?life\b"),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:want|wanted|wants|wish|going|plan|planning|ready|trying|need|deserve)\s+to\s+die\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:want|wanted|wish|need|ready|going)\s+to\s+(?:be\s+dead|not\s+exist|stop\s+existing|not\s+be\s+here|not\s+be\s+alive|disappear\s+forever|sleep\s+forever|never\s+wake\s+up)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:wish|wished|hope|hoping|pray)\s+(?:i|that\s+i)\s+(?:was|were|could\s+be|d\s+be|would\s+be)\s+dead\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:wish|hope|hoping|pray)\s+(?:that\s+)?i\s+(?:dont|wont|never|didnt|would\s+not|wouldnt)\s+wake\s+up\b",
    ),
    ("suicidal_ideation", "high", r"\b(?:go\s+to\s+sleep|fall\s+asleep|sleep)\s+and\s+(?:not|never)\s+wake\s+up\b"),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:dont|didnt|do\s+not|no\s+longer|never)\s+want\s+to\s+(?:live|be\s+alive|wake\s+up|exist|be\s+here\s+anymore|be\s+here|go\s+on\s+living|keep\s+living)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\bwish\s+i\s+(?:didnt|did\s+not|could\s+stop|could\s+just\s+stop|wouldnt|could\s+just|could)\s+(?:exist|be\s+alive|wake\s+up|stop\s+existing|not\s+exist|cease\s+to\s+exist)\b",
    ),
    ("suicidal_ideation", "high", r"\bwish\s+i\s+(?:had\s+)?(?:never\s+been\s+born|was\s+never\s+born|could\s+die)\b"),
    (
        "suicidal_ideation",
        "high",
        r"\bbetter\s+off\s+(?:dead|without\s+me|if\s+i\s+(?:was|were)n?t\s+(?:here|around|alive)|if\s+i\s+died|if\s+i\s+(?:was|were)\s+gone)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:no|zero)\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|being\s+alive|going\s+on|staying\s+alive|carrying\s+on|existing)\b",
    ),
    ("suicidal_ideation", "high", r"\b(?:no|zero)\s+point\s+living\b"),
    (
        "suicidal_ideation",
        "high",
        r"\bwhats\s+the\s+point\s+(?:of|in)\s+(?:living|being\s+alive|life|going\s+on|staying\s+alive|existing)\b",
    ),
    ("suicidal_ideation", "high", r"\bhang(?:ing)?\s+myself\b"),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:nobody|no\s+one|noone)\s+would\s+(?:even\s+)?(?:notice|care|miss\s+me|be\s+sad)\s+if\s+i\s+(?:died|was\s+gone|were\s+gone|disappeared|killed\s+myself|wasnt\s+here)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:dont|cant|do\s+not)\s+see\s+myself\s+(?:being\s+)?(?:alive|here|around|living)\s+(?:next|in|by|much|for)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:tired|sick|exhausted)\s+of\s+(?:living|being\s+alive|life\s+itself|existing)\b",
    ),
    ("suicidal_ideation", "high", r"\b(?:shoot|shot|drown|gas|poison|suffocate|starve)\s+myself\b"),
    (
        "suicidal_ideation",
        "high",
        rf"\b(?:jump|jumping|throw\s+myself)\s+(?:off|from|out\s+of|in\s+front\s+of|onto)\s+(?:a|the|my|this|that)?\s*(?:\w+\s+)?{_METHOD}",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:step|walk|jump)\s+in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|car|truck|lorry)\b",
    ),
    ("suicidal_ideation", "high", r"\bcrash\s+my\s+car\s+(?:on\s+purpose|into)\b"),
    (
        "suicidal_ideation",
        "high",
        rf"\b{_WANT}\s+(?:to\s+)?(?:an?\s+)?overdose\b|\boverdose\s+on\s+(?:my\s+)?(?:pills|meds|tablets|paracetamol|insulin|painkillers|sleeping)\b|\b(?:took|taken|i)\s+(?:an\s+)?overdose\b",
    ),
    ("suicidal_ideation", "high", r"\boverdose\b"),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:take|swallow|taking|swallowing|down)\s+(?:all|the\s+whole|a\s+bottle|a\s+handful|too\s+many|every\s+one)\s+(?:of\s+)?(?:my\s+|the\s+|those\s+)?(?:pills|tablets|meds|painkillers)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:cant|cannot)\s+(?:keep\s+myself\s+safe|stay\s+safe\s+from\s+myself|promise\s+(?:ill|i\s+will|to)\s+(?:be\s+safe|stay\s+safe|still\s+be\s+here))\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:want|going|about|plan|planning|decided|ready|try|trying)\s+to\s+(?:commit\s+)?suicide\b|\bsuicide\s+(?:is|has\s+been|keeps|stays)\s+(?:\w+\s+)?(?:on\s+my\s+mind|in\s+my\s+head)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:not\s+sure|dont\s+know\s+(?:if|whether)|no\s+longer\s+sure)\s+(?:if\s+|whether\s+)?i\s+(?:still\s+)?(?:want|wanna)\s+to\s+(?:live|be\s+alive|be\s+here|go\s+on|keep\s+going|keep\s+living)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:wont|will\s+not|not\s+going\s+to)\s+be\s+(?:here|around|alive)\s+(?:much\s+longer|for\s+long|tomorrow|next\s+(?:week|month|year)|by\s+\w+|anymore)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:ready|time)\s+to\s+(?:go|leave\s+this\s+world|leave\s+for\s+good|check\s+out)\s+(?:for\s+good|forever|permanently)\b|\bcheck\s+out\s+(?:for\s+good|permanently|early)\b|\bleave\s+this\s+world\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\bsuicide\s+(?:is|seems|feels)\s+(?:like\s+)?(?:the\s+)?(?:only|best|answer|option)\b|\bthe\s+only\s+way\s+out\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:people|everyone|they|family|kids|parents|friends|theyd|everyoned|theyll)\s+(?:would\s+|will\s+|wouldnt\s+)?(?:all\s+)?(?:be\s+)?(?:happier|better|relieved|even\s+notice|care)\s+(?:if|when)\s+i\s+(?:was|were|am|died|disappeared|wasnt\s+here|was\s+gone|were\s+gone)\b",
    ),
    (
        "suicidal_ideation",
        "high",
        r"\b(?:im|i\s+feel)\s+(?:such\s+)?a\s+burden\s+(?:to|on)\s+everyone\b.*\b(?:gone|die|dead|disappear)\b",
    ),
    ("suicidal_ideation", "high", r"\b(?:going|want)\s+to\s+end\s+it\b"),
    # --- self-harm, high
    ("self_harm", "high", r"\bselfharm\b"),
    (
        "self_harm",
        "high",
        r"\b(?:cut|cutting|cuts|burn|burning|burnt|burned|hurt|hurting|harm|harming|hit|hitting|punch|punching|scratch|scratching|carve|carving|bite|biting|starve|starving|stab|stabbing)\s+myself\b",
    ),
    (
        "self_harm",
        "high",
        r"\b(?:cut|cutting|cutted)\s+(?:my\s+)?(?:arms?|wrists?|legs?|thighs?|skin|stomach)\b|\bcut\s+again\b|\bcutting\s+again\b|\bslit\s+my\s+wrists?\b",
    ),
    ("self_harm", "high", r"\b(?:fresh|new|my|hide\s+(?:the|my))\s+(?:cuts|scars|wounds|burns)\b"),
    (
        "self_harm",
        "high",
        r"\b(?:relaps\w*(?:\s+on)?|urges?\s+to|clean\s+from|do|did|doing)\s+sh\b|\b\d+\s+(?:days|weeks|months)\s+clean\s+from\s+(?:cutting|sh)\b",
    ),
    (
        "self_harm",
        "high",
        r"\b(?:razor|blade|blades|lighter|compass|pencil\s+sharpener)\s+(?:on|to|against|across)\s+my\s+(?:skin|arm|arms|wrist|wrists|leg|legs|thigh|thighs)\b",
    ),
    (
        "self_harm",
        "high",
        r"\b(?:want|need|urge|urges|itch)\s+to\s+(?:cut|bleed|feel\s+pain|punish\s+myself)\b|\b(?:make|made|making)\s+myself\s+bleed\b|\bbang(?:ing)?\s+my\s+head\s+(?:against|on|into)\b",
    ),
    # --- harm to others, high
    (
        "harm_to_others",
        "high",
        r"\b(?:want|going|plan|planning|thinking\s+(?:about|of)|think\s+about|fantasi[sz]e|could|will|gonna|ready|urge|urges|about)\s+(?:to\s+)?(?:kill|hurt|stabb?|shoot|strangl|beat\s+up|attack|poison|murder|harm|smother)(?:e|ing|s|ed)?\s+(?!myself\b|me\b|time\b|it\b|yourself\b)(?:him|her|them|someone|somebody|people|everyone|my\s+\w+|the\s+\w+|that\s+\w+|this\s+\w+|a\s+\w+|my\s+baby|the\s+baby|[a-z]+(?=\s|$))",
    ),
    (
        "harm_to_others",
        "high",
        r"\b(?:ill|i\s+will|im\s+going\s+to|i\s+could|i\s+want\s+to)\s+(?:kill|stab|shoot|strangle|murder)\s+(?:him|her|them|you|someone|somebody|my\s+\w+)\b",
    ),
    (
        "harm_to_others",
        "high",
        r"\b(?:bring|take|bringing|taking)\s+(?:a|my|dads|the)\s+(?:gun|knife|weapon)\s+to\s+(?:school|work|class|the\s+office)\b|\bshoot\s+up\s+(?:the|my)\s+\w+\b",
    ),
    (
        "harm_to_others",
        "high",
        r"\bkill(?:ing)?\s+(?:him|her|them)\b|\bhurt(?:ing)?\s+(?:my\s+(?:baby|child|kids|son|daughter))\b",
    ),
    ("harm_to_others", "high", r"\bkill\s+yourself\b"),
    # --- abuse or violence, high
    (
        "abuse_or_violence",
        "high",
        r"\b(?:he|she|they|my\s+(?:husband|wife|partner|boyfriend|girlfriend|dad|father|mum|mom|mother|stepdad|stepfather|stepmom|stepmum|brother|sister|uncle|aunt|ex|fiance|fiancee|in-laws|landlord|boss|coach|teacher))\s+(?:\w+\s+)?(?:hits|hit|beats|beat|kicks|kicked|slaps|slapped|punches|punched|chokes|choked|strangles|strangled|pushes|pushed|shoves|shoved|burns|burned|abuses|abused|rapes|raped|touches|touched|molests|molested|threatens|threatened|hurts|hurt|locks|locked)\s+(?:me|us|my)\b",
    ),
    (
        "abuse_or_violence",
        "high",
        r"\b(?:not|dont\s+feel)\s+safe\s+(?:at\s+home|in\s+my\s+(?:own\s+)?(?:home|house|flat|apartment|room)|with\s+(?:him|her|them|my\s+\w+)|around\s+(?:him|her|them|my\s+\w+))\b|\bafraid\s+(?:to\s+go\s+home|of\s+(?:my\s+)?(?:husband|partner|boyfriend|dad|father|stepdad))\b|\bscared\s+(?:to\s+go\s+home|hell\s+kill\s+me|shell\s+kill\s+me)\b",
    ),
    (
        "abuse_or_violence",
        "high",
        r"\b(?:being|been|was|got|im|get)\s+(?:abused|raped|molested|assaulted|beaten|hit|strangled|choked|trafficked|groomed)\b|\bdomestic\s+(?:violence|abuse)\b|\bsexual(?:ly)?\s+(?:abuse|abused|assault|assaulted)\b",
    ),
    (
        "abuse_or_violence",
        "high",
        r"\b(?:threaten\w*|said\s+(?:he|she)\s+will|says\s+(?:he|she)\s+will|going\s+to)\s+(?:to\s+)?kill\s+me\b|\b(?:wants|want|told|tell|telling|tells|keep\s+telling|keeps\s+telling|said|says)\s+(?:me\s+)?(?:to\s+)?kill\s+yourself\b|\btold\s+me\s+to\s+(?:kill\s+myself|die|go\s+die)\b|\bgo\s+die\b",
    ),
    # --- someone else's risk, told by the client: concern (the client may need support, and may share it)
    (
        "suicidal_ideation",
        "concern",
        r"\b(?:kill|killing|killed|hang|hanging|hurt|hurting|cut|cutting|harm|harming|overdose\w*)\s+(?:him|her|them)sel(?:f|ves)\b|\bbetter\s+off\s+without\s+(?:him|her|them)\b|\b(?:his|her|their)\s+suicide\b",
    ),
    # --- concern: hopelessness and passive wishes
    ("severe_hopelessness", "concern", r"\bhopeless\w*\b"),
    (
        "severe_hopelessness",
        "concern",
        r"\bnothing\s+(?:will|is\s+going\s+to|ever)\s+(?:ever\s+)?(?:get|gets|change|changes|be)\s+(?:better|different|okay|ok|alright)\b|\bit\s+(?:will|wont)\s+never\s+get\s+better\b|\bnever\s+(?:going\s+to\s+)?get\s+better\b|\bwill\s+never\s+get\s+better\b",
    ),
    (
        "severe_hopelessness",
        "concern",
        r"\b(?:cant|cannot|can\s+no\s+longer)\s+(?:go\s+on|do\s+this\s+anymore|take\s+(?:it|this|any\s*more)|cope\s+anymore|keep\s+going|carry\s+on|handle\s+(?:it|this|life)\s+anymore)\b",
    ),
    (
        "severe_hopelessness",
        "concern",
        r"\bwhats\s+the\s+point\b|\b(?:everything|life|my\s+life|it\s+all)\s+(?:feels|is|seems)\s+(?:so\s+)?(?:pointless|meaningless)\b|\bno\s+point\s+(?:in\s+)?(?:anything|trying|any\s+of\s+(?:it|this))\b|\bno\s+future\s+for\s+me\b|\bi\s+have\s+no\s+future\b|\b(?:give|giving|given|gave)\s+up\s+on\s+(?:everything|life|myself)\b|\bno\s+way\s+out\b|\btrapped\s+(?:and|with)\s+no\b|\bim\s+a\s+burden\b|\bburden\s+(?:to|on)\s+everyone\b|\bworthless\b.*\b(?:always|forever|never)\b",
    ),
    (
        "suicidal_ideation",
        "concern",
        r"\b(?:want|wish|wishing|wished)\s+(?:i\s+could\s+|to\s+)?(?:disappear|vanish|fade\s+away|stop\s+feeling\s+anything|not\s+feel\s+anything)\b|\bwish\s+(?:it|everything|all\s+of\s+this)\s+would\s+(?:all\s+)?(?:just\s+)?(?:end|stop)\b|\bwant\s+(?:it|everything|this)\s+(?:all\s+)?to\s+(?:end|stop)\b",
    ),
    (
        "suicidal_ideation",
        "concern",
        r"\bsuicide\b|\bdeath\b\s+(?:feels|seems|would\s+be)\s+(?:like\s+)?(?:a\s+)?(?:relief|peaceful|easier)|\bthink(?:ing)?\s+about\s+(?:death|dying)\b|\bwhy\s+(?:am\s+i|bother)\s+(?:still\s+)?(?:alive|living)\b|\bdont\s+care\s+if\s+i\s+(?:die|live)\b",
    ),
]
# The fourth field says how a negation before a match denies it: the English check, or another language's own
# negations among the four words before (None: the pattern handles negation itself; see multilingual.py).
_RULES_RE = [(cat, lvl, re.compile(p), "english") for cat, lvl, p in _RULES] + [
    (cat, lvl, re.compile(p), deny and re.compile(deny)) for cat, lvl, p, deny in multilingual.RULES
]

# Plan, means or time: turns a high suicide or self-harm signal into imminent.
_IMMINENCE = re.compile(
    r"\b(?:tonight|right\s+now|today|this\s+(?:evening|weekend|morning|afternoon)|in\s+(?:an?|one|two|\d+)\s+(?:hours?|minutes?|mins?)|"
    r"before\s+(?:morning|tomorrow|sunrise)|after\s+(?:everyone|they)\s+(?:is|are|goes|go)\s+(?:asleep|to\s+(?:bed|sleep))|"
    r"when\s+(?:everyone|they)\s+(?:is|are)\s+asleep|"
    r"(?:have|got|made|making|picked|chose|worked\s+out)\s+(?:a|the|my)\s+(?:plan|date|method|way)|"
    r"(?:pills|tablets|blade|razor|knife|gun|rope)\s+(?:in\s+my\s+hand|ready|right\s+here|next\s+to\s+me|with\s+me)|"
    r"(?:bought|have|got)\s+(?:a|the)\s+(?:gun|rope|razor|blades)|"
    r"on\s+the\s+(?:bridge|roof|ledge|edge|tracks)|wrote\s+(?:a|my|the)\s+note|goodbye\s+forever|this\s+is\s+goodbye)\b"
    rf"|(?<!\S)(?:{multilingual.IMMINENCE})"
)

_NEGATION = re.compile(
    r"\b(?:not|never|no|nor|none|zero|without|deny|denies|denied|isnt|arent|wasnt|werent|dont|doesnt|didnt|wont|wouldnt|havent|hasnt|hadnt|cant\s+imagine|no\s+longer\s+have)\b"
)
# Hedges that look like negation but are not ("I'm not sure I want to live").
_HEDGE = re.compile(
    r"\b(?:no\s+one|nobody|cant\s+say|not\s+sure|not\s+certain|dont\s+know\s+(?:if|whether|why|how)|no\s+idea\s+(?:if|whether)|cant\s+promise|not\s+(?:going\s+to\s+)?lie|wont\s+lie|never\s+(?:felt|been)\s+so|no\s+longer\s+(?:sure|care)|dont\s+care)\b"
)
_HEDGE_DOUBLE = re.compile(r"\b(?:cant\s+say|wouldnt\s+say|not\s+that)\b")
# The writer joins in: "my friend said she wanted to die and honestly so do I".
_ME_TOO = re.compile(
    r"\b(?:so\s+do\s+i|so\s+am\s+i|me\s+too|same\s+here|i\s+do\s+too|i\s+feel\s+the\s+same|me\s+as\s+well)\b"
)
_ASKED = re.compile(
    r"\b(?:asked|asks|ask|asking)\s+(?:me\s+)?(?:if|whether)\b"
    # the same in the other languages the rules read: "me preguntó si", "perguntou se", "ma demandé si", "gefragt, ob"
    r"|\bpregunt\w*\s+si\b|\bpergunt\w*\s+se\b|\bdemand\w*\s+si\b|\b(?:gefragt|fragte|fragt)\s*,?\s+ob\b|\b(?:pucha|puchha|poocha|puchi)\b"
)
_CLAUSE_SPLIT = re.compile(
    r"[.!?;\n]+|,\s*(?=(?:but|though|although|yet|except|however|and\s+i|i)\b)|\b(?:but|though|although|yet|except|however)\b"
    r"|\b(?:pero|mas|mais|aber|lekin|magar)\b"  # "but" in the other languages the rules read (multilingual.py)
)
_OTHERS = re.compile(
    # Spanish "he" is "I have": "he estado buscando", "he pensado" speak of the writer.
    r"\bhe\b(?!\s+(?:estado|sido|pensado|intentado|tenido|hecho|buscado|vuelto|tomado|comprado|dejado|escrito|querido|podido|dicho|visto)\b)|"
    r"\b(?:she|they|hes|shes|theyre|his|her|their|friend|friends|brother|sister|mum|mom|mother|dad|father|son|daughter|cousin|aunt|uncle|partner|boyfriend|girlfriend|husband|wife|colleague|coworker|classmate|roommate|flatmate|someone|somebody|people|person|character|characters|narrator|singer|patient|client|student|neighbour|neighbor|grandma|grandpa|kid)\b"
)
_SPEECH_OR_WORK = re.compile(
    r"\b(?:said|says|say|told|tells|posted|posts|wrote|writes|texted|texts|tweeted|mentioned|admitted|confided|keeps\s+saying|talks?\s+about|talked\s+about|asked|heard|joked|jokes|"
    r"movie|film|book|novel|song|lyrics|lyric|show|series|episode|article|documentary|podcast|news|story|class|lecture|essay|research|study|poem|play|game|meme|quote|quoted|statistics|awareness|prevention|campaign|training|course|charity|fundraiser|report|headline|history)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|ill|me|myself)\b")
_QUOTED = re.compile(r'"[^"]{3,}"')


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _negated(before: str) -> bool:
    """One negation among the last few words before the match, not a hedge; a double negation does not count."""
    window = _HEDGE.sub(" ", " ".join(before.split()[-5:]))
    return len(_NEGATION.findall(window)) == 1 and not _HEDGE_DOUBLE.search(before)


def _denied(before: str, denial: str | re.Pattern | None) -> bool:
    if denial == "english":
        return _negated(before)
    return denial is not None and bool(denial.search(" ".join(before.split()[-4:])))


def _reported(before: str, after: str, category: str, text: str) -> bool:
    """The clause speaks of someone else, or of a film, song or book, rather than the writer."""
    if category == "abuse_or_violence" or _ME_TOO.search(text):
        return False  # "he hits me" is about the writer by construction
    anchors = [m.end() for m in _OTHERS.finditer(before)] + [m.end() for m in _SPEECH_OR_WORK.finditer(before)]
    if anchors:
        # "my friend said she wanted to die", "the movie was about suicide": no "I" between them and the match.
        return not _FIRST_PERSON.search(before[max(anchors) :])
    # "suicide prevention documentary": a work named right after the match, and no "I" before it. Only the next three
    # words: "rat poison le aaya hu, aaj raat game over" names no game.
    return bool(_SPEECH_OR_WORK.search(" ".join(after.split()[:3]))) and not _FIRST_PERSON.search(before)


def assess(text: str | None) -> Risk:
    """Assess one piece of client-written text by its phrases, then by the learned layer. Never sends it anywhere.

    The learned layer (`semantic.py`) only ever raises the level: to high (imminent when the text also names a
    time, plan or means) above its strict threshold, to concern above its lenient one. Where the rules saw a risk
    phrase and explained it away (negated, quoted, about someone else), it may raise the level to concern at most.
    """
    risk, explained_away = _assess_rules(text)
    if risk.at_least_high:
        return risk
    prepared = prepare(text or "")
    probability = semantic.risk_probability(read_for_meaning(text or ""))
    if probability is None:
        return risk
    model = semantic.model()
    if probability >= model.threshold and not explained_away:
        level = "imminent" if _IMMINENCE.search(prepared) else "high"
    elif probability >= model.concern_threshold:
        level = "concern"
    else:
        return risk
    if _RANK[level] <= _RANK[risk.level]:
        return risk
    return Risk(level, (*risk.categories, "similar_to_risk"), (*risk.evidence, f"meaning (p={probability:.2f})"))


def prepare(text: str) -> str:
    """The text as the rules read it: normalised, with safe idioms removed."""
    return " ".join(_IDIOMS_RE.sub(" ", normalise_for_rules(text)).split())


def read_for_meaning(text: str) -> str:
    """The text as the learned layer reads it: normalised, idioms kept. Blanking "dye my hair" out of "I want to dye
    my hair blue" left "I want to blue", which reads like a wish to die; the layer learnt idioms from examples."""
    return " ".join(normalise(text).split())


def assess_by_rules(text: str | None) -> Risk:
    """The phrase rules alone."""
    return _assess_rules(text)[0]


def _assess_rules(text: str | None) -> tuple[Risk, bool]:
    """The rules' verdict, and whether they saw a risk phrase they explained away (negated, quoted, reported)."""
    if not text or not text.strip():
        return Risk(), False
    raw = normalise_for_rules(text)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(raw)]
    # Blank out idioms (keep offsets stable).
    clean = _IDIOMS_RE.sub(lambda m: " " * len(m.group(0)), raw)
    clauses = _clauses(clean)

    best = 0
    explained_away = False
    categories: dict[str, None] = {}
    evidence: dict[str, None] = {}
    direct_high = False  # a first-person, un-negated high suicide/self-harm signal
    for category, level, pattern, denial in _RULES_RE:
        for m in pattern.finditer(clean):
            start, end = m.span()
            c_start, c_end = next(((a, b) for a, b in clauses if a <= start < b), (0, len(clean)))
            before = clean[c_start:start]
            after = clean[end:c_end]
            if level != "imminent" and category != "abuse_or_violence" and _denied(before, denial):
                explained_away = True
                continue
            effective = _RANK[level]
            in_quotes = any(a <= start and end <= b for a, b in quoted)
            if in_quotes or _reported(before, after, category, clean) or _ASKED.search(before):
                effective = min(effective, _RANK["concern"])
                explained_away = explained_away or _RANK[level] > effective
            if effective == 0:
                continue
            if effective >= _RANK["high"] and category in ("suicidal_ideation", "self_harm"):
                direct_high = True
            best = max(best, effective)
            categories.setdefault(category, None)
            evidence.setdefault(m.group(0).strip(), None)
    if direct_high and best < _RANK["imminent"]:
        cue = _IMMINENCE.search(clean)
        if cue:
            best = _RANK["imminent"]
            evidence.setdefault(cue.group(0).strip(), None)
    if not categories:
        return Risk(), explained_away
    ordered = tuple(c for c in CATEGORIES if c in categories)
    return Risk(LEVELS[best], ordered, tuple(evidence)), explained_away
