"""`evidence-extract audit OUTDIR`: where rows could have come from but did not,
and rows that look wrong — for checking the extraction on a new site before
trusting it.

For each pattern family, every place in the clean texts that looks like a
candidate (a `level of evidence` phrase, a `%`, a `P` with a comparator, a
`[` and a digit) is either covered by a row of its table, or explained by the
rule that excluded it, or left *unexplained*: those are the places to read.
Then every row is checked for signs of a wrong row (a percentage value above
100, a P value above 1, a callout range wider than `WIDE_CALLOUT_RANGE`, an
estimate outside its own interval, a level code no ranking knows). The rules
are the extraction's own (docs/OUTPUT.md, docs/STATISTICS.md, docs/LEVELS.md):
the audit only says which one applied.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from .extract.levels import CODE, TAG_PHRASE
from .extract.p_values import NOT_SIGNIFICANT
from .frames import read_output
from .nlp.matcher import unbracketed_tag_may_start
from .nlp.rules import load_callout_context
from .schema import CLEAN_DIR, DocumentStatus, Table

# A callout cites a few references; a "range" wider than this is more likely
# a range of values than references 3 to 450.
WIDE_CALLOUT_RANGE = 30
RANGE_IN_CALLOUT = re.compile(r"(\d+)\]?\s*[-–—‒−]\s*\[?(\d+)")
EXAMPLES = 3
CONTEXT_CHARS = 60

# What the audit looks for in the clean text, per family.
CANDIDATES = {
    "levels": re.compile(r"levels?\s+of\s+evidence", re.I),
    "percentages": re.compile(r"\d\s?%|\d\s?per\s?cent\b", re.I),
    "p_values": re.compile(r"(?<![\w.])[Pp]\s*(?:[-‐]?\s*values?\s*)?(?:[=<>≤≥]|of\b)"),
    "callouts": re.compile(r"\[\s*\d"),
}
FAMILY_TABLES = {
    "levels": (Table.EVIDENCE_LEVELS,),
    "percentages": (Table.PERCENTAGES,),
    "p_values": (Table.P_VALUES,),
    # a bracket with digits may be a level tag's or a trial ID's, or an
    # effect estimate's interval
    "callouts": (Table.CITATIONS, Table.EVIDENCE_LEVELS, Table.TRIALS, Table.EFFECT_SIZES),
}
NOT_A_TAG_FORM = "phrase in running text: a tag is bracketed, starts its line or follows a callout"


@dataclass
class Place:
    doc_id: str
    offset: int
    context: str


@dataclass
class Family:
    """One pattern family's candidates: how many a row covers, how many a
    named rule explains, and the unexplained ones with examples."""

    name: str
    candidates: int = 0
    covered: int = 0
    explained: Counter = field(default_factory=Counter)
    unexplained: list[Place] = field(default_factory=list)
    examples: dict[str, list[Place]] = field(default_factory=dict)

    def explain(self, reason: str, place: Place) -> None:
        self.explained[reason] += 1
        self.examples.setdefault(reason, [])
        if len(self.examples[reason]) < EXAMPLES:
            self.examples[reason].append(place)


@dataclass
class Suspect:
    check: str
    count: int = 0
    examples: list[Place] = field(default_factory=list)

    def add(self, place: Place) -> None:
        self.count += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(place)


@dataclass
class Audit:
    documents: int
    families: list[Family]
    suspects: list[Suspect]

    @property
    def unexplained(self) -> int:
        return sum(len(f.unexplained) for f in self.families)


class _Document:
    """One document's clean text with its covered and scanned intervals."""

    def __init__(self, doc_id: str, text: str, sentences: pd.DataFrame) -> None:
        self.doc_id = doc_id
        self.text = text
        spans = sorted(zip(sentences["char_start"], sentences["char_end"], strict=True))
        self.sentence_starts = [int(s) for s, _ in spans]
        self.sentence_ends = [int(e) for _, e in spans]

    def scanned(self, offset: int) -> bool:
        """Inside a sentence: reference-list entries are not sentences."""
        i = bisect_right(self.sentence_starts, offset) - 1
        return i >= 0 and offset < self.sentence_ends[i]

    def place(self, offset: int) -> Place:
        return _place(self.doc_id, self.text, offset)


def _place(doc_id: str, text: str, offset: int) -> Place:
    lo, hi = max(0, offset - CONTEXT_CHARS), offset + CONTEXT_CHARS
    return Place(doc_id, offset, text[lo:hi].replace("\n", "⏎"))


class _ByDocument:
    """Each table's rows grouped by document once (a filter per document
    and table would make the audit quadratic in the number of documents)."""

    def __init__(self, frames: dict[Table, pd.DataFrame]) -> None:
        self.groups = {
            table: dict(iter(frame.groupby("doc_id", sort=False)))
            for table, frame in frames.items()
            if not frame.empty
        }

    def rows(self, table: Table, doc_id: str) -> pd.DataFrame:
        return self.groups.get(table, {}).get(doc_id, EMPTY)


