"""Lead sentence: the one plain clause that answers the question first — the shortest clause of a section that
carries the question's informative (idf-weighted) terms, or an explicit data fact's lead when that is more specific."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from retrieval.text import char_tokens, fold

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n+")
# list numbering and enumerators at the start of a clause: 1.  （一）  (一)  一是  ①  第一，  其一
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,2}[是、]|[①-⑳]|第[一二三四五六七八九十]{1,2}[,，、]|其[一二三四五六七八九十][,，、])\s*")
_PARENS = re.compile(r"（[^（）]*）|\([^()]*\)")
_TRAILING = re.compile(r"[，,：:；;、\s]+$")
MAX_WINDOW = 3  # consecutive comma-clauses a lead may join
LEAD_CHARS = 90  # a lead longer than this is penalised: it must fit in the first 100 characters
CUE_BONUS = 0.15
LOCAL_WEIGHT = 0.5  # how much a term's rarity among the section's own clauses counts beside its corpus idf
STUB_CHARS = 9  # a lead shorter than this (full stop included) is a bare setting such as 到2020年。
STUB_PENALTY = 0.3
FIGURE = re.compile(r"(\d+(\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(%|元|人|倍|名|所|个)|百分之")  # a figure with its unit, not a year
FIGURE_PENALTY = 0.6
LENGTH_COST = 0.004  # per character beyond SHORT
SHORT = 20
SENTENCE_END_BONUS = 0.05
EARLY_BONUS = 0.4  # "what is X": the plan states what a thing is where it first speaks of it
# the question is nearest to a bank question written for one sentence (retrieval/question_bank.py `says`): that
# sentence answers it, even when it shares no word with the question (families describe what the plan names)
POINTED_BONUS = 0.6
# a clause that leans on the one before it (其中骨干教师…, 并实行…, 同时…): it cannot open an answer alone, so it
# takes its antecedent clause with it; the second half of a pair (杜绝一边消除大班额，一边产生新的大班额) above all:
# alone it says the opposite of the rule
DEPENDENT = re.compile(r"^\s*(其中|并且|并|同时|且|而且|从而|进而|也|但|但是|否则|以及|对此|不低于|不高于|不少于|不超过|不得低于|低于|高于|一边|一面|又|或者|甚至|乃至|而)")
# a clause that completes the one before it (…的比例，不低于15%): a window may not stop before it
CONTINUATION = re.compile(r"^\s*(不低于|不高于|不少于|不超过|不得低于|低于|高于|达到|为\d)")
_OPEN, _CLOSE = "（(“《「", "）)”》」"
# a clause that gives the purpose of what comes before it: 切实提高…效益 / 避免出现… / 解决…问题 / 以…助推…
PURPOSE = re.compile(r"^\s*(切实|避免|解决|确保|促进|以便|以|为了|从而|满足|维护|助推|推动|缩小|使|努力|着力|有效改善|作为)")
# a clause that only sets the scene for the next one (对…的结对学校， / 在居住分散的…地区，): a window may end on it only
# at the sentence's end
DANGLING = re.compile(r"^\s*(对(?!于)[^，,]*的[^，,]{0,8}|在[^，,]*(地区|方面|时|中|期间|情况下))[，,]$")
DANGLING_PENALTY = 0.3
CONDITION = re.compile(r"(的|时|后)[，,]$")
THEN = re.compile(r"^\s*(应当|应|要|须|必须|由|予以|依法|可以|可|将|给予|仍)")
CONDITION_BONUS = 0.3
RESTATE_SHARE = 0.25  # a lead with less than this share of characters the question does not hold only restates it
RESTATE_PENALTY = 0.4
# a clause whose subject is an actor that does something (教育部门测算… / 学校要加大… / 公安部门要…): it names who does it
ACTOR = re.compile(r"^\s*(?:各)?[\u4e00-\u9fff、和]{0,10}?(部门|政府|委会|学校|家长|单位|教育局|编办)(?:（[^）]*）)?(?:要|应当|应|须|必须|负责|会同|将|对|测算|建立|开展|实行|依法)")
ACTOR_BONUS = 0.2
# a rule (不得/应当…) on another predicate than the one a yes/no question asks (学校不得…收取…费用 for
# 外地娃能在海原上学不): read first, it seems to answer the question with a rule about something else
FOREIGN_PENALTY = 0.5


def clauses_of(sentence: str) -> list[str]:
    """Comma-clauses of a sentence; a comma inside brackets or quotes does not end one (“3+5+20”（三个…、…）)."""
    found: list[str] = []
    depth = 0
    start = 0
    for index, ch in enumerate(sentence):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in "，,：:" and depth == 0:
            found.append(sentence[start : index + 1])
            start = index + 1
    found.append(sentence[start:])
    return [c for c in found if c.strip()]


@dataclass(frozen=True)
class Lead:
    text: str  # ends with 。
    sentence: str  # the whole sentence of the section it comes from
    coverage: float  # share of the question's weight that the best clause of the section covers (0..1)


def drop_parens(text: str) -> str:
    """Remove parenthetical remarks, nested ones included: 居住证（以居住证为主要依据（…））→ 居住证."""
    while True:
        shorter = _PARENS.sub("", text)
        if shorter == text:
            return text
        text = shorter


def simplify(clause: str) -> str:
    """Drop list numbering and trailing commas; end with a full stop."""
    text = _NUMBERING.sub("", clause.strip())
    text = _NUMBERING.sub("", text)  # "三、（一）"
    text = _TRAILING.sub("", text)
    text = text.rstrip("。！？!?")
    return f"{text}。" if text else ""


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


def _norm(text: str) -> str:
    """Half-width and lower case; section and record texts are Simplified already (no script conversion)."""
    return unicodedata.normalize("NFKC", text).lower()


def candidates(text: str) -> list[tuple[str, str]]:
    """(candidate clause, its sentence): every run of 1..MAX_WINDOW consecutive comma-clauses of each sentence."""
    return [(clause, sentence) for clause, sentence, _ in _candidates(text)]


@dataclass(frozen=True)
class _Window:
    text: str  # consecutive comma-clauses joined
    sentence: str
    tokens: frozenset[str]
    clauses: tuple[str, ...]  # the sentence's clauses
    end: int  # index of the clause after the window


def _tokens(clause: str) -> frozenset[str]:
    """A clause's tokens, also read without its parentheses: 村（居）委会 speaks of the 村委会."""
    plain = drop_parens(clause)
    return frozenset(char_tokens(_norm(clause))) | (frozenset(char_tokens(_norm(plain))) if plain != clause else frozenset())


