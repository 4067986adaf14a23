"""Build the heavy services once, at start-up, from the settings; pass them to the channels.

If the index is missing or older than the knowledge files it is (re)built first, with a progress bar.
If the database is unreachable the assistant still answers (documents are read straight from the files)
and the query log spools to a local file until the database is back.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot import __version__
from bot.answer_cache import AnswerCache
from bot.appsecrets import with_resolved_secrets
from bot.assistant import Assistant
from bot.core import AssistantCore
from bot.db import make_engine, migrate
from bot.querylog import QueryLog
from bot.redact import Redactor
from bot.redact_vocab import gazetteer_words
from bot.settings import Settings
from bot.shared.stores import SharedState, make_state
from bot.texts import AssistantTexts
from knowledge.ingest.document import process_file
from knowledge.ingest.script import to_traditional
from knowledge.ingest.store import discover, ingest_paths
from retrieval.classifier_fit import attach_classifiers
from retrieval.corpus import data_section_refs, load_section_refs, section_refs
from retrieval.embedders import Embedder, make_embedder
from retrieval.expand import Expander
from retrieval.hybrid import HybridRetriever
from retrieval.lexical import cached_bm25
from retrieval.out_of_scope import LexicalNegatives, NegativeIndex, load_negatives, load_outside_places
from retrieval.phonetic_cache import cached_folder
from retrieval.question_bank import bank_units, is_bank_unit, load_bank
from retrieval.ranker import LinearRanker
from retrieval.scope import ScopeModel
from retrieval.units import SectionRef, Unit, build_units
from retrieval.vector_cache import MatrixVectors, collection_name, load_sidecar, save_sidecar, wanted_hashes

if TYPE_CHECKING:
    from knowledge.schooldata.directory_protocol import Directory
    from retrieval.vector_store import ChromaStore

logger = logging.getLogger(__name__)
WARM_UP_BOUND_SECONDS = 30.0


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    embedder: Embedder
    retriever: HybridRetriever
    directory: Directory
    assistant: Assistant
    core: AssistantCore
    querylog: QueryLog
    sections: list[SectionRef]
    database_ok: bool
    state: SharedState
    redactor: Redactor | None = None


def open_engine(settings: Settings) -> Engine:
    """The database engine with the schema brought up to date (the commands that only read or write the database)."""
    settings.ensure_dirs()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return engine


def _progress_sync(store: ChromaStore, units: list[Any], show: bool) -> tuple[int, int]:
    """Embed what changed and drop what went (with a progress bar when there is work); (added, removed)."""
    stored = store.stored_hashes()
    todo = sum(1 for u in units if stored.get(u.unit_id) != u.content_hash)
    stale = len(set(stored) - {u.unit_id for u in units})
    if todo == 0 and stale == 0:
        return 0, 0
    if not show or todo == 0:
        return store.sync(units)
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task(f"建立索引 building the index ({todo} 段)", total=todo)
        return store.sync(units, progress=lambda n: progress.advance(task, n))


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


def load_sections(settings: Settings, engine: Engine) -> tuple[list[SectionRef], bool]:
    """Ingest what changed and read the sections back; fall back to the files if the database is down."""
    try:
        migrate(engine)
        with Session(engine) as session:
            report = ingest_paths(session, [settings.knowledge_dir], shipped_dir=settings.knowledge_dir)
            for error in report.errors:
                logger.warning("skipped: %s", error)
            _load_school_data(session, settings.school_data_dir)
            return load_section_refs(session), True
    except SQLAlchemyError as exc:
        logger.warning("database unreachable (%s): reading documents from files; the query log will spool", type(exc).__name__)
    documents, sections = [], []
    for path in discover([settings.knowledge_dir]):
        try:
            processed = process_file(path)
        except Exception as exc:  # an unreadable file is named and skipped
            logger.warning("skipped: %s", exc)
            continue
        if processed.document.status in {"已废止", "已被替代"}:
            continue
        documents.append(processed.document)
        sections.extend(processed.sections)
    return section_refs(documents, sections), False  # type: ignore[arg-type]


def _load_school_data(session: Session, data_dir: Path) -> None:
    """Store the school data when the CSVs changed since they were last stored (by any process)."""
    from knowledge.schooldata.loaded import files_digest, record_digest, stored_digest
    from knowledge.schooldata.loader import FILES, load_into_db

    digest = files_digest(data_dir, FILES)
    if stored_digest(session) == digest:
        return
    result = load_into_db(session, data_dir)
    for error in result.errors[:20]:
        logger.warning("school data: %s", error)
    if not result.failed_files:
        record_digest(session, digest)


def index_units(sections: list[SectionRef]) -> list[Unit]:
    """What is indexed: the sections' retrieval units and the question bank's lines pointing at them."""
    return build_units(sections) + bank_units(sections, load_bank())


def build_retriever(settings: Settings, embedder: Embedder, sections: list[SectionRef], show_progress: bool,
                    units: list[Unit] | None = None) -> HybridRetriever:
    """`units`: the index_units of `sections` when the caller has built them already (ingest)."""
    units = units if units is not None else index_units(sections)
    vectors: MatrixVectors | ChromaStore | None = _cached_vectors(settings, embedder, units)
    if vectors is None:  # the index changed (or no sidecar yet): open the store of record and sync it
        vectors = _store(settings, embedder)
        _progress_sync(vectors, units, show_progress)
        vectors.load_matrix()
        _write_sidecar(settings, vectors, units)
    retriever = HybridRetriever(
        units, embedder, vectors, Expander.load(), ScopeModel.default(embedder.name), ranker=LinearRanker.default(embedder.name),
        lexical=cached_bm25([unit.text for unit in units], _sidecar_dir(settings), "units"),
    )
    retriever.phonetic = cached_folder(_sidecar_dir(settings), [unit.text for unit in units], retriever.lexical.known)
    bank_texts = [unit.text for unit in units if is_bank_unit(unit)]
    retriever.negatives = NegativeIndex.build(load_negatives(), bank_texts, embedder, settings.data_dir / "vectors",
                                              places=load_outside_places())
    attach_classifiers(retriever, _sidecar_dir(settings))
    return retriever


def _sidecar_dir(settings: Settings) -> Path:
    if settings.chroma_host:
        return settings.data_dir / "vectors" / f"{settings.chroma_host}-{settings.chroma_port}"
    return settings.resolved_chroma_dir / "sidecar"  # deleting the Chroma directory drops it too


def _cached_vectors(settings: Settings, embedder: Embedder, units: list[Unit]) -> MatrixVectors | None:
    """The in-memory vectors from the sidecar when it holds exactly these units (Chroma is then not opened)."""
    name = collection_name(settings.chroma_collection, embedder.name)
    return load_sidecar(_sidecar_dir(settings), name, embedder.name, units)


def _write_sidecar(settings: Settings, store: ChromaStore, units: list[Unit]) -> None:
    held = store.in_memory()
    if held is None or set(held[0]) != {unit.unit_id for unit in units}:
        return  # searches go to Chroma (a very large index), or the store holds other units too
    try:
        save_sidecar(_sidecar_dir(settings), store.name, store.embedder.name, held[0], held[1], wanted_hashes(units))
    except OSError as exc:
        logger.warning("vector sidecar not written (%s)", exc)


def sync_index(settings: Settings, engine: Engine) -> tuple[int, int, int]:
    """Bring the vector index up to date with the stored documents and the school data (only what changed)."""
    from knowledge.schooldata import SchoolDirectory

    sections, _ = load_sections(settings, engine)
    sections = sections + data_section_refs(SchoolDirectory.from_data_dir(settings.school_data_dir))
    embedder = make_embedder(settings.embedder, settings.embedder_model_path)
    store = _store(settings, embedder)
    units = index_units(sections)
    added, removed = _progress_sync(store, units, show=True)
    store.load_matrix()
    _write_sidecar(settings, store, units)
    # what the first start reads besides the vectors (the lexical indexes, the phonetic folder, the out-of-scope
    # vectors) is built now, so that the first question after an ingest is as quick as every later start's
    build_retriever(settings, embedder, sections, show_progress=False, units=units)
    return added, removed, store.count()


def _store(settings: Settings, embedder: Embedder) -> ChromaStore:
    from retrieval.vector_store import ChromaStore

    return ChromaStore(
        embedder,
        collection=settings.chroma_collection,
        path=settings.resolved_chroma_dir,
        host=settings.chroma_host,
        port=settings.chroma_port,
        model_path=settings.embedder_model_path,
    )


def build_runtime(
    settings: Settings, show_progress: bool = True, embedder: Embedder | None = None, engine: Engine | None = None,
    *, long_running: bool = False, workers: int = 1,
) -> Runtime:
    """`long_running`: a channel (web, Telegram), whose conversations and rate limits go to the database
    under STATE_STORE=auto; one-shot commands keep them in memory."""
    from bot.approved.matcher import ApprovedMatcher
    from bot.pipeline.approved import UseApproved
    from knowledge.schooldata import SchoolDirectory

    settings.ensure_dirs()
    settings = with_resolved_secrets(settings)  # refuses placeholders; generates them on SQLite
    redactor = Redactor(gazetteer_words(settings.school_data_dir))  # the county's places are never names
    engine = engine if engine is not None else make_engine(settings.resolved_database_url)
    sections, database_ok = load_sections(settings, engine)
    directory = SchoolDirectory.from_data_dir(settings.school_data_dir)
    warming = None
    if long_running:  # one-shot commands keep jieba's tagger and pypinyin off their path; channels load them now
        warming = threading.Thread(target=warm_channel, args=(redactor, directory), name="channel-warm-up", daemon=True)
        warming.start()
    sections = sections + data_section_refs(directory)
    if embedder is None:
        embedder = make_embedder(settings.embedder, settings.embedder_model_path, settings.embedding_cache_size)
    retriever = build_retriever(settings, embedder, sections, show_progress)
    texts = AssistantTexts.load()
    # the matcher embeds what retrieval embeds: one encoder call per question, held by the cache for both
    approved = UseApproved(texts, ApprovedMatcher(embedder, embed_text=retriever.dense_text), engine,
                           check_seconds=settings.index_check_seconds)
    rewriter = None
    if settings.llm_base_url and settings.llm_model:
        from bot.pipeline.rewrite import LLMRewrite, make_chat_model

        model = make_chat_model(settings.llm_base_url, settings.llm_model, settings.llm_api_key.get_secret_value(), settings.llm_timeout_seconds)
        rewriter = LLMRewrite(model, boilerplate=list(texts.replies.texts.values()))
    def make_assistant(retriever: HybridRetriever) -> Assistant:
        return Assistant(
            retriever, texts, directory, settings.max_question_chars, extra_steps=[("approved", approved)], rewriter=rewriter
        )

    assistant = make_assistant(retriever)
    querylog = QueryLog(engine, settings.spool_path, settings.user_key_secret, __version__, redactor=redactor)
    querylog.replay_in_background()  # the constructor never touches the database; spooled entries go in now
    state = make_state(settings, engine, lambda text: redactor.redact(text).text, long_running=long_running,
                       workers=workers)
    core = AssistantCore(
        assistant,
        querylog,
        state.conversations,
        settings.user_key_secret.get_secret_value(),
        sections,
        on_approved_changed=approved.refresh,
        answer_cache=AnswerCache(settings.answer_cache_size),
    )
    if warming is not None:
        warming.join(WARM_UP_BOUND_SECONDS)
    if database_ok:
        core.before_ask = _reloader(settings, engine, embedder, directory, core, make_assistant, approved.refresh)
    return Runtime(settings, engine, embedder, retriever, directory, assistant, core, querylog, sections, database_ok,
                   state, redactor)


def warm_channel(redactor: Redactor, directory: Directory) -> None:
    """Load what the first questions would otherwise load while answering: the name rules (jieba's tagger,
    pypinyin), the look-ups' out-of-scope index, the place resolver's pinyin, the Traditional-script converter.
    A channel answers once they are loaded (this runs beside the rest of its start-up): loaded by the first
    questions, they held the GIL ~1.5 s in the load run's measured mix while the other requests waited."""
    redactor.warm()
    LexicalNegatives.load()
    directory.resolve_place("haiyuan")  # Latin letters: the pinyin index of the places
    to_traditional("学")


def _reloader(
    settings: Settings,
    engine: Engine,
    embedder: Embedder,
    directory: Directory,
    core: AssistantCore,
    make_assistant: Callable[[HybridRetriever], Assistant],
    refresh_approved: Callable[[], None],
) -> Callable[[], None]:
    """Checked before each question (the database is read at most once a second): when another worker published,
    superseded, withdrew or deleted a document, or changed an approved answer, answer from the new state."""
    from bot.index_version import VersionWatcher

    watcher = VersionWatcher(engine, interval=settings.index_check_seconds)

    def reload() -> None:
        if not watcher.changed():
            return
        with Session(engine) as session:
            sections = load_section_refs(session) + data_section_refs(directory)
        retriever = build_retriever(settings, embedder, sections, show_progress=False)
        refresh_approved()
        core.replace_assistant(make_assistant(retriever), sections)
        logger.info("knowledge reloaded (index version %d)", watcher.seen)

    return reload
