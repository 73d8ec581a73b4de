"""Rule files as validated data (medspaCy-style: a rule is a small class
that checks its keys when it is read, so a misspelt key fails when the
pipeline is built, not later in a test)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, partial
from typing import Any

from ..resources import read_json, read_jsonl
from .labels import SpanLabel

PATTERN_FILES = (
    "patterns/levels.jsonl",
    "patterns/callouts.jsonl",
    "patterns/percentages.jsonl",
    "patterns/qualifiers.jsonl",
    "patterns/p_values.jsonl",
    "patterns/statements.jsonl",
    "patterns/effects.jsonl",
    "patterns/trials.jsonl",
)
CONTEXT_FILE = "patterns/context.json"
TRIGGER_FILE = "patterns/triggers.json"
# a family names one of these, or both
TRIGGER_KEYS = ("trigger", "lowercase_trigger")


class RuleError(ValueError):
    """A rule file entry that the pipeline cannot use."""


@dataclass(frozen=True)
class Rule:
    """One line of a pattern file: a spaCy token `pattern` or a literal
    `phrase`, the `label` of what it finds, and an `id` that names the rule
    (for qualifiers and statements, the value it stands for)."""

    id: str
    label: SpanLabel
    comment: str
    pattern: tuple[dict, ...] | None = None
    phrase: str | None = None

    KEYS = frozenset({"id", "label", "comment", "pattern", "phrase"})

    @classmethod
    def from_dict(cls, entry: dict[str, Any], source: str = "rule") -> Rule:
        unknown = entry.keys() - cls.KEYS
        if unknown:
            raise RuleError(f"{source}: unknown keys {sorted(unknown)} in {entry}")
        if not {"id", "label", "comment"} <= entry.keys() or not str(entry["comment"]).strip():
            raise RuleError(f"{source}: a rule needs an id, a label and a comment: {entry}")
        if ("pattern" in entry) == ("phrase" in entry):
            raise RuleError(f"{source}: a rule has a pattern or a phrase, not both: {entry}")
        try:
            label = SpanLabel(entry["label"])
        except ValueError:
            raise RuleError(f"{source}: unknown label {entry['label']!r}") from None
        pattern = entry.get("pattern")
        return cls(
            id=str(entry["id"]),
            label=label,
            comment=str(entry["comment"]),
            pattern=tuple(pattern) if pattern is not None else None,
            phrase=entry.get("phrase"),
        )


@dataclass(frozen=True)
class NotAfterRule:
    """Context rule: text matching `regex` directly before a match (within
    `window` characters, glued to it) makes the match something else."""

    regex: re.Pattern[str]
    window: int
    comment: str


class Window(StrEnum):
    """What a family's rules run on around each place its trigger matches."""

    SENTENCE = "sentence"  # the whole sentence the trigger occurs in
    TRIGGER = "trigger"  # only the text the trigger matched: it covers every match
    # the sentence from the word before its first trigger: every match
    # starts at a trigger, in the word it sits in or the word before
    FROM_TRIGGER = "from_trigger"
    # the sentence up to three words after its last trigger's word: every match
    # ends in the word a trigger sits in or within three words after it
    UNTIL_TRIGGER = "until_trigger"


