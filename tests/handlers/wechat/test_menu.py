"""`python -m bot wechat menu` against the API stub, and the menu data file's checks."""

from __future__ import annotations

import io
import json

import pytest

from bot.app.cli import main
from handlers.wechat.menu import MenuError, build_menu, load_menu, topic_keys

from .wx_stub import APP_ID, ApiStub


def test_wechat_menu_creates_the_menu_from_the_data_file(stub: ApiStub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECHAT_APP_ID", APP_ID)
    monkeypatch.setenv("WECHAT_APP_SECRET", "menu-secret")
    monkeypatch.setenv("WECHAT_API_BASE_URL", stub.base_url)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://zhushou.example.cn/")
    out, err = io.StringIO(), io.StringIO()
    assert main(["wechat", "menu"], out=out, err=err) == 0, err.getvalue()
    [token] = stub.to("token")
    assert token.query["appid"] == APP_ID and token.query["secret"] == "menu-secret"
    [create] = stub.to("menu/create")
    assert create.query["access_token"] == "ACCESS-TOKEN"
    assert create.body == load_menu("https://zhushou.example.cn")
    assert create.body["button"][2] == {"type": "view", "name": "网页咨询", "url": "https://zhushou.example.cn/"}
    assert create.body["button"][0]["sub_button"][0] == {"type": "click", "name": "入学划片", "key": "TOPIC_zone"}
    assert out.getvalue().endswith("菜单已创建：3 个主按钮，主题 zone, migrant, dropout, subsidy, care, teacher\n")
    assert "menu-secret" not in out.getvalue() + err.getvalue()


def test_wechat_menu_reports_api_errors_and_missing_settings(stub: ApiStub, monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["wechat", "menu"], out=out, err=err) == 2
    assert "WECHAT_APP_ID" in err.getvalue()
    monkeypatch.setenv("WECHAT_APP_ID", APP_ID)
    monkeypatch.setenv("WECHAT_APP_SECRET", "menu-secret")
    monkeypatch.setenv("WECHAT_API_BASE_URL", stub.base_url)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://zhushou.example.cn")
    stub.replies["token"] = lambda call: {"errcode": 40164, "errmsg": "invalid ip 1.2.3.4, not in whitelist"}
    err = io.StringIO()
    assert main(["wechat", "menu"], out=io.StringIO(), err=err) == 1
    assert "40164" in err.getvalue() and "IP 白名单" in err.getvalue()
    assert stub.to("menu/create") == []


def test_menu_topics_are_the_cores_topics() -> None:
    import yaml

    from bot.settings import PACKAGE_ROOT

    intents = yaml.safe_load((PACKAGE_ROOT / "bot" / "data" / "intents.yaml").read_text("utf-8"))
    assert sorted(topic_keys(load_menu("https://x.cn"))) == sorted(t["key"] for t in intents["topics"])


@pytest.mark.parametrize("data, message", [
    ({"buttons": []}, "1 to 3"),
    ({"buttons": [{"name": "太长的主菜单名字"}]}, "16 bytes"),
    ({"buttons": [{"name": "网页", "view": "{public_base_url}/"}]}, "PUBLIC_BASE_URL"),
    ({"buttons": [{"name": "主题", "sub_buttons": [{"name": f"t{i}", "topic": "zone"} for i in range(6)]}]}, "1 to 5"),
])
def test_menu_limits(data, message) -> None:
    with pytest.raises(MenuError, match=message):
        build_menu(data, "")
    assert json.dumps(load_menu("https://x.cn"), ensure_ascii=False)
