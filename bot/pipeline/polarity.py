"""Yes/no polarity: an opener (可以/不可以/会/不会/收/不收 …) only when a clause of the quote states, with a certain
marker bound to it, the very predicate the question asks; rules in `bot/data/polarity.yaml`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.texts import load_yaml
from retrieval.text import char_tokens

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")
_CLAUSE_END = re.compile(r"(?<=[，,：:])")
# the question's function words: removed before its informative terms are weighed
_FUNCTION = re.compile(r"会不会|可不可以|能不能|行不行|中不中|让不让|准不准|许不许|要不要|用不用|需不需要|有没有|收不收|是不是|吗|呢|吧|啊|呀|[?？!！。,，]")
_NEGATED = re.compile(r"(不|没|别|免|无)[^\s]{0,2}$")


@dataclass(frozen=True)
class Form:
    name: str
    pattern: re.Pattern[str]
    yes: str
    no: str


@dataclass(frozen=True)
class Predicate:
    name: str
    ask: re.Pattern[str]
    clause: re.Pattern[str]
    fee: bool = False


@dataclass(frozen=True)
class Opener:
    word: str  # e.g. 不会。
    polarity: str  # yes / no
    predicate: str
    clause: str  # the comma-clause that states it
    sentence: str  # the sentence holding that clause


@dataclass(frozen=True)
class Asked:
    form: Form
    predicate: Predicate
    rest: str  # the question without its form and predicate words


def _norm(text: str) -> str:
    """Half-width and lower case; the quoted texts are Simplified already (no script conversion)."""
    return unicodedata.normalize("NFKC", text).lower()


def _any(words: Iterable[str]) -> re.Pattern[str] | None:
    words = list(words)
    return re.compile("|".join(f"(?:{w})" for w in words)) if words else None


@dataclass(frozen=True)
class PolarityRules:
    forms: tuple[Form, ...]
    predicates: tuple[Predicate, ...]
    no: re.Pattern[str] | None
    free: re.Pattern[str] | None
    yes: re.Pattern[str] | None
    hedges: re.Pattern[str] | None
    conditions: re.Pattern[str] | None
    generic: tuple[str, ...]
    binding: float
    function_chars: frozenset[str] = frozenset()
    unknown_weight: float = 3.0
    paraphrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclusions: tuple[str, ...] = ()
    exemption: re.Pattern[str] | None = None
    data_forms: tuple[Form, ...] = ()
    universal: tuple[str, ...] = ()
    difference: tuple[re.Pattern[str], re.Pattern[str]] | None = None

    @classmethod
    def load(cls, name: str = "polarity.yaml") -> PolarityRules:
        raw = load_yaml(name)
        markers = raw.get("markers") or {}
        return cls(
            forms=tuple(Form(str(f["name"]), re.compile(str(f["pattern"])), str(f["yes"]), str(f["no"])) for f in raw.get("forms", [])),
            predicates=tuple(
                Predicate(str(k), re.compile(str(v["ask"])), re.compile(str(v["clause"])), bool(v.get("fee", False)))
                for k, v in (raw.get("predicates") or {}).items()
            ),
            no=_any(markers.get("no", [])),
            free=_any(markers.get("free", [])),
            yes=_any(markers.get("yes", [])),
            hedges=_any(raw.get("hedges", [])),
            conditions=_any(raw.get("conditions", [])),
            generic=tuple(str(w) for w in raw.get("generic", [])),
            binding=float(raw.get("binding", 0.6)),
            function_chars=frozenset(str(raw.get("function_chars", ""))),
            unknown_weight=float(raw.get("unknown_weight", 3.0)),
            paraphrases=tuple((str(k), tuple(str(v) for v in vs)) for k, vs in (raw.get("paraphrases") or {}).items()),
            exclusions=tuple(str(w) for w in raw.get("exclusions", [])),
            exemption=re.compile(str(raw["exemption"])) if raw.get("exemption") else None,
            universal=tuple(str(w) for w in raw.get("universal", [])),
            difference=(re.compile(str(raw["difference"]["clause"])), re.compile(str(raw["difference"]["question"])))
            if raw.get("difference") else None,
            data_forms=tuple(Form(str(f["name"]), re.compile(str(f["pattern"])), str(f["yes"]), str(f["no"]))
                             for f in raw.get("data_forms", [])),
        )

    @property
    def predicate_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.predicates)

    # -- the question ------------------------------------------------------------------------------
    def form_of(self, folded: str, data: bool = False) -> Form | None:
        """The yes/no form of a folded question (its opener words), or None for a question that is not yes/no;
        `data`: also the forms only a structured field answers (是…吗)."""
        found = self._form_match(folded, data)
        return found[0] if found is not None else None

    def _form_match(self, folded: str, data: bool = False) -> tuple[Form, re.Match[str]] | None:
        """The first form (in file order) found in the question, and where it stands."""
        forms = [*self.forms, *self.data_forms] if data else self.forms
        return next(((f, m) for f in forms if (m := f.pattern.search(folded)) is not None), None)

    def asked(self, folded: str) -> Asked | None:
        """The yes/no form and the (not negated) predicate of a folded question, or None."""
        found_form = self._form_match(folded)
        if found_form is None:
            return None
        form, span = found_form
        masked = folded[: span.start()] + " " * (span.end() - span.start()) + folded[span.end() :]
        # the predicate may sit inside the form's span (会收取费用吗): search the unmasked question, negation on the masked one
        # several predicates named (寄宿学校有亲情电话吗): the one asked sits in or next to the form's span
        found = self._nearest_predicate(folded, span)
        if found is None:
            return None
        predicate, match = found
        if _NEGATED.search(masked[: match.start()]):
            return None  # 能不能不交钱: a negated predicate is not read
        if any(word in masked for word in self.exclusions):
            return None  # 娃不是留守儿童，能…: the asker stands outside what the clause covers
        if predicate.fee and self.exemption is not None and self.exemption.search(re.sub(r"(.)不\1", "", folded)):
            return None  # 学杂费能免吗: the exemption is asked, the opener's words would say the opposite
        rest = folded[: match.start()] + " " + folded[match.end() :]
        return Asked(form, predicate, _FUNCTION.sub(" ", rest))

    def predicate_asked(self, folded: str, data: bool = False) -> str:
        """The name of the predicate a yes/no form asks of (一小能住校吗 → boarding), or ""."""
        form = self._form_match(folded, data)
        found = self._nearest_predicate(folded, form[1]) if form is not None else None
        return found[0].name if found is not None else ""

    def _nearest_predicate(self, folded: str, span: re.Match[str]) -> tuple[Predicate, re.Match[str]] | None:
        """The predicate named in or next to the form's span (寄宿学校有亲情电话吗: the one asked), unless an
        alternative stands between them (要不要去租房陪读还是让他住校: the form asks of the other alternative)."""
        named = [(p, m) for p in self.predicates if (m := p.ask.search(folded)) is not None]
        if not named:
            return None
        predicate, match = min(named, key=lambda pm: max(0, span.start() - pm[1].end(), pm[1].start() - span.end()))
        if "还是" in folded[min(span.end(), match.end()) : max(span.start(), match.start())]:
            return None
        return predicate, match

    # -- the clause --------------------------------------------------------------------------------
    def _clause_polarity(self, predicate: Predicate, clause: str, before: str) -> str:
        """yes / no when a certain marker is bound to the predicate in this clause, else ''."""
        match = predicate.clause.search(clause)
        if match is None:
            return ""
        head = clause[: match.start()]
        if self.hedges is not None and self.hedges.search(head):
            return ""
        if self.conditions is not None and (self.conditions.search(clause) or self.conditions.search(before)):
            return ""
        if re.search(r"的[，,]\s*$", before):  # 劝返无效的，应…: a rule under a condition
            return ""
        if self.no is not None and self.no.search(head):
            return "no"
        if predicate.fee and self.free is not None and self.free.search(head + match.group(0)):
            return "no"
        if self.yes is not None and self.yes.search(head):
            return "yes"
        return ""

    def read(
        self,
        folded_question: str,
        text: str,
        idf: Callable[[str], float],
        heading: str = "",
        expansions: dict[str, tuple[str, ...]] | None = None,
    ) -> Opener | None:
        """The opener the quoted `text` supports for the question, or None (no opener: the clause speaks)."""
        asked = self.asked(folded_question)
        if asked is None:
            return None
        found: list[tuple[float, Opener]] = []
        for sentence in (s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()):
            clauses = [c for c in _CLAUSE_END.split(sentence) if c.strip()]
            for index, clause in enumerate(clauses):
                polarity = self._clause_polarity(asked.predicate, _norm(clause), _norm("".join(clauses[self._rule_start(clauses, index) : index])))
                if not polarity:
                    continue
                cover = self.coverage(asked.rest, _norm(sentence + heading), idf, expansions or {})
                if cover < self.binding:
                    continue
                if not self._beneficiary_asked(asked.predicate, _norm(clause), folded_question, idf, expansions or {}):
                    continue  # 免除…“四类”学生学杂费 is not every pupil's case
                if self.difference is not None and self.difference[0].search(clause) and self.difference[1].search(folded_question):
                    continue  # 有别于本地…: says nothing of paying the same as the others
                word = asked.form.yes if polarity == "yes" else asked.form.no
                found.append((cover, Opener(word, polarity, asked.predicate.name, clause, sentence)))
        if not found or len({opener.polarity for _, opener in found}) > 1:
            return None  # nothing certain, or clauses that disagree
        return max(found, key=lambda pair: pair[0])[1]

    def _beneficiary_asked(
        self, predicate: Predicate, clause: str, question: str, idf: Callable[[str], float], expansions: dict[str, tuple[str, ...]]
    ) -> bool:
        """The words between the clause's marker and its predicate name whom or what the rule is for (向随迁子女,
        “四类”学生): the question must name them too (or a word bridged to them), else the rule may not be the asker's."""
        match = predicate.clause.search(clause)
        if match is None:
            return True
        head = clause[: match.start()]
        marks = [m for p in (self.no, self.free, self.yes) if p is not None for m in p.finditer(head)]
        if not marks:
            return True
        between = re.sub(r"（[^（）]*）|\([^()]*\)", "", head[max(m.end() for m in marks) :])
        for word in (*self.generic, *self.universal):
            between = between.replace(word, " ")
        bridges = [*expansions.items(), *self.paraphrases]
        bridged = {t for key, values in bridges if key in question for v in values for t in char_tokens(_norm(v))}
        # each word of it must be named (普通高中 named, 四类 not → not certain); words listed with 、 are alternatives
        for group in re.split(r"[^\u4e00-\u9fff、]+", between):
            runs = [run for run in group.split("、") if len(run) >= 2]
            named = []
            for run in runs:
                terms = {run[i : i + 2] for i in range(len(run) - 1)}
                terms = {t for t in terms if not all(ch in self.function_chars for ch in t) and idf(t) > 0}
                named.append(not terms or any(t in question or t in bridged for t in terms))
            if runs and not any(named):
                return False
        return True

    def _rule_start(self, clauses: list[str], index: int) -> int:
        """Where the rule holding clause `index` begins: after the last earlier clause with a marker of its own
        (严禁在…的情况下…，严禁…吃空饷: the first rule's condition is not the second's)."""
        for earlier in range(index - 1, -1, -1):
            text = _norm(clauses[earlier])
            if any(p is not None and p.search(text) for p in (self.no, self.yes)):
                return earlier + 1
        return 0

    def _lone_chars(self, words: str) -> set[str]:
        """Content characters standing alone between function characters (县上教育经费会不会涨: 涨): a verb the
        question turns on, which a clause about the same noun may not state."""
        found: set[str] = set()
        for run in re.findall(r"[\u4e00-\u9fff]+", words):
            for i, ch in enumerate(run):
                if ch in self.function_chars:
                    continue
                left = i == 0 or run[i - 1] in self.function_chars
                right = i == len(run) - 1 or run[i + 1] in self.function_chars
                if left and right:
                    found.add(ch)
        return found

    def coverage(self, rest: str, sentence: str, idf: Callable[[str], float], expansions: dict[str, tuple[str, ...]]) -> float:
        """Share of the question's informative bigrams (no function character, not generic; weighted by idf, a term
        the plan never uses by `unknown_weight`) that the sentence holds or that a synonym of the sentence covers."""
        words = rest
        for word in self.generic:
            words = words.replace(word, " ")
        present = set(char_tokens(sentence))
        bridges = [*expansions.items(), *self.paraphrases]
        covered_keys = [k for k, values in bridges if k in words and any(_norm(v) in sentence for v in values)]
        total = covered = 0.0
        for token in set(char_tokens(words)) | self._lone_chars(words):
            if len(token) == 2 and any(ch in self.function_chars for ch in token):
                continue
            if len(token) not in (1, 2) or (len(token) == 1 and token not in self._lone_chars(words)):
                continue
            weight = idf(token) or self.unknown_weight
            total += weight
            if token in present or any(token in key for key in covered_keys):
                covered += weight
        return 1.0 if total == 0 else covered / total
