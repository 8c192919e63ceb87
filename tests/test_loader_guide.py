"""The authoring guide's complete examples load (so the guide cannot rot)."""

from __future__ import annotations

import re
from pathlib import Path

from engine.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parent.parent / "scenarios"


def complete_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"<!-- complete example -->\s*```yaml\n(.*?)```", text, re.S)


def test_guide_examples_load(tmp_path: Path) -> None:
    blocks = complete_examples()
    assert blocks, "the guide has no complete example"
    for i, block in enumerate(blocks):
        p = tmp_path / f"guide{i}.yaml"
        p.write_text(block.replace("rules/", f"{(ROOT / 'rules').as_posix()}/"), encoding="utf-8")
        sc = load_scenario(p)
        assert sc.units and sc.options


def test_guide_variant_example_loads(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(extends: baseline-2020.yaml.*?)```", text, re.S).group(1)
    p = tmp_path / "variant.yaml"
    p.write_text(block.replace("baseline-2020.yaml", (ROOT / "baseline-2020.yaml").as_posix()), encoding="utf-8")
    sc = load_scenario(p)
    assert sc.id == "baseline-2020-tense"
    assert next(t for t in sc.tracks if t.id == "tension").initial == 65
    assert "osce_talks" not in {o.id for o in sc.options}
