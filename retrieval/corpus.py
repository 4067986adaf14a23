"""Turn stored documents and sections into retrieval units' section references."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlmodel import Session

from knowledge.ingest.store import list_documents, list_sections
from knowledge.models import DRAFT, IN_FORCE, SUPERSEDED, Document, Section
from retrieval.units import SectionRef, heading_words

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory
    from knowledge.schooldata.models import EnrollmentItemPublic, ServicePublic, SubsidyPublic


def section_refs(documents: Iterable[Document], sections: Iterable[Section], today: str = "") -> list[SectionRef]:
    """Drafts are left out; every section carries its document's status in force, short title and date."""
    docs = {doc.doc_id: doc for doc in documents if doc.status != DRAFT}
    statuses = effective_statuses(docs.values(), today or dt.date.today().isoformat())
    dated = sum(status == IN_FORCE for status in statuses.values()) > 1
    notes = {doc.doc_id: document_note(doc) for doc in docs.values()}
    refs = [
        SectionRef(
            doc_id=section.doc_id,
            section_id=section.section_id,
            heading=section.heading_s,
            path=tuple(section.path_s),
            text=section.text_s,
            kind="policy",
            doc_title=docs[section.doc_id].title,
            verified=docs[section.doc_id].verified,
            index_note=notes[section.doc_id] if section.kind == "notice" else "",
            status=statuses[section.doc_id],
            short_title=docs[section.doc_id].short_title,
            issued=docs[section.doc_id].issued,
            dated=dated,
            mentions=mentions(docs[section.doc_id]),
        )
        for section in sections
        if section.doc_id in docs
    ]
    return [with_outline(ref, refs) for ref in refs]


def with_outline(ref: SectionRef, refs: list[SectionRef]) -> SectionRef:
    """A heading with no text of its own reads as the list of its sub-sections' headings (三、工作任务包括：（一）…；
    （二）…), not as a bare heading."""
    if ref.text.strip():
        return ref
    depth = len(ref.path) + 1
    children = [r.heading for r in refs if r.doc_id == ref.doc_id and len(r.path) == depth and r.path[-1] == ref.heading]
    if not children:
        return ref
    return replace(ref, outline=f"{heading_words(ref.heading)}包括：{' '.join(children)}。")  # one sentence: ； would split it


def effective_statuses(documents: Iterable[Document], today: str) -> dict[str, str]:
    """The status answers go by today: a document replaced from a later date stays in force until then, and
    its replacement waits (待生效)."""
    docs = {doc.doc_id: doc for doc in documents}
    statuses = {doc_id: doc.status for doc_id, doc in docs.items()}
    for doc in docs.values():
        replacement = docs.get(doc.superseded_by)
        if doc.status == SUPERSEDED and replacement is not None and replacement.effective_from > today:
            statuses[doc.doc_id] = IN_FORCE
            statuses[replacement.doc_id] = PENDING
    return statuses


def mentions(doc: Document) -> tuple[str, ...]:
    import re

    from knowledge.ingest.script import fold

    keys = [doc.title, doc.short_title, doc.number]
    keys += [re.sub(r"[（(][^）)]*[）)]$", "", key) for key in keys if key]  # without a trailing （示例文件）
    return tuple(dict.fromkeys(fold(key.strip("《》 ")) for key in keys if key and len(key.strip("《》 ")) >= 4))


PENDING = "待生效"


def load_section_refs(session: Session) -> list[SectionRef]:
    return section_refs(list_documents(session), list_sections(session))


def document_note(doc: Document) -> str:
    """The document's metadata in words people use when they ask about the document itself."""
    parts = [
        f"文件名称：《{doc.title}》" if doc.title else "",
        f"发文单位（印发机关、落款）：{doc.issuer}" if doc.issuer else "",
        f"文号：{doc.number}" if doc.number else "",
        f"成文（签发）日期：{_chinese_date(doc.issued)}" if doc.issued else "",
        f"发布日期：{_chinese_date(doc.published, padded=True)}" if doc.published else "",
        f"主送：{doc.recipients}" if doc.recipients else "",
        f"状态：{doc.status}" if doc.status else "",
    ]
    return "；".join(part for part in parts if part)


def _chinese_date(iso: str, padded: bool = False) -> str:
    year, month, day = iso.split("-")
    return f"{year}年{month}月{day}日" if padded else f"{year}年{int(month)}月{int(day)}日"


DATA_TITLE = "海原县学校数据"


def data_section_refs(directory: Directory) -> list[SectionRef]:
    """School-data records worth searching by meaning: subsidies, services, enrollment materials and dates.
    (Zones and schools are found by name in the directory, not by search.)"""
    refs: list[SectionRef] = []
    for row in directory.subsidies():
        text = f"{row.name}：{row.amount}；对象：{row.eligibility}；申请：{row.how_to_apply}"
        ref = _data_ref("data:subsidies", row.subsidy_id, f"{row.category}·{row.name}", f"{text}；依据：{row.basis}", row)
        refs.append(replace(ref, index_text=text))  # the basis names the plan: not a reason to match
    for service in directory.services():
        where = f"（{service.township}）" if service.township else ""
        text = f"{service.name}{where}：{service.description}；联系电话 {service.contact}；{service.hours}"
        refs.append(_data_ref("data:services", service.service_id, f"{service.kind}·{service.name}", text, service))
    groups: dict[tuple[str, str], list[EnrollmentItemPublic]] = {}
    for item in directory.enrollment():
        groups.setdefault((item.audience, item.kind), []).append(item)
    for (audience, kind), rows in groups.items():
        unique = list({r.item: r for r in rows}.values())
        text = "；".join(f"{r.item}（{r.detail}）" if r.detail else r.item for r in unique)
        heading = f"入学{kind}·{audience}"
        refs.append(_data_ref("data:enrollment", f"{audience}-{kind}", heading, f"{heading}：{text}", rows[0]))
    return refs


def _data_ref(
    doc_id: str, section_id: str, heading: str, text: str, row: SubsidyPublic | ServicePublic | EnrollmentItemPublic
) -> SectionRef:
    return SectionRef(
        doc_id=doc_id,
        section_id=section_id,
        heading=heading,
        path=(row.source_label,),
        text=text,
        kind="data",
        doc_title=DATA_TITLE,
        verified=row.verified,
    )
