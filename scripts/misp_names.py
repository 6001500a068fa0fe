#!/usr/bin/env python3
"""Generate src/tag/names.tsv: threat-actor and malware-family names, in two tiers.

Source: the MISP galaxy clusters shipped inside the PyPI package `pymispgalaxies`
(dual-licensed CC0-1.0 OR BSD-2-Clause, see src/tag/names.LICENSE.md).

Requirements (Python 3.11):

    pip install pymispgalaxies==1.1.1 wordfreq==3.1.1

Regenerate (from the repository root):

    python3 scripts/misp_names.py

Output: one line per name, `<tier>\t<name>`, tier `distinctive` (may fire alone)
or `ambiguous` (needs cyber context nearby). Names are lower-cased, sorted and
deduplicated; a name that lands in both tiers is kept as `ambiguous` only.

Every rule below is a class of names, never a hand-picked name; see RULES in
src/tag/names.LICENSE.md for the prose version.
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata
import json
import re
import sys
import unicodedata
from pathlib import Path

import pymispgalaxies
from wordfreq import top_n_list, zipf_frequency

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "tag" / "names.tsv"
REGEN_CMD = (
    "pip install pymispgalaxies==1.1.1 wordfreq==3.1.1 && "
    "python3 scripts/misp_names.py"
)
DATA = Path(pymispgalaxies.__file__).resolve().parent / "data" / "misp-galaxy"

# --------------------------------------------------------------------------
# Clusters
# --------------------------------------------------------------------------
# Clusters that contribute names, with how their entries are treated:
#   actor  - threat-actor groups
#   malware - malware families (malware-only lists)
#   mixed  - lists that mix malware with legitimate or offensive-security
#            software; every entry goes through the software-class check.
SOURCE_CLUSTERS: list[tuple[str, str]] = [
    ("threat-actor", "actor"),
    ("mitre-intrusion-set", "actor"),
    ("microsoft-activity-group", "actor"),
    ("ransomware", "malware"),
    ("malpedia", "malware"),
    ("mitre-malware", "malware"),
    ("backdoor", "malware"),
    ("banker", "malware"),
    ("stealer", "malware"),
    ("tool", "mixed"),
    ("rat", "mixed"),
]
# Reference clusters: contribute no names, only evidence for the drop rules.
#   mitre-tool          - ATT&CK "tools" (dual-use software): legitimacy evidence
#   country             - country names and their capitals (geonames)
#   producer            - security vendors / CERTs (companies)
#   surveillance-vendor - companies selling surveillance technology
REFERENCE_CLUSTERS = ["mitre-tool", "country", "producer", "surveillance-vendor"]

# --------------------------------------------------------------------------
# Word classes
# --------------------------------------------------------------------------
LANGS = ("en", "es", "pt", "de", "fr")
# A word is "in general use" if its Zipf frequency is >= this in any of LANGS.
# Zipf 3.0 (1 per million words) catches the everyday vocabulary ("play",
# "medusa", "akira", "lazarus"), but a spot check of the names scoring 1.5-3.0
# found them to be mostly ordinary words, names, brands and myths too
# ("sliver", "redline", "sandworm", "katyusha", "bluesky", "erebus", "phobos",
# "cicada", "pickaxe").  Invented malware names score below 1.5 ("emotet" 1.4,
# "blackcat" 1.1, "lockbit" 0), so 1.5 (about 0.03 per million words) is used.
COMMON_ZIPF = 1.5
# A one-word name that is among the few hundred most frequent words of a language ("être",
# "após", "first", "casa", "comment") reads as that word whatever stands beside it, so it is
# dropped. Play (5.6), a group the news names often, stays just under the line.
FUNCTION_ZIPF = 5.65
# How many of each language's most frequent words are looked up with their accents folded.
FOLDED_WORDS = 200_000

# Category words: words that name a kind of malware or an organisational unit.
# They are not names; they are stripped from the end of a name ("Gh0st RAT" ->
# "gh0st", "Lazarus Group" -> "lazarus") and a name made only of them is dropped.
CATEGORY_WORDS = {
    "ransomware", "ransomeware", "ransom", "stealer", "infostealer", "loader",
    "downloader", "dropper", "botnet", "bot", "backdoor", "trojan", "rat",
    "banker", "banking", "wiper", "miner", "cryptominer", "spyware", "malware",
    "keylogger", "rootkit", "bootkit", "implant", "virus", "worm", "webshell", "apt",
    "crypter", "encryptor", "cryptor", "decryptor", "stager", "screenlocker",
    "locker", "trojaner",
    "group", "team", "gang", "crew", "actor", "actors", "hackers", "hacker",
    "operators", "campaign", "family", "android", "windows", "linux", "macos",
    "osx", "ios", "raas", "variant", "version", "the",
}
# misspellings of "ransomware" are common in the lists ("ransomeware", "ramsomware")
RANSOM_LIKE = re.compile(r"^ra[mn]s[oa]m\w*$|^ra[mn]s\w{0,3}ware$")




def is_category(w: str) -> bool:
    return w in CATEGORY_WORDS or bool(RANSOM_LIKE.match(w))

# Generic-description markers: a name containing one of these words describes
# something rather than naming it ("Unknown Logger", "Fake Cerber", "demo tool").
GENERIC_WORDS = {
    "unknown", "unnamed", "unidentified", "unattributed", "undisclosed",
    "generic", "fake", "imposter", "impostor", "demo", "poc", "test", "testing",
    "sample", "samples", "related", "formerly", "possibly", "probably",
    "suspected", "copycat", "misc", "other", "others",
}
# "<generic noun> <number>" designations are placeholders, not names.
GENERIC_NUMBERED = re.compile(
    r"^(group|unidentified|unknown|cluster|actor|threat|campaign|operation|"
    r"team|unit|set|intrusion set|activity|activity group)[ _-]?\d+[a-z]?$"
)
# Platform prefixes of AV-style names ("OSX/Shlayer", "Android/Chuli.A").
PLATFORM_PREFIX = re.compile(
    r"^(android|androidos|osx|macos|linux|unix|win32|win64|w32|w64|msil|ios|"
    r"js|vbs|html|php|java|elf|trojan|backdoor|ransom|pws|tspy|bkdr|hacktool|"
    r"riskware|adware|spyware|worm|virus|exploit|troj|gen|apt|downloader|"
    r"dropper|fe)\s*[/.:_]",
    re.I,
)

# Actor designators: a vendor's prefix followed by a number. Kept whatever
# their length; they cannot be mistaken for ordinary words.
DESIGNATOR_PREFIXES = (
    "apt", "apt-c", "apt-q", "apt-k", "t-apt", "ta", "unc", "uac", "dev",
    "storm", "fin", "tg", "ctg", "itg", "tag", "hive", "uat", "uta", "atk",
    "ref", "stac", "cl-sta", "cl-cri", "cl-unk", "utg-q", "tgr-sta", "tgr-unk",
    "larva", "th", "sig", "temp",
)
DESIGNATOR = re.compile(
    r"^(" + "|".join(re.escape(p) for p in sorted(DESIGNATOR_PREFIXES, key=len, reverse=True))
    + r")[ -]?\d{1,5}$"
)

# --------------------------------------------------------------------------
# Software classes (for entries of "mixed" clusters and their namesakes)
# --------------------------------------------------------------------------
# Descriptions that present the software as a legitimate product or a built-in
# operating-system utility.  These are decisive.
LEGIT_STRONG = re.compile(
    r"^\W*legitimate\b"
    r"|\b(is|was) an? (legitimate|benign|proprietary|native|built-in|free microsoft)\b"
    r"|\bproprietary (computer )?software\b"
    r"|\blegitimate (commercial |remote |reverse |system |administration |admin )*"
    r"(tool|software|program|utility|driver|application|product|service)\b"
    r"|\b(is|was) (a|an|the) ([\w-]+ ){0,3}(windows|unix|unix-based|linux|"
    r"operating system|microsoft|command[- ]line|scripting) (utility|interpreter|tool)\b"
    r"|^\W*the \W*\w+\W* utility\b"
    r"|\bcomponent of the windows operating system\b"
    r"|\b(is|was) an? ([\w-]+ ){0,2}(company|vendor|manufacturer)\b"
    r"|\bsysinternals\b"
    r"|\bbuilt into the windows\b",
    re.I,
)
# The explicit subset, also applied to malware-only clusters (which list some
# benign tools and companies, e.g. "NirCmd is a benign tool by NirSoft").
LEGIT_EXPLICIT = re.compile(
    r"^\W*legitimate\b"
    r"|\b(is|was) an? (legitimate|benign|free microsoft)\b"
    r"|\b(is|was) an? ([\w-]+ ){0,2}(company|vendor|manufacturer)\b",
    re.I,
)
# Descriptions that suggest a legitimate product, but that are also used for
# criminal tools; they count only when the description has no sign of malice.
LEGIT_WEAK = re.compile(
    r"\bremote (desktop|support|assistance|control) (program|software|tool|"
    r"application|solution|package)\b"
    r"|\bfree remote (access|desktop|control)\b"
    r"|\bremote access (program|software|solution)\b"
    r"|\b(help ?desk|customer support|technical assistance|web conferencing|"
    r"online meetings|screen sharing|desktop sharing)\b"
    r"|\b(monitoring|management) software\b"
    r"|\b(employees|parental|kids)\b"
    r"|\bopen[- ]?source\b[^.]{0,40}\b(tool|software|program|library|utility|"
    r"application|vnc|protector|packer|obfuscator)\b"
    r"|\b(system|network|it) (administration|management) (tool|software|utility)\b"
    r"|\bpython library\b",
    re.I,
)
MALICE = re.compile(
    r"\b(malware|malicious|trojan|backdoor|ransom\w*|stealer|spyware|keylogger|"
    r"botnet|attackers?|victims?|infect\w*|threat actors?|adversar\w+|apt\s?\d+|"
    r"cybercrim\w*|hack(er|ers|ing)|unauthori[sz]ed|espionage|compromis\w*|"
    r"exploit\w*|steal\w*|criminals?|underground|rat)\b",
    re.I,
)
# Offensive-security software (penetration testing / red-team frameworks).
# Dual-use by design and named in security-product news: ambiguous at most.
OFFENSIVE = re.compile(
    r"\bpenetration test\w*|\bpen ?test\w*|\bred[- ]?team\w*|"
    r"\badversar(y|ial) (attack )?(simulation|emulation)|\battack simulation\b|"
    r"\boffensive security\b|\bsecurity testing\b|\btesting the security\b",
    re.I,
)
# meta.type values of the tool galaxy that mark offensive-security software
OFFENSIVE_TYPES = re.compile(r"\bhacktool\b|exploitation framework", re.I)


def software_class(desc: str, meta_type: list | None, kind: str) -> str | None:
    """Classify one cluster entry by its description: 'legit' (presented as a
    legitimate product or OS utility), 'legit-weak' (looks like a legitimate
    product and shows no sign of malice), 'offensive' (penetration-testing /
    red-team software) or None.  For malware-only clusters only the explicit
    legitimacy wording counts: being listed there is evidence of malice."""
    types = " ".join(meta_type or [])
    text = re.sub(r"\(https?://[^)]*\)", "", desc or "")
    text = re.sub(r"\(Citation:[^)]*\)", "", text).replace("[", "").replace("]", "")
    head = text[:400]
    first = re.split(r"\.[\"'\u201d]?\s+(?=[A-Z\[])", head, maxsplit=1)[0]
    # judged on the first sentence only: later sentences describe what
    # attackers did with the software, not what the software is
    if OFFENSIVE.search(first) or OFFENSIVE_TYPES.search(types):
        return "offensive"
    if kind != "mixed":
        return "legit" if LEGIT_EXPLICIT.search(first) else None
    if LEGIT_STRONG.search(first):
        return "legit"
    if LEGIT_WEAK.search(head) and not MALICE.search(text):
        return "legit-weak"
    return None


# --------------------------------------------------------------------------
# Name cleaning
# --------------------------------------------------------------------------
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u00a0": " "})
ALLOWED = re.compile(r"^[a-z0-9][a-z0-9 .@&'+-]*[a-z0-9]$")
VERSION_TAIL = re.compile(
    r"(?:\s+|-)(v\.?\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)+[a-z]?|\d+\.x)$"  # " v2", " 2.1", " 0.x"
    r"|(?<=[a-z]{3})\.[a-z]$"                                  # AV variant ".a"
    r"|(?<=[a-z]{3}) [a-z]$"                                    # variant letter " c"
)
VERSION_LIKE = re.compile(r"^(v?\d+(\.\d+)*[a-z]?|cve-\d{4}-\d+|[\d .:_-]+)$")
HEXISH = re.compile(r"^[0-9a-f]{12,}$")


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(QUOTES)
    s = s.lower().replace("_", " ")
    return re.sub(r"\s+", " ", s).strip()


def is_latin(s: str) -> bool:
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def words(name: str) -> list[str]:
    return [w for w in re.split(r"[ \-.@&'+]+", name) if w]


def strip_category(name: str) -> str:
    """Remove category words from both ends ("gh0st rat" -> "gh0st",
    "backdoor-fdu" -> "fdu", "the lamberts" -> "lamberts")."""
    toks = re.split(r"([ -])", name)          # words at even, separators at odd
    if len(toks) < 3:
        return name
    while len(toks) >= 3 and (is_category(toks[-1]) or toks[-1] == ""):
        toks = toks[:-2]
    while len(toks) >= 3 and (is_category(toks[0]) or toks[0] in ("", "operation")):
        toks = toks[2:]
    return "".join(toks)


def clean(raw: str) -> tuple[list[tuple[str, bool]], list[str]]:
    """Turn one raw cluster value or synonym into candidate names.

    Returns ([(name, stripped)], reasons-dropped); `stripped` is True when a
    category word was removed to get the name ("CCleaner Backdoor" ->
    "ccleaner")."""
    out: list[tuple[str, bool]] = []
    dropped: list[str] = []
    s = unicodedata.normalize("NFKC", raw).translate(QUOTES).strip()
    s = re.sub(r"\s+-\s+[GSC]\d{4}$", "", s)          # MITRE ids: "X - G0007"
    s = re.sub(r"\([^)]*\)?|\[[^\]]*\]?", " ", s)     # parenthesised parts
    if PLATFORM_PREFIX.match(s) or s.count(".") >= 2 and " " not in s.strip():
        return [], ["av-style"]                        # AV-style detection names
    parts = re.split(r"\s*/\s*|\s*;\s*|,\s+|\s+aka\s+|\s+or\s+", s)
    for p in parts:
        n = fold(p)
        n = re.sub(r"\$+(?= |$)", "", n)                 # "lapsus$" -> "lapsus"
        n = n.strip(" .,;:!?\"'*#~|")
        if not n:
            continue
        if not is_latin(n):
            dropped.append("non-latin")
            continue
        if ":" in n or "!" in n or "#" in n:
            dropped.append("punctuation")
            continue
        if DESIGNATOR.match(n):
            out.append((n, False))
            continue
        before = n
        for _ in range(3):                              # category + version, any order
            n = strip_category(n)
            m = VERSION_TAIL.search(n)
            if m and re.search(r"[a-z]", n[: m.start()]) and not DESIGNATOR.match(n):
                n = n[: m.start()].strip(" .-")
        n = n.strip(" .-'")
        if not n:
            continue
        if not ALLOWED.match(n):
            dropped.append("charset")
            continue
        ncat = sum(is_category(w) for w in words(before)) - sum(is_category(w) for w in words(n))
        out.append((n, ncat > 0))
    return out, dropped


# --------------------------------------------------------------------------
# Tiering
# --------------------------------------------------------------------------
_zipf_cache: dict[str, float] = {}
_folded_zipf: dict[str, float] = {}


def strip_accents(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Mn"
    )


def folded_zipf(word: str) -> float:
    """The frequency of the most frequent word that folds to `word` ("etre" is "être"): news
    text is matched with its accents folded, so a name meets the accented word too."""
    if not _folded_zipf:
        for lang in LANGS:
            for w in top_n_list(lang, FOLDED_WORDS):
                f = strip_accents(w)
                if f != w:
                    _folded_zipf[f] = max(_folded_zipf.get(f, 0.0), zipf_frequency(w, lang))
    return _folded_zipf.get(word, 0.0)


def max_zipf(word: str) -> float:
    if word not in _zipf_cache:
        raw = max(zipf_frequency(word, lang) for lang in LANGS)
        _zipf_cache[word] = max(raw, folded_zipf(word))
    return _zipf_cache[word]


def drop_reason(name: str, refs: dict[str, set[str]]) -> str | None:
    """Reasons to leave a cleaned name out entirely (None = keep)."""
    if DESIGNATOR.match(name):
        return None
    core = re.sub(r"[^a-z0-9]", "", name)
    if len(core) < 4:
        return "short"
    if VERSION_LIKE.match(name) or core.isdigit():
        return "numeric/version"
    if re.fullmatch(r"[gsc]\d{4}", name):
        return "catalogue id (MITRE ATT&CK G/S/C number)"
    if HEXISH.match(core) and re.search(r"\d", core):
        return "hash-like"
    if "@" in name and "." in name:
        return "email/domain"
    if re.search(r"\.(com|net|org|onion|io|ru|cn|info)\b", name):
        return "email/domain"
    if re.search(r"\.(php|aspx?|jsp|exe|dll|sys|js|vbs|ps1|bat|lnk|jar|apk|elf|py|sh)$", name):
        return "file name"
    ws = words(name)
    if len(name.split(" ")) > 4:
        return "description (more than four words)"
    if GENERIC_NUMBERED.match(name) or any(w in GENERIC_WORDS for w in ws):
        return "generic description"
    if all(is_category(w) or w.isdigit() for w in ws):
        return "category word only"
    if re.fullmatch(r"[a-z]+", name) and max_zipf(name) >= FUNCTION_ZIPF:
        return "one of a language's most frequent words"
    if name in refs["country"]:
        return "country or capital"
    if name in refs["vendor"]:
        return "company/vendor"
    return None


# The weather words of Microsoft's naming scheme for groups (and CrowdStrike's "Chollima"):
# a word before one of them names a group, not a storm ("Salt Typhoon", "Midnight Blizzard").
# The animal words of other schemes (Panda, Bear, Kitten, Spider) stay out: "wolf spider" and
# "domestic kitten" are animals first.
TAXONOMY_WORDS = {"typhoon", "blizzard", "sandstorm", "sleet", "tempest", "chollima"}


def tier_of(name: str) -> tuple[str, str]:
    """('distinctive'|'ambiguous', reason)."""
    if DESIGNATOR.match(name):
        return "distinctive", "designator"
    parts = words(name)
    if len(parts) == 2 and parts[1] in TAXONOMY_WORDS and parts[0] not in TAXONOMY_WORDS:
        return "distinctive", "vendor naming scheme"
    ws = [w for w in parts if not is_category(w)]
    for w in ws:
        if re.fullmatch(r"[a-z]+", w) and len(w) >= 2 and max_zipf(w) >= COMMON_ZIPF:
            return "ambiguous", f"common word '{w}'"
    # a name made of letters with digits used as letters ("gh0st", "cl0p")
    # is judged by its letter form too
    for w in ws:
        if re.search(r"[a-z]", w) and re.search(r"\d", w):
            leet = w.translate(str.maketrans("013457", "oieast"))
            if re.fullmatch(r"[a-z]+", leet) and max_zipf(leet) >= COMMON_ZIPF:
                return "ambiguous", f"common word '{leet}' (leet)"
    core = re.sub(r"[^a-z0-9]", "", name)
    if len(core) <= 5:
        return "ambiguous", "4-5 characters"
    # two-word names whose concatenation is a common word ("dark side")
    joined = "".join(ws)
    if len(ws) > 1 and re.fullmatch(r"[a-z]+", joined) and max_zipf(joined) >= COMMON_ZIPF:
        return "ambiguous", "common word when joined"
    return "distinctive", "no common word"


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def load(cluster: str) -> dict:
    with open(DATA / "clusters" / f"{cluster}.json", encoding="utf-8") as f:
        return json.load(f)


def entry_names(v: dict) -> list[str]:
    meta = v.get("meta") or {}
    syn = meta.get("synonyms") or []
    if isinstance(syn, str):
        syn = [syn]
    return [v["value"], *syn]


def state_actor(cluster: str, entry: dict) -> bool:
    """Whether a cluster entry says the group spies for a state: the threat-actor galaxy's
    CFR fields (a suspected state sponsor, or espionage among its incident types), or a country
    on a Microsoft activity group (Microsoft gives one to nation-state groups only)."""
    meta = entry.get("meta") or {}
    if cluster == "threat-actor":
        incidents = meta.get("cfr-type-of-incident") or []
        if isinstance(incidents, str):
            incidents = [incidents]
        return bool(meta.get("cfr-suspected-state-sponsor")) or "Espionage" in incidents
    if cluster == "microsoft-activity-group":
        return bool(meta.get("country"))
    return False


def family_of(cluster: str, kind: str, entry: dict) -> str:
    """The family a name takes from one cluster entry it is listed in."""
    if cluster == "ransomware":
        return "ransomware"
    if kind == "actor":
        return "espionage" if state_actor(cluster, entry) else "actor"
    return "malware"


def pick_family(found: set[str]) -> str:
    """A name listed as ransomware anywhere is ransomware; then malware; then a state's spies;
    else an actor."""
    for family in ("ransomware", "malware", "espionage", "actor"):
        if family in found:
            return family
    return "malware"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--explain", type=Path, metavar="FILE",
                    help="also write the reason for every name's tier or drop to FILE")
    args = ap.parse_args()

    clusters = {c: load(c) for c, _ in SOURCE_CLUSTERS}
    ref = {c: load(c) for c in REFERENCE_CLUSTERS}

    # reference sets ------------------------------------------------------
    refs: dict[str, set[str]] = {"country": set(), "vendor": set()}
    for v in ref["country"]["values"]:
        refs["country"].add(fold(v["value"]))
        cap = (v.get("meta") or {}).get("Capital")
        if cap:
            refs["country"].add(fold(cap))
    # company names: security vendors / CERTs / media (producer) are dropped;
    # surveillance vendors sell offensive technology and are capped at ambiguous
    for c, key in (("producer", "vendor"), ("surveillance-vendor", "surveillance")):
        refs.setdefault(key, set())
        for v in ref[c]["values"]:
            for raw in entry_names(v):
                for part in re.split(r"\s*/\s*", re.sub(r"\([^)]*\)", " ", raw)):
                    n = fold(part).strip(" .,")
                    if n:
                        refs[key].add(n)

    # software classes per name, across source and reference clusters --------
    soft: dict[str, set[str]] = collections.defaultdict(set)
    in_malware_cluster: set[str] = set()
    bare: set[str] = set()       # names listed somewhere without a category word
    classified = [(c, k) for c, k in SOURCE_CLUSTERS] + [("mitre-tool", "mixed")]
    for c, kind in classified:
        data = clusters.get(c) or ref[c]
        for v in data["values"]:
            meta = v.get("meta") or {}
            mt = meta.get("type")
            cls = software_class(v.get("description") or "",
                                 mt if isinstance(mt, list) else [mt] if mt else None,
                                 kind)
            cleaned = [x for raw in entry_names(v) for x in clean(raw)[0]]
            names = [n for n, _ in cleaned]
            bare.update(n for n, stripped in cleaned if not stripped)
            if kind == "malware" and cls != "legit":
                in_malware_cluster.update(names)
            if kind == "actor":
                continue
            if cls:
                for n in names:
                    soft[n].add(cls)

    # collect --------------------------------------------------------------
    tiers: dict[str, str] = {}
    families: dict[str, set[str]] = collections.defaultdict(set)
    why: dict[str, str] = {}
    per_cluster: dict[str, collections.Counter] = {}
    contributed: dict[str, set[str]] = collections.defaultdict(set)
    drops = collections.Counter()
    for c, kind in SOURCE_CLUSTERS:
        cnt = collections.Counter()
        per_cluster[c] = cnt
        for v in clusters[c]["values"]:
            for raw in entry_names(v):
                names, dropped = clean(raw)
                for d in dropped:
                    drops[d] += 1
                    cnt["dropped"] += 1
                for n, stripped in names:
                    r = drop_reason(n, refs)
                    sc = soft.get(n, set())
                    capped = None
                    if r is None and sc & {"legit", "legit-weak"}:
                        if n in in_malware_cluster:
                            capped = "dual-use: legitimate software also listed as malware"
                        else:
                            r = "legitimate software"
                    if r is not None:
                        drops[r] += 1
                        cnt["dropped"] += 1
                        why.setdefault(n, f"DROP {r} [{c}]")
                        continue
                    t, reason = tier_of(n)
                    if n in refs["surveillance"] and t == "distinctive":
                        t, reason = "ambiguous", "surveillance vendor (company)"
                    if "offensive" in sc and t == "distinctive":
                        t, reason = "ambiguous", "offensive-security tool"
                    if capped and t == "distinctive":
                        t, reason = "ambiguous", capped
                    if stripped and n not in bare and t == "distinctive":
                        t, reason = "ambiguous", "only ever listed with a category word"
                    contributed[c].add(n)
                    families[n].add(family_of(c, kind, v))
                    if tiers.get(n) != "ambiguous":       # ambiguous wins
                        if tiers.get(n) is None or t == "ambiguous":
                            why[n] = f"{t} {reason} [{c}]"
                        tiers[n] = t

    # write ----------------------------------------------------------------
    pkg_ver = importlib.metadata.version("pymispgalaxies")
    wf_ver = importlib.metadata.version("wordfreq")
    lic = "CC0-1.0 OR BSD-2-Clause (misp-galaxy LICENSE.md, shipped in the package)"
    hdr = [
        "# feedsentry threat-actor / malware-family names, two tiers.",
        "# GENERATED FILE - do not edit by hand; edit scripts/misp_names.py instead.",
        f"# source: PyPI package pymispgalaxies=={pkg_ver} (MISP galaxy clusters), wordfreq=={wf_ver}",
        f"# licence of the cluster data: {lic}; see src/tag/names.LICENSE.md",
        "# clusters used for names (name, version, uuid):",
    ]
    for c, kind in SOURCE_CLUSTERS:
        d = clusters[c]
        hdr.append(f"#   {c}\tversion {d.get('version')}\t{d.get('uuid')}\t({kind}; licence as above)")
    hdr.append("# reference clusters (evidence for drop rules only):")
    for c in REFERENCE_CLUSTERS:
        d = ref[c]
        hdr.append(f"#   {c}\tversion {d.get('version')}\t{d.get('uuid')}")
    hdr += [
        "# tiers: distinctive = may fire alone; ambiguous = needs cyber context nearby.",
        f"# common-word test: wordfreq zipf >= {COMMON_ZIPF} in any of {','.join(LANGS)},"
        " accents folded;",
        f"#   one-word names at zipf >= {FUNCTION_ZIPF} are dropped.",
        f"# regenerate: {REGEN_CMD}",
        "# family: ransomware (listed in the ransomware cluster), malware (other malware and",
        "#   tool clusters), espionage (actors a cluster ties to a state: a suspected state",
        "#   sponsor or espionage in the threat-actor galaxy, a country on a Microsoft activity",
        "#   group), actor (other actors); it steers the tag's category.",
        "# format: <tier>\\t<family>\\t<name>",
    ]
    lines = [f"{t}\t{pick_family(families[n])}\t{n}" for n, t in sorted(tiers.items())]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(hdr + lines) + "\n", encoding="utf-8")

    if args.explain:
        args.explain.write_text("".join(f"{n}\t{why[n]}\n" for n in sorted(why)),
                                encoding="utf-8")
    tot = collections.Counter(tiers.values())
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}"
          f" ({len(lines)} names)")
    print(f"tiers: distinctive={tot['distinctive']} ambiguous={tot['ambiguous']}")
    print("per cluster: unique names it contributes, by final tier "
          "(a name may come from several clusters), and raw names dropped:")
    for c, _ in SOURCE_CLUSTERS:
        fin = collections.Counter(tiers[n] for n in contributed[c])
        print(f"  {c:26s} distinctive={fin['distinctive']:5d} ambiguous={fin['ambiguous']:5d}"
              f" dropped={per_cluster[c]['dropped']:5d}")
    print("drop reasons (raw names):")
    for r, n in drops.most_common():
        print(f"  {r:42s} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
