"""The scenario edit verbs keep the author's file: only the intended lines change, every comment stays,
the loader validates the result, and an invalid edit is refused with the file left byte-identical."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from engine.cli.entry import main
from engine.scenario import edit as E
from engine.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    dst = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", dst, ignore=shutil.ignore_patterns("schema"))
    return dst


def changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines), as ``git diff`` would show them."""
    rem, add = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            rem.append(line[2:])
        elif line.startswith("+ "):
            add.append(line[2:])
    return rem, add


def comments(text: str) -> list[str]:
    return [x for x in text.splitlines() if x.lstrip().startswith("#")]


def run(*argv: str) -> int:
    return main(list(argv))


def test_set_changes_one_line_and_keeps_every_comment(tree: Path) -> None:
    f = tree / "baseline-2020.yaml"
    before = f.read_text()
    assert run("scenario", "set", str(f), "turns=16", "tracks.tension.initial=30") == 0
    after = f.read_text()
    rem, add = changes(before, after)
    assert rem[0] == "turns: 14" and add[0] == "turns: 16"
    assert len(rem) == len(add) == 2 and "initial: 30," in add[1] and rem[1].replace("initial: 35,", "initial: 30,") == add[1]
    assert comments(after) == comments(before)
    sc = load_scenario(f)
    assert sc.turns == 16 and next(t for t in sc.tracks if t.id == "tension").initial == 30


def test_set_in_a_rules_file_keeps_the_comment_on_the_line_and_the_aligned_columns(tree: Path) -> None:
    f = tree / "rules" / "combat.yaml"
    before = f.read_text()
    assert run("scenario", "set", str(f), "combat.river_shift=-2") == 0
    after = f.read_text()
    rem, add = changes(before, after)
    assert len(rem) == len(add) == 1
    assert rem[0].startswith("  river_shift: -1 ") and add[0] == rem[0].replace("-1", "-2", 1)
    assert "  ratios:  [0.33,  0.5," in after  # ruamel would re-space these; the merge keeps the author's
    assert comments(after) == comments(before)


def test_add_move_remove_unit(tree: Path) -> None:
    f = tree / "baseline-2020.yaml"
    before = f.read_text()
    assert run("scenario", "add-unit", str(f), "--id", "by_new", "--type", "by_mech_bde", "--side", "red",
               "--nation", "BLR", "--at", "Barysaw", "--name", "New brigade") == 0
    rem, add = changes(before, f.read_text())
    assert rem == [] and add == ["  - {id: by_new, type: by_mech_bde, side: red, nation: BLR, name: New brigade, "
                                 "location: Barysaw}"]
    sc = load_scenario(f)
    unit = next(u for u in sc.units if u.id == "by_new")
    from engine.scenario.loader import load_map
    assert unit.location == load_map(sc.map_path).place_hex("Barysaw")
    assert run("scenario", "move-unit", str(f), "by_new", "--to", "53.9,27.56") == 0
    assert run("scenario", "remove-unit", str(f), "by_new") == 0
    assert f.read_text() == before


def test_invalid_edits_are_refused_and_the_file_is_byte_identical(tree: Path, capsys) -> None:
    f = tree / "baseline-2020.yaml"
    raw = f.read_bytes()
    assert run("scenario", "set", str(f), "turn_length=0h") == 2
    assert "edit refused" in capsys.readouterr().err
    assert run("scenario", "remove-unit", str(f), "by_11mech") == 2  # an event removes it: the reference breaks
    err = capsys.readouterr().err
    assert "'by_11mech' is not a known unit" in err
    assert run("scenario", "add-option", str(f), "--side", "blue", "--id", "x", "--effect",
               "change_track: {track: tensoin, add: -5}") == 2
    assert "did you mean 'tension'" in capsys.readouterr().err
    assert run("scenario", "set", str(f), "units.by_6mech.location=Atlantis") == 2
    assert run("scenario", "set", str(f), "units.by_6mech.strenght=2") == 2
    assert "did you mean 'strength'" in capsys.readouterr().err
    assert run("scenario", "set", str(f), "units.no_such_unit.strength=2") == 2
    assert run("scenario", "add-unit", str(f), "--id", "by_6mech", "--type", "by_mech_bde", "--side", "red",
               "--nation", "BLR", "--at", "Minsk") == 2  # the id is taken
    assert f.read_bytes() == raw
    assert list(tree.glob(".*")) == []  # no temporary file left behind


