"""The cleaner's thresholds and vocabulary as typed, validated data.

`data/settings.json` holds every threshold of the boilerplate heuristics and
`data/clean_hints.json` the words portals use for their chrome. Both become
frozen dataclasses here; a key the code does not know, or a key it needs that
the file lacks, fails when the options are built (at pipeline build time),
not later in a test. The options travel as one object, passed explicitly to
the functions that need them (as trafilatura's `Extractor` does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, get_type_hints

from .resources import read_json, without_comments


class SettingsError(ValueError):
    """A settings or hints file does not fit the code that reads it."""


def _checked(cls: type, data: dict[str, Any], source: str) -> dict[str, Any]:
    """`data` as constructor arguments of `cls`: exactly its fields, each of
    the annotated type (an int is accepted where a float is expected)."""
    data = without_comments(data)
    names = {f.name for f in fields(cls)}
    unknown, missing = data.keys() - names, names - data.keys()
    if unknown or missing:
        raise SettingsError(
            f"{source}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}"
        )
    hints = get_type_hints(cls)
    for name, value in data.items():
        expected = hints[name]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            continue
        if expected in (int, float, str) and not isinstance(value, expected):
            raise SettingsError(f"{source}: {name} must be {expected.__name__}, not {value!r}")
    return data


@dataclass(frozen=True)
class CleanSettings:
    """Every threshold of the cleaner (see `data/settings.json` for the why of each)."""

    error_page_max_words: int
    html_root_text_share: float
    html_chrome_max_text_share: float
    html_link_density_drop: float
    html_link_list_min_items: int
    html_teaser_max_blocks: int
    html_teaser_excerpt_max_words: int
    html_prose_paragraph_min_words: int
    html_prose_paragraphs_for_content: int
    html_prose_max_link_density: float
    text_short_line_max_words: int
    text_chrome_run_min_lines: int
    text_nav_bar_min_pipes: int
    text_heading_max_words: int
    text_title_case_heading_share: float
    text_score_heading: float
    text_score_chrome_line: float
    text_score_teaser: float
    text_title_lookback_groups: int
    reference_link_label_max_chars: int
    line_label_max_words: int
    html_title_block_max_words: int
    text_wrap_width_quantile: float
    text_wrap_full_ratio: float
    text_wrap_min_full_share: float

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "settings") -> CleanSettings:
        return cls(**_checked(cls, data, source))


@dataclass(frozen=True)
class Hints:
    """Words and patterns portals use for chrome, teasers and reference lists.

    The lists only name what sites are known to call things; general signals
    (text and link density, position, runs of short lines) decide first.
    """

    drop_tags: frozenset[str]
    chrome_tags: frozenset[str]
    chrome_roles: frozenset[str]
    chrome_class_words: frozenset[str]
    chrome_class_phrases: tuple[str, ...]
    reference_class_words: frozenset[str]
    reference_heading: re.Pattern[str]
    teaser_heading: re.Pattern[str]
    teaser_link: re.Pattern[str]
    chrome_line: re.Pattern[str]
    # The PDQ audience switch ("Go to Patient Version"), a line of its own in
    # formats that keep no page chrome apart (Markdown saves).
    version_switch_line: re.Pattern[str]
    error_page_title: re.Pattern[str]
    # A date or a phone number as pages write them (set apart on a line of
    # its own, they are chrome: signals.py).
    date: re.Pattern[str]
    phone: re.Pattern[str]
    # An image's alt text on a line of its own, as a text save writes it
    # ("National Cancer Institute logo").
    alt_text_line: re.Pattern[str]
    site_by_host: tuple[tuple[str, str], ...]
    site_by_phrase: tuple[tuple[str, str], ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "hints") -> Hints:
        checked = _checked(cls, data, source)
        built: dict[str, Any] = {}
        for f in fields(cls):
            value = checked[f.name]
            kind = get_type_hints(cls)[f.name]
            if kind == re.Pattern[str]:
                if not isinstance(value, str):
                    raise SettingsError(f"{source}: {f.name} must be a regular expression")
                built[f.name] = re.compile(value, re.I)
            elif kind == tuple[tuple[str, str], ...]:
                built[f.name] = tuple(dict(value).items())
            elif kind == frozenset[str]:
                built[f.name] = frozenset(value)
            else:
                built[f.name] = tuple(value)
        return cls(**built)

    def is_teaser_link(self, text: str) -> bool:
        """A link-out of a teaser box: "Read the ... article > >", "More »"."""
        return bool(text) and bool(self.teaser_link.match(text)) and bool(TEASER_ARROW.search(text))

    def is_teaser_heading(self, text: str) -> bool:
        return bool(self.teaser_heading.match(text))

    def is_reference_heading(self, text: str) -> bool:
        return bool(self.reference_heading.match(text))


TEASER_ARROW = re.compile(r">|»|›")


@dataclass(frozen=True)
class CleanOptions:
    """What the cleaner reads besides the page: thresholds and vocabulary."""

    settings: CleanSettings
    hints: Hints

    @classmethod
    def from_files(
        cls, settings_path: str = "data/settings.json", hints_path: str = "data/clean_hints.json"
    ) -> CleanOptions:
        return cls(
            CleanSettings.from_dict(read_json(settings_path), settings_path),
            Hints.from_dict(read_json(hints_path), hints_path),
        )


@cache
def default_clean_options() -> CleanOptions:
    """The package's own options, built once per process."""
    return CleanOptions.from_files()
