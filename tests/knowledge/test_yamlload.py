from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.yamlload import safe_load

ROOT = Path(__file__).resolve().parents[2]


def test_every_data_file_parses_as_with_the_python_loader() -> None:
    files = [p for pattern in ("*.yaml", "*.yml") for p in ROOT.rglob(pattern) if ".venv" not in p.parts]
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert safe_load(text) == yaml.safe_load(text), path


def test_refuses_python_tags() -> None:
    import pytest

    with pytest.raises(yaml.YAMLError):
        safe_load("!!python/object/apply:os.system ['true']")
