"""``PlaceMatcher``: finds the county's villages/communities in folded text, also misspelt (pinyin, homophones, typos).

The text is folded to Simplified Chinese (OpenCC t2s), NFKC, without whitespace, with the
township and school names already masked by the caller (``SchoolDirectory.match_places``).
It finds, in order of confidence:

====================  ==========  ====================================================
method                confidence  example (place 脱场村, 关桥乡)
====================  ==========  ====================================================
``exact``             1.0         关桥乡脱场村
``exact`` (其他后缀)   0.95        脱场社区
``name`` (no suffix)  0.9         俺是脱场的
``homophone``         0.85        驼场村 (same pinyin without tones, with 村/社区)
``homophone``         0.75        关桥乡驼场 (no suffix: only with its township named)
``typo``              0.45–0.7    脱厂村 is a homophone; 脱汤村 a one-character typo
====================  ==========  ====================================================

A township named in the text keeps only the candidates in that township (+0.05); a
candidate whose township contradicts the one named loses 0.2 and is flagged
``township_conflict``. When the same words fit places in several townships (or several
similar names) and the text does not settle it, every candidate is returned with
``ambiguous=True``: the caller should ask which one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.schooldata.gazetteer import Gazetteer
from knowledge.schooldata.models import ZonePublic
from knowledge.schooldata.records import PlaceMatch
from knowledge.schooldata.sounds import is_cjk, loose, pinyin_key, primary_reading, readings, text_reading

TYPO_MIN_CONFIDENCE = 0.5
MAX_TYPO_GUESSES = 3


@dataclass
class _Cand:
    zone: ZonePublic
    start: int
    end: int
    method: str
    confidence: float
    tier: int  # 0 exact, 1 homophone, 2 typo


class PlaceMatcher:
    """Indexes the zone names once (stems, readings, one-character-off keys); ``match`` is a short scan."""

    def __init__(
        self,
        zones: Iterable[ZonePublic],
        gazetteer: Gazetteer,
        fold: Callable[[str], str],
        township_stems: Collection[str],
    ) -> None:
        self._gazetteer = gazetteer
        self._place_suffix_re = re.compile("|".join(gazetteer.place_suffixes))
        self._township_stems = frozenset(township_stems)
        # a typed character also reads as its variant (咀 typed for 嘴 reads zui as well as ju)
        self._variant_readings: dict[str, frozenset[str]] = {}
        for pair in gazetteer.character_variants:
            a, b = pair[0], pair[1]
            self._variant_readings[a] = self._variant_readings.get(a, frozenset()) | {primary_reading(b)}
            self._variant_readings[b] = self._variant_readings.get(b, frozenset()) | {primary_reading(a)}
        self._zones_by_stem: dict[str, list[ZonePublic]] = defaultdict(list)
        self._zone_suffix: dict[tuple[str, str], str] = {}
        for zone in zones:
            stem, suffix = gazetteer.split_place(fold(zone.place))
            self._zones_by_stem[stem].append(zone)
            self._zone_suffix[(zone.township, zone.place)] = suffix
        self._stem_readings: dict[str, tuple[frozenset[str], ...]] = {}
        self._stem_pinyin: dict[str, str] = {}
        # homophones: stems by the readings of their first two characters
        self._stems_by_two_readings: dict[tuple[str, str], list[str]] = defaultdict(list)
        # typos: stems by "one character unknown" keys (脱? / ?场) and by loose pinyin
        self._stems_by_wildcard: dict[str, list[str]] = defaultdict(list)
        self._stems_by_loose: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._typo_lengths: set[int] = set()
        self._two_readings_by_township: dict[str, dict[tuple[str, str], list[str]]] = {}
        for stem in self._zones_by_stem:
            stem_readings = tuple(readings(ch) for ch in stem)
            self._stem_readings[stem] = stem_readings
            self._stem_pinyin[stem] = pinyin_key(stem)
            if len(stem) < 2 or not all(stem_readings):
                continue
            for first in stem_readings[0]:
                for second in stem_readings[1]:
                    self._stems_by_two_readings[(first, second)].append(stem)
                    if stem not in gazetteer.generic_stems:
                        for zone in self._zones_by_stem[stem]:
                            by_town = self._two_readings_by_township.setdefault(zone.township, defaultdict(list))
                            if stem not in by_town[(first, second)]:
                                by_town[(first, second)].append(stem)
            for index in range(len(stem)):
                self._stems_by_wildcard[stem[:index] + "?" + stem[index + 1 :]].append(stem)
            self._stems_by_loose[tuple(loose(primary_reading(ch)) for ch in stem)].append(stem)
            self._typo_lengths.add(len(stem))

    def zones_named(self, folded_name: str) -> list[ZonePublic]:
        """The zones whose name (with or without 村/社区) is ``folded_name``."""
        stem, _ = self._gazetteer.split_place(folded_name)
        return list(self._zones_by_stem.get(stem, []))

    def match(self, masked: str, folded: str, mentioned: set[str], strong: set[str]) -> list[PlaceMatch]:
        """Places in ``masked`` (``folded`` with township/school names masked), best first.
        ``mentioned``: townships the text names; ``strong``: those named by more than a weak alias."""
        cands = self._exact_candidates(masked)
        cands += self._homophone_candidates(masked, mentioned)
        cands += self._typo_candidates(masked)

        best: dict[tuple[str, str], PlaceMatch] = {}
        for cluster in self._clusters(cands):
            for match in self._resolve(cluster, folded, mentioned, strong):
                key = (match.zone.township, match.zone.place)
                if key not in best or best[key].confidence < match.confidence:
                    best[key] = match
        return sorted(best.values(), key=lambda m: (-m.confidence, m.start, m.township))

    def _suffix_at(self, text: str, index: int) -> str:
        for suffix in self._gazetteer.place_suffixes:
            if text.startswith(suffix, index):
                return suffix
        return ""

    def _exact_candidates(self, masked: str) -> list[_Cand]:
        found: list[_Cand] = []
        generic = self._gazetteer.generic_stems
        for stem, zones in self._zones_by_stem.items():
            start = masked.find(stem)
            while start != -1:
                end = start + len(stem)
                suffix = self._suffix_at(masked, end)
                if suffix:
                    for zone in zones:
                        own = self._zone_suffix[(zone.township, zone.place)]
                        same = own == suffix or (own == "社区" and suffix == "居委会")
                        found.append(_Cand(zone, start, end + len(suffix), "exact", 1.0 if same else 0.95, 0))
                elif len(stem) >= 2 and stem not in generic and stem not in self._township_stems:
                    for zone in zones:
                        found.append(_Cand(zone, start, end, "name", 0.9, 0))
                start = masked.find(stem, start + 1)
        # drop matches nested inside a longer exact match of another name
        return [
            c
            for c in found
            if not any(
                o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start) for o in found
            )
        ]

    def _homophone_stems(
        self, text_readings: list[frozenset[str]], i: int, index: dict[tuple[str, str], list[str]]
    ) -> list[str]:
        """Stems whose every character shares a reading with the text from position ``i``."""
        stems: list[str] = []
        for first in text_readings[i]:
            for second in text_readings[i + 1]:
                for stem in index.get((first, second), ()):
                    if stem in stems or i + len(stem) > len(text_readings):
                        continue
                    wanted = self._stem_readings[stem]
                    if all(text_readings[i + k] & wanted[k] for k in range(2, len(stem))):
                        stems.append(stem)
        return stems

    def _homophone_candidates(self, masked: str, mentioned: set[str]) -> list[_Cand]:
        """Same toneless pinyin as a name: before a 村/社区 anywhere; without a suffix only for
        places in a township the text names."""
        found: list[_Cand] = []
        text_readings = [text_reading(ch) | self._variant_readings.get(ch, frozenset()) for ch in masked]
        for hit in self._place_suffix_re.finditer(masked):
            anchor, suffix = hit.start(), hit.group()
            for length in self._typo_lengths:
                i = anchor - length
                if i < 0 or not text_readings[i] or not text_readings[i + 1]:
                    continue
                for stem in self._homophone_stems(text_readings, i, self._stems_by_two_readings):
                    if len(stem) == length and masked[i:anchor] != stem:
                        for zone in self._zones_by_stem[stem]:
                            found.append(_Cand(zone, i, anchor + len(suffix), "homophone", 0.85, 1))
        if not mentioned:
            return found
        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for town in mentioned:
            for key, stems in self._two_readings_by_township.get(town, {}).items():
                index[key].extend(stems)
        firsts = {key[0] for key in index}
        for i in range(len(masked) - 1):
            if text_readings[i].isdisjoint(firsts) or not text_readings[i + 1]:
                continue
            for stem in self._homophone_stems(text_readings, i, index):
                end = i + len(stem)
                if masked[i:end] == stem or self._suffix_at(masked, end):
                    continue  # exact, or found above with its suffix
                for zone in self._zones_by_stem[stem]:
                    if zone.township in mentioned:
                        found.append(_Cand(zone, i, end, "homophone", 0.75, 1))
        return found

    def _typo_candidates(self, masked: str) -> list[_Cand]:
        """Before a 村/社区: names one character off, or near in (dialect-loose) pinyin."""
        found: list[_Cand] = []
        for hit in self._place_suffix_re.finditer(masked):
            anchor, suffix = hit.start(), hit.group()
            for length in self._typo_lengths:
                start = anchor - length
                if start < 0:
                    continue
                window = masked[start:anchor]
                if not all(is_cjk(ch) for ch in window):
                    continue
                stems: set[str] = set()
                for index in range(length):
                    stems.update(self._stems_by_wildcard.get(window[:index] + "?" + window[index + 1 :], ()))
                stems.update(self._stems_by_loose.get(tuple(loose(primary_reading(ch)) for ch in window), ()))
                stems.discard(window)
                if not stems:
                    continue
                window_pinyin = pinyin_key(window)
                window_readings = [text_reading(ch) for ch in window]
                for stem in stems:
                    if all(w & r for w, r in zip(window_readings, self._stem_readings[stem], strict=True)):
                        continue  # a homophone, found above
                    differ = sum(a != b for a, b in zip(window, stem, strict=True))
                    ratio = fuzz.ratio(window_pinyin, self._stem_pinyin[stem]) / 100
                    confidence = 0.35 + 0.2 * (length - differ) / length + 0.25 * ratio
                    if confidence < TYPO_MIN_CONFIDENCE:
                        continue
                    for zone in self._zones_by_stem[stem]:
                        found.append(_Cand(zone, start, anchor + len(suffix), "typo", round(confidence, 3), 2))
        return found

    @staticmethod
    def _clusters(cands: list[_Cand]) -> list[list[_Cand]]:
        """Group candidates whose spans overlap (they compete for the same words)."""
        clusters: list[list[_Cand]] = []
        end = -1
        for cand in sorted(cands, key=lambda c: (c.start, c.end)):
            if clusters and cand.start < end:
                clusters[-1].append(cand)
                end = max(end, cand.end)
            else:
                clusters.append([cand])
                end = cand.end
        return clusters

    @staticmethod
    def _resolve(cluster: list[_Cand], folded: str, mentioned: set[str], strong: set[str]) -> list[PlaceMatch]:
        best_tier = min(c.tier for c in cluster)
        chosen = [c for c in cluster if c.tier == best_tier]
        if best_tier == 2:  # typos: keep the closest few
            top = max(c.confidence for c in chosen)
            chosen = [c for c in chosen if c.confidence >= top - 0.05]
        conflict = False
        if mentioned:
            inside = [c for c in chosen if c.zone.township in mentioned]
            if inside:
                chosen = inside
            elif strong:
                # the named township has none of these: offer its near names too
                nearer = [c for c in cluster if c.tier > best_tier and c.zone.township in strong]
                conflict = True
                if nearer:
                    top = max(c.confidence for c in nearer)
                    chosen = chosen + [c for c in nearer if c.confidence >= top - 0.05][:3]
        # keep one candidate per zone (the best)
        per_zone: dict[tuple[str, str], _Cand] = {}
        for cand in chosen:
            key = (cand.zone.township, cand.zone.place)
            if key not in per_zone or per_zone[key].confidence < cand.confidence:
                per_zone[key] = cand
        if best_tier == 2 and len(per_zone) > MAX_TYPO_GUESSES:
            return []  # an unknown name close to many (红星村 ~ 红岘/红古/红城…): not a guess worth offering
        ambiguous = len(per_zone) > 1
        matches = []
        for cand in per_zone.values():
            in_town = cand.zone.township in mentioned
            confidence = cand.confidence
            if in_town:
                confidence = min(1.0, confidence + 0.05)
            elif conflict:
                confidence -= 0.2
            matches.append(
                PlaceMatch(
                    zone=cand.zone,
                    matched_text=folded[cand.start : cand.end],
                    start=cand.start,
                    end=cand.end,
                    confidence=round(confidence, 3),
                    exact=cand.tier == 0,
                    method=cand.method,
                    township_mentioned=in_town,
                    township_conflict=conflict and not in_town,
                    ambiguous=ambiguous,
                )
            )
        return matches