def test_new_variant_and_edits_write_only_the_difference(tree: Path) -> None:
    assert run("scenario", "new", "my-variant", "--from", str(tree / "baseline-2020.yaml")) == 0
    f = tree / "my-variant.yaml"
    text = f.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=schema/scenario.schema.json"
    assert "extends: baseline-2020.yaml\nid: my-variant\n" in text
    assert load_scenario(f).id == "my-variant"
    assert run("scenario", "set", str(f), "units.by_6mech.strength=2", "rules.movement.stacking_limit=4") == 0
    assert run("scenario", "remove-unit", str(f), "pl_19mech") == 0
    assert run("scenario", "add-option", str(f), "--side", "blue", "--id", "nato_talks2", "--name", "More talks",
               "--delay", "2", "--cost", "nato_cohesion=-2", "--effect", "change_track: {track: tension, add: -5}") == 0
    rem, add = changes(text, f.read_text())
    assert rem == []
    assert add == ["units:", "  - {id: by_6mech, strength: 2}", "rules:", "  movement:", "    stacking_limit: 4",
                   "remove:", "  units: [pl_19mech]", "options:", "  blue:", "    - id: nato_talks2",
                   "      name: More talks", "      cost: {nato_cohesion: -2}", "      delay: 2", "      effects:",
                   "        - {change_track: {track: tension, add: -5}}"]
    sc = load_scenario(f)
    assert next(u for u in sc.units if u.id == "by_6mech").strength == 2
    assert "pl_19mech" not in {u.id for u in sc.units}
    assert sc.rules.movement.stacking_limit == 4
    opt = next(o for o in sc.options if o.id == "nato_talks2")
    assert opt.delay == 2 and opt.side == "blue" and opt.cost == {"nato_cohesion": -2}
    assert (tree / "baseline-2020.yaml").read_text() == (ROOT / "scenarios" / "baseline-2020.yaml").read_text()
    assert run("scenario", "new", "my-variant", "--from", str(tree / "baseline-2020.yaml")) == 2  # exists


def test_variant_edit_of_an_item_it_already_changes(tree: Path) -> None:
    f = tree / "variants" / "union-doctrine-opposed.yaml"
    before = f.read_text()
    assert run("scenario", "set", str(f), "tracks.belarus_opposition.initial=80") == 0
    rem, add = changes(before, f.read_text())
    assert rem == ["  - {id: belarus_opposition, initial: 90}"] and add == ["  - {id: belarus_opposition, initial: 80}"]


def test_a_new_key_goes_where_the_format_declares_it(tree: Path) -> None:
    f = tree / "baseline-2020.yaml"
    before = f.read_text()
    assert run("scenario", "set", str(f), "units.by_6mech.strength=2") == 0
    rem, add = changes(before, f.read_text())
    assert add == [rem[0].replace(', note: "town proxy', ', strength: 2, note: "town proxy')]
    assert E.spec_record(["options", "blue", "osce_talks"]).name == "option"
    assert E.spec_record(["rules", "movement"]).name == "movement rules"
    assert E.spec_record(["units", "0", "location"]) is None  # a location is not a record


def test_values_from_the_command_line() -> None:
    assert E.parse_value("20") == 20
    assert E.parse_value("Zapad: the exercise") == "Zapad: the exercise"
    assert dict(E.parse_value("{lat: 53.9, lon: 27.5}")) == {"lat": 53.9, "lon": 27.5}
    with pytest.raises(E.EditError, match="hint: a quote or bracket is not closed"):
        E.parse_value("{lat: 53.9")
    assert E.split_path("units[3].location") == ["units", "3", "location"]
    with pytest.raises(E.EditError):
        E.split_path("units..x y")


