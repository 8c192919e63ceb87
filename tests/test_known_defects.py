"""Five known defects of the loader, the engine and the analysis, one section each; every test here failed on
the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.entry import main
from engine.scenario.loader import validate
from scenario_fixture import err_line

ROOT = Path(__file__).resolve().parent.parent
BALTIC = str(ROOT / "scenarios" / "calibration" / "rand-baltic.yaml")  # turns: 10; sides red, blue
ZIMA = ROOT / "scenarios" / "calibration" / "zima-20.yaml"  # metrics at_turn at 6, turns: 10


# --- 1. at_turn after the last turn -------------------------------------------------------------------

def test_a_scenario_metric_at_a_turn_after_the_last_is_a_located_problem(tmp_path: Path) -> None:
    """zima-20 measures ``at_turn`` at 6; a variant of 5 turns never reaches it, and every game measured 0."""
    p = tmp_path / "short.yaml"
    p.write_text(f"extends: {ZIMA.as_posix()}\nid: short\nturns: 5\n", encoding="utf-8")
    probs = validate(p)
    lines = [str(x) for x in probs]
    assert len(probs) == 2, lines
    text = ZIMA.read_text(encoding="utf-8").splitlines()
    for x, mid in zip(probs, ("bialystok_held_d5", "lublin_held_d5")):
        assert x.file == str(ZIMA) and x.path.endswith(".params.at"), str(x)
        assert mid in text[x.line - 1] and text[x.line - 1][x.col - 1:].startswith('"6"'), str(x)
        assert "parameter at: '6' is after the last turn of scenario short (expected a turn number, 2 to 5" \
            in x.message
    p.write_text(f"extends: {ZIMA.as_posix()}\nid: short\nturns: 6\n", encoding="utf-8")
    assert validate(p) == []  # the last turn itself is fine


@pytest.mark.parametrize("verb", [["playout", BALTIC], ["compare", BALTIC, BALTIC]])
def test_a_command_line_at_turn_after_the_last_turn_is_one_line(capsys, no_games, verb: list) -> None:
    metric = "x=at_turn:at=11:of=holds:side=blue:place=Riga"
    assert main(verb + ["-n", "1", "--metric", metric]) == 2
    err = err_line(capsys)
    assert err.startswith(f"eastflank: --metric {metric!r}: parameter at: '11' is after the last turn of "
                          "scenario rand-baltic (expected a turn number, 2 to 10"), err


def test_a_sweep_checks_at_turn_against_each_variants_turns(tmp_path: Path, capsys, no_games) -> None:
    metric = "x=at_turn:at=6:of=holds:side=blue:place=Riga"
    out = tmp_path / "s.jsonl"
    assert main(["sweep", BALTIC, "--vary", "turns=6,5", "-n", "1", "--metric", metric, "--out", str(out)]) == 2
    assert "parameter at: '6' is after the last turn of scenario rand-baltic (expected a turn number, 2 to 5" \
        in err_line(capsys)
    assert not out.exists()
    with pytest.raises(AssertionError, match="a game was played"):  # every variant reaches turn 6: the games start
        main(["sweep", BALTIC, "--vary", "turns=6,7", "-n", "1", "--metric", metric, "--out", str(out)])


# --- 2. seeds wider than 64 bits ---------------------------------------------------------------------

def _game():
    from engine.game.game import load_game
    return load_game(BALTIC)


@pytest.mark.parametrize("small, wide", [(1, 1 + 2 ** 64), (7, 7 + 5 * 2 ** 64), (2 ** 64 - 1, -1), (0, 2 ** 64),
                                          (3, 3 - 2 ** 64), (12345, 12345 + 2 ** 126)])
def test_two_different_seeds_are_two_different_games(small: int, wide: int) -> None:
    """The dice kept the low 64 bits of the seed: ``play --seed 1`` and ``--seed 18446744073709551617`` (or a
    save holding either, which takes seeds to 2**127) rolled the same dice."""
    from engine.analysis.playout import play_game
    from engine.ai import make_policy
    from engine.core.rng import Rng
    assert Rng(small).state != Rng(wide).state
    game = _game()
    assert game.new_initial_state(small).rng.state != game.new_initial_state(wide).rng.state
    pol = {s: make_policy("random") for s in game.side_ids}
    a, b = play_game(game, small, pol)[1], play_game(game, wide, pol)[1]
    da, db = a.to_dict(with_log=False), b.to_dict(with_log=False)
    for d in (da, db):
        d.pop("seed")
    assert da != db


def test_a_seed_of_64_bits_keeps_its_game_and_a_wide_one_is_the_same_in_every_process(tmp_path: Path) -> None:
    import subprocess
    import sys
    from engine.core.rng import MASK64, Rng, mix64
    for s in (0, 1, 42, 2 ** 63, MASK64):
        assert Rng(s).state == mix64(s)  # as before: the golden games are unchanged
    code = ("from engine.core.rng import Rng; r = Rng(-5); w = Rng(2 ** 100 + 3); "
            "print(r.state, w.state, [w.randint(1, 6) for _ in range(5)])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                           env={"PYTHONHASHSEED": h, "PATH": ""}).stdout for h in ("0", "1", "12345")}
    assert len(outs) == 1 and outs.pop().split()[0] == str(Rng(-5).state)


def test_a_save_of_a_wide_seed_loads_to_its_own_game(tmp_path: Path) -> None:
    from engine.core.save import load_save, save_game
    game = _game()
    for seed in (9, 9 + 2 ** 64, 2 ** 127 - 1, -(2 ** 127) + 1):
        st = game.new_initial_state(seed)
        for _ in range(5):
            st.apply_action(st.legal()[-1])
        save_game(st, tmp_path / "s.json")
        back = load_save(tmp_path / "s.json", game)
        assert back.seed == seed and back.state_hash() == st.state_hash() and back.rng.state == st.rng.state


# --- 3. change_command of a nation reaches its units off the map ------------------------------------------

def _box_game(*effects):
    """tests/test_mech_offmap.py's box fixture (box ``east`` open to red, gate (-5, 0); 'd' and 'e', BLR tanks
    of red, in it; 't', a BLR tank of red, at (-3, 0)) with one event per effect, fired by the facilitator."""
    import attrs
    from engine.game.game import Game
    from engine.scenario.loader import digest
    from engine.scenario.model import Event, Trigger
    from tests.test_mech_offmap import box_game
    g = box_game(in_box=("d", "e"))
    evs = tuple(Event(f"e{k}", f"e{k}", Trigger("turn", turn=99), (eff,)) for k, eff in enumerate(effects))
    sc = attrs.evolve(g.scenario, events=evs)
    return Game(attrs.evolve(sc, digest=digest(attrs.evolve(sc, digest=""))), g.map)


def test_a_nation_changing_command_takes_its_units_in_an_off_map_box_along() -> None:
    """``change_command: {nation: BLR, to: blue}`` passed the Belarusian brigades on the map and left the ones
    in a box under red: red still ordered them out, and they came back as red units."""
    from engine.analysis.invariants import violations
    from engine.core.actions import FromBox
    from engine.core.save import replay
    from engine.geo.hexgrid import Hex
    from engine.rules import offmap
    from engine.scenario.model import ChangeCommand
    from tests.enginefixture import to_phase
    gate = Hex(-5, 0)
    g = _box_game(ChangeCommand("blue", nation="BLR"))
    s = to_phase(g.new_initial_state(1), "movement")
    s.apply_action(FromBox("e", "east", gate))  # 'e' is on its way to the gate, 'd' stays in the box
    s.apply_action("facilitator event e0 -- Minsk changes sides")
    assert s.units["t"].side == "blue"
    assert {uid: s.offmap[uid][3].side for uid in ("d", "e")} == {"d": "blue", "e": "blue"}
    assert any("d passes from red to blue command (off the map, in East depth)" in x for x in s.log)
    assert any("e passes from red to blue command (off the map, from East depth to" in x for x in s.log)
    assert [v[0] for v in offmap.offmap_view(s, "red")] == [] and [v[0] for v in offmap.offmap_view(s, "blue")] == \
        ["d", "e"]
    assert "box:d" not in offmap.group_keys(s)  # red no longer orders it
    for _ in range(40):  # 'e' arrives under its new side; blue may order 'd' out
        if "e" in s.units or s.terminal:
            break
        s.apply_action("end")
    assert s.units["e"].side == "blue" and violations(s) == []
    assert replay(g, 1, s.history).state_hash() == s.state_hash()


def test_change_command_of_one_unit_reaches_it_in_its_box() -> None:
    from engine.scenario.model import ChangeCommand
    g = _box_game(ChangeCommand("blue", unit_id="d"))
    s = g.new_initial_state(1)
    s.apply_action("facilitator event e0 -- the division defects")
    assert s.offmap["d"][3].side == "blue" and s.offmap["e"][3].side == "red" and s.units["t"].side == "red"


def test_remove_unit_withdraws_a_unit_from_its_box_and_move_unit_says_why_it_does_not_move() -> None:
    """``remove_unit`` of a unit in an off-map box did nothing, so a withdrawn division came back later;
    ``move_unit`` of one said nothing at all."""
    from engine.analysis.invariants import violations
    from engine.core.save import replay
    from engine.geo.hexgrid import Hex
    from engine.rules import offmap
    from engine.scenario.model import MoveUnit, RemoveUnit
    g = _box_game(RemoveUnit("d"), MoveUnit("e", Hex(-2, 0)))
    s = g.new_initial_state(1)
    s.apply_action("facilitator event e0 -- the division is withdrawn to Moscow")
    assert "d" not in s.offmap and "d" not in s.units and "e" in s.offmap
    assert any("d removed (off the map, in East depth)" in x for x in s.log)
    assert [v[0] for v in offmap.offmap_view(s, "red")] == ["e"] and "box:d" not in offmap.group_keys(s)
    s.apply_action("facilitator event e1 -- orders for the other division")
    assert "e" in s.offmap and any("e is not moved: it is off the map, in East depth" in x for x in s.log)
    for _ in range(60):
        if s.terminal:
            break
        s.apply_action("end")
    assert "d" not in s.units and violations(s) == []
    assert replay(g, 1, s.history).state_hash() == s.state_hash()


def test_set_readiness_reaches_a_nations_units_in_their_box() -> None:
    """``set_readiness: {nation: BLR, state: restrained}`` held the Belarusian brigade on the map and left the
    ones in a box free: they came out deployed."""
    from engine.scenario.model import SetReadiness
    g = _box_game(SetReadiness("restrained", nation="BLR"))
    s = g.new_initial_state(1)
    s.apply_action("facilitator event e0 -- Minsk holds its army back")
    assert s.units["t"].readiness == "restrained"
    assert {uid: s.offmap[uid][3].readiness for uid in ("d", "e")} == {"d": "restrained", "e": "restrained"}
    assert any("d deployed -> restrained" in x for x in s.log)
    c = s.clone()
    assert c.offmap["d"][3].readiness == "restrained" and c.state_hash() == s.state_hash()


# --- 4. the JSON Schema and the loader agree on numbers written as ids ------------------------------------

#: A number where an id is expected: the loader reads it as its text. Before, the schema took any number of 0
#: or more, while the loader refused those whose text is no id (1e308 is '1e+308', 10**64 has 65 digits, -0.0
#: is '-0.0') and took NaN and infinity (as 'nan', 'inf'), which the schema cannot tell apart from numbers.
ID_NUMBERS = [("2020", True), ("1.5", True), ("0", True), ("1e-5", True), ("9999999999999999", True),
              ("9999999999999998.0", True), ("-0.0", True), ("1e308", False), ("1e16", False), ("1e309", False),
              ("12345678901234567890", False), ("1" * 65, False), (".nan", False), (".inf", False), ("-5", False)]


def _both(tmp_path: Path, body: str) -> tuple[bool, bool]:
    from engine.scenario import yamlsafe
    from engine.scenario.schema import schema_problems
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {(ROOT / 'scenarios' / 'baseline-2020.yaml').as_posix()}\n{body}", encoding="utf-8")
    return validate(p) == [], schema_problems(yamlsafe.read(p)) == []


@pytest.mark.parametrize("text, ok", ID_NUMBERS)
def test_the_schema_and_the_loader_agree_on_a_number_as_an_id(tmp_path: Path, text: str, ok: bool) -> None:
    assert _both(tmp_path, f"id: {text}\n") == (ok, ok)
    assert _both(tmp_path, f"metrics:\n  - {{id: {text}, metric: track, params: {{track: tension}}}}\n") == (ok, ok)


def test_a_number_that_is_no_id_is_one_clear_problem(tmp_path: Path) -> None:
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {(ROOT / 'scenarios' / 'baseline-2020.yaml').as_posix()}\nid: 1e308\n", encoding="utf-8")
    (x,) = validate(p)
    assert (x.line, x.col, x.path) == (2, 5, "id")
    assert x.message == ("got the number 1e+308 (expected an id (letters, digits, _ . -); a number here must be 0 "
                         "or more and below 10**16: put the id in quotes)")
    p.write_text(f"extends: {(ROOT / 'scenarios' / 'baseline-2020.yaml').as_posix()}\nid: '1e308'\n", encoding="utf-8")
    assert validate(p) == []


def _id_agreement(v: object) -> None:
    from engine.scenario import spec as S
    from engine.scenario.check import INVALID, Checker
    from engine.scenario.schema import schema_problems
    from engine.scenario.yamlsafe import Pos
    c = Checker()
    loader_ok = c.check(v, S.ID, "id", Pos("t.yaml", 1, 1)) is not INVALID and not c.problems
    schema_ok = schema_problems({"extends": "b.yaml", "id": v}) == []
    assert loader_ok == schema_ok, (v, c.problems)


def test_the_schema_and_the_loader_agree_on_any_number_as_an_id() -> None:
    from hypothesis import given, settings, strategies as st
    edges = st.sampled_from([0, -0.0, 1e16, 1e16 - 2, 10 ** 16, 10 ** 16 - 1, 10 ** 64, 10 ** 65, 1e308, 5e-324,
                             float("nan"), float("inf"), -float("inf"), 1e-5, 2020, 1.5])

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(edges, st.integers(), st.integers(min_value=-10, max_value=10 ** 70), st.floats()))
    def agree(v):
        _id_agreement(v)
    agree()


# --- 5. an item without an id in a variant's list is one clear problem ----------------------------------------

BASE = (ROOT / "scenarios" / "baseline-2020.yaml").as_posix()
TRACKS = "tension, integration, belarus_opposition, nato_cohesion, integration_frozen, nato_alert, warning_turns, incidents"


def _problems(tmp_path: Path, body: str, base: str = BASE) -> list:
    p = tmp_path / "v.yaml"
    p.write_text(f"extends: {base}\nid: v\n{body}", encoding="utf-8")
    return [(x.file == str(p), x.line, x.col, x.path, x.message) for x in validate(p)]


def test_an_empty_track_in_a_variant_is_one_clear_problem(tmp_path: Path) -> None:
    """``tracks: [{}]`` replaced every track of the base (a list with an item without an id is replaced
    whole): two 'missing key' lines and some eighty 'tension is not a known track' in the base file."""
    assert _problems(tmp_path, "tracks: [{}]\n") == [(True, 3, 10, "tracks[0]", (
        "an empty track: in a variant each item of tracks needs its id (expected the id of the track of the base it "
        f"changes, one of: {TRACKS}; or a new id, with every key, to add a track)"))]


@pytest.mark.parametrize("body, path, says", [
    ("tracks: [{ID: tension, initial: 4}]\n", "tracks[0]", "a track without an id: in a variant each item of tracks "
                                                          "needs its id (expected the id of the track of the base"),
    ("tracks: [{ID: tension, initial: 4}]\n", "tracks[0]", "did you mean 'id' for 'ID'?)"),
    ("tracks: [{name: tensoin}]\n", "tracks[0]", "did you mean 'tension'?)"),
    ("tracks: [5]\n", "tracks[0]", "got the number 5 (expected a mapping: a track with the id of the track"),
    ("tracks: [{id: [x]}]\n", "tracks[0].id", "got a list (expected the id of the track of the base it changes"),
    ("units: [{}]\n", "units[0]", "an empty unit: in a variant each item of units needs its id (expected the id of "
                                  "the unit of the base it changes, one of: by_6mech, "),
    ("options: {blue: [{}]}\n", "options.blue[0]", "an empty option: in a variant each item of options.blue needs "
                                                   "its id (expected the id of the option of the base it changes, "
                                                   "one of: nato_reinforce_efp, "),
    ("rules: {readiness: {states: [{}]}}\n", "rules.readiness.states[0]",
     "an empty readiness state: in the rules: section each item of rules.readiness.states needs its id (expected "
     "the id of the readiness state of the included rules it changes, one of: garrison, alerted, deployed, "
     "restrained; or a new id, with every key, to add a readiness state)"),
])
def test_an_item_without_an_id_in_a_variant_is_one_problem_naming_the_ids(tmp_path: Path, body: str, path: str,
                                                                          says: str) -> None:
    probs = _problems(tmp_path, body)
    assert len(probs) == 1, probs
    mine, line, _, where, message = probs[0]
    assert mine and line == 3 and where == path and says in message, probs


def test_a_variant_item_with_a_number_for_its_id_merges_by_it(tmp_path: Path) -> None:
    """``id: 2020`` is the id '2020' (the checker reads it so), but the merge took only text ids: the item
    made the list replace the base's, and every track of the base was gone."""
    assert _problems(tmp_path, "tracks: [{id: 2020, min: 0, max: 5, initial: 1}]\n") == []
    assert _problems(tmp_path, "tracks: [{id: 2020, min: 0, max: 5, initial: 1}, {id: '2020', initial: 2}]\n") == [
        (True, 3, 50, "", "duplicate id '2020' in a list of this variant (first given at line 3; expected each "
                          "id once)")]


def test_remove_of_a_number_id_removes_it(tmp_path: Path) -> None:
    """``remove: {events: [2020]}`` validated (2020 is the id '2020') but removed nothing: non-text ids were
    skipped."""
    from engine.scenario.loader import load_scenario
    (tmp_path / "v1.yaml").write_text(f"extends: {BASE}\nid: v1\nevents:\n  - {{id: 2020, trigger: {{turn: 3}}, "
                                      "effects: [{message: x}]}\n", encoding="utf-8")
    (tmp_path / "v2.yaml").write_text("extends: v1.yaml\nid: v2\nremove: {events: [2020]}\n", encoding="utf-8")
    assert "2020" in [e.id for e in load_scenario(tmp_path / "v1.yaml").events]
    assert "2020" not in [e.id for e in load_scenario(tmp_path / "v2.yaml").events]
