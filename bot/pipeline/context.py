"""The one context the pipeline's steps share; any step may finish the answer and stop."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.answer import Answer, Choice, LookupInfo, Source
from retrieval.hybrid import RetrievalResult

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.records import PlaceMatch, SchoolMatch, ZoneAssignment


@dataclass
class Turn:
    """What a follow-up may need from the previous question."""

    question: str
    intent: str
    place: str = ""
    township: str = ""
    level: str = ""
    section_keys: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()  # what a clarifying answer offered; a number or label typed next picks one
    at: float = field(default_factory=time.monotonic)


@dataclass
class Conversation:
    turns: list[Turn] = field(default_factory=list)

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None


@dataclass
class Entities:
    townships: list[str] = field(default_factory=list)
    places: list[PlaceMatch] = field(default_factory=list)  # villages/communities named, best first
    schools: list[SchoolMatch] = field(default_factory=list)
    zone: ZoneAssignment | None = None  # the 划片 the look-up answered with (this question's or the last one's)
    level: str = ""  # 小学 / 初中 / 高中 / 学前
    personal: bool = False  # "我家/俺娃…": a question about the asker's own case


@dataclass
class DataFact:
    text: str  # one line, Simplified
    label: str  # where it comes from, e.g. 海原县学校数据 zones.csv（示例数据）
    verified: bool = False
    # asked for by name (a place, materials, dates, a contact): stands even when no policy text answers
    explicit: bool = False
    lead: str = ""  # one plain sentence answering exactly what was asked, built only from data fields
    record_ids: list[str] = field(default_factory=list)  # the data rows used, e.g. schools:QY-Z
    # yes / no when a structured field decides exactly what was asked (a school's boarding=false, 无需申请); else ""
    polarity: str = ""
    predicate: str = ""  # what the polarity is about: a schools.csv column, "apply" or "fee"


@dataclass
class AnswerContext:
    raw: str
    conversation: Conversation
    question: str = ""  # after trimming
    folded: str = ""  # Simplified, lower case; without the message's greetings and thanks (bot/pipeline/framing.py)
    core: str = ""  # the folded question without its greetings and thanks, in plain words for local speech (dialect.py), when either changed it: what the search reads
    claim: str = ""  # a belief being checked, without its frame (听说…是真的不): what the search reads (bot/pipeline/framing.py)
    asking: str = ""  # in a message that tells before it asks, the clauses that ask: what kind of thing is asked is read there
    gloss: str = ""  # the Chinese words the question's English or pinyin words stand for (lookup_gloss.py)
    script: str = "simplified"  # simplified / traditional / english
    intent: str = "general"
    entities: Entities = field(default_factory=Entities)
    followup: bool = False
    search_query: str = ""
    retrieval: RetrievalResult | None = None
    facts: list[DataFact] = field(default_factory=list)
    fact_intro: str = ""
    lookup: LookupInfo | None = None  # set by the look-up step, copied into the answer by finish
    sources: list[Source] = field(default_factory=list)
    data_sources: list[Source] = field(default_factory=list)  # school-data records found by search
    quotes: list[str] = field(default_factory=list)
    qtype: str = ""  # what kind of thing is asked: amount, materials, school, when, contact, meaning, why, may …
    lead: str = ""  # the one plain sentence the answer opens with (opener included)
    lead_from: str = ""  # "data" or "plan"
    direct: str = ""  # the yes/no opener inside the lead, if any
    body: str = ""
    choices: list[Choice] = field(default_factory=list)
    unstated: str = ""  # the kind of thing asked that no source states, when that declined (bot/pipeline/unstated.py)
    picked: Choice | None = None  # the choice a typed number or label picked from the last turn's
    notes: list[str] = field(default_factory=list)
    answer: Answer | None = None
    started: float = field(default_factory=time.perf_counter)

    @property
    def reading(self) -> str:
        """The folded question with its gloss: what the question means to the word-based steps."""
        return f"{self.folded} {self.gloss}" if self.gloss else self.folded

    @property
    def asked(self) -> str:
        """What is asked: the clauses that ask (with the gloss) in a message that tells a story first, else `reading`."""
        if not self.asking:
            return self.reading
        return f"{self.asking} {self.gloss}" if self.gloss else self.asking

    @property
    def done(self) -> bool:
        return self.answer is not None

    def finish(self, text: str, answered: bool, kind: str, **extra: object) -> None:
        self.answer = Answer(
            question=self.question or self.raw,
            text=text,
            answered=answered,
            intent=self.intent,
            sources=[*self.sources, *self.data_sources],
            script=self.script,
            kind=kind,
            choices=list(self.choices),
            notes=list(self.notes),
            lookup=self.lookup,
            **extra,  # type: ignore[arg-type]
        )

    def turn(self) -> Turn:
        """What the next question of the conversation may need from this one."""
        place = self.entities.zone or (self.entities.places[0] if self.entities.places else None)
        return Turn(
            question=self.question,
            intent=self.intent,
            place=place.place if place is not None else "",
            township=place.township if place is not None else "",
            level=self.entities.level,
            section_keys=tuple(f"{s.doc_id}#{s.section_id}" for s in self.sources),
            choices=tuple(self.answer.choices) if self.answer is not None and self.answer.outcome == "clarify" else (),
        )