EMPTY = pd.DataFrame({"char_start": [], "char_end": []})


def _intervals(by_doc: _ByDocument, tables: tuple[Table, ...], doc_id: str):
    spans = []
    for table in tables:
        rows = by_doc.rows(table, doc_id)
        spans.extend(zip(rows["char_start"].astype(int), rows["char_end"].astype(int), strict=True))
    return sorted(spans)


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, float("inf"))) - 1
    while i >= 0:
        s, e = spans[i]
        if s <= start and end <= e:
            return True
        if e < start and s < start - 5000:
            return False
        i -= 1
    return False


class _ReferenceLists:
    """The last entry of the reference list a callout at an offset points
    into: the list of the next citation row (lists close their sections)."""

    def __init__(self, by_doc: _ByDocument, doc_id: str) -> None:
        refs = by_doc.rows(Table.REFERENCES, doc_id)
        cites = by_doc.rows(Table.CITATIONS, doc_id)
        self.last = (
            {str(k): int(v) for k, v in refs.groupby("ref_section")["ref_number"].max().items()}
            if not refs.empty
            else {}
        )
        self.starts = [int(x) for x in cites["char_start"]] if not cites.empty else []
        self.sections = [str(x) for x in cites["ref_section"]] if not cites.empty else []

    def last_entry_at(self, offset: int) -> int:
        if not self.last:
            return 0
        i = bisect_right(self.starts, offset)
        section = self.sections[min(i, len(self.sections) - 1)] if self.sections else ""
        return self.last.get(section, max(self.last.values()))


def _level_reason(doc: _Document, m: re.Match) -> str | None:
    phrase = TAG_PHRASE.match(doc.text, m.start())
    end = phrase.end() if phrase else m.end()
    line_end = doc.text.find("\n", end)
    rest = doc.text[end : line_end if line_end >= 0 else len(doc.text)]
    code = re.match(r"\s*:?\s*\[?\s*(\S+)", rest)
    if not code or not CODE.fullmatch(code.group(1).rstrip(".,;:)]")):
        return "names no code (a heading, a column header, prose about levels)"
    line_before = doc.text[doc.text.rfind("\n", 0, m.start()) + 1 : m.start()]
    bracketed = line_before.rstrip().endswith("[")
    if not bracketed and not unbracketed_tag_may_start(doc.text, m.start()):
        return NOT_A_TAG_FORM
    return None


def _percent_reason(doc: _Document, m: re.Match) -> str | None:
    before = doc.text[max(0, m.start() - 2) : m.start() + 1]
    if re.fullmatch(r".?\(\d", before) and doc.text[m.end() : m.end() + 1] == ")":
        return "a unit label `(%)`"
    return None


def _p_value_reason(doc: _Document, m: re.Match) -> str | None:
    after = doc.text[m.end() : m.end() + 12]
    if not re.match(r"\s*(?:[=<>]\s*)?[\d.·]", after) and not NOT_SIGNIFICANT.search(after):
        return "no number after the comparator (a legend: `p = pathological`)"
    return None


def _callout_reason(doc: _Document, m: re.Match, context, last_refs: int) -> str | None:
    bracket = re.match(r"\[[^\[\]\n]{0,40}\]", doc.text[m.start() :])
    if not bracket:
        return "an unclosed bracket"
    inner = bracket.group()[1:-1]
    before = doc.text[max(0, m.start() - 60) : m.start()]
    if not re.fullmatch(r"[\d\s,\-–—‒−]+", inner):
        return "words or decimals in the brackets (not a callout's numbers)"
    if re.search(r"\d{4}", inner):
        return "a year or a number of 4 digits (a callout's numbers have at most 3)"
    if context.interval.is_interval(bracket.group(), before):
        return "the interval of the number before it (context rule)"
    if before and not before[-1].isspace() and context.not_after.regex.search(before):
        return "a metaphase count after a karyotype (context rule)"
    numbers = [int(n) for n in re.findall(r"\d+", inner)]
    if last_refs and numbers and max(numbers) > last_refs:
        return "past the end of the page's reference list"
    return None


