"""The county's school data: schools, 划片 zones, subsidies, services, enrollment items.

``load_rows`` reads and validates the CSVs in ``knowledge/data/`` (SAMPLE data until the
education bureau replaces it), ``store``/``load_into_db`` put them in the database, and
``SchoolDirectory`` answers lookups in memory for the answer pipeline, through the
``Directory`` protocol and the typed records of ``records.py``.
"""

from knowledge.schooldata.directory import SchoolDirectory
from knowledge.schooldata.directory_protocol import Directory
from knowledge.schooldata.gazetteer import Gazetteer, load_gazetteer
from knowledge.schooldata.loader import FILES, LoadResult, load_into_db, load_rows, store
from knowledge.schooldata.models import (
    EnrollmentItem,
    EnrollmentItemPublic,
    School,
    SchoolPublic,
    Service,
    ServicePublic,
    Subsidy,
    SubsidyPublic,
    Zone,
    ZonePublic,
)
from knowledge.schooldata.place_matcher import PlaceMatcher
from knowledge.schooldata.records import (
    AmbiguousPlaceError,
    PlaceMatch,
    SchoolMatch,
    ZoneAssignment,
    needs_clarification,
)

__all__ = [
    "FILES",
    "AmbiguousPlaceError",
    "Directory",
    "EnrollmentItem",
    "EnrollmentItemPublic",
    "Gazetteer",
    "LoadResult",
    "PlaceMatch",
    "PlaceMatcher",
    "School",
    "SchoolDirectory",
    "SchoolMatch",
    "SchoolPublic",
    "Service",
    "ServicePublic",
    "Subsidy",
    "SubsidyPublic",
    "Zone",
    "ZoneAssignment",
    "ZonePublic",
    "load_gazetteer",
    "load_into_db",
    "load_rows",
    "needs_clarification",
    "store",
]
