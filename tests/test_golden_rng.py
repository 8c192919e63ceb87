"""Golden vectors of the game's RNG (engine/core/rng.py, splitmix64): a silent change fails here.

How they were produced: at commit 468d71d, in a Python 3.11 shell,
``r = Rng(seed); [r.next_u64() for _ in range(20)]`` for seeds 0, 42 and
20211231, ``[Rng(7).randint(1, 6) ...]`` for the dice, and ``derive_seed``
as written below. ``Rng(state=0)`` is checked against an outside answer: the
published splitmix64 reference sequence for state 0 (e220a8397b1dcdaf,
6e789e6aa1b965f4, ...), which this code did not produce.

A deliberate change of the generator re-records these in its own commit, with
the reason, together with tests/golden/ (the seeded games' state hashes).
"""

from engine.core.rng import Rng, derive_seed

#: splitmix64's published first outputs from state 0 (independent of this code base).
SPLITMIX64_STATE0 = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC,
                     0x1B39896A51A8749B]

#: First 20 next_u64() outputs of Rng(seed).
GOLDEN_U64 = {
    0: [
        0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC,
        0x1B39896A51A8749B, 0x53CB9F0C747EA2EA, 0x2C829ABE1F4532E1, 0xC584133AC916AB3C,
        0x3EE5789041C98AC3, 0xF3B8488C368CB0A6, 0x657EECDD3CB13D09, 0xC2D326E0055BDEF6,
        0x8621A03FE0BBDB7B, 0x8E1F7555983AA92F, 0xB54E0F1600CC4D19, 0x84BB3F97971D80AB,
        0x7D29825C75521255, 0xC3CF17102B7F7F86, 0x3466E9A083914F64, 0xD81A8D2B5A4485AC,
    ],
    42: [
        0x989B3F130A063869, 0x290DB4BF2570DED7, 0x2A990BE63A01B2D5, 0x0C4B6B24EF01890E,
        0xFB16A06E52EC10A7, 0x3C30FC5FD50692C3, 0x4782C4B4C4FDF7C9, 0x272404A0A3926552,
        0xC2BC249E28760CCD, 0x3E69C285108DBB77, 0xC3B2B51FC61EC914, 0xE2DF09F8CCF26F14,
        0xE664FB166D3DC14C, 0x1494766CF71B64B6, 0x09B78FBF46485568, 0xDA9E8D784DB0C8F7,
        0x1158AB517A8CA0D3, 0x394F8BB12FC92C37, 0x1633BB32A8A81B0A, 0xAA1D5BE576D44E89,
    ],
    20211231: [
        0x03F1FF40F3BC2710, 0x957D77C58CAB812F, 0x4E3BF761A38367A0, 0xD64FF2FC29F52B57,
        0x602BD6A277A4A15A, 0xA85BE3BC58FAAD5C, 0x01A05AD75C17EB0D, 0x3DF90341691C8870,
        0x45CDADD14B6157C0, 0x7DEB005D1AD3B617, 0xC15F5DE04065A721, 0x9EBF3B37A3966C00,
        0x1CDE947A8356F2C7, 0x61F38CB55F075020, 0xED0A377D57A9B06D, 0xD0858DB944926D8C,
        0x9FF2218CDC6FA8B3, 0xB349203BD025F2A1, 0xF2BCBCFA3ACC6B7E, 0x2B2FD2CF1D3834AB,
    ],
}

#: First 20 dice (randint(1, 6)) of Rng(7).
DICE_7 = [2, 2, 3, 6, 6, 1, 1, 1, 3, 5, 5, 6, 5, 5, 2, 2, 1, 4, 1, 1]


def test_state0_matches_the_published_splitmix64_sequence():
    r = Rng(state=0)
    assert [r.next_u64() for _ in range(5)] == SPLITMIX64_STATE0


def test_first_20_outputs_for_three_seeds():
    for seed, want in GOLDEN_U64.items():
        r = Rng(seed)
        assert [r.next_u64() for _ in range(20)] == want, seed


def test_first_20_dice_and_the_derived_seeds():
    r = Rng(7)
    assert [r.randint(1, 6) for _ in range(20)] == DICE_7
    assert derive_seed(1, "game", 0) == 16104414227900755133
    assert derive_seed(42, "red") == 16485183687836356866


def test_clone_and_state_round_trip_continue_the_same_sequence():
    r = Rng(42)
    r.next_u64()
    c, s = r.clone(), Rng(state=r.state)
    assert [c.next_u64() for _ in range(19)] == [s.next_u64() for _ in range(19)] == GOLDEN_U64[42][1:]

