"""The names of what the matcher finds: span labels and the span group."""

from __future__ import annotations

from enum import StrEnum

# Every match of the rule components lives in this span group of the Doc.
SPAN_KEY = "evidence"


class SpanLabel(StrEnum):
    # Rows of their own
    LEVEL = "LEVEL"  # a level-of-evidence tag
    CALLOUT = "CALLOUT"  # a citation callout (one bracket group)
    PERCENT = "PERCENT"  # a percentage expression, qualifier attached
    PVALUE = "PVALUE"  # a P value
    STATEMENT = "STATEMENT"  # a graded statement of screening/prevention summaries
    EFFECT = "EFFECT"  # the name of an effect measure (`hazard ratio`, `HR`); its value is parsed after it
    TRIAL = "TRIAL"  # a trial registry identifier (`NCT00075725`)
    # Parts of other matches, attached to them by the matcher
    QUALIFIER = "QUALIFIER"  # `approximately` before a percentage
    POSTFIX = "POSTFIX"  # `or more` after a percentage
    PVALUE_TAIL = "PVALUE_TAIL"  # `to < .001` after `P ranged from .016`


MODIFIER_LABELS = frozenset({SpanLabel.QUALIFIER, SpanLabel.POSTFIX, SpanLabel.PVALUE_TAIL})
ROW_LABELS = frozenset(SpanLabel) - MODIFIER_LABELS
