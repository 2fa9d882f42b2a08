"""RulePolicy: find the rules that match a conversation without testing every rule against every past state.

Rasa 3.6's `RulePolicy._get_possible_keys` filters all rules against every state of the conversation, newest first.
For each (rule, state) pair it parses the rule's key (an lru-cached JSON text) and reverses the rule's states again,
and it keeps going to the first state of the session although a rule can only rule itself out within its own length
(further back `_is_rule_applicable` is always true). With the NLU now cheap (no DIET), this lookup, twice per turn,
was the largest part of the Rasa server's own prediction time in a profile (bench/LEVERS.md).

The patched lookup gives the same set of rules (tests compare it with Rasa's on real conversations):
- each rule's reversed states are computed once per rule key (the key is the rule's JSON text, so this is exact);
- at the newest state with a previous action, only rules whose newest state asks for that previous action and
  that intent (or for neither) are tested: any other rule fails `_does_rule_match_state` on that state anyway;
- it stops as soon as no remaining rule is longer than the number of states looked at.
The per-state test itself is Rasa's (`_does_rule_match_state`, same conversation-start rules as
`_is_rule_applicable`). Remove when Rasa indexes its rules itself.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Text, Tuple

_MARK = "_stembot_indexed_rule_lookup"
_reversed: Dict[Text, List[Dict[Text, Any]]] = {}
# per lookup dict (by id, with its keys to notice a different dict at the same address): the index of its rules
_indexes: Dict[int, Tuple[frozenset, Dict[Tuple[Optional[Text], Optional[Text]], List[Text]]]] = {}


def _rule_states(policy, key: Text) -> List[Dict[Text, Any]]:
    states = _reversed.get(key)
    if states is None:
        states = _reversed[key] = list(reversed(policy._rule_key_to_state(key)))
    return states


def _required(state: Dict[Text, Any], sub_state: Text, name: Text) -> Optional[Text]:
    """The value a rule state insists on for one feature (None when it accepts any value)."""
    from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET

    value = (state.get(sub_state) or {}).get(name)
    return value if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET else None


def _index(policy, lookup: Dict[Text, Text]) -> Dict[Tuple[Optional[Text], Optional[Text]], List[Text]]:
    """Rules grouped by the previous action and intent their newest state requires."""
    from rasa.shared.core.constants import PREVIOUS_ACTION, USER
    from rasa.shared.nlu.constants import ACTION_NAME, INTENT

    keys = frozenset(lookup)
    cached = _indexes.get(id(lookup))
    if cached is not None and cached[0] == keys:
        return cached[1]
    index: Dict[Tuple[Optional[Text], Optional[Text]], List[Text]] = {}
    for key in lookup:
        newest = _rule_states(policy, key)[0]
        signature = (_required(newest, PREVIOUS_ACTION, ACTION_NAME), _required(newest, USER, INTENT))
        index.setdefault(signature, []).append(key)
    _indexes[id(lookup)] = (keys, index)
    return index


def _candidates(policy, lookup: Dict[Text, Text], newest: Dict[Text, Any]) -> Set[Text]:
    from rasa.shared.core.constants import PREVIOUS_ACTION, USER
    from rasa.shared.nlu.constants import ACTION_NAME, INTENT

    if not newest.get(PREVIOUS_ACTION):  # conversation start: Rasa accepts any rule state without a previous action
        return set(lookup)
    index = _index(policy, lookup)
    action = (newest.get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
    intent = (newest.get(USER) or {}).get(INTENT)
    out: Set[Text] = set()
    for signature in ((action, intent), (action, None), (None, intent), (None, None)):
        out.update(index.get(signature, ()))
    return out


def _applicable(rule_state: Dict[Text, Any], state: Dict[Text, Any], matches) -> bool:
    """`RulePolicy._is_rule_applicable` for a rule state within the rule's length."""
    from rasa.shared.core.constants import PREVIOUS_ACTION

    rule_previous, current_previous = rule_state.get(PREVIOUS_ACTION), state.get(PREVIOUS_ACTION)
    if not rule_previous and not current_previous:
        return True
    if not rule_previous or not current_previous:
        return False
    return matches(rule_state, state)


def apply() -> bool:
    from rasa.core.policies.rule_policy import RulePolicy

    if getattr(RulePolicy._get_possible_keys, _MARK, False):
        return False

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[Dict[Text, Any]]) -> Set[Text]:
        if not lookup or not states:
            return set(lookup)
        matches = self._does_rule_match_state
        possible = _candidates(self, lookup, states[-1])
        for i, state in enumerate(reversed(states)):
            if not any(len(_rule_states(self, key)) > i for key in possible):
                break
            possible = {key for key in possible
                        if len(rules := _rule_states(self, key)) <= i or _applicable(rules[i], state, matches)}
        return possible

    setattr(_get_possible_keys, _MARK, True)
    _get_possible_keys.__doc__ = RulePolicy._get_possible_keys.__doc__
    _get_possible_keys.__wrapped__ = RulePolicy._get_possible_keys  # Rasa's own, for the tests that compare
    RulePolicy._get_possible_keys = _get_possible_keys
    return True
