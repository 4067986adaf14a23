"""The phonetic folder's vocabulary kept beside the vector sidecar: building it reads every n-gram of the
index (a tenth of a second and growing with the question bank), a cold `ask` reads it back in a few ms."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from retrieval.phonetic import PhoneticFolder

logger = logging.getLogger(__name__)
FORMAT = 1


def _key(texts: Sequence[str]) -> str:
    digest = hashlib.sha256(f"phonetic {FORMAT}\n".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def cached_folder(directory: Path, texts: Sequence[str], known: Callable[[str], bool]) -> PhoneticFolder:
    """The folder for exactly these texts: read from `directory` when built before, else built and written."""
    key = _key(texts)
    path = directory / f"phonetic-{key[:24]}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") == key:
            return PhoneticFolder(data["sounds"], frozenset(data["words"]), known, frozenset(data["numerals"]),
                                  data["spelled"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    folder = PhoneticFolder.build(texts, known)
    payload = {"key": key, "sounds": folder.sounds, "words": sorted(folder.words), "numerals": sorted(folder.numerals),
               "spelled": folder.spelled or {}}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("phonetic-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        logger.warning("phonetic vocabulary not cached (%s)", exc)
    return folder
