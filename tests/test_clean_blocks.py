"""White-space helpers of the block model (clean/blocks.py)."""

from __future__ import annotations

import re
import sys

import pytest

from evidence_extract.clean.blocks import collapsed, squeezed

SPACE = re.compile(r"\s+")
# every character the regex `\s` matches: the definition both helpers keep
WHITE = "".join(chr(c) for c in range(sys.maxunicode + 1) if SPACE.fullmatch(chr(c)))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "a",
        " a ",
        "a  b\tc\n",
        "\u00a0x\u2003y\u3000",
        WHITE + "z" + WHITE,
        "a" + WHITE + "b",
    ],
)
def test_white_space_runs_become_one_space_as_the_regex_makes_them(text: str) -> None:
    assert collapsed(text) == SPACE.sub(" ", text)
    assert squeezed(text) == SPACE.sub(" ", text).strip()


def test_the_helpers_know_every_white_space_character() -> None:
    assert len(WHITE) > 20  # Unicode spaces, not only ASCII
    assert squeezed(f"a{WHITE}b") == "a b"
    assert collapsed(f"{WHITE}a") == " a"
