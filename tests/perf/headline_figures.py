"""Headline figures per country, before and after the reference date (a script, not a test).

Run from the repository root::

    python tests/perf/headline_figures.py

Prints a Markdown table computed from ``geodata/`` only:

* **before**: what the old default computed on the same (new) data: every
  row of the list, whatever its status ("all statuses"), and the old
  coverage (every row against 252 for NL, 102 for BE);
* **after**: each reference-date option (``end_2023`` default,
  ``during_2023``, ``all``), with and without ``confirmed_only``; coverage
  like for like (``analysis/coverage.py``: rows in use on the official date
  against the official count of that date, from ``facts.csv``); for Belgium
  also the figures with the national LOI/ILA totals (Fedasil, 23 Nov 2023).
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from analysis.coverage import coverage_table
from analysis.dispersal import country_dispersal, municipality_places
from analysis.local_reception import loi_figures, with_loi
from analysis.reference_date import REFERENCE_OPTIONS, select_locations, unconfirmed_count
from loaders.geodata import GEODATA

OLD_DENOMINATORS = {"NL": 252, "BE": 102}  # the old OFFICIAL_LOCATION_COUNTS, for "before" only


def _pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f} %"


def main() -> int:
    locations = pd.read_csv(GEODATA / "reception_locations.csv", keep_default_na=False, dtype=str)
    locations["capacity"] = pd.to_numeric(locations["capacity"]).astype("Int64")
    municipalities = gpd.read_file(GEODATA / "municipalities.geojson")
    facts = pd.read_csv(GEODATA / "facts.csv", dtype=str, keep_default_na=False)
    indicators = pd.read_csv(GEODATA / "indicators.csv", dtype=str, keep_default_na=False)
    cov = coverage_table(locations, facts).set_index("key")
    loi = next(f for f in loi_figures(facts, indicators) if f.key == "fedasil_2023_11")

    header = (
        "| country | option | locations (not confirmed) | known places | municipalities hosting "
        "| population in hosting municipalities | places per 1,000 | Gini | coverage |"
    )
    print(header)
    print("|" + "---|" * 9)
    cases = [("before: all statuses (old default)", "all", False)]
    for option in REFERENCE_OPTIONS:
        cases += [(option, option, False), (f"{option} + confirmed only", option, True)]
    for country in ("NL", "BE"):
        for label, option, confirmed in cases:
            rows = select_locations(locations, option, confirmed_only=confirmed)
            summary = country_dispersal(rows, municipalities).loc[country]
            mine = rows[rows["country"] == country]
            if label.startswith("before"):
                old = OLD_DENOMINATORS[country]
                coverage = f"{len(mine)} / {old} = {_pct(len(mine) / old)}"
            elif country == "NL":
                coverage = (
                    f"locations {_pct(cov.loc['nl_locations', 'share'])} of 219 (25 Sep 2023); "
                    f"places {_pct(cov.loc['nl_places_occupancy', 'share'])} of 51,921 on COA sites"
                )
            else:
                coverage = (
                    f"centres {_pct(cov.loc['be_locations', 'share'])} of 102 (Nov 2023); "
                    f"places {_pct(cov.loc['be_places_network', 'share'])} of 35,651 "
                    f"({_pct(cov.loc['be_places_collective', 'share'])} of its 31,034 collective)"
                )
            print(
                f"| {country} | {label} | {int(summary['locations'])} ({unconfirmed_count(mine)}) "
                f"| {int(summary['places_known']):,} "
                f"| {int(summary['municipalities_hosting'])} ({_pct(summary['hosting_share'])}) "
                f"| {_pct(summary['population_hosting_share'])} | {summary['places_per_1000']:.2f} "
                f"| {summary['gini']:.3f} | {coverage} |"
            )
            if country == "BE" and not label.startswith("before"):
                extra = with_loi(municipality_places(rows, municipalities), loi)
                print(
                    f"| BE | {label}, with LOI/ILA (national totals, Fedasil 23 Nov 2023) "
                    f"| + {int(loi.places):,} LOI places, {int(loi.municipalities)} OCMWs "
                    f"| {int(extra['places_known']):,} "
                    f"| {int(extra['hosting_min'])}-{int(extra['hosting_max'])} "
                    f"({_pct(extra['hosting_share_min'])}-{_pct(extra['hosting_share_max'])}) "
                    f"| {_pct(extra['population_share_min'])}-{_pct(extra['population_share_max'])} "
                    f"| {extra['places_per_1000']:.2f} | not computable | – |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
