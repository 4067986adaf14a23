"""Which school data the database holds: the sha256 of the CSVs last stored, so that a start-up with
unchanged files does not rewrite the five tables (every `ask`, every worker)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from sqlmodel import Field, Session, SQLModel

ROW_ID = 1
LOADER_VERSION = "1"  # bump when the loader stores the same files differently


class SchoolDataStateBase(SQLModel):
    sha256: str = Field(default="", max_length=64)


class SchoolDataState(SchoolDataStateBase, table=True):
    __tablename__ = "school_data_state"
    id: int = Field(default=ROW_ID, primary_key=True)
    loaded_at: float = Field(default_factory=time.time)


def files_digest(data_dir: Path, files: tuple[str, ...]) -> str:
    digest = hashlib.sha256(f"loader {LOADER_VERSION}\n".encode())
    for name in files:
        path = Path(data_dir) / name
        digest.update(f"{name}\n".encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def stored_digest(session: Session) -> str:
    row = session.get(SchoolDataState, ROW_ID)
    return row.sha256 if row is not None else ""


def record_digest(session: Session, sha256: str) -> None:
    row = session.get(SchoolDataState, ROW_ID) or SchoolDataState(id=ROW_ID)
    row.sha256 = sha256
    row.loaded_at = time.time()
    session.add(row)
    session.commit()
