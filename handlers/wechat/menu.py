"""The Official Account's custom menu: read menu.yaml, check WeChat's limits, create it (`python -m bot wechat menu`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.settings import Settings
from knowledge.yamlload import safe_load

MENU_PATH = Path(__file__).resolve().parent / "menu.yaml"
TOPIC_PREFIX = "TOPIC_"
MAX_TOP = 3
MAX_SUB = 5
MAX_TOP_NAME_BYTES = 16
MAX_SUB_NAME_BYTES = 60
MAX_KEY_BYTES = 128


class MenuError(ValueError):
    """menu.yaml breaks one of WeChat's limits or is incomplete."""


def _button(item: dict[str, Any], public_base_url: str, where: str, name_limit: int) -> dict[str, Any]:
    name = str(item.get("name", "")).strip()
    if not name or len(name.encode("utf-8")) > name_limit:
        raise MenuError(f"{where}: name must hold 1 to {name_limit} bytes")
    if "topic" in item:
        key = TOPIC_PREFIX + str(item["topic"]).strip()
        if len(key.encode("utf-8")) > MAX_KEY_BYTES or key == TOPIC_PREFIX:
            raise MenuError(f"{where}: bad topic")
        return {"type": "click", "name": name, "key": key}
    if "view" in item:
        if not public_base_url:
            raise MenuError(f"{where}: a view button needs PUBLIC_BASE_URL")
        url = str(item["view"]).replace("{public_base_url}", public_base_url.rstrip("/"))
        if not url.startswith(("https://", "http://")):
            raise MenuError(f"{where}: the view URL must start with http(s)://")
        return {"type": "view", "name": name, "url": url}
    raise MenuError(f"{where}: needs topic, view or sub_buttons")


def build_menu(data: dict[str, Any], public_base_url: str) -> dict[str, Any]:
    """The JSON body of menu/create from the data file's content."""
    tops = data.get("buttons") or []
    if not isinstance(tops, list) or not 1 <= len(tops) <= MAX_TOP:
        raise MenuError(f"buttons: 1 to {MAX_TOP} top-level buttons")
    out: list[dict[str, Any]] = []
    for i, top in enumerate(tops, 1):
        subs = top.get("sub_buttons")
        if subs is None:
            out.append(_button(top, public_base_url, f"button {i}", MAX_TOP_NAME_BYTES))
            continue
        name = str(top.get("name", "")).strip()
        if not name or len(name.encode("utf-8")) > MAX_TOP_NAME_BYTES:
            raise MenuError(f"button {i}: name must hold 1 to {MAX_TOP_NAME_BYTES} bytes")
        if not isinstance(subs, list) or not 1 <= len(subs) <= MAX_SUB:
            raise MenuError(f"button {i}: 1 to {MAX_SUB} sub-buttons")
        out.append({"name": name, "sub_button": [
            _button(sub, public_base_url, f"button {i}.{j}", MAX_SUB_NAME_BYTES) for j, sub in enumerate(subs, 1)
        ]})
    return {"button": out}


def load_menu(public_base_url: str, path: Path = MENU_PATH) -> dict[str, Any]:
    return build_menu(safe_load(path.read_text(encoding="utf-8")) or {}, public_base_url)


def topic_keys(menu: dict[str, Any]) -> list[str]:
    keys: list[str] = []
    for top in menu["button"]:
        for button in top.get("sub_button", [top]):
            if button.get("type") == "click":
                keys.append(button["key"][len(TOPIC_PREFIX):])
    return keys


def run_menu(settings: Settings, out: TextIO, err: TextIO, path: Path = MENU_PATH) -> int:
    """Create the custom menu from menu.yaml through the API; 0 on success."""
    if not settings.wechat_app_id or not settings.wechat_app_secret.get_secret_value():
        print("请先设置 WECHAT_APP_ID 和 WECHAT_APP_SECRET。", file=err)
        return 2
    try:
        menu = load_menu(settings.public_base_url, path)
    except (MenuError, OSError, yaml.YAMLError) as exc:
        print(f"{path.name}: {exc}", file=err)
        return 2
    from handlers.wechat.client import OfficialAccountClient, error_code

    client = OfficialAccountClient.from_settings(settings)
    try:
        client.menu.create(menu)
    except Exception as exc:
        code = error_code(exc)
        hint = "（服务器 IP 不在公众号的 IP 白名单里）" if code == 40164 else ""
        print(f"菜单创建失败：错误 {code if code is not None else type(exc).__name__}{hint}", file=err)
        return 1
    print(json.dumps(menu, ensure_ascii=False, indent=2), file=out)
    print(f"菜单已创建：{len(menu['button'])} 个主按钮，主题 {', '.join(topic_keys(menu))}", file=out)
    return 0