def _candidates(text: str) -> list[tuple[str, str, frozenset[str]]]:
    return [(w.text, w.sentence, w.tokens) for w in _windows(text)]


@lru_cache(maxsize=512)
def _windows(text: str) -> tuple[_Window, ...]:
    """Every window of every sentence of a section, read once: a section is read for each question about it."""
    found: list[_Window] = []
    for sentence in split_sentences(text):
        clauses = tuple(clauses_of(sentence))
        bags = [_tokens(c) for c in clauses]  # punctuation ends a run: a window's tokens are its clauses'
        for start in range(len(clauses)):
            first = start
            while first > 0 and DEPENDENT.match(clauses[first]):
                first -= 1  # back to the antecedent the dependent clause needs
            if DEPENDENT.match(clauses[first]):
                continue  # a sentence opening with 并/同时: its antecedent lies in another sentence
            for size in range(1, MAX_WINDOW + 1):
                if start + size > len(clauses):
                    break
                if start + size < len(clauses) and CONTINUATION.match(clauses[start + size]):
                    continue  # the next clause completes this one
                end = start + size
                found.append(_Window("".join(clauses[first:end]), sentence, frozenset().union(*bags[first:end]), clauses, end))
        if len(clauses) > MAX_WINDOW:
            found.append(_Window(sentence, sentence, frozenset().union(*bags), clauses, len(clauses)))
    return tuple(found)


