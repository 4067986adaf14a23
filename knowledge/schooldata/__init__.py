"""The county's school data: schools, 划片 zones, subsidies, services, enrollment items.

``load_rows`` reads and validates the CSVs in ``knowledge/data/`` (SAMPLE data until the
education bureau replaces it), ``store``/``load_into_db`` put them in the database, and
``SchoolDirectory`` answers lookups in memory for the answer pipeline.
"""

from knowledge.schooldata.directory import (
    AmbiguousPlaceError,
    PlaceMatch,
    SchoolDirectory,
    SchoolMatch,
    ZoneAssignment,
    needs_clarification,
)
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

__all__ = [
    "FILES",
    "AmbiguousPlaceError",
    "EnrollmentItem",
    "EnrollmentItemPublic",
    "LoadResult",
    "PlaceMatch",
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
    "load_into_db",
    "load_rows",
    "needs_clarification",
    "store",
]
