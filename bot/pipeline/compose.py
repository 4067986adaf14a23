"""Compose an extractive, grounded answer: quoted sentences, citation, data facts; render them behind the lead."""

from __future__ import annotations

import re

from bot.answer import Source
from bot.pipeline.citation import citation, cited_document, earlier_policy
from bot.pipeline.context import AnswerContext, DataFact
from bot.pipeline.polarity import PolarityRules
from bot.pipeline.relevance import content_terms, shares_content
from bot.texts import AssistantTexts
from retrieval.expand import Expander
from retrieval.hybrid import Hit
from retrieval.lexical import BM25Index, query_tokens
from retrieval.text import char_tokens, fold, sentences

MAX_QUOTES = 3
QUOTE_CHARS = 260
CLAUSE_END = "，,；;。！？!?：:"


class Compose:
    def __init__(self, texts: AssistantTexts, expander: Expander, lexical: BM25Index) -> None:
        self.texts = texts
        self.expander = expander
        self.lexical = lexical
        rules = PolarityRules.load()
        self.function_chars = rules.function_chars
        self.generic = rules.generic

    def __call__(self, ctx: AnswerContext) -> None:
        result = ctx.retrieval
        hits = list(result.hits) if result and result.in_scope else []
        self._data_hits(ctx, [hit for hit in hits if hit.section.kind == "data"])
        chosen = self._relevant(ctx, self._choose_hits([hit for hit in hits if hit.section.kind == "policy"]))
        weights = query_tokens(ctx.folded, self.expander.expansions(ctx.folded))  # the current question, not a follow-up's search text
        for hit in chosen:
            if hit.section.index_note:  # a question about the document itself: its metadata answers it
                ctx.facts.append(DataFact(hit.section.index_note, citation(hit.section), True))
                ctx.fact_intro = ctx.fact_intro or "文件信息："
            quote = self._quote(hit, weights)
            ctx.quotes.append(quote)
            ctx.sources.append(
                Source(
                    doc_id=hit.section.doc_id,
                    section_id=hit.section.section_id,
                    heading=hit.section.heading,
                    path=list(hit.section.path),
                    quote=quote,
                    score=float(hit.score),
                    citation=citation(hit.section),
                )
            )
        return None

    def _data_hits(self, ctx: AnswerContext, hits: list[Hit]) -> None:
        """School-data records found by search join the facts (unless a look-up already gave them)."""
        hits = [hit for hit in hits if hit.section.doc_id != "data:enrollment"]  # the look-up step decides those
        top = ctx.retrieval.hits[0] if ctx.retrieval and ctx.retrieval.hits else None
        if ctx.facts or not hits or top is None or top.section.doc_id != hits[0].section.doc_id:
            return  # a look-up already answered from the data, or the question is about the policy
        for hit in [h for h in hits[:2] if h.score >= 0.95 * hits[0].score]:
            ctx.facts.append(DataFact(hit.section.text, hit.section.path[0] if hit.section.path else hit.section.doc_title, hit.section.verified))
            ctx.data_sources.append(
                Source(hit.section.doc_id, hit.section.section_id, hit.section.heading, list(hit.section.path),
                       hit.section.text, float(hit.score), citation=hit.section.heading, kind="data")
            )
        ctx.fact_intro = ctx.fact_intro or "相关资料（县学校数据）："

    def _relevant(self, ctx: AnswerContext, chosen: list[Hit]) -> list[Hit]:
        """A section beside the one that answers (the second section, or the plan's beside a look-up's answer) stays
        only when it shares a content term with the question: 大班额 does not belong under the papers to bring."""
        if not chosen:
            return chosen
        names = [*ctx.entities.townships, *(m.matched_text for m in ctx.entities.schools)]
        names += [m.matched_text for m in ctx.entities.places]
        terms = content_terms(ctx.folded, self.lexical.idf, self.function_chars, self.generic, names)
        if not terms:
            return chosen
        table = {k: self.expander.table[k] for k in self.expander.hits(ctx.folded)}
        # the plan's first section is secondary only to a look-up whose record itself carries the question's terms
        answers = [f"{ctx.fact_intro}{f.lead}{f.text}" for f in ctx.facts if f.explicit]
        answered = any(shares_content(text, terms, table) for text in answers)
        # beside a look-up's answer, the plan's section may also be the basis of that answer (居住证 under the papers)
        basis = content_terms(fold("".join(answers)), self.lexical.idf, self.function_chars, self.generic, names) if answered else {}
        first = chosen[0]
        keep_first = not answered or shares_content(first.section.text, terms, table) or shares_content(first.section.text, basis)
        dropped = [hit for hit in chosen[1:] if not shares_content(hit.section.text or hit.section.heading, terms, table)]
        dropped += [] if keep_first else [first]
        return [hit for hit in chosen if hit not in dropped]

    def _choose_hits(self, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return []
        chosen = [hits[0]]
        for hit in hits[1:2]:
            if hit.score >= 0.85 * hits[0].score and hit.section.text:
                chosen.append(hit)
        return chosen

    def _quote(self, hit: Hit, weights: dict[str, float]) -> str:
        section = hit.section
        text = section.text or section.outline or section.heading
        parts = sentences(text)
        if len(text) <= 120 or len(parts) <= 1:
            return text.replace("\n", "")
        scored = []
        for index, sentence in enumerate(parts):
            tokens = set(char_tokens(fold(sentence)))
            score = sum(weight * self.lexical.idf(token) for token, weight in weights.items() if token in tokens)
            scored.append((score, index))
        best = max(score for score, _ in scored)
        keep = sorted(index for score, index in sorted(scored, reverse=True)[:MAX_QUOTES] if score >= 0.45 * best and score > 0)
        if not keep:
            keep = [0]
        quote = ""
        for index in keep:
            if quote and len(quote) + len(parts[index]) > QUOTE_CHARS:
                break
            quote += parts[index]
        return quote


def render(ctx: AnswerContext, texts: AssistantTexts) -> str:
    """The lead sentence first, then the source and its quote, then the data facts (data first when they lead)."""
    replies = texts.replies
    lines: list[str] = []
    # the answer-first step chose the opening (a look-up's lead or the plan's clause); a look-up's own lead otherwise
    lead = ctx.lead or next((fact.lead for fact in ctx.facts if fact.explicit and fact.lead), "")
    if lead:
        lines.append(lead)
    zone_first = bool(ctx.facts) and ctx.intent == "zone" and "\n" in ctx.facts[0].text
    facts = list(ctx.facts)
    if zone_first:
        fact = facts.pop(0)
        lines.append(fact.text)
        if not fact.verified:
            lines.append(replies("sample_mark"))
        lines.append(f"{replies('source_label')}{fact.label}")
        lines.append("")
    data_block = _facts_block(facts, ctx.fact_intro, texts)
    if data_block and ctx.lead_from == "data" and not zone_first:
        lines.extend([*data_block, ""])
        data_block = []
    if ctx.quotes:
        where = inline_citation(ctx.sources[0].citation) if ctx.sources and ctx.sources[0].citation else "《实施方案》"
        lines.append(f"根据{where}：{_after_lead(ctx.quotes[0], lead, ctx.direct, ctx.folded) if ctx.lead_from == 'plan' else ctx.quotes[0]}")
        for source, quote in zip(ctx.sources[1:], ctx.quotes[1:], strict=False):
            if source.doc_id != ctx.sources[0].doc_id:  # another document in force, older (retrieval/in_force.py)
                lines.append(f"{earlier_policy(source.citation)}：{quote}")
            else:
                lines.append(f"另见{source.citation[len(cited_document(source.citation)):]}：{quote}")
        lines.append(f"{replies('source_label')}" + "；".join(source.citation for source in ctx.sources))
    if data_block:
        if lines:
            lines.append("")
        lines.extend(data_block)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _after_lead(quote: str, lead: str, opener: str = "", question: str = "") -> str:
    """The quote without the opening the lead line has just said: 合理制定…方案。/ 合理制定…方案，严格规范… →
    "……严格规范…" (the lead is the source's own words; the quote goes on from where it stops); a lead from further
    on: "……<what follows it>……<what came before it>"."""
    said = (lead[len(opener):] if opener and lead.startswith(opener) else lead).rstrip("。")
    at = quote.find(said) if said else -1
    end = at + len(said)
    if at < 0 or len(quote) - len(said) < 8 or (end < len(quote) and quote[end] not in CLAUSE_END):
        return quote  # not said as a whole clause of the quote: the whole quote shows
    rest = quote[end:].lstrip("，,；;。：:")
    before = quote[:at].rstrip("，,；;：:")
    if before and not before.endswith(("。", "！", "？")):
        before += "。"
    # the quote goes on from where the lead stops (what is said next to the answer is read first); what the
    # section says before the lead's clause follows, after an ellipsis — unless it holds more of what the
    # question asks that the lead has not said (a question asking two things)
    parts = [part for part in (rest, before) if part]
    if question and len(parts) == 2:
        asked = set(char_tokens(fold(question))) - set(char_tokens(fold(said)))
        if len(asked & set(char_tokens(fold(before)))) > len(asked & set(char_tokens(fold(rest)))):
            parts.reverse()
    return re.sub("(……)+", "……", "……" + "……".join(parts))  # a quote already cut (……探索…) is not cut twice


def _facts_block(facts: list[DataFact], intro: str, texts: AssistantTexts) -> list[str]:
    if not facts:
        return []
    replies = texts.replies
    lines = [intro] if intro else []
    lines.extend(f"• {fact.text}" for fact in facts)
    if not all(fact.verified for fact in facts):
        lines.append(replies("sample_mark"))
    labels = list(dict.fromkeys(fact.label for fact in facts))
    lines.append(f"{replies('source_label')}" + "；".join(labels))
    return lines


_DATE_MARK = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日[，,]?")


def inline_citation(citation: str) -> str:
    """The citation in front of the quote, right after the lead: 《实施方案》三（四）11. — without the document's date,
    which the 来源 line under the quote carries (short titles tell the documents in force apart); a status mark
    (已废止) stays. What precedes the quote is read before it: the first lines are for the answer, not headers."""
    short = short_citation(citation)
    named = cited_document(short)
    marks = _DATE_MARK.sub("", named[named.find("》") + 1 :].strip("（）")) if named else ""
    document = named[: named.find("》") + 1] + (f"（{marks}）" if marks else "") if named else ""
    return document + short[len(named) :]


def short_citation(citation: str) -> str:
    """《海原县…实施方案》三（五）18. 改革随迁子女就学机制 → 《实施方案》三（五）18."""
    named = cited_document(citation)
    document = named or "《实施方案》"  # the short title, and the date when several are in force
    if named.endswith("实施方案》") and len(named) > len("《实施方案》"):  # the plan under its long title
        document = "《实施方案》"
    rest = citation[len(named):].strip()
    number = rest.split(" ", 1)[0] if " " in rest else rest
    return f"{document}{number}"