def with_purpose(window: _Window) -> str:
    """"Why": the window, joined by the clauses of its sentence that give the purpose (…，切实提高…效益，避免出现…现象)
    when the window itself gives none and they fit in the first lines."""
    if any(PURPOSE.match(c) for c in clauses_of(window.text)):
        return window.text
    rest = list(window.clauses[window.end :])
    start = next((i for i, clause in enumerate(rest) if PURPOSE.match(clause)), None)
    if start is None:
        return window.text
    joined = _TRAILING.sub("", window.text.strip())
    for clause in rest[start:]:
        if not PURPOSE.match(clause) or len(joined) + len(clause) > LEAD_CHARS:
            break
        joined = f"{joined}，{_TRAILING.sub('', clause.strip())}"
    return joined


def restates(lead: str, question: str) -> bool:
    """The lead says little the question did not (教育部门测算入学人口需求 for …测算入学人口需求后要报给谁): it
    names the setting, not what is asked."""
    chars = [ch for ch in lead if "\u4e00" <= ch <= "\u9fff"]
    asked = set(question)
    return bool(chars) and sum(ch not in asked for ch in chars) / len(chars) < RESTATE_SHARE


def states_condition(window: _Window) -> bool:
    """The window holds "…的，应…": a condition and what follows from it (劝返无效的，应书面报告…)."""
    parts = clauses_of(window.text)
    return any(CONDITION.search(a) and THEN.match(b) for a, b in pairwise(parts))


def choose_lead(
    text: str,
    weights: dict[str, float],
    idf: Callable[[str], float],
    cues: Sequence[str] = (),
    needs_figure: bool = False,
    early: bool = False,
    cue_bonus: float = CUE_BONUS,
    purpose: bool = False,
    actor: bool = False,
    question: str = "",
    condition: bool = False,
    restate_penalty: float = RESTATE_PENALTY,
    cue_missing_penalty: float = 0.0,
    asked_predicates: Sequence[re.Pattern[str]] = (),
    other_predicates: Sequence[re.Pattern[str]] = (),
    rule_markers: Sequence[re.Pattern[str]] = (),
    pointed: str = "",
) -> Lead | None:
    """The clause that covers most of the question's idf-weighted terms, preferring short clauses and clauses
    holding a cue of the question's type; None when no clause shares an informative term with the question.
    `asked_predicates` / `other_predicates`: how clauses state what a yes/no question asks (上学 → 入学|就读…) and the
    other things a rule may be about; a rule (`rule_markers`: 不得, 应当…) on another one only is not the answer.
    `purpose` ("why"): the clause giving the purpose joins the lead; `actor` ("who"): a clause whose subject is an
    actor doing something is preferred. `pointed`: the opening words (folded) of the sentence a bank question near the
    question was written for; its clauses are preferred, and lead even when no clause shares a term with the question."""
    found = _windows(text)
    if not found:
        return None
    weighted = {t: w * idf(t) for t, w in weights.items() if idf(t) > 0}
    # a word the index never saw but the section holds once read without parentheses (村委会 in 村（居）委会) is as
    # informative as the rarest word asked
    rarest = max((idf(t) for t in weighted), default=1.0)
    weighted |= {t: w * rarest for t, w in weights.items() if t not in weighted and len(t) > 1
                 and any(t in window.tokens for window in found)}
    total = sum(weighted.values()) or 1.0
    plain = max(sum(w for t, w in weighted.items() if t in window.tokens) for window in found)
    in_pointed = [bool(pointed) and pointed in fold(window.sentence) for window in found]
    if plain <= 0 and not any(in_pointed):
        return None
    local = local_weights(text, weighted)
    covered = [sum(w for t, w in local.items() if t in window.tokens) for window in found]
    best = max(covered) or 1.0
    order = list(dict.fromkeys(window.sentence for window in found))
    scored = []
    for number, (window, cover) in enumerate(zip(found, covered, strict=True)):
        clause, sentence = window.text, window.sentence
        lead = simplify(clause)
        if not lead:
            continue
        score = cover / best + (POINTED_BONUS if in_pointed[number] else 0.0)
        has_cue = any(cue in clause for cue in cues)
        score += cue_bonus if has_cue else -cue_missing_penalty
        subject = ACTOR.match(_NUMBERING.sub("", clause))
        # "who" asks for the actor; "学校要负啥责" names it: the clause whose subject it is says what it does
        score += ACTOR_BONUS if subject and (actor or subject.group(1) in question) else 0.0
        score += CONDITION_BONUS if condition and states_condition(window) else 0.0
        score -= restate_penalty if question and restates(lead, question) else 0.0
        if (asked_predicates and any(m.search(clause) for m in rule_markers) and any(p.search(clause) for p in other_predicates)
                and not any(p.search(clause) for p in asked_predicates)):
            score -= FOREIGN_PENALTY
        score -= DANGLING_PENALTY if window.end < len(window.clauses) and DANGLING.match(window.clauses[window.end - 1]) else 0.0
        score -= LENGTH_COST * max(0, len(lead) - SHORT)
        score -= 0.5 if len(lead) > LEAD_CHARS else 0.0
        score -= STUB_PENALTY if len(lead) < STUB_CHARS else 0.0  # 到2020年。: a setting, not a statement
        score += SENTENCE_END_BONUS if sentence.endswith(clause.strip()) else 0.0  # not a dangling "对…的学校，"
        if early:
            score += EARLY_BONUS * (1 - order.index(sentence) / len(order))
        if needs_figure and not FIGURE.search(lead):
            score -= FIGURE_PENALTY  # "how much" is answered by the clause holding the figure, not the one naming it
        scored.append((score, -len(lead), lead, -number, window))
    if not scored:
        return None
    _, _, lead, _, window = max(scored)
    if purpose:
        lead = simplify(with_purpose(window))
    return Lead(lead, window.sentence, min(1.0, plain / total))


