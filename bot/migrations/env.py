from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from bot import index_version as _index_version  # noqa: F401
from bot import models as _bot_models  # noqa: F401  (registers tables)
from bot.approved import models as _approved_models  # noqa: F401
from bot.documents import models as _document_models  # noqa: F401
from bot.shared import models as _shared_models  # noqa: F401
from bot.staff import models as _staff_models  # noqa: F401
from knowledge import models as _knowledge_models  # noqa: F401
from knowledge.schooldata import loaded as _school_loaded  # noqa: F401
from knowledge.schooldata import models as _school_models  # noqa: F401

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if engine is None:
        from bot.db import make_engine
        from bot.settings import Settings

        engine = make_engine(Settings().resolved_database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