@dataclass(frozen=True)
class Trigger:
    """Where a family's rules can match: a regular expression on the text as
    written, one on the text lower-cased, or both (a match of either counts).

    A lower-case expression is how a rule's `LOWER` attribute reads the
    text, and plain letters let Python's regex engine skip ahead to the
    candidates, where `(?i:...)` tries every letter: on the effect measures'
    names the scan took a tenth of a run. Where lower-casing changes a
    text's length (`İ` becomes two characters, and offsets would shift), the
    lower-case expression runs case-insensitively on the text as written.

    `anchors`: words every match of the lower-case expression holds
    (`ratio`, `evidence`). Then only the lines holding one are searched,
    each on its own (found with `str.find`, far faster than the engine
    trying an alternation of words at every letter), so a match of that
    expression never spans a line end, as no rule match does (but where
    lower-casing changes the text's length: then the whole text is
    searched case-insensitively, as without anchors)."""

    written: re.Pattern[str] | None
    lowercase: re.Pattern[str] | None
    anchors: tuple[str, ...] = ()

    @cached_property
    def _any_case(self) -> re.Pattern[str] | None:
        return None if self.lowercase is None else re.compile(self.lowercase.pattern, re.I)

    def searcher(
        self, text: str, endpos: int | None = None, lowered: str | None = None
    ) -> Callable[[int], re.Match[str] | None]:
        """`search(pos)`: the first match in `text[pos:endpos]` (the longer
        of two that start together), for positions that only move forward.
        Each expression's next match is kept until `pos` passes it: searched
        afresh on every call, the expression with no match near would scan
        to `endpos` once per match of the other. `lowered`: `text.lower()`,
        computed once by a caller that searches a text in several places."""
        end = len(text) if endpos is None else endpos
        scans: list[Callable[[int], re.Match[str] | None]] = []
        if self.written is not None:
            scans.append(partial(self.written.search, text, endpos=end))
        if self.lowercase is not None:
            lowered = text.lower() if lowered is None else lowered
            if len(lowered) != len(text):
                scans.append(partial(self._any_case.search, text, endpos=end))  # type: ignore[union-attr]
            elif self.anchors:
                scans.append(_line_searcher(self.lowercase, lowered, self.anchors, end))
            else:
                scans.append(partial(self.lowercase.search, lowered, endpos=end))
        ahead: list[re.Match[str] | None] = [None] * len(scans)
        done = [False] * len(scans)

        def search(pos: int) -> re.Match[str] | None:
            best = None
            for i, scan in enumerate(scans):
                if done[i]:
                    continue
                m = ahead[i]
                if m is None or m.start() < pos:
                    m = ahead[i] = scan(pos)
                    if m is None:
                        done[i] = True
                        continue
                if best is None or (m.start(), -m.end()) < (best.start(), -best.end()):
                    best = m
            return best

        return search

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match in `text[pos:endpos]`."""
        return self.searcher(text, endpos)(pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match, in text order, none overlapping the one before."""
        search = self.searcher(text)
        m = search(0)
        while m is not None:
            yield m
            m = search(max(m.end(), m.start() + 1))


@dataclass(frozen=True)
class Family:
    """Rules that run together: the labels they find and the trigger that
    must occur in a sentence for them to run on it (`patterns/triggers.json`)."""

    name: str
    labels: frozenset[SpanLabel]
    trigger: Trigger
    comment: str
    window: Window = Window.SENTENCE
    # Words a match of the family's rules, with the modifiers beside it,
    # spans at most (from the rule files: EvidenceMatcher sets it); None when
    # a rule repeats a token without bound. A from- or until-trigger window
    # then gives the matcher only that many words from (or before) each
    # trigger; the parsers still read the whole sentence.
    reach: int | None = None


def _line_searcher(
    regex: re.Pattern[str], text: str, anchors: tuple[str, ...], end: int
) -> Callable[[int], re.Match[str] | None]:
    """`search(pos)` for an expression every match of which holds one of
    `anchors`: the first match in `text[pos:end]` within one line, searched
    only on the lines where an anchor occurs."""
    found = dict.fromkeys(anchors, -1)  # each anchor's next place, -1 before the first search

    def search(pos: int) -> re.Match[str] | None:
        while pos < end:
            first = -1
            for anchor, at in found.items():
                if at < pos and at != -2:  # -2: no more of it
                    at = text.find(anchor, pos, end)
                    found[anchor] = at if at >= 0 else -2
                if at >= pos and (first < 0 or at < first):
                    first = at
            if first < 0:
                return None
            line_end = text.find("\n", first, end)
            line_end = end if line_end < 0 else line_end
            m = regex.search(text, max(pos, text.rfind("\n", 0, first) + 1), line_end)
            if m is not None:
                return m
            pos = line_end + 1
        return None

    return search