def audit(outdir: str | Path) -> Audit:
    folder = Path(outdir)
    frames = read_output(folder)
    documents = frames[Table.DOCUMENTS]
    families = {name: Family(name) for name in CANDIDATES}
    context = load_callout_context()
    by_doc = _ByDocument(frames)
    for doc_id in documents[documents["status"] == DocumentStatus.OK]["doc_id"]:
        path = folder / CLEAN_DIR / f"{doc_id}.txt"
        if not path.is_file():
            continue
        doc = _Document(
            doc_id, path.read_text(encoding="utf-8"), by_doc.rows(Table.SENTENCES, doc_id)
        )
        lists = _ReferenceLists(by_doc, doc_id)
        for name, pattern in CANDIDATES.items():
            family = families[name]
            spans = _intervals(by_doc, FAMILY_TABLES[name], doc_id)
            for m in pattern.finditer(doc.text):
                family.candidates += 1
                if _covered(spans, m.start(), m.end()):
                    family.covered += 1
                    continue
                place = doc.place(m.start())
                if not doc.scanned(m.start()):
                    family.explain("in a reference-list entry (never scanned)", place)
                    continue
                if name == "levels":
                    reason = _level_reason(doc, m)
                elif name == "percentages":
                    reason = _percent_reason(doc, m)
                elif name == "p_values":
                    reason = _p_value_reason(doc, m)
                else:
                    reason = _callout_reason(doc, m, context, lists.last_entry_at(m.start()))
                if reason:
                    family.explain(reason, place)
                else:
                    family.unexplained.append(place)
    return Audit(len(documents), list(families.values()), _suspects(folder, frames))


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _suspects(folder: Path, frames: dict[Table, pd.DataFrame]) -> list[Suspect]:
    """Rows that look wrong, whatever rule made them."""
    checks = {
        name: Suspect(name)
        for name in (
            f"callout range wider than {WIDE_CALLOUT_RANGE}",
            "percentage value above 100",
            "P value above 1",
            "level code no ranking knows (scheme unknown)",
            "estimate outside its own interval",
        )
    }
    names = list(checks)
    texts: dict[str, str] = {}

    def place(row) -> Place:
        doc_id = row.doc_id
        if doc_id not in texts:
            path = folder / CLEAN_DIR / f"{doc_id}.txt"
            texts[doc_id] = path.read_text(encoding="utf-8") if path.is_file() else ""
        return _place(doc_id, texts[doc_id], int(row.char_start))

    cites = frames.get(Table.CITATIONS, pd.DataFrame())
    callouts = cites.drop_duplicates(["doc_id", "callout_id"]) if not cites.empty else cites
    for row in callouts.itertuples():
        ranges = RANGE_IN_CALLOUT.findall(row.text)
        if any(int(b) - int(a) > WIDE_CALLOUT_RANGE for a, b in ranges):
            checks[names[0]].add(place(row))
    for row in frames.get(Table.PERCENTAGES, pd.DataFrame()).itertuples():
        high = _number(row.high)
        if row.role == "value" and high is not None and high > 100:
            checks[names[1]].add(place(row))
    for row in frames.get(Table.P_VALUES, pd.DataFrame()).itertuples():
        value = _number(row.value)
        if value is not None and value > 1:
            checks[names[2]].add(place(row))
    for row in frames.get(Table.EVIDENCE_LEVELS, pd.DataFrame()).itertuples():
        if row.scheme == "unknown":
            checks[names[3]].add(place(row))
    for row in frames.get(Table.EFFECT_SIZES, pd.DataFrame()).itertuples():
        value, low, high = _number(row.value), _number(row.ci_low), _number(row.ci_high)
        if None not in (value, low, high) and not low <= value <= high:
            checks[names[4]].add(place(row))
    return list(checks.values())


def render_text(result: Audit) -> str:
    lines = [
        f"audit of {result.documents} documents: "
        f"{result.unexplained} unexplained places"
        + (" (listed below: read them)" if result.unexplained else ""),
        "",
        f"{'family':12s} {'candidates':>10s} {'covered':>8s} {'explained':>9s} {'unexplained':>11s}",
    ]
    for f in result.families:
        lines.append(
            f"{f.name:12s} {f.candidates:10d} {f.covered:8d} {sum(f.explained.values()):9d} "
            f"{len(f.unexplained):11d}"
        )
    for f in result.families:
        if not f.explained and not f.unexplained:
            continue
        lines += ["", f"{f.name}:"]
        for reason, n in f.explained.most_common():
            lines.append(f"  explained {n:6d}  {reason}")
            lines += [f"      {p.doc_id} @{p.offset}: …{p.context}…" for p in f.examples[reason]]
        if f.unexplained:
            lines.append(f"  UNEXPLAINED {len(f.unexplained):4d}")
            lines += [
                f"      {p.doc_id} @{p.offset}: …{p.context}…" for p in f.unexplained[:EXAMPLES]
            ]
    lines += ["", "rows that look wrong:"]
    for s in result.suspects:
        lines.append(f"  {s.count:6d}  {s.check}")
        lines += [f"      {p.doc_id} @{p.offset}: …{p.context}…" for p in s.examples]
    return "\n".join(lines) + "\n"


def render_json(result: Audit) -> str:
    return json.dumps(
        {
            "documents": result.documents,
            "unexplained": result.unexplained,
            "families": [
                {
                    "family": f.name,
                    "candidates": f.candidates,
                    "covered": f.covered,
                    "explained": dict(f.explained),
                    "unexplained": [vars(p) for p in f.unexplained],
                }
                for f in result.families
            ],
            "suspects": [
                {"check": s.check, "count": s.count, "examples": [vars(p) for p in s.examples]}
                for s in result.suspects
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
