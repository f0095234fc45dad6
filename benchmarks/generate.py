#!/usr/bin/env python3
"""A synthetic corpus for the benchmark: N decisions over 50 agencies in workbooks of 500 rows,
plus each agency's profile, items, inspections, officers and flowcharts — written the messy way
clerks write them (title rows, blank rows, header synonyms, dates typed as text).

    python benchmarks/generate.py 100000 benchmarks/out/corpus-100000
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from disclosure.core.kinds import (  # noqa: E402
    AGENCY,
    FLOWCHARTS,
    INSPECTIONS,
    ITEMS,
    LICENSES,
    OFFICERS,
    OTHER_DECISIONS,
    PENALTIES,
    SPOT_CHECKS,
)
from tools import synthetic  # noqa: E402

AGENCY_COUNT = 50
ROWS_PER_WORKBOOK = 500
# Within the three-year publicity period of the benchmark's --as-of (2026-11-20), as a live portal's data is.
START, END = dt.date(2024, 1, 2), dt.date(2026, 10, 30)
SHARES = ((PENALTIES, 0.5, synthetic.penalties), (LICENSES, 0.3, synthetic.licenses),
          (OTHER_DECISIONS, 0.1, synthetic.other_decisions))
DISTRICTS = ["城关", "东城", "西城", "南郊", "北郊", "开发", "新城", "河东", "河西", "高新"]
BUREAUS = [("市场监督管理局", "行政审批"), ("综合行政执法局", "综合执法"), ("司法局", "司法行政"),
           ("科学技术局", "科技"), ("民族宗教事务局", "民族宗教")]


def seeds() -> list[synthetic.AgencySeed]:
    found = []
    for number in range(AGENCY_COUNT):
        district = f"{DISTRICTS[number % len(DISTRICTS)]}{number // len(DISTRICTS) + 1}区"
        bureau, domain = BUREAUS[number % len(BUREAUS)]
        code = f"{130000 + number * 101:06d}"
        found.append(synthetic.AgencySeed(f"agency-{number:02d}", f"示范市{district}{bureau}", f"示{number:02d}", code,
                                          district, "示范市", domain))
    return found


def workbook_rows(kind, make, faker, seed, count: int, first_number: int) -> list[dict]:
    if kind is SPOT_CHECKS:
        # Random draws repeat an (事项, 对象, 日期) now and then at this scale (twice in 100,000): the build would
        # rightly refuse the second as a duplicate and exit 1, so the corpus keeps only the first.
        first_of_key = {}
        for row in synthetic.spot_checks(faker, seed, count, START, END):
            first_of_key.setdefault(tuple(row[key] for key in SPOT_CHECKS.key_columns), row)
        return list(first_of_key.values())
    return make(faker, seed, count, START, END, first_number)


def generate(total: int, root: Path, variant: int = 0) -> None:
    agencies = seeds()
    for index, seed in enumerate(agencies):
        faker = synthetic.Faker(index)
        folder = root / seed.folder
        synthetic.write_workbook(folder / "机关信息.xlsx", [(AGENCY, [synthetic.profile(seed)])], messy=False)
        synthetic.write_workbook(folder / "事项清单.xlsx", [(ITEMS, synthetic.items(faker, seed)),
                                                       (INSPECTIONS, synthetic.inspections(faker, seed))], faker, "事项清单")
        synthetic.write_workbook(folder / "执法人员.xlsx", [(OFFICERS, synthetic.officers(faker, seed, 30))], faker, "执法人员")
        synthetic.write_workbook(folder / "流程图.xlsx", [(FLOWCHARTS, synthetic.flowcharts(seed))], messy=False)
    per_agency = total // AGENCY_COUNT
    for index, seed in enumerate(agencies):
        shares = [*SHARES, (SPOT_CHECKS, 0.1, None)]
        for kind_number, (kind, share, make) in enumerate(shares):
            count = round(per_agency * share)
            for part, start in enumerate(range(0, count, ROWS_PER_WORKBOOK)):
                faker = synthetic.Faker(((index * 10 + kind_number) * 1000 + part) * 10 + variant)
                rows = workbook_rows(kind, make, faker, seed, min(ROWS_PER_WORKBOOK, count - start), 10_000 * part + start + 1)
                synthetic.write_workbook(root / seed.folder / f"{kind.sheet_name}-{part + 1:02d}.xlsx", [(kind, rows)], faker,
                                         f"{seed.name}{kind.sheet_name}信息公示表")


def changed_workbook(root: Path) -> Path:
    """The workbook the incremental benchmark rewrites: agency 07's first 500 penalties."""
    return root / "agency-07" / f"{PENALTIES.sheet_name}-01.xlsx"


def rewrite_one_workbook(root: Path, variant: int) -> None:
    seed = seeds()[7]
    faker = synthetic.Faker(variant * 7919 + 1)
    rows = synthetic.penalties(faker, seed, ROWS_PER_WORKBOOK, START, END, 1)
    synthetic.write_workbook(changed_workbook(root), [(PENALTIES, rows)], faker, f"{seed.name}行政处罚决定信息公示表")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
