"""Declared columns of the canonical datasets (see DESIGN.md, "Canonical data").

Every frame the loaders return has exactly these columns, in this order.
Geometry is always in EPSG:4326 (WGS84 lon/lat); distances and areas are
computed in EPSG:3035 (ETRS89 / LAEA Europe).
"""

from __future__ import annotations

WGS84 = "EPSG:4326"
EQUAL_AREA = "EPSG:3035"

MUNICIPALITY_COLUMNS = [
    "country",
    "code",
    "name",
    "name_nl",
    "name_fr",
    "province",
    "province_code",
    "region",
    "population",
    "population_date",
    "area_km2",
]

LOCATION_COLUMNS = [
    "id",
    "country",
    "name",
    "operator",
    "type",
    "place",
    "municipality_code",
    "lat",
    "lon",
    "coord_precision",
    "capacity",
    "capacity_as_of",
    "status",
    "source_url",
    "notes",
    "in_use_from",
    "in_use_to",
    "confirmed_2023",
    "last_evidence",
]

# The four columns that say when and how surely a location was in use
# (raw SOURCES.md, "Reception locations"); optional in uploads.
LOCATION_DATE_COLUMNS = ("in_use_from", "in_use_to", "confirmed_2023", "last_evidence")
CONFIRMED_VALUES = ("yes", "no", "unknown")

LOCATION_TYPES = (
    "arrival",
    "regular",
    "emergency",
    "crisis_emergency",
    "small_scale",
    "unaccompanied_minors",
    "medical",
    "restricted",
    "other",
)

COORD_PRECISIONS = ("site", "settlement", "approximate", "municipality")

STATUSES = ("open_2023", "opened_2023", "closed_2023", "planned_2023", "open", "closed", "planned")

# station_type: NS's class (megastation, knooppuntIntercitystation, ... stoptreinstation),
# NL only; the raw iRail file gives Belgian stations no service level.
STATION_COLUMNS = ["name", "country", "lat", "lon", "station_id", "station_type", "source"]

PLACE_COLUMNS = ["name", "country", "lat", "lon", "population", "geonameid", "source"]

INDICATOR_COLUMNS = [
    "country",
    "level",
    "area_code",
    "area_name",
    "indicator",
    "value",
    "unit",
    "reference_date",
    "source",
    "method",
    "qualifier",
    "note",
]

# What kind of figure a value is, and how exactly its source states it
# (raw INDICATORS.md, "Conventions").
METHODS = ("observed", "target", "plan", "estimate", "compiled")
QUALIFIERS = ("exact", "approx", "approx_below", "approx_above", "range", "not_stated")

INDICATOR_LEVELS = ("country", "region", "province", "municipality", "location")

FACT_COLUMNS = [
    "country",
    "organisation",
    "indicator",
    "value",
    "unit",
    "reference_date",
    "source",
    "method",
    "qualifier",
    "note",
]

COUNTRIES = ("NL", "BE")
