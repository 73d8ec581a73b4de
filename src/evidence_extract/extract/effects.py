"""Effect estimates: the value, interval and qualifier after a measure's name.

The matcher finds where a measure is named (`hazard ratio`, `HR`, `OR`,
`standardized mean difference`, ...); this module reads what the page writes
after the name, within the sentence, as plain functions over strings:

    hazard ratio [HR], 0.36; 95% confidence interval [CI], 0.17–0.75
    OR 2.1 (95% CI 1.3–3.4)
    the hazard ratio for OS was 0.71 (95% CI, 0.52–0.97)
    SMD, –0.67; 95% CrI, –1.01 to –0.34
    HR, 0.75 and 0.80, respectively

Not estimates: a name without a number, an `HR` followed by a unit (`heart
rate (HR) of 80 bpm`), a range of estimates (`SIR, 6.5–7.5`), a bound (`HR <
0.2`), a margin (`a margin of HR 1.15`). docs/EFFECTS.md states every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .numbers import NUMBER_WORDS, format_number

# A number as written: a sign (hyphen, minus, en dash) only where it starts
# the number; a decimal point, a middle dot, or a decimal comma after a
# zero (`0,89`: a comma followed by a space separates two numbers).
NUM = r"(?:[-−–‒]\s?)?(?:0,\d+(?![\d.])|\d+(?:[.·]\d+)?|[.·]\d+)"
SEP = r"\s*(?:–|‒|-|−|—|\bto\b|,)\s*"
INTERVAL_NAME = (
    r"(?:(?P<kind>CrI|credible\s+interval|CI|confidence\s+interval|confidence\s+limits?|CLs?)"
    r"(?:\s*[\[(](?:CI|CrI|CL)[\])])?)"
)
LEVEL = r"(?:(?P<level>\d+(?:\.\d+)?)\s?%\s*)"
# An interval named with its level: `95% CI, 0.63–0.94`, `CI 1.3-3.4`, `95% CrI, –1.01 to –0.34`.
NAMED_INTERVAL = re.compile(
    rf"{LEVEL}?{INTERVAL_NAME}\s*(?:of\s+|[,:=]\s*)?(?P<low>{NUM})(?:\s*%)?{SEP}(?P<high>{NUM})(?:\s*%)?",
    re.I,
)
# An interval without `CI` or a level: dashes or `to` only (a comma would
# read a list of estimates as an interval).
BARE_INTERVAL = re.compile(
    rf"(?P<low>{NUM})(?:\s*%)?\s*(?:–|‒|-|−|—|\bto\b)\s*(?P<high>{NUM})(?:\s*%)?(?=\s*[)\];,])"
)
# Between a measure's name and its value: a linking word or mark.
LINKER = re.compile(
    r"(?:[,:=]|\bof\b|\bwas\b|\bwere\b|\bis\b|\bare\b|\bwas\s+estimated\s+at\b|\bequal\s+to\b|\()\s*$",
    re.I,
)
VALUE = re.compile(rf"(?P<value>{NUM})")
# Number words are values of counts only (`the NNT was nine`).
COUNT_VALUE = re.compile(rf"(?P<value>{NUM}|\b(?:{'|'.join(NUMBER_WORDS)})\b)", re.I)
COUNT_MEASURES = {"nnt"}
P_BEFORE = re.compile(r"\b[Pp]\s*(?:-?\s*values?\s*)?(?:[=<>≤≥]|of|was|is)\s*$")
# After a value, these make it something else than an estimate.
UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|bpm|beats|mm\s*hg|mg|g\b|kg|cm|mm|ml|months?|years?|weeks?|days?|hours?"
    r"|times|-?fold|points?|men\b|children\b"
    # a hyphenated word (`3-drug combination`, `5-HT3`)
    r"|-[A-Za-z]"
    # a plural noun: a count (`21 cancers avoided`, `5 patients`)
    r"|\s(?!(?:was|is|has|as|its|this|thus|plus|versus|across|less|unless|whereas)\b)[a-z]+s\b)",
    re.I,
)
RANGE_AFTER = re.compile(rf"\s*(?:–|‒|-|−|—|\bto\b)\s*{NUM}")
BOUND_BEFORE = re.compile(r"[<>≤≥⩽⩾]\s*$")
MARGIN_BEFORE = re.compile(r"\bmargins?\b[^.;]{0,40}$", re.I)
ADJUSTED_BEFORE = re.compile(r"(?<![\w-])(?:[\w]+-)?adjusted\s+$", re.I)
CLAUSE_BREAK = re.compile(r";|\.\s")
RESPECTIVELY = re.compile(r"^[\s,)\]]*respectively\b", re.I)
AND_VALUE = re.compile(rf"\band\s+(?P<value>{NUM})(?=\s*[(\[])")
COORDINATED = re.compile(
    rf"^\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+vs\.?\s+|\s+versus\s+)(?P<value>{NUM})"
)
OPENER = re.compile(r"\s*(?:[;,]\s*|[\[(]\s*)")
# How far before a measure's name its qualifier (`age-adjusted`) or a
# margin (`a noninferiority margin of`) is looked for.
LOOK_BEHIND = 80
# How far (characters) a value may stand from its measure's name; past a
# short gap only a verb links them (`the HR for ... was 0.71`), since an
# `of` or a comma far from the name belongs to something else.
MAX_NAME_TO_VALUE = 200
SHORT_GAP = 60
VERB_LINKER = re.compile(r"\b(?:was|were|is|are|was\s+estimated\s+at|equal\s+to)\s*$", re.I)
# How far an interval may stand from its estimate, separated by words of the clause.
MAX_VALUE_TO_INTERVAL = 80


@dataclass(frozen=True)
class EffectRecord:
    start: int  # clean-text offsets of the row's text
    end: int
    measure: str
    qualifier: str
    value: str
    ci_level: str = ""
    ci_low: str = ""
    ci_high: str = ""
    interval: str = ""
    value_end: int = 0  # where the estimate itself ends (P values are linked after it)


def parse_value(text: str) -> Decimal:
    """A number as a page writes it, sign and all.

    >>> parse_value("–0.53"), parse_value("0·62"), parse_value(".36"), parse_value("0,89")
    (Decimal('-0.53'), Decimal('0.62'), Decimal('0.36'), Decimal('0.89'))
    >>> parse_value("nine")
    Decimal('9')
    """
    cleaned = re.sub(r"\s", "", text).replace("·", ".").replace(",", ".")
    cleaned = re.sub(r"^[−–‒]", "-", cleaned)
    if cleaned.lower() in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[cleaned.lower()])
    return Decimal(cleaned)


@dataclass(frozen=True)
class Interval:
    start: int  # offsets into the text given to `interval_at`
    end: int
    level: str
    low: str
    high: str
    kind: str  # ci | cri


def interval_at(text: str, pos: int, bare: bool = True) -> Interval | None:
    """The interval that follows directly at `text[pos:]`: after `;`, `,`, or
    inside a bracket or parenthesis opened there. `bare`: accept an interval
    without `CI` or a level (read as a 95% confidence interval).

    >>> i = interval_at("0.36; 95% CI, 0.17–0.75; P = .004", 4)
    >>> (i.level, i.low, i.high, i.kind)
    ('95', '0.17', '0.75', 'ci')
    >>> i = interval_at("2.1 (95% CrI 1.3 to 3.4)", 3)
    >>> (i.level, i.low, i.high, i.kind)
    ('95', '1.3', '3.4', 'cri')
    >>> interval_at("0.60 [0.26–1.36, P = .22]", 4).high
    '1.36'
    """
    try:
        return _interval_at(text, pos, bare)
    except (ValueError, ArithmeticError):
        return None  # bounds no statistic is written in: no interval


def _interval_at(text: str, pos: int, bare: bool) -> Interval | None:
    m = OPENER.match(text, pos)
    if not m:
        return None
    at = m.end()
    named = NAMED_INTERVAL.match(text, at)
    if named:
        kind = "cri" if re.match(r"cri|credible", named.group("kind"), re.I) else "ci"
        level = named.group("level") or "95"
        return Interval(
            at, named.end(), level, _plain(named.group("low")), _plain(named.group("high")), kind
        )
    if bare and m.group().strip() != ",":
        plain = BARE_INTERVAL.match(text, at)
        if plain:
            return Interval(
                at, plain.end(), "95", _plain(plain.group("low")), _plain(plain.group("high")), "ci"
            )
    return None


def _plain(number: str) -> str:
    return format_number(parse_value(number))


def _closing(text: str, end: int, opened: str) -> int:
    """Include the bracket that closes an interval right after it."""
    closer = {"(": ")", "[": "]"}.get(opened)
    m = re.compile(r"\s*[\])]").match(text, end)
    return m.end() if closer and m and m.group().strip() == closer else end


def effects_after_name(
    text: str, name_start: int, name_end: int, measure: str, limit: int
) -> list[EffectRecord]:
    """The estimates a measure named at `text[name_start:name_end]` reports,
    reading no further than `limit` (the end of its sentence or the next
    measure's name). Offsets are into `text`.

    Everything below reads a window of the text around the name, never the
    whole page: the cost of a page is linear in its number of estimates."""
    base = max(0, name_start - LOOK_BEHIND)
    window = text[base:limit]
    try:
        records = _effects_in(window, name_start - base, name_end - base, measure)
    except (ValueError, ArithmeticError):
        return []  # a value no statistic is written in: no row, the page goes on
    return [
        replace(r, start=r.start + base, end=r.end + base, value_end=r.value_end + base)
        for r in records
    ]


def _effects_in(text: str, name_start: int, name_end: int, measure: str) -> list[EffectRecord]:
    """`effects_after_name` within its window: `text` ends where the search
    must stop."""
    limit = len(text)
    found = _value_after(text, name_end, limit, measure in COUNT_MEASURES)
    if found is None or _is_excluded(text, name_start, found, limit):
        return []
    value_start, value_end = found
    before = text[max(0, name_start - 30) : name_start]
    qualifier = ""
    start = name_start
    adjusted = ADJUSTED_BEFORE.search(before)
    if adjusted:
        qualifier, start = "adjusted", name_start - len(before) + adjusted.start()
    elif re.match(r"a(?:HR|OR|RR|IRR)", text[name_start:name_end]):
        qualifier = "adjusted"
    first = _estimate(text, start, value_start, value_end, measure, qualifier, limit, True)
    records = [first]
    # More values of the same measure: `HR, 0.75 and 0.80, respectively`, or
    # `0.61 (95% CI, ...) by BIS and 0.56 (95% CI, ...) by RAVI`.
    pos = max(first.end, value_end)
    more: list[EffectRecord] = []
    while True:
        m = COORDINATED.match(text[pos:limit])
        if not m:
            break
        v_start, v_end = pos + m.start("value"), pos + m.end("value")
        if UNIT_AFTER.match(text, v_end):
            break
        rec = _estimate(text, v_start, v_start, v_end, measure, qualifier, limit, False)
        more.append(rec)
        pos = max(rec.end, v_end)
    if more and (RESPECTIVELY.match(text[pos:limit]) or all(r.interval for r in more)):
        records.extend(more)
        return records
    return records + _coordinated_with_intervals(text, pos, limit, measure, qualifier, first)


def _coordinated_with_intervals(
    text: str, pos: int, limit: int, measure: str, qualifier: str, first: EffectRecord
) -> list[EffectRecord]:
    """`... was 0.61 (95% CI, 0.43–0.85) by BIS and 0.56 (95% CI, 0.33–0.96)
    by RAVI`: a further value of the same measure, joined by `and` after a
    few words, that carries its own named interval. Only after an estimate
    that has one."""
    if not first.interval:
        return []
    out: list[EffectRecord] = []
    previous_value_end = first.value_end
    while True:
        m = AND_VALUE.search(text, pos, limit)
        # nothing but words between (the interval and P value of the
        # previous estimate sit in its brackets)
        if not m or re.search(r"\d", _outside_brackets(text[previous_value_end : m.start()])):
            return out
        v_start, v_end = m.start("value"), m.end("value")
        named = interval_at(text, v_end, bare=False)
        if named is None or not text[v_end : named.start].strip().startswith(("(", "[")):
            return out
        rec = _estimate(text, v_start, v_start, v_end, measure, qualifier, limit, False)
        out.append(rec)
        pos, previous_value_end = rec.end, v_end


def _outside_brackets(text: str) -> str:
    """The text without what stands inside parentheses or brackets."""
    depth, kept = 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(ch)
    return "".join(kept)


def _estimate(
    text: str,
    start: int,
    value_start: int,
    value_end: int,
    measure: str,
    qualifier: str,
    limit: int,
    words_between: bool,
) -> EffectRecord:
    value = _plain(text[value_start:value_end])
    interval = interval_at(text, value_end)
    end = value_end
    if interval is not None:
        opened = text[value_end : interval.start].strip()[:1]
        end = _closing(text, interval.end, opened)
    elif words_between:
        interval = _interval_in_clause(text, value_end)
    if interval is None:
        return EffectRecord(start, end, measure, qualifier, value, value_end=value_end)
    return EffectRecord(
        start,
        end,
        measure,
        qualifier,
        value,
        interval.level,
        interval.low,
        interval.high,
        interval.kind,
        value_end,
    )


def _interval_in_clause(text: str, pos: int) -> Interval | None:
    """An interval separated from its estimate by words of the same clause
    (`an OR of 1.62 in carriers (95% CI, 1.1–2.4)`): a named interval in
    brackets, before the clause ends and before any other number."""
    window = text[pos : pos + MAX_VALUE_TO_INTERVAL]
    for m in re.finditer(r"[\[(]", window):
        gap = window[: m.start()]
        if CLAUSE_BREAK.search(gap) or re.search(r"\d", gap):
            return None
        named = NAMED_INTERVAL.match(text, pos + m.end())
        if named:
            return interval_at(text, pos + m.start(), bare=False)
    return None


def _value_after(text: str, pos: int, limit: int, counts: bool) -> tuple[int, int] | None:
    """Where the estimate's value is: the first number after a linking word
    or mark (`, 0.36`, ` of 0.83`, ` was 0.71`, `(0.60`), within the clause.
    Numbers without a link before them (`per 5 cm`) are passed over; a P
    value or a bound (`< 0.2`) ends the search."""
    end = min(limit, pos + MAX_NAME_TO_VALUE)
    for m in (COUNT_VALUE if counts else VALUE).finditer(text, pos, end):
        gap = text[pos : m.start()]
        if ";" in gap or P_BEFORE.search(gap) or BOUND_BEFORE.search(gap):
            return None
        # `OR 2.1`: the value right after the name, a space between
        if (VERB_LINKER if len(gap) > SHORT_GAP else LINKER).search(gap) or gap == " ":
            return m.start(), m.end()
    return None


def _is_excluded(text: str, name_start: int, value: tuple[int, int], limit: int) -> bool:
    value_start, value_end = value
    if UNIT_AFTER.match(text, value_end):
        return True  # heart rate in bpm, a percentage, a duration
    after = text[value_end:limit]
    if RANGE_AFTER.match(after) and not interval_at(text, value_end):
        return True  # a range of estimates: `SIR, 6.5–7.5`
    if BOUND_BEFORE.search(text[:value_start]):
        return True
    return bool(MARGIN_BEFORE.search(text[max(0, name_start - 60) : name_start]))
