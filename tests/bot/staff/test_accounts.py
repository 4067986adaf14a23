"""Personal staff accounts: scrypt hashes only, add / set password / remove / verify."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.staff import crud
from bot.staff.models import StaffAccount, StaffAccountCreate


def test_add_verify_change_and_remove(engine: Engine) -> None:
    with Session(engine) as session:
        account, created = crud.add_account(session, StaffAccountCreate(name=" 马老师 ", password="长城长城12345"))
        assert created and account.name == "马老师"
        stored = session.get(StaffAccount, "马老师")
        assert stored is not None and stored.password_hash.startswith("scrypt$16384$8$1$")
        assert "长城" not in stored.password_hash
        assert crud.verify_account(session, "马老师", "长城长城12345") is not None
        assert crud.verify_account(session, "马老师", "wrong-password") is None
        assert crud.verify_account(session, "李科长", "长城长城12345") is None
        _, created = crud.add_account(session, StaffAccountCreate(name="马老师", password="new-password-9"))
        assert not created and crud.verify_account(session, "马老师", "new-password-9") is not None
        assert crud.has_accounts(session)
        assert crud.remove_account(session, "马老师") and not crud.remove_account(session, "马老师")
        assert not crud.has_accounts(session)


def test_two_hashes_of_one_password_differ() -> None:
    first, second = crud.hash_password("same-password"), crud.hash_password("same-password")
    assert first != second
    assert crud.password_matches(first, "same-password") and crud.password_matches(second, "same-password")
    assert not crud.password_matches("garbage", "same-password")


@pytest.mark.parametrize(("name", "password", "message"), [("", "long-enough", "账号名不能为空"), ("马", "short", "密码至少 8 位")])
def test_bad_accounts_are_refused(name: str, password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        StaffAccountCreate(name=name, password=password)