def load_families(path: str = TRIGGER_FILE) -> tuple[Family, ...]:
    families = []
    seen: dict[SpanLabel, str] = {}
    for name, entry in read_json(path)["families"].items():
        unknown = entry.keys() - {
            "labels",
            "trigger",
            "lowercase_trigger",
            "lowercase_anchors",
            "comment",
            "window",
        }
        if unknown or "labels" not in entry or not entry.keys() & TRIGGER_KEYS:
            raise RuleError(f"{path}: family {name!r} needs labels and a trigger: {entry}")
        try:
            labels = frozenset(SpanLabel(label) for label in entry["labels"])
        except ValueError as error:
            raise RuleError(f"{path}: family {name!r}: {error}") from None
        for label in labels:
            if label in seen:
                raise RuleError(f"{path}: {label} is in families {seen[label]!r} and {name!r}")
            seen[label] = name
        try:
            window = Window(entry.get("window", Window.SENTENCE))
        except ValueError:
            raise RuleError(
                f"{path}: family {name!r}: unknown window {entry['window']!r}"
            ) from None
        written, lowercase = (entry.get(key) for key in TRIGGER_KEYS)
        anchors = tuple(entry.get("lowercase_anchors", ()))
        if anchors and (lowercase is None or any(a != a.lower() or not a for a in anchors)):
            raise RuleError(
                f"{path}: family {name!r}: anchors are lower-case words of a lowercase_trigger"
            )
        trigger = Trigger(
            None if written is None else re.compile(written),
            None if lowercase is None else re.compile(lowercase),
            anchors,
        )
        families.append(Family(name, labels, trigger, str(entry.get("comment", "")), window))
    return tuple(families)


UNBOUNDED_OPS = {"*", "+"}
BOUNDED_OP = re.compile(r"\{(?:\d+,)?(\d+)\}")  # {n}, {n,m}; {n,} and {,m} read as unbounded


def most_tokens(pattern: tuple[dict, ...]) -> int | None:
    """The most tokens a spaCy token pattern can match; None without bound.

    >>> most_tokens(({"LIKE_NUM": True}, {"ORTH": "-", "OP": "?"}, {"LOWER": "x", "OP": "{2,3}"}))
    5
    >>> most_tokens(({"ORTH": "["}, {"IS_DIGIT": True, "OP": "+"})) is None
    True
    """
    total = 0
    for spec in pattern:
        op = spec.get("OP", "1")
        if op in UNBOUNDED_OPS:
            return None
        bounded = BOUNDED_OP.fullmatch(op)
        if op.startswith("{") and bounded is None:
            return None
        total += int(bounded.group(1)) if bounded else 1  # 1, !, ?: one token at most
    return total


def load_rules(files: tuple[str, ...] | list[str] = PATTERN_FILES) -> list[Rule]:
    return [Rule.from_dict(entry, name) for name in files for entry in read_jsonl(name)]


@dataclass(frozen=True)
class IntervalRule:
    """Context rule: a callout whose text is a range (`range`, groups low
    and high) right after a number (`before`, group value, within `window`
    characters) that the range contains is that number's interval."""

    before: re.Pattern[str]
    range: re.Pattern[str]
    window: int
    comment: str

    def is_interval(self, callout: str, text_before: str) -> bool:
        bounds = self.range.match(callout)
        value = self.before.search(text_before[-self.window :])
        if not bounds or not value:
            return False
        low, high = int(bounds.group("low")), int(bounds.group("high"))
        return low <= float(value.group("value")) <= high


@dataclass(frozen=True)
class CalloutContext:
    not_after: NotAfterRule
    interval: IntervalRule


def load_callout_context(path: str = CONTEXT_FILE) -> CalloutContext:
    data = read_json(path)
    karyotype, interval = data["callout_not_after"], data["callout_interval_after_value"]
    return CalloutContext(
        NotAfterRule(
            re.compile(karyotype["regex"]), int(karyotype["window"]), karyotype["comment"]
        ),
        IntervalRule(
            re.compile(interval["before"]),
            re.compile(interval["range"]),
            int(interval["window"]),
            interval["comment"],
        ),
    )
