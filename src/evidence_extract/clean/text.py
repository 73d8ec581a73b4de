"""Pages saved as text: find the article among the chrome lines.

Lines are grouped by blank lines (in a hard-wrapped save, wrapped lines are
first joined back into blocks: text_wrap.py); each group is scored as
content (its words) or chrome (menus, footers, runs of short link-like
lines, lines chrome by their form, a table of contents, teaser link-outs);
the best-scoring contiguous window of groups (maximum sum) is the article,
minus the chrome groups and lines inside it. The title is the line the PDQ
audience line ("Health Professional Version") stands under — both then head
the clean text — else the heading the window starts with, else the nearest
heading above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..settings import CleanOptions
from .blocks import (
    CELL_SEPARATOR,
    WORD,
    BlockKind,
    CleanPage,
    PageMeta,
    RawBlock,
    assemble,
    collapsed,
    squeezed,
)
from .metadata import AUDIENCE_LINE, site_from, summary_title, url_in_text
from .references import text_reference_entry
from .signals import (
    WIDE_GAP,
    is_alt_text,
    is_chrome_form,
    is_doubled_label,
    is_rule,
    is_set_apart,
)
from .text_wrap import LIST_MARKER, MARKER_PREFIX, unwrap, wrap_width

TABLE_CAPTION = re.compile(r"^table\s+\d+[.:]", re.I)
# Sentences, callouts and tags end claims ("[3]", "[Level of evidence D]");
# an acronym in brackets does not ("... Health Professional Information [NCI]").
CLAIM_END = re.compile(r"(?:[.;:,!?]|(?<!\[[A-Z]{2})(?<!\[[A-Z]{3})(?<!\[[A-Z]{4})\])$")
TITLE_CASE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# Words of at most this length (of, the, and) do not count for Title Case.
SHORT_WORD_MAX = 3


class GroupKind(StrEnum):
    CONTENT = "content"
    HEADING = "heading"
    CHROME = "chrome"
    TEASER = "teaser"
    TABLE = "table"
    TITLE = "title"


@dataclass
class _Group:
    lines: list[str]
    kind: GroupKind = GroupKind.CONTENT
    score: float = 0.0


def _words(line: str) -> int:
    return len(WORD.findall(line))


def _is_chrome_line(line: str, opts: CleanOptions) -> bool:
    s = line.strip()
    if s.count(" | ") >= opts.settings.text_nav_bar_min_pipes:
        return True
    return bool(opts.hints.chrome_line.match(s)) or is_chrome_form(s, opts)


def _is_apart(line: str, opts: CleanOptions) -> bool:
    """A line that is chrome by its form wherever it stands (a date or phone
    number set apart, a rule, a doubled tool-bar label, an image's alt text)."""
    s = line.strip()
    return is_rule(s) or is_set_apart(s, opts) or is_doubled_label(line) or is_alt_text(s, opts)


def _is_heading_line(line: str, opts: CleanOptions) -> bool:
    s = line.strip()
    return (
        0 < _words(s) <= opts.settings.text_heading_max_words
        and not CLAIM_END.search(s)
        and not LIST_MARKER.match(s)
        and s[:1].isalnum()
    )


def _heading_level(line: str, opts: CleanOptions) -> int:
    """Text saves lose heading levels; Title Case headings are section
    headings (level 2), sentence-case ones are subsections (level 3)."""
    words = [w for w in TITLE_CASE_WORD.findall(line) if len(w) > SHORT_WORD_MAX]
    if not words:
        return 2
    capitalised = sum(1 for w in words if w[0].isupper())
    return 2 if capitalised / len(words) >= opts.settings.text_title_case_heading_share else 3


def _classify(group: _Group, previous: _Group | None, opts: CleanOptions) -> None:
    s = opts.settings
    lines = [ln.strip() for ln in group.lines]
    if _is_table(previous):
        # (its rows of labels set apart by wide gaps are no tool bar)
        group.kind = GroupKind.TABLE
        return
    chrome = [ln for ln in lines if _is_chrome_line(ln, opts)]
    if len(chrome) == len(lines):
        group.kind = GroupKind.CHROME
        return
    if any(opts.hints.is_teaser_link(ln) for ln in lines):
        group.kind = GroupKind.TEASER
        return
    if len(lines) == 1 and _is_heading_line(lines[0], opts):
        group.kind = GroupKind.HEADING
        return
    chrome_lines = set(chrome)  # (a list would make a long group quadratic)
    rest = [ln for ln in lines if ln not in chrome_lines]
    short = [
        ln for ln in rest if _words(ln) <= s.text_short_line_max_words and not LIST_MARKER.match(ln)
    ]
    if len(short) == len(rest) and (len(rest) >= s.text_chrome_run_min_lines or chrome):
        # A run of link-like lines (menus, sidebars, teaser lists), or chrome
        # lines with nothing but short lines beside them (a footer block).
        group.kind = GroupKind.CHROME


def _is_table(previous: _Group | None) -> bool:
    """A group right under a table caption ("Table 1. ...") is the table."""
    return previous is not None and any(
        TABLE_CAPTION.match(ln.strip()) for ln in previous.lines[-1:]
    )


def _score(group: _Group, opts: CleanOptions) -> float:
    s = opts.settings
    if group.kind == GroupKind.HEADING:
        return s.text_score_heading
    if group.kind == GroupKind.CHROME:
        return s.text_score_chrome_line * len(group.lines)
    if group.kind == GroupKind.TEASER:
        # A teaser box sits inside the article: it is dropped anyway and must
        # not split the article's window in two.
        return s.text_score_teaser
    return float(sum(_words(ln) for ln in group.lines))


def _best_window(scores: list[float]) -> tuple[int, int]:
    """Maximum-sum contiguous run of groups (Kadane): the main content."""
    best, best_range = float("-inf"), (0, 0)
    running, start = 0.0, 0
    for i, value in enumerate(scores):
        if running <= 0:
            running, start = value, i
        else:
            running += value
        if running > best:
            best, best_range = running, (start, i + 1)
    return best_range


def _heading_above(groups: list[_Group], lo: int, opts: CleanOptions) -> int | None:
    """The heading line nearest above the content window, looking past a
    few chrome lines (a font-size widget between title and article)."""
    for i in range(lo - 1, max(-1, lo - 1 - opts.settings.text_title_lookback_groups), -1):
        g = groups[i]
        if g.kind == GroupKind.HEADING and not opts.hints.is_teaser_heading(g.lines[0].strip()):
            return i
        if g.kind != GroupKind.CHROME:
            return None
    return None


def _header_title(header: list[_Group], opts: CleanOptions) -> tuple[str, str]:
    """The line the PDQ audience line stands under, and that line."""
    for g in header:
        lines = [ln.strip() for ln in g.lines]
        for above, line in zip(lines, lines[1:], strict=False):
            if AUDIENCE_LINE.match(line) and _is_heading_line(above, opts):
                return above, line
    return "", ""


def _is_contents(group: _Group, headings: set[str], opts: CleanOptions) -> bool:
    """A table of contents: a label ("Table of Contents") over list items
    that are labels too (no sentence), at least one of them a heading of
    the page. An article's list stands under a sentence ("... include:")."""
    label, *items = [ln.strip() for ln in group.lines]
    if not items or not _is_heading_line(label, opts):
        return False
    names = [MARKER_PREFIX.sub("", ln, count=1).strip() for ln in items]
    if not all(LIST_MARKER.match(ln) for ln in items) or any(CLAIM_END.search(n) for n in names):
        return False
    return any(n in headings for n in names)


def _groups(text: str, opts: CleanOptions) -> list[_Group]:
    """Runs of non-blank lines; in a hard-wrapped save, with wrapped lines
    joined back into blocks (not in a table: its rows are lines)."""
    lines = text.split("\n")
    groups: list[_Group] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            groups.append(_Group(current))
            current = []
    if current:
        groups.append(_Group(current))
    width = wrap_width(lines, opts)
    if width:
        for previous, g in zip([None, *groups], groups, strict=False):
            if not _is_table(previous):
                g.lines = unwrap(g.lines, width)
    return groups


def clean_text(text: str, opts: CleanOptions) -> CleanPage:
    groups = _groups(text, opts)
    if not groups:
        return assemble([], PageMeta())
    previous = None
    for g in groups:
        _classify(g, previous, opts)
        previous = g
    headings = {g.lines[0].strip() for g in groups if g.kind == GroupKind.HEADING}
    for g in groups:
        if g.kind == GroupKind.CONTENT and _is_contents(g, headings, opts):
            g.kind = GroupKind.CHROME
        g.score = _score(g, opts)
    lo, hi = _best_window([g.score for g in groups])
    # A heading directly above a chrome box names the box ("Today on ...").
    for i in range(lo, hi):
        if groups[i].kind == GroupKind.HEADING and (
            i + 1 >= hi or groups[i + 1].kind in {GroupKind.CHROME, GroupKind.TEASER}
        ):
            groups[i].kind = GroupKind.CHROME
    title, audience = _header_title(groups[:lo], opts)
    raw: list[RawBlock] = []
    if title:
        # The title and its audience head the clean text, as on a web page.
        raw.append(RawBlock(BlockKind.HEADING, title, 1))
        raw.append(RawBlock(BlockKind.PARAGRAPH, audience))
    else:
        # The title line heads the clean text, as a page's main heading does.
        at = lo if groups[lo].kind == GroupKind.HEADING else _heading_above(groups, lo, opts)
        if at is not None:
            title = groups[at].lines[0].strip()
            groups[at].kind = GroupKind.TITLE
            raw.append(RawBlock(BlockKind.HEADING, title, 1))
    raw.extend(_article_blocks(groups[lo:hi], opts))
    # The chrome around the article names the site ("Today on WebMD", "©").
    chrome = "\n".join(
        ln
        for i, g in enumerate(groups)
        for ln in g.lines
        if not lo <= i < hi or g.kind in {GroupKind.CHROME, GroupKind.TEASER}
    )
    url = url_in_text(chrome)
    meta = PageMeta(summary_title(title), site_from(url, "", chrome, opts), url, (title,))
    return assemble(raw, meta)


def _article_blocks(window: list[_Group], opts: CleanOptions) -> list[RawBlock]:
    """The blocks of the content window: headings, lines, reference entries."""
    raw: list[RawBlock] = []
    in_references = False
    ref_lists = 0
    for g in window:
        if g.kind in {GroupKind.CHROME, GroupKind.TEASER, GroupKind.TITLE}:
            continue
        if g.kind == GroupKind.HEADING:
            line = g.lines[0].strip()
            in_references = opts.hints.is_reference_heading(line)
            if in_references:
                ref_lists += 1
            raw.append(RawBlock(BlockKind.HEADING, line, _heading_level(line, opts)))
            continue
        for line in g.lines:
            if g.kind == GroupKind.TABLE:
                # cells set apart by wide gaps, as the page aligned them
                cells = [collapsed(c) for c in WIDE_GAP.split(line.strip()) if c]
                raw.append(RawBlock(BlockKind.ROW, CELL_SEPARATOR.join(cells)))
                continue
            if _is_apart(line, opts):
                continue
            line = squeezed(line)
            entry = text_reference_entry(line, ref_lists, opts) if in_references else None
            if entry is not None:
                raw.append(entry)
                continue
            in_references = False
            kind = BlockKind.ITEM if LIST_MARKER.match(line) else BlockKind.PARAGRAPH
            raw.append(RawBlock(kind, line))
    return raw
