"""The roles of a place named in a question: the family's home, its origin, the parents' work, the child's school."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.pipeline.context import AnswerContext
from bot.pipeline.framing import Framing
from bot.pipeline.lookup_slots import LookupWords, alternation, read_slots, says_any

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.place_lookup import PlaceResolution


def _names_the_county(folded: str, outside: str, townships: list[str], county_words: tuple[str, ...]) -> bool:
    """海原, 县城 (``county_words``) or one of its townships, apart from the outside place's own name (西吉县城 is
    Xiji's town)."""
    rest = folded.replace(outside.lower(), "#" * len(outside)) if outside else folded
    rest = re.sub(r"#+城", "#", rest)
    return any(word in rest for word in (*county_words, *townships))


class PlaceRoles:
    """What a place named in a question is to the child: where the family lives, where it comes from, where the parents
    work, where the child is to go to school, or only who the asker is. The look-up's own words (lookups.yaml) are read
    by patterns built once per step."""

    def __init__(self, words: LookupWords, framing: Framing) -> None:
        self.words = words
        self.framing = framing  # which clauses of a long message ask
        self.place_rest = re.compile(rf"[\s，,。.？?！!]|{alternation(words.place_only_fillers)}")
        self.origin_after = re.compile(rf"^(县|市|区|省)?(的)?({alternation(words.origin_after)})")
        self.origin_before = re.compile(rf"({alternation(words.origin_before)})$")
        # work said right after the place, or after a short workplace (在浙江电子厂上班, 在银川工地干活)
        self.works_after = re.compile(rf"^[县市区省]?[^\W\d_]{{0,5}}?({alternation(words.work_cues)})")

    def comes_from(self, folded: str, name: str) -> bool:
        """The family's household or origin is the place named (原州区的户口, 会宁人, 从同心搬来), not only where parents work."""
        words = [name, name[:2]] if len(name) > 2 else [name]
        for word in words:
            at = folded.find(word.lower())
            if at != -1:
                after = folded[at + len(word) : at + len(word) + 6]
                return bool(self.origin_after.match(after) or self.origin_before.search(folded[max(0, at - 4) : at]))
        return False

    def origin_only(self, folded: str, name: str, townships: list[str]) -> bool:
        """The place outside the county is only where the child comes from or the parents work (从银川转回来,
        在银川打工，娃回海原上学, 我们是甘肃的，在县城租房), not where the child is to go to school."""
        at = folded.find(name.lower()) if name else -1
        if at == -1:  # named in letters (I work in Yinchuan, my son stays in Haiyuan): the county named makes it an origin,
            # and so does the household or birth said of it (our hukou is in gansu, we came from baiyin)
            return bool(name) and (_names_the_county(folded, "", townships, self.words.county_words)
                                   or says_any(folded, self.words.origin_letters))
        if folded[max(0, at - 3) : at].endswith(self.words.lives_at) and not self.works_after.match(folded[at + len(name):]):
            return False  # 我们住在西吉县吉强镇，娃能上海原的学校吗: the family lives there
        if _names_the_county(folded, name, townships, self.words.county_words):
            return True
        after = folded[at + len(name):]
        if "从" in folded[max(0, at - 3) : at] or any(cue in after for cue in self.words.origin_cues):
            return True
        return bool(self.works_after.match(after)) and not self.schooled_there(folded, name)

    def schooled_there(self, folded: str, name: str) -> bool:
        """The child is to go to school at the place outside the county (在固原转学, 吴忠一年级啥时候报名, 娃在那边
        上小学). Asked only of a place `_origin_only` kept: the county itself is not named."""
        at = folded.find(name.lower()) if name else -1
        if at == -1:
            return False
        after = folded[at + len(name):]
        working = bool(self.works_after.match(after))
        if folded[max(0, at - 2) : at].endswith(("在", "到", "去")) and not working:
            return True
        places = "|".join(re.escape(w) for w in (name.lower(), *self.words.there_words))
        return re.search(rf"({places}).{{0,8}}(上学|念书|读书|报名|入学|学校|小学|初中|年级|转学)", folded) is not None

    def only_a_place(self, ctx: AnswerContext, name: str) -> bool:
        """The question is a place and nothing else (七营镇五里村的娃, 幸福里社区): its 划片 is asked, as for a place found."""
        rest = ctx.folded.replace(name.lower(), "") if name else ctx.folded
        for township in ctx.entities.townships:
            rest = rest.replace(township, "").replace(township[:2], "")
        return not self.place_rest.sub("", rest)

    def asked_elsewhere(self, ctx: AnswerContext, place: PlaceResolution) -> bool:
        """A message of several sentences whose questions name neither the place nor its township (俺是三河镇的，孙子上一
        年级。……留给学校的地能随便改吗？): the place introduces the asker, the question asks of something else."""
        if ctx.gloss:  # English or pinyin names the place in letters the names below are not written in
            return False
        asking = self.framing.asking_clauses(ctx.folded)
        if not asking:
            return False
        names = [n.lower() for n in (place.name, place.township, *ctx.entities.townships) if n]
        names += [n[:2] for n in names if len(n) > 2]
        if any(name in sentence for sentence in asking for name in names):
            return False
        return not read_slots("".join(asking), self.words).asks_school

    def from_in_letters(self, folded: str, name: str) -> bool:
        """our hukou is in gansu, we came from baiyin: the household is the outside place named in letters."""
        return bool(name) and name.lower() not in folded and says_any(folded, self.words.origin_letters)

    @staticmethod
    def named_as_home(ctx: AnswerContext, place: PlaceResolution) -> bool:
        """The unknown name is a village or community of a township of the county named with it (贾塘乡公园村), not a
        loose word before 村 or a bare word (县城租房子): the family's own place, which the data does not hold."""
        if not place.township or not place.name.endswith(("村", "社区")):
            return False
        at = ctx.folded.find(place.name)
        return at > 0 and ctx.folded[:at].endswith(("乡", "镇", "街道", "管委会", *ctx.entities.townships))

    def went_there(self, folded: str, name: str) -> bool:
        """The child went to the place outside the county (跟着去新疆摘棉花了): the county's services still answer for it."""
        at = folded.find(name.lower()) if name else -1
        return at > 0 and folded[:at].endswith(self.words.went_to)

