"""RulePolicy finds the same rules with the indexed lookup as with Rasa's own (bot/patches/rule_lookup.py)."""

from __future__ import annotations

import json
import random
import tarfile

import pytest

from bot.config import ROOT
from bot.patches import rule_lookup

ACTIONS = ["action_listen", "utter_greet", "action_figure", "action_session_start"]
INTENTS = ["greet", "ask_figure", "goodbye"]


@pytest.fixture(scope="module")
def lookups():
    """Rasa's `_get_possible_keys` and the patched one, on a bare RulePolicy (the lookup needs no trained state)."""
    from rasa.core.policies.rule_policy import RulePolicy

    rule_lookup.apply()  # whether or not another test applied it already
    patched = RulePolicy._get_possible_keys
    original = patched.__wrapped__
    assert getattr(patched, rule_lookup._MARK) and not getattr(original, rule_lookup._MARK, False)
    return RulePolicy.__new__(RulePolicy), original, patched


def _state(rng: random.Random, start: bool = False) -> dict:
    from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET

    state = {}
    if not start:
        state["prev_action"] = {"action_name": rng.choice(ACTIONS + [SHOULD_NOT_BE_SET])} if rng.random() < 0.9 else {}
    if rng.random() < 0.7:
        state["user"] = {"intent": rng.choice(INTENTS)}
        if rng.random() < 0.3:
            state["user"]["entities"] = ["subject"] if rng.random() < 0.5 else SHOULD_NOT_BE_SET
    if rng.random() < 0.4:
        state["slots"] = {"role": rng.choice([[1.0], SHOULD_NOT_BE_SET])}
    if rng.random() < 0.2:
        state["active_loop"] = {"name": rng.choice(["feedback_form", SHOULD_NOT_BE_SET])}
    return state


def _conversation(rng: random.Random, length: int) -> list:
    states = [_state(rng, start=True)] + [_state(rng) for _ in range(length - 1)]
    for state in states[1:]:  # a conversation always has a real previous action after its start
        if not state.get("prev_action") or state["prev_action"].get("action_name", "").startswith("__"):
            state["prev_action"] = {"action_name": rng.choice(ACTIONS)}
    return states


def test_same_rules_as_rasa_on_random_rules_and_conversations(lookups):
    policy, original, patched = lookups
    rng = random.Random(7)
    for _ in range(300):
        rules = {json.dumps([_state(rng, start=rng.random() < 0.1) for _ in range(rng.randint(1, 4))]): "utter_x"
                 for _ in range(rng.randint(1, 40))}
        for _ in range(5):
            states = _conversation(rng, rng.randint(1, 12))
            assert patched(policy, rules, states) == original(policy, rules, states), (rules, states)
    assert patched(policy, {}, []) == original(policy, {}, []) == set()


def test_same_rules_as_rasa_on_the_trained_models_rules(lookups):
    model = ROOT / "models" / "stembot.tar.gz"
    if not model.exists():
        pytest.skip("no trained model (make train)")
    with tarfile.open(model) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("RulePolicy1/rule_policy.json"))
        rules = json.load(tar.extractfile(member))["lookup"]["rules"]
    policy, original, patched = lookups
    sequences = [json.loads(key) for key in rules]
    rng = random.Random(3)
    checked = matched = 0
    for _ in range(600):  # conversations stitched from the rules' own states: real intents, actions and slots
        states = [state for seq in rng.sample(sequences, rng.randint(1, 3)) for state in seq]
        expected = original(policy, rules, states)
        assert patched(policy, rules, states) == expected
        checked += 1
        matched += bool(expected)
    assert checked == 600 and matched > 100  # most stitched conversations end in a state some rule matches
