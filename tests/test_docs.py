"""Docs stay honest: every command is documented, the README's test command is what CI runs."""
from __future__ import annotations

import re

from dragoman.cli import main
from dragoman.registry import catalogue_listing

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))


def _commands(group, prefix="dragoman"):
    for name, cmd in group.commands.items():
        yield f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, f"{prefix} {name}")


def test_every_command_is_in_the_docs():
    missing = [c for c in _commands(main) if c not in DOCS]
    assert not missing, f"undocumented commands: {missing}"


def test_every_registered_part_is_in_the_docs():
    names = [n for names in catalogue_listing().values() for n in names]
    missing = [n for n in names if n not in DOCS]
    assert not missing, f"undocumented registry entries: {missing}"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    blocks = re.findall(r"```\n(.*?)\n```", README, flags=re.S)
    main_cmd, test_cmd = blocks[0].strip(), blocks[1].strip()
    assert "dragoman ingest" in main_cmd and "samples" in main_cmd
    assert "pytest" in test_cmd
    assert test_cmd in (REPO / ".ci" / "run").read_text(encoding="utf-8")
