"""Our CAMEO -> PLOVER table is the official crosswalk, code for code."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dragoman.ingest.imports import cameo_table, cameo_to_plover, Unmapped
from dragoman.ontology.plover import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[2]
OFFICIAL = ROOT.parent / "shared/external/plover-gsr/CAMEO2PLOVER-2021.txt"


def _generator():
    spec = importlib.util.spec_from_file_location("make_cameo_plover", ROOT / "tools/make_cameo_plover.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_matches_the_official_crosswalk():
    if not OFFICIAL.exists():
        pytest.skip("../shared/external/plover-gsr/CAMEO2PLOVER-2021.txt is not there")
    official = _generator().parse_crosswalk(OFFICIAL.read_text(encoding="utf-8"))
    ours = cameo_table()
    assert set(ours) == set(official)
    for code, row in official.items():
        assert (ours[code]["type"], ours[code]["mode"]) == (row["type"], row["mode"]), code


def test_every_type_is_plover_and_lookups_fall_back_to_base_and_root():
    assert {row["type"] for row in cameo_table().values()} <= set(EVENT_TYPES)
    assert cameo_to_plover("042")[:2] == ("CONSULT", "visit")
    assert cameo_to_plover("1712")[0] == "ASSAULT"   # destroy property: ASSAULT, not COERCE
    assert cameo_to_plover("0461")[0] == "CONSULT"   # unknown 4-digit code -> its base 046
    assert cameo_to_plover("085")[:2] == ("RETREAT", None)  # "ease" is no PLOVER mode
    with pytest.raises(Unmapped):
        cameo_to_plover("010")  # make a public statement: not a PLOVER event