@lru_cache(maxsize=512)
def _clause_bags(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(char_tokens(_norm(c))) for sentence in split_sentences(text) for c in clauses_of(sentence))


def local_weights(text: str, weighted: dict[str, float]) -> dict[str, float]:
    """The question's weights, each scaled by how few of the section's clauses carry the term: a term every clause
    repeats (the section's topic, 随迁子女) tells no clause apart; one that a single clause carries (居住证) does."""
    bags = _clause_bags(text)
    if len(bags) < 2:
        return weighted
    scale = math.log(len(bags) + 1)
    scaled = {}
    for term, weight in weighted.items():
        df = sum(term in bag for bag in bags)
        specific = math.log((len(bags) + 1) / df) / scale if df else 1.0
        scaled[term] = weight * (1 - LOCAL_WEIGHT + LOCAL_WEIGHT * specific)
    return scaled


def fact_lead(fact_text: str, lead: str = "", limit: int = 80) -> str:
    """An explicit data fact's own lead, else built from its text: the first part (up to the first ；), then the
    following parts while they are plain items (no "label：") and fit in `limit` characters; parentheses dropped."""
    if lead:
        return simplify(lead)
    text = drop_parens(fact_text.strip().lstrip("• ").split("\n", 1)[0])
    parts = [p.strip() for p in re.split(r"[；;。]", text) if p.strip()]
    if not parts:
        return ""
    kept = [parts[0]]
    for part in parts[1:]:
        if re.search(r"[：:]", part) or len("、".join([*kept, part])) > limit:
            break
        kept.append(part)
    return simplify("、".join(kept))


@dataclass(frozen=True)
class Opening:
    text: str  # the whole first sentence, opener included
    opener: str  # 可以。/ 不会。 … or ""
    source: str  # "data" or "plan"


def coverage(text: str, weights: dict[str, float]) -> float:
    tokens = set(char_tokens(fold(text)))
    return sum(w for t, w in weights.items() if t in tokens) / (sum(weights.values()) or 1.0)
