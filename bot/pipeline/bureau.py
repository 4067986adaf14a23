"""The education bureau's contact line, for every reply that sends a family to the bureau (a decline, a school the data
does not hold): one reading of the data's bureau row, so that its wording and its sample mark stay the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.pipeline.context import DataFact

if TYPE_CHECKING:  # the school data is imported only by whoever builds the directory
    from knowledge.schooldata.directory_protocol import Directory


class ContactTemplate(Protocol):
    """A reply with the bureau row's fields (a template may leave `mark` out: the caller then places it)."""

    def __call__(self, *, name: str, contact: str, hours: str, mark: str) -> str: ...


@dataclass(frozen=True)
class BureauLine:
    text: str  # the template filled in: name, contact, hours (and the sample mark where the template places it)
    mark: str  # the sample mark, empty for a verified row
    fact: DataFact  # the line as a data record, so that the number check finds the phone in the data


def bureau_line(directory: Directory | None, template: ContactTemplate, sample_mark: str) -> BureauLine | None:
    """`template(name=, contact=, hours=, mark=)`: a reply with those fields; None when the data holds no bureau row."""
    contact = directory.bureau_contact() if directory is not None else None
    if contact is None:
        return None
    hours = f"（{contact.hours}）" if contact.hours else ""
    mark = "" if contact.verified else sample_mark
    text = template(name=contact.name, contact=contact.contact, hours=hours, mark=mark)
    return BureauLine(text, mark, DataFact(text, contact.source_label, contact.verified))
