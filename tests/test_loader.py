"""The strict scenario loader: valid input gives the model, each error its exact message and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.scenario import model as M
from engine.errors import ScenarioError
from engine.geo.hexgrid import Hex, from_offset
from engine.scenario.loader import load_scenario, validate

from mapfixture import build
from scenario_fixture import mini_text, write

MAP = build()


def problems(tmp_path: Path, text: str) -> list[str]:
    p = write(tmp_path, text)
    with pytest.raises(ScenarioError) as ei:
        load_scenario(p, map=MAP)
    prefix = str(p) + ":"
    return [str(x)[len(prefix):] if str(x).startswith(prefix) else str(x) for x in ei.value.problems]


def test_mini_loads_to_model(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, mini_text()), map=MAP)
    assert isinstance(sc, M.Scenario)
    assert [u.id for u in sc.units] == ["u1", "u2"]
    assert sc.units[0].location == MAP.place_hex("Minsk")
    assert sc.units[0].readiness == "garrison" and sc.units[0].strength == 4  # defaults: first state, full steps
    assert sc.units[1].strength == 3
    assert sc.rotations[0].unit.location == MAP.place_hex("Baranavichy")
    assert sc.schedule[0] == M.ScheduleEntry(3, "add", unit=sc.schedule[0].unit)
    assert sc.schedule[0].unit.location == Hex(0, 0)
    assert sc.schedule[1] == M.ScheduleEntry(4, "remove", unit_id="u2")
    assert sc.events[0].trigger == M.Trigger("track", condition=M.Condition("tension", ">=", 70))
    assert sc.options[0].requires == (M.Condition("tension", ">=", 20),)
    assert {o.side for o in sc.options} == {"blue", "red"}
    assert sc.turn_hours == 24 and sc.phases == M.PHASES and sc.initiative == ("red", "blue")
    assert sc.bases[0].nation == "BLR" and sc.bases[0].active is False
    assert len(sc.digest) == 64 and sc.file.endswith("s.yaml")


def test_digest_is_stable_and_content_sensitive(tmp_path: Path) -> None:
    a = load_scenario(write(tmp_path, mini_text(), "a.yaml"), map=MAP)
    b = load_scenario(write(tmp_path, mini_text(), "b.yaml"), map=MAP)
    c = load_scenario(write(tmp_path, mini_text().replace("initial: 30", "initial: 31"), "c.yaml"), map=MAP)
    assert a.digest == b.digest != c.digest


@pytest.mark.parametrize("old,new,expected", [
    ("turns: 10", "turns: 10\nturnz: 3", "6:1: turnz: unknown key 'turnz' in a scenario (did you mean 'turns'?)"),
    ("turns: 10", "turns: ten", "5:8: turns: got the text 'ten' (expected an integer from 1 to 1000)"),
    ("title: Mini\n", "", "1:1: missing key 'title' (expected text)"),
    ("type: by_mech_bde", "type: by_mech_bdr",
     "11:20: units[0].type: 'by_mech_bdr' is not a known unit type (did you mean 'by_mech_bde'"),
    ("location: Minsk}", "location: Minks}",
     "11:67: units[0].location: 'Minks' is not a place on the map (did you mean 'Minsk'?)"),
    ("location: Minsk}", "location: Narach}", "11:67: units[0].location: 'Narach' is on water (hex 9,1; expected a land hex)"),
    ('{hex: "0,0"}', '{hex: "40,40"}', "18:85: schedule[0].reinforce.location: hex 40,40 is off the map "
                                       "(expected a hex of the map, e.g. a place name or {lat: .., lon: ..})"),
    ("{id: u2,", "{id: u1,", "12:10: units[1].id: duplicate unit id 'u1' (first used at "),
    ("enable_option: o2", "enable_option: o9", "23:77: events[0].effects[0].enable_option: 'o9' is not a known option (expected one of: o1, o2, o3)"),
    ("withdraw: u2", "withdraw: u7", "19:25: schedule[1].withdraw: 'u7' is not a known unit (expected one of: u1, u2, u3, u4, u5)"),
    ("base: b1, arrive", "base: b2, arrive", "16:20: rotations[0].base: 'b2' is not a known base (expected one of: b1)"),
    ("strength: 3", "strength: 9", "12:89: units[1].strength: strength 9 is more than the 4 steps of type 'pl_mech_bde' (expected 1 to 4)"),
    ("tension >= crisis", "tension >= crysis", "23:31: events[0].trigger.track: 'crysis' is not a threshold of track 'tension' (expected a number or one of: crisis; did you mean 'crisis'?)"),
    ("country: POL", "country: PLO", "24:53: events[1].trigger.enters.country: 'PLO' is not a country on the map (expected one of: BLR, POL; did you mean 'POL'?)"),
    ("nation: BLR, location: Minsk", "nation: POL, location: Minsk",
     "11:52: units[0].nation: 'POL' is not a nation of side 'red' (expected one of: RUS, BLR)"),
])
def test_each_error_exact(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = mini_text()
    assert old in text
    got = problems(tmp_path, text.replace(old, new, 1))
    assert any(g.startswith(expected) for g in got), got


def test_all_errors_collected_together(tmp_path: Path) -> None:
    text = (mini_text().replace("turns: 10", "turns: ten").replace("type: by_mech_bde", "type: nope")
            .replace("withdraw: u2", "withdraw: zz").replace("colour: \"#c0392b\"", "colour: red"))
    got = problems(tmp_path, text)
    assert len(got) >= 4
    assert [g.split(":")[0] for g in got] == sorted((g.split(":")[0] for g in got), key=int)


def test_initiative_each_side_once(tmp_path: Path) -> None:
    got = problems(tmp_path, mini_text().replace("turns: 10", "turns: 10\ninitiative: [red, red]"))
    assert any("initiative[1]: side 'red' is listed twice" in g for g in got)
    assert any("initiative: side 'blue' missing" in g for g in got)


def test_python_tag_refused_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = mini_text().replace("title: Mini", f"title: !!python/object/apply:os.system ['touch {marker}']")
    got = problems(tmp_path, text)
    assert got == ["2:8: tag '!!python/object/apply:os.system' is not allowed (only plain YAML values: text, "
                   "numbers, true/false, lists and mappings)"]
    assert not marker.exists()


def test_alias_bomb_refused_fast(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    got = problems(tmp_path, "\n".join(lines) + "\n")
    assert len(got) == 1 and "aliases expand to more than" in got[0]


def test_duplicate_key(tmp_path: Path) -> None:
    got = problems(tmp_path, mini_text().replace("turns: 10", "turns: 10\nturns: 11"))
    assert got == ["6:1: duplicate key 'turns' (first given at line 5)"]


def test_file_not_found_and_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as ei:
        load_scenario(tmp_path / "missing.yaml", map=MAP)
    assert str(ei.value) == f"{tmp_path / 'missing.yaml'}: file not found"
    assert [str(p) for p in validate(write(tmp_path, "- a\n- b\n"), map=MAP)] == \
        [f"{tmp_path / 's.yaml'}:1:1: not a mapping: the file is a list (expected a scenario: keys id, title, sides ...)"]


def test_too_large_refused(tmp_path: Path) -> None:
    p = tmp_path / "big.yaml"
    p.write_text("a: " + "x" * (3 * 1024 * 1024), encoding="utf-8")
    assert "file is too large" in str(validate(p, map=MAP)[0])


def test_extends_merge_by_id_and_remove(tmp_path: Path) -> None:
    write(tmp_path, mini_text(), "base.yaml")
    variant = """\
