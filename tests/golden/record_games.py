"""Record the golden state hashes of fixed seeded games (tests/golden/games.json).

Run from the repository root: ``.venv/bin/python tests/golden/record_games.py``.
Each game is one shipped scenario, one policy playing every side, one seed,
played to the end by the same loop as ``eastflank playout``. Re-record only in a
commit that changes the rules on purpose, and say why in that commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SCENARIOS = ("baseline-2020", "union-doctrine", "logistic-bases", "rotational-presence",
             "permanent-base", "zapad-2021")
POLICIES = ("random", "scripted", "greedy")
SEEDS = (11, 29)
OUT = Path(__file__).with_name("games.json")


def play(scenario: str, policy: str, seed: int) -> dict:
    from engine.game.game import load_game
    from engine.analysis.playout import play_game
    from engine.ai import make_policy
    game = load_game(ROOT / "scenarios" / f"{scenario}.yaml")
    pols = {s: make_policy(policy) for s in game.side_ids}
    r, _ = play_game(game, seed, pols)
    return {"scenario": scenario, "policy": policy, "seed": seed, "turns": r["turns"],
            "actions": r["actions"], "winner": r["winner"], "state_hash": r["state_hash"]}


def cases():
    return [(sc, p, s) for sc in SCENARIOS for p in POLICIES for s in SEEDS]


def main() -> None:
    rows = [play(*c) for c in cases()]
    OUT.write_text(json.dumps({"note": __doc__.strip().splitlines()[0], "games": rows}, indent=1) + "\n")
    print(f"wrote {len(rows)} games to {OUT}")


if __name__ == "__main__":
    main()