@pytest.mark.parametrize("path", ["units.by_6mech..strength", ".turns", "turns.", "units[].strength",
                                  "units.-1.strength", "units[-1].strength"])
def test_a_key_path_with_an_empty_key_or_a_negative_index_edits_nothing(tree: Path, capsys, path: str) -> None:
    """An empty key was skipped (``units.by_6mech..strength`` set by_6mech's strength) and -1 meant the last
    unit (``units.-1.strength`` changed pl_19mech), while the refusal offered "an index 0..34 or an id"."""
    f = tree / "baseline-2020.yaml"
    raw = f.read_bytes()
    assert run("scenario", "set", str(f), f"{path}=2") == 2
    err = capsys.readouterr().err
    assert ("a key is empty" in err) if "-1" not in path else ("no item '-1' (give an index 0..34 or an id)" in err)
    assert f.read_bytes() == raw


def test_no_item_in_an_empty_list_says_so() -> None:
    assert E._index_hint([]) == "the list is empty" and E._index_hint([1, 2]) == "give an index 0..1 or an id"


def test_yaml_syntax_error_comes_with_a_hint(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("id: x\ntitle: Zapad: the exercise\n")
    from engine.scenario.loader import validate
    (p,) = validate(f)
    assert (p.line, p.col) == (2, 13) and "hint: quote text that contains ': '" in p.message


def test_new_variant_elsewhere_points_back_at_its_base(tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "draft.yaml"
    out.parent.mkdir()
    assert run("scenario", "new", "draft", "--from", str(ROOT / "scenarios" / "baseline-2020.yaml"),
               "--out", str(out), "--title", "A draft") == 0
    first, _, extends, sid, title = out.read_text().splitlines()[:5]
    assert (out.parent / first.split("$schema=")[1]).resolve() == ROOT / "scenarios" / "schema" / "scenario.schema.json"
    assert (out.parent / extends.split(": ", 1)[1]).resolve() == ROOT / "scenarios" / "baseline-2020.yaml"
    assert sid == "id: draft" and title == 'title: "A draft"'
    assert load_scenario(out).title == "A draft"
    assert run("scenario", "new", "bad name", "--from", str(ROOT / "scenarios" / "baseline-2020.yaml")) == 2
    assert run("scenario", "new", "x", "--from", "no-such-scenario") == 2


def _hostile(tmp_path: Path, kind: str) -> str:
    """A path the edit verbs and the editor are given instead of a scenario file."""
    import os
    if kind == "fifo":
        p = tmp_path / "pipe.yaml"
        os.mkfifo(p)
        return str(p)
    if kind == "latin1":
        p = tmp_path / "latin1.yaml"
        p.write_bytes(b"id: x\ntitle: Brze\xbfno\n")
        return str(p)
    return {"device": "/dev/zero", "directory": str(tmp_path), "missing": str(tmp_path / "none.yaml")}[kind]


@pytest.mark.parametrize("kind,why", [("fifo", "pipe (FIFO)"), ("device", "a device"), ("directory", "a directory"),
                                      ("latin1", "2:12: not UTF-8 text (bad byte 0xbf"), ("missing", "file not found")])
def test_edit_verbs_and_editor_refuse_what_is_not_a_scenario_file(tmp_path: Path, capsys, kind, why) -> None:
    """Found by hostile testing: a FIFO or /dev/zero hung `scenario set` and `edit` for ever; a directory or
    a file in another encoding ended in a traceback. Each is now one line naming the file, exit 2."""
    import os
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    path = _hostile(tmp_path, kind)
    assert main(["scenario", "set", path, "turns=5"]) == 2
    assert main(["edit", path, "--frames", "1"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(path in e and why in e for e in err), err
    with pytest.raises(E.EditError, match="cannot read|not UTF-8|not found"):
        E.Doc(path)


def test_a_fifo_beside_the_file_is_never_read_when_looking_for_variants(tree: Path) -> None:
    import os
    os.mkfifo(tree / "zz-pipe.yaml")  # dependents() reads every *.yaml beside the file edited
    assert main(["scenario", "set", str(tree / "baseline-2020.yaml"), "turns=13"]) == 0
    assert load_scenario(tree / "baseline-2020.yaml").turns == 13


def test_removing_every_item_of_a_commented_list_leaves_valid_yaml(tree: Path) -> None:
    """Hostile: delete all 35 units of baseline-2020 (a flow-style list with section comments between the
    items). ruamel dumped the comments it kept for the empty list and then '[]' at column 0: the file did not
    parse, and the editor's next edit raised. Now the list is 'units: []' and everything else is intact."""
    path = tree / "baseline-2020.yaml"
    before = E.Doc(path)
    ids = [u["id"] for u in before.data["units"]]
    assert len(ids) == 35
    doc = E.Doc(path)
    for i in ids:
        doc.remove_item("units", i)
    text = doc.text()
    after = E.Doc(path, text)  # parses
    assert "units: []\n" in text and after.data["units"] == []
    for key in before.data:
        if key != "units":
            assert after.data[key] == before.data[key], key
    # the one-item list of a block-style file, with a comment before the item and one after it
    p = tree / "one.yaml"
    p.write_text("id: s\nunits:\n  # red forces\n  - id: a  # only\n    side: red\n\n# events follow\n"
                 "events:\n  - id: e1\n", encoding="utf-8")
    d = E.Doc(p)
    d.remove_item("units", "a")
    assert E.Doc(p, d.text()).data == {"id": "s", "units": [], "events": [{"id": "e1"}]}


def test_text_that_does_not_read_back_is_never_returned(tree: Path, monkeypatch) -> None:
    """The edited text is parsed before it is used: a merge that loses data falls back to the whole dump,
    and if that fails too the edit is refused (EditError) rather than written."""
    doc = E.Doc(tree / "baseline-2020.yaml")
    doc.set("turns", 13)
    monkeypatch.setattr(E, "three_way", lambda ours, base, theirs: ["id: [broken\n"])
    assert E.Doc(doc.path, doc.text()).data["turns"] == 13  # the whole dump
    monkeypatch.setattr(E.Doc, "_dump", lambda self: "id: [broken\n")
    with pytest.raises(E.EditError, match="cannot be written as YAML"):
        doc.text()


def test_saving_through_a_symlink_is_refused_and_the_link_stays(tree: Path) -> None:
    """Writes go only to regular files: Ctrl+S / 'scenario set' on a symlinked scenario used to replace the
    link by a file (os.replace). Now it is refused and names the link; the target is unchanged."""
    target = tree / "baseline-2020.yaml"
    link = tree / "linked.yaml"
    link.symlink_to(target.name)
    raw = target.read_bytes()
    with pytest.raises(E.EditError, match="symbolic link"):
        E.edit(link, lambda d: d.set("turns", 13))
    assert link.is_symlink() and target.read_bytes() == raw


def test_an_unwritable_folder_is_an_error_not_a_traceback(tree: Path, monkeypatch) -> None:
    """The edit is checked in a temporary file beside the scenario; a read-only or full folder gives an
    EditError naming the folder (it was an OSError traceback)."""
    import tempfile

    def refuse(*a, **k):
        raise OSError(30, "Read-only file system")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(E.EditError, match="cannot check the edit.*Read-only"):
        E.load_text(tree / "baseline-2020.yaml", "id: x\n")


def test_a_file_with_a_byte_order_mark_keeps_it(tree: Path) -> None:
    """A scenario saved by a Windows editor with a UTF-8 BOM lost it on the first edit, so line 1 changed too."""
    import codecs
    path = tree / "baseline-2020.yaml"
    before = codecs.BOM_UTF8 + path.read_bytes()
    path.write_bytes(before)
    assert run("scenario", "set", str(path), "turns=12") == 0
    after = path.read_bytes()
    assert after.startswith(codecs.BOM_UTF8)
    rem, add = changes(before.decode("utf-8"), after.decode("utf-8"))
    assert rem == ["turns: 14"] and add == ["turns: 12"]
    assert load_scenario(path).turns == 12


def test_a_location_given_as_the_file_writes_it_is_read_as_yaml(tree: Path, capsys) -> None:
    """``--to '{lat: 53.9, lon: 27.5}'`` (the form of the file and of the loader's hints) was looked up as a
    place name and refused as "not a place on the map"."""
    f = tree / "baseline-2020.yaml"
    assert run("scenario", "move-unit", str(f), "by_6mech", "--to", "{lat: 53.9, lon: 27.5}") == 0
    assert "location: {lat: 53.9, lon: 27.5}" in f.read_text()
    raw = f.read_bytes()
    assert run("scenario", "move-unit", str(f), "by_6mech", "--to", "{lat: 53.9, lon: 27.5, x: 1}") == 2
    assert "unknown key 'x' in a location" in capsys.readouterr().err
    assert run("scenario", "move-unit", str(f), "by_6mech", "--to", "{lat: 53.9") == 2
    assert "a quote or bracket is not closed" in capsys.readouterr().err
    assert f.read_bytes() == raw


@pytest.mark.parametrize("name", ["? x", "?x", ": x", ":x", "?"])
def test_a_name_starting_with_a_question_mark_or_colon_is_written_and_read_back(tree: Path, name: str) -> None:
    """ruamel writes such text plain inside {..} (name: ? x), which no YAML reader takes back: the edit
    was refused as "cannot be written as YAML" although the name is fine."""
    f = tree / "baseline-2020.yaml"
    assert run("scenario", "set", str(f), f"units.by_6mech.name={name}") == 0
    assert run("scenario", "add-unit", str(f), "--id", "zz1", "--type", "by_mech_bde", "--side", "red",
               "--nation", "BLR", "--at", "Minsk", "--name", name) == 0
    sc = load_scenario(f)
    assert {u.id: u.name for u in sc.units if u.id in ("by_6mech", "zz1")} == {"by_6mech": name, "zz1": name}


def test_an_edit_a_variant_would_not_survive_never_writes_the_base(tree: Path, monkeypatch, capsys) -> None:
    """The base was written, its variants checked, and the old bytes put back: meanwhile (or after a crash)
    the broken base was on disk. The variants now read the new text in its place before any write."""
    from engine import safeio
    f = tree / "baseline-2020.yaml"
    raw = f.read_bytes()
    writes: list[str] = []
    real = safeio.write_atomic
    monkeypatch.setattr(safeio, "write_atomic", lambda p, data: (writes.append(str(p)), real(p, data))[1])
    # union-doctrine.yaml extends the baseline and removes by_6mech by an option's effect
    assert run("scenario", "remove-unit", str(f), "by_6mech") == 2
    err = capsys.readouterr().err
    assert "union-doctrine.yaml" in err and "by_6mech" in err
    assert writes == [] and f.read_bytes() == raw
    assert run("scenario", "set", str(f), "units.by_6mech.strength=2") == 0 and writes == [str(f)]


def test_a_new_variant_name_too_long_for_a_file_is_refused_in_one_line(tree: Path, capsys) -> None:
    """'scenario new <300 characters> --from X' died in out.exists() with OSError 'File name too long'."""
    before = sorted(p.name for p in tree.iterdir())
    assert run("scenario", "new", "a" * 300, "--from", str(tree / "baseline-2020.yaml")) == 2
    err = capsys.readouterr().err
    assert "longer than 255 characters" in err and "Traceback" not in err and err.count("\n") == 1
    assert sorted(p.name for p in tree.iterdir()) == before