extends: base.yaml
id: variant
tracks:
  - {id: tension, initial: 50}
units:
  - {id: u6, type: ru_tank_regt, side: red, nation: RUS, location: Hrodna}
remove:
  schedule: [u2]
  events: [e2]
"""
    sc = load_scenario(write(tmp_path, variant, "variant.yaml"), map=MAP)
    assert sc.id == "variant"
    assert sc.tracks[0].initial == 50 and sc.tracks[0].thresholds == {"crisis": 70}
    assert [u.id for u in sc.units] == ["u1", "u2", "u6"]
    assert [e.id for e in sc.events] == ["e1"]
    assert [e.kind for e in sc.schedule] == ["add"]
    bad = variant.replace("events: [e2]", "events: [e3]")
    got = [str(p) for p in validate(write(tmp_path, bad, "bad.yaml"), map=MAP)]
    assert any("remove.events[0]: 'e3' is not in the base scenario's events" in g for g in got), got


def test_extends_loop(tmp_path: Path) -> None:
    write(tmp_path, "extends: b.yaml\nid: a\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\nid: b\n", "b.yaml")
    got = [str(p) for p in validate(tmp_path / "a.yaml", map=MAP)]
    assert any("extends itself in a loop" in g for g in got), got


def test_rules_override_key_by_key(tmp_path: Path) -> None:
    text = mini_text().replace("turns: 10", "turns: 10\nrules:\n  unit_types:\n    by_mech_bde: {attack: 7}")
    sc = load_scenario(write(tmp_path, text), map=MAP)
    assert sc.rules.unit_types["by_mech_bde"].attack == 7
    assert sc.rules.unit_types["by_mech_bde"].defence == 5
    bad = mini_text().replace("turns: 10", "turns: 10\nrules:\n  unit_types:\n    by_mech_bde: {atack: 7}")
    got = problems(tmp_path, bad)
    assert got == ["8:19: rules.unit_types.by_mech_bde.atack: unknown key 'atack' in a unit type (did you mean 'attack'?)"]


def test_shipped_scenarios_validate() -> None:
    root = Path(__file__).resolve().parent.parent / "scenarios"
    for f in sorted(root.glob("*.yaml")):
        assert validate(f) == [], f
