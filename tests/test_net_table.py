"""The ``join`` window for a Red seat, a Blue seat, the white cell and the projector on the same turn:
each draws exactly the units its role may see (screenshots under SDL_VIDEODRIVER=dummy; set
EASTFLANK_SHOTS=DIR to keep them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
pytest.importorskip("websockets")
pytest.importorskip("jsonschema")
pygame = pytest.importorskip("pygame")

from engine.ai import make_policy  # noqa: E402
from engine.core.rng import Rng  # noqa: E402
from engine.net.client import Session  # noqa: E402
from engine.net.host import Host  # noqa: E402
from engine.net.remote import RemoteTable  # noqa: E402
from engine.net.server import ServerThread  # noqa: E402
from engine.net.table import NetTable  # noqa: E402
from engine.testing import game_of  # noqa: E402

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "baseline-2020.yaml"


def advanced_host(game, seed: int = 6, turn: int = 4) -> Host:
    """A game played by scripted policies up to a turn's movement phase (units out of garrison)."""
    st = game.new_initial_state(seed)
    pols = {s: make_policy("scripted") for s in game.side_ids}
    rngs = {s: Rng(seed + i) for i, s in enumerate(game.side_ids)}
    while not (st.turn >= turn and st.phase == "movement") and not st.is_terminal():
        side = st.current_player()
        st.apply_action(pols[side].choose(st, st.legal(), rngs[side]))
    return Host(game, st)


def test_four_windows_on_the_same_turn_show_only_their_roles_view(tmp_path):
    game = game_of(SCENARIO)
    host = advanced_host(game)
    out = Path(os.environ.get("EASTFLANK_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    drawn: dict[str, set[str]] = {}
    injects: dict[str, list[str]] = {}
    with ServerThread(host) as srv:
        host.handle(type("W", (), {"role": "white"})(),
                    {"type": "inject", "text": "Reuters: rail convoys seen near Orsha", "to": ["blue"]})
        for role in ("red", "blue", "white", "projector"):
            s = Session(srv.address, host.codes[role])
            s.connect()
            table = NetTable(RemoteTable(s, game), game, (1280, 800))
            table.run(frames=3, screenshot=str(out / f"{role}.png"))
            drawn[role] = set(table.drawn)
            injects[role] = table.remote.inject_lines()
            assert table.remote.status["turn"] == host.state.turn
            s.close()
            pygame.display.quit()
    st = host.state
    red = {u.id for u in st.observation("red").units}
    blue = {u.id for u in st.observation("blue").units}
    assert drawn["red"] == red and drawn["blue"] == blue
    assert drawn["white"] == set(st.units)
    assert drawn["projector"] == red & blue
    # Fog of war: each seat misses some enemy units the white cell sees; the projector shows less still.
    assert red < set(st.units) and blue < set(st.units)
    assert drawn["projector"] < red and drawn["projector"] < blue
    # The inject went to blue (and the white cell), not to red or the projector.
    assert injects["blue"] == injects["white"] == [f"T{st.turn} Reuters: rail convoys seen near Orsha"]
    assert injects["red"] == injects["projector"] == []
    sizes = {r: (out / f"{r}.png").stat().st_size for r in drawn}
    assert all(n > 10_000 for n in sizes.values())


def test_white_console_lines_become_requests():
    game = game_of(SCENARIO)
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        s = Session(srv.address, host.codes["white"])
        s.connect()
        rt = RemoteTable(s, game)
        assert rt.submit("/pause lunch") == "ok" and host.paused == "lunch"
        assert rt.submit("/resume") == "ok" and not host.paused
        assert rt.submit("/seat red random") == "ok"
        assert rt.submit("/seat red none") == "ok"
        track = sorted(host.state.tracks)[0]
        assert rt.submit(f"track {track} 3 -- white cell ruling").startswith("ok")
        assert host.state.tracks[track] == 3
        assert rt.submit("/inject blue: satellite pass at dawn") == "ok"
        assert host.injects[-1]["to"] == ["blue"]
        assert rt.submit("/frobnicate").startswith("unknown command")
        assert rt.submit("end").startswith("refused")  # a side's order needs a reason and a facilitator verb
        s.close()
        p = Session(srv.address, host.codes["projector"])
        p.connect()
        pt = RemoteTable(p, game)
        assert pt.submit("end") == "the projector is read-only"
        assert pt.view["side"] == "public"
        p.close()


def test_a_dropped_window_rejoins_with_its_code():
    game = game_of(SCENARIO)
    host = Host(game, game.new_initial_state(1))
    with ServerThread(host) as srv:
        s = Session(srv.address, host.codes["blue"])
        s.connect()
        rt = RemoteTable(s, game)
        assert rt.view["side"] == "blue"
        s.ws.close()  # the network drops
        assert rt.refresh() is False and "rejoining" in rt.answer
        assert rt.submit("end").startswith("not sent")
        assert rt.refresh() is True and rt.answer == "rejoined"
        assert rt.view["side"] == "blue" and rt.status["to_act"] == "red"
        s.close()


def test_join_opens_the_window_for_the_codes_role(tmp_path):
    import subprocess
    import sys
    game = game_of(SCENARIO)
    host = Host(game, game.new_initial_state(1))
    root = SCENARIO.parents[1]
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", EASTFLANK_CODE=host.codes["projector"])
    with ServerThread(host) as srv:
        shot = tmp_path / "p.png"
        p = subprocess.run([sys.executable, "-m", "engine.cli", "join", srv.address, "--screenshot", str(shot)],
                           cwd=root, env=env, capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        pub = host.view("public")
        assert f"projector: {len(pub['units'])} units drawn" in p.stderr and shot.stat().st_size > 10_000
        env["EASTFLANK_CODE"] = "wrong"
        p = subprocess.run([sys.executable, "-m", "engine.cli", "join", srv.address], cwd=root, env=env,
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and p.stderr.strip() == f"eastflank: {srv.address}: unknown join code"
