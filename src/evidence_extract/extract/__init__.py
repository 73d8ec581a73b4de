"""Stage 4 — what the matched spans say.

The matcher (nlp) decides *where* things are; these modules decide *what
they say*. Parsers of values are plain functions over strings, with examples.

    numbers.py       numbers as written (`.007`, `Sixty-five`) and as the tables write them
    callouts.py      reference numbers of a callout, ranges expanded
    levels.py        codes of a level tag, decoded under the page's ranking
    percentages.py   values, ranges, qualifiers and roles of a percentage
    p_values.py      comparator and value of a P value
"""
