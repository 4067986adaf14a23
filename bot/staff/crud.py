"""Add, remove and verify personal staff accounts; passwords are kept only as salted scrypt hashes."""

from __future__ import annotations

import hashlib
import hmac
import os

from sqlmodel import Session, select

from bot.staff.models import StaffAccount, StaffAccountCreate

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
DKLEN = 32


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=DKLEN, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(stored: str, candidate: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    found = hashlib.scrypt((candidate or "").encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                           dklen=len(digest) // 2)
    return hmac.compare_digest(found.hex(), digest)


def add_account(session: Session, data: StaffAccountCreate) -> tuple[StaffAccount, bool]:
    """Create the account, or set a new password on an existing one; (account, created)."""
    account = session.get(StaffAccount, data.name)
    created = account is None
    if account is None:
        account = StaffAccount(name=data.name, password_hash=hash_password(data.password))
    else:
        account.password_hash = hash_password(data.password)
    session.add(account)
    session.commit()
    session.refresh(account)
    return account, created


def remove_account(session: Session, name: str) -> bool:
    account = session.get(StaffAccount, name.strip())
    if account is None:
        return False
    session.delete(account)
    session.commit()
    return True


def verify_account(session: Session, name: str, password: str) -> StaffAccount | None:
    account = session.get(StaffAccount, name.strip())
    if account is None or not password_matches(account.password_hash, password):
        return None
    return account


def list_accounts(session: Session) -> list[StaffAccount]:
    return list(session.exec(select(StaffAccount).order_by(StaffAccount.name)))


def has_accounts(session: Session) -> bool:
    return session.exec(select(StaffAccount.name).limit(1)).first() is not None
