"""Turns one user's text into one reply for both WeChat channels: feedback, typed choices, the core, the state."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.answer import Answer, Asker
from bot.querylog.keys import user_key
from bot.ratelimit import RateLimiter
from bot.redact import redact
from bot.service import AssistantService, Topic
from bot.settings import Settings
from handlers.wechat import crud
from handlers.wechat.models import WechatAnswerPageCreate, WechatUserState
from handlers.wechat.reply import fit, shape
from handlers.wechat.texts import WechatTexts

logger = logging.getLogger(__name__)

_FEEDBACK = re.compile(r"^(有用|没用|没有用|無用|沒用)[\s,，:：。.!！、]*(.*)$", re.S)
_NUMBER = re.compile(r"^(?:第)?(\d{1,2})(?:个|項|项|号)?[\s.。、,，)）]*$")
MAX_REASON_CHARS = 200


@dataclass
class Outcome:
    """A reply to send, and the answer behind it (None for canned replies)."""

    text: str
    answer: Answer | None = None
    question: str = ""


def feedback_of(text: str) -> tuple[bool, str] | None:
    """有用 / 没用 [reason] → (helpful, reason); None for anything else (a number is never feedback)."""
    match = _FEEDBACK.match(text.strip())
    if not match:
        return None
    return match.group(1) == "有用", match.group(2).strip()[:MAX_REASON_CHARS]


def choice_number(text: str) -> int | None:
    """1 / １ / ① / 1. / 第1个 → 1; None when the text is not just a number."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _NUMBER.match(folded)
    return int(match.group(1)) if match else None


class Conversation:
    """One channel's conversations (channel = wechat-oa or wechat-kf). Thread-safe; state lives in the database."""

    def __init__(self, channel: str, service: AssistantService, engine: Engine, settings: Settings,
                 texts: WechatTexts, limiter: RateLimiter) -> None:
        self.channel = channel
        self.service = service
        self.engine = engine
        self.texts = texts
        self.limiter = limiter
        self._secret = settings.user_key_secret.get_secret_value()
        self._base_url = settings.public_base_url.rstrip("/")

    def key(self, user_id: str) -> str:
        """The pseudonymous key of a WeChat user: the only form of the OpenID this channel keeps."""
        return user_key(self._secret, self.channel, user_id)

    # -- replies ----------------------------------------------------------------------------------

    def welcome(self) -> str:
        lines = [self.texts.welcome]
        lines += [self.texts.topic_line.format(label=t.label) for t in self._topics()]
        lines.append(self.texts.welcome_tail)
        return fit("\n".join(lines))

    def topic(self, topic_key: str) -> str:
        for topic in self._topics():
            if topic.key == topic_key:
                lines = [f"【{topic.label}】", topic.overview]
                if topic.examples:
                    lines.append(self.texts.topic_examples)
                    lines += [f"· {example}" for example in topic.examples]
                return fit("\n".join(lines))
        return self.texts.unknown_topic

    def _topics(self) -> list[Topic]:
        try:
            return list(self.service.topics())
        except Exception as exc:
            logger.warning("%s: could not list topics (%s)", self.channel, type(exc).__name__)
            return []

    def answer_text(self, user_id: str, text: str, heard: str = "") -> Outcome:
        """The reply to a typed (or recognised) text. Never raises."""
        ukey = self.key(user_id)
        try:
            with Session(self.engine) as session:
                state = crud.get_state(session, ukey)
            notes: list[str] = []
            if state.pending_link:
                notes.append(self.texts.undelivered.format(url=state.pending_link))
                state.pending_link = ""
            outcome = self._reply(user_id, ukey, text.strip(), heard, state)
            with Session(self.engine) as session:
                crud.save_state(session, state)
        except Exception:
            logger.exception("%s: could not answer", self.channel)
            return Outcome(self.texts.error)
        if notes:
            outcome.text = fit("\n".join([*notes, outcome.text]))
        return outcome

    def _reply(self, user_id: str, ukey: str, text: str, heard: str, state: WechatUserState) -> Outcome:
        if not text:
            return Outcome(self.texts.please_type)
        rated = feedback_of(text)
        if rated is not None:
            if not state.last_query_id:
                return Outcome(self.texts.feedback_nothing)
            self.service.feedback(state.last_query_id, rated[0], rated[1])
            return Outcome(self.texts.feedback_thanks)
        question = text
        number = choice_number(text)
        offered = crud.state_choices(state)
        if number is not None and offered and 1 <= number <= len(offered):
            question = offered[number - 1][1]
        if not self.limiter.allow(ukey):
            return Outcome(self.texts.rate_limited)
        answer = self.service.ask(question, Asker(self.channel, user_id, "private"))
        state.choices = json.dumps([[c.label, c.reply] for c in answer.choices], ensure_ascii=False)
        if answer.query_id:
            state.last_query_id = answer.query_id
        prefix = self.texts.heard_as.format(text=redact(heard).text) if heard else ""
        body = shape(answer, self.texts, lambda: self.page_url(answer, question), prefix=prefix)
        return Outcome(body, answer, question)

    # -- full-answer pages ------------------------------------------------------------------------

    def page_url(self, answer: Answer, question: str) -> str:
        """Store the full answer behind an unguessable id; its URL ("" when PUBLIC_BASE_URL is not set)."""
        if not self._base_url:
            return ""
        sources = [{"citation": s.citation or s.heading, "quote": s.quote} for s in answer.sources]
        data = WechatAnswerPageCreate(query_id=answer.query_id, question=redact(question).text,
                                      answer=answer.text, sources=json.dumps(sources, ensure_ascii=False))
        with Session(self.engine) as session:
            page = crud.create_answer_page(session, data)
        return f"{self._base_url}/a/{page.id}"

    def remember_undelivered(self, user_id: str, outcome: Outcome) -> str:
        """The API refused to send: keep a link to the answer for the user's next message; the link or ""."""
        if outcome.answer is None:
            return ""
        url = self.page_url(outcome.answer, outcome.question)
        if url:
            with Session(self.engine) as session:
                state = crud.get_state(session, self.key(user_id))
                state.pending_link = url
                crud.save_state(session, state)
        return url
