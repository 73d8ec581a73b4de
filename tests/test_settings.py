"""Settings and hints as typed data: a file that does not fit the code fails
when the options are built, and every setting is read by the code."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from evidence_extract.resources import read_json
from evidence_extract.settings import CleanSettings, Hints, SettingsError, default_clean_options

SRC = Path(__file__).parents[1] / "src" / "evidence_extract"


def _settings() -> dict:
    return dict(read_json("data/settings.json"))


def test_package_files_build() -> None:
    opts = default_clean_options()
    assert opts.settings.html_root_text_share == 0.85
    assert opts.hints.is_reference_heading("References")
    assert opts.hints.is_teaser_link("Read the Colon Cancer article > >")


def test_unknown_key_fails() -> None:
    data = _settings() | {"html_root_txt_share": 0.8}
    with pytest.raises(SettingsError, match="unknown keys \\['html_root_txt_share'\\]"):
        CleanSettings.from_dict(data)


def test_missing_key_fails() -> None:
    data = _settings()
    del data["text_heading_max_words"]
    with pytest.raises(SettingsError, match="missing keys \\['text_heading_max_words'\\]"):
        CleanSettings.from_dict(data)


def test_wrong_type_fails() -> None:
    with pytest.raises(SettingsError, match="must be int"):
        CleanSettings.from_dict(_settings() | {"text_heading_max_words": "16"})


def test_hints_need_regular_expressions() -> None:
    data = dict(read_json("data/clean_hints.json")) | {"teaser_link": ["read"]}
    with pytest.raises(SettingsError, match="regular expression"):
        Hints.from_dict(data)


def test_every_setting_has_a_reason() -> None:
    data = read_json("data/settings.json")
    assert set(data["_why"]) == {f.name for f in fields(CleanSettings)}


@pytest.mark.parametrize("cls", [CleanSettings, Hints])
def test_every_setting_is_read_by_the_code(cls: type) -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    for f in fields(cls):
        assert re.search(rf"\.{f.name}\b", source), f"{cls.__name__}.{f.name} is read nowhere"
