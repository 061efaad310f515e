"""Score how confident the coder is in one mention, from conditions with measured error rates.

The weights live in data/confidence.yaml with the measurements that set them.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from eventfold.coding.dictionary import ActorRef
from eventfold.coding.resources import load_yaml


@cache
def _model() -> dict:
    return load_yaml("confidence.yaml")


def score(trigger: Token, sources: list[ActorRef], targets: list[ActorRef], *,
          noun: bool = False, inferred: bool = False) -> float:
    m = _model()
    w = m["weights"]
    value = m["base"]
    if trigger.dep_ in m["main_clause_deps"]:
        value += w["main_clause"]
    elif trigger.dep_ in m["subordinate_deps"]:
        value += w["subordinate_clause"]
    value += w["has_target"] if targets else w["no_target"]
    if sources and all(not s.actor_id.startswith(("XXX_", "org_")) for s in sources):
        value += w["named_source"]
    else:
        value += w["generic_source"]
    if noun:
        value += w["noun_trigger"]
    if inferred:
        value += w["inferred_source"]
    if len(trigger.sent) > m["long_sentence_tokens"]:
        value += w["long_sentence"]
    return round(min(max(value, m["floor"]), m["ceiling"]), 3)
