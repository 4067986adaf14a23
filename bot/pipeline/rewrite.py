"""Optional LLM rewrite (off by default): a chat model on an OpenAI-compatible endpoint rephrases the
grounded extract under a strict prompt. Its output must pass the number check against the same
sources; on failure, an error or a timeout, the extractive answer stands."""

from __future__ import annotations

import logging
from importlib import resources
from typing import TYPE_CHECKING, Protocol

from bot.pipeline.check import allowed_text, filter_unsupported
from bot.pipeline.context import AnswerContext

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

logger = logging.getLogger(__name__)


class ChatModel(Protocol):
    """What the rewrite needs of a chat model (a LangChain ``ChatOpenAI``): one reply to a list of messages."""

    def invoke(self, input: list[BaseMessage], /) -> BaseMessage: ...


def load_prompt(name: str = "rewrite.txt") -> str:
    return resources.files("bot.data.prompts").joinpath(name).read_text(encoding="utf-8")


def make_chat_model(base_url: str, model: str, api_key: str, timeout: float) -> ChatModel:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        base_url=base_url, model=model, api_key=SecretStr(api_key or "not-needed"), timeout=timeout, max_retries=0, temperature=0
    )


class LLMRewrite:
    def __init__(self, chat_model: ChatModel, prompt: str | None = None, boilerplate: list[str] | None = None) -> None:
        self.model = chat_model
        self.prompt = prompt or load_prompt()
        self.boilerplate = boilerplate or []

    def __call__(self, ctx: AnswerContext) -> None:
        answer = ctx.answer
        if answer is None or answer.kind != "answer" or not answer.text:
            return None
        from langchain_core.messages import HumanMessage, SystemMessage

        extract = answer.text
        try:
            reply = self.model.invoke([SystemMessage(self.prompt), HumanMessage(f"问题：{ctx.question}\n\n资料摘录：\n{extract}")])
            text = str(reply.content).strip()
        except Exception as exc:  # network errors, timeouts, bad responses: the extract stands
            logger.warning("LLM rewrite failed (%s); the extractive answer stands", type(exc).__name__)
            return None
        kept, dropped = filter_unsupported(text, allowed_text(ctx, self.boilerplate))
        if dropped or not kept:
            logger.info("LLM rewrite rejected: %d sentence(s) with unsupported numbers", len(dropped))
            answer.notes.append("llm rewrite rejected by the check")
            return None
        sources = [line for line in extract.split("\n") if line.startswith("来源：") and line not in kept]
        marks = [line for line in extract.split("\n") if line.startswith("（示例数据") and line not in kept]
        answer.text = "\n".join([kept, *marks, *sources])
        answer.notes.append("rewritten by the LLM")
        return None
