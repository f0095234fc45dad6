"""Shared test helpers: workbooks built with openpyxl, and the real publish.py run on them."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings as hypothesis_settings
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from stdnum.cn import uscc

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from disclosure import cli  # noqa: E402
from disclosure.core.exit_codes import PUBLISHED, ExitCode  # noqa: E402
from disclosure.reading import data_folder  # noqa: E402
from disclosure.runtime.output import read_manifest  # noqa: E402
from disclosure.runtime.progress import Progress  # noqa: E402
from disclosure.site import plugin  # noqa: E402

# The same examples on every run and every machine, none remembered between runs: a CI failure is reproduced by
# running the test again, and no example database is left in the tree. Builds take seconds, so no deadline.
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None, deadline=None)
hypothesis_settings.load_profile("repeatable")

pytest_plugins = ["tests.browser"]  # real-browser fixtures: chromium, axe-core, the site under a sub-path

AS_OF = "2026-11-20"
AGENCY_USCC = "11140602MB00000090"  # valid check character
AGENCY_NAME = "朔州市朔城区科学技术局"
# A real portal's own site settings, for a settings file that should draw no warning (the shipped pelicanconf.py
# holds the sample's placeholders, which real data is warned about).
OWN_SITE_SETTINGS = ('SITE_OWNER = "示范县人民政府"\nSITEURL = "https://zfgs.sfx.gov.cn"\n'
                     'SITE_DOMAIN = "zfgs.sfx.gov.cn"\nSITE_ID_CODE = "1409990001"\n')


def valid_uscc(body17: str) -> str:
    return body17 + uscc.calc_check_digit(body17)


def write_workbook(path: Path, sheets: dict[str, list[list]], title_rows: int = 0) -> Path:
    """sheets: sheet name → rows (the first row is the header unless title rows come first)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for _ in range(title_rows):
            sheet.append(["某某局信息公示表"])
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def agency_rows(name: str = AGENCY_NAME, code: str = AGENCY_USCC) -> list[list]:
    return [["机关名称", "统一社会信用代码", "地址", "咨询电话", "监督投诉电话", "办公时间"],
            [name, code, "朔城区开发南路8号", "0349-2021234", "0349-2025678", "工作日 8:30-17:30"]]


PENALTY_HEADER = ["行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "证件类型", "证件号码",
                  "行政处罚决定书文号", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
                  "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码"]


def penalty_row(number: int, party: str = "朔州市晋北商贸有限公司", party_type: str = "法人及非法人组织",
                party_code: str = "", id_number: str = "", decided: object = dt.date(2026, 11, 16),
                categories: str = "罚款", facts: str = "未按规定报送年度报告材料。") -> list:
    code = party_code or (valid_uscc(f"9114060200000{number:04d}") if party_type != "自然人" else "")
    return [party, party_type, code, "身份证" if id_number else "", id_number, f"朔城科罚〔2026〕{number}号", facts,
            "《科学技术进步法》第一百一十二条", categories, "罚款人民币0.5万元", 0.5, decided, AGENCY_NAME, AGENCY_USCC]


@dataclass
class Site:
    root: Path
    result: subprocess.CompletedProcess | None = None

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / relative).read_text(encoding="utf-8"), "html.parser")

    def files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_file())

    def text_of_everything(self) -> str:
        return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in self.files())

    def manifest(self) -> dict[str, dict]:
        return read_manifest(self.root)

    def record_pages(self, kind: str) -> list[Path]:
        """A record's page sits in a two-character folder; years and orders of listings have longer names."""
        return sorted((self.root / kind).glob("[0-9a-f][0-9a-f]/*.html"))


@dataclass
class Workspace:
    """A project-like folder: data/, build/, .cache/ of a test's own."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def output(self) -> Path:
        return self.root / "build"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def agency(self, folder: str = "科技局", name: str = AGENCY_NAME, code: str = AGENCY_USCC) -> Path:
        write_workbook(self.data / folder / "机关信息.xlsx", {"机关信息": agency_rows(name, code)})
        return self.data / folder

    def args(self, command: str, *extra: str) -> list[str]:
        args = [command, "--data", str(self.data), "--cache", str(self.root / ".cache"), "--as-of", AS_OF,
                "--reports", str(self.reports), *extra]
        if command in ("build", "preview"):
            args += ["--output", str(self.output)]
        return args

    def publish(self, command: str, *extra: str) -> int:
        """publish.py in this process (fast); its printed report is in capsys."""
        return cli.main(self.args(command, *extra))

    def publish_subprocess(self, command: str, *extra: str) -> subprocess.CompletedProcess:
        """publish.py exactly as a clerk or webmaster runs it."""
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        return subprocess.run([sys.executable, str(PROJECT / "publish.py"), *self.args(command, *extra)],
                              capture_output=True, text=True, env=env, timeout=600)

    def build(self, *extra: str) -> Site:
        """A build that published: exit code 0, or 1 when rows with errors were held back (core/exit_codes.py)."""
        code = self.publish("build", *extra)
        assert code in PUBLISHED
        return Site(self.output)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def file_states(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under root with its size and modification time: what a test that only reads leaves as it was."""
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


@contextmanager
def kept_read_only(root: Path) -> Iterator[None]:
    """Around a build that several tests share: at teardown, fails if any of them wrote, added or removed a file
    under root. A test that changes a site builds its own (the `workspace` fixture) or changes a copy."""
    before = file_states(root)
    yield
    after = file_states(root)
    # A lock file (runtime/lock.py) beside the output or the ledger is how a deploy or a check keeps builds out
    # while it reads: taking it is no change to what the tests share.
    changed = sorted(path for path in before.keys() | after.keys()
                     if before.get(path) != after.get(path) and not path.endswith(".lock"))
    assert not changed, (f"{len(changed)} file(s) of the shared build in {root} were changed by a test that shares "
                         f"it; such a test must build its own site or change a copy: {changed[:10]}")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Iterator[Site]:
    """The shipped sample data/, built once for the session with the real command line. Shared: only read it."""
    root = tmp_path_factory.mktemp("sample")
    space = Workspace(root)
    args = ["build", "--data", str(PROJECT / "data"), "--cache", str(root / ".cache"), "--as-of", AS_OF,
            "--output", str(space.output), "--reports", str(space.reports), "--ledger", str(root / "ledger.sqlite")]
    result = subprocess.run([sys.executable, str(PROJECT / "publish.py"), *args], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == ExitCode.ATTENTION, result.stderr  # its planted mistakes hold rows back
    with kept_read_only(root):
        yield Site(space.output, result)


@pytest.fixture(scope="session")
def sample_checked(tmp_path_factory) -> data_folder.CheckedData:
    """The shipped sample data/ read and checked once for the session (stages 1–3): the raw records a privacy
    test looks for in what was published."""
    return data_folder.check(PROJECT / "data", tmp_path_factory.mktemp("sample-check") / "cache", Progress(quiet=True))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium (through tests/browser.py's `browser` fixture, which `page`,
    `browser_context` and `network` use) is a `browser` test, so the quick loop can leave them out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def raw_xlsx(path: Path, sheet_data: str, sheet_name: str = "行政处罚决定") -> Path:
    """An .xlsx written part by part, for what openpyxl cannot write: cached formula results,
    cells in XFD1048576. `sheet_data` is the XML inside <sheetData>."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types"><Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{office}"><sheets><sheet name="{sheet_name}" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{office}/styles" Target="styles.xml"/></Relationships>',
        # Style 1 is a date format: a day number in a cell with s="1" is a date cell (inline_cells writes dates so).
        "xl/styles.xml": f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2">'
        '<xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)
    return path


def inline_cells(row_number: int, values: list) -> str:
    """One <row> of inline-string, number and date cells, for raw_xlsx. Text may hold any character: what XML
    cannot carry is written as Excel writes it (_x0001_), and a float may be NaN or infinite."""
    cells = []
    for index, value in enumerate(values, start=1):
        ref = f"{get_column_letter(index)}{row_number}"
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            cells.append(f'<c r="{ref}" s="1"><v>{(day - dt.date(1899, 12, 30)).days}</v></c>')
        elif isinstance(value, float) and not math.isfinite(value):
            cells.append(f'<c r="{ref}"><v>{"NaN" if math.isnan(value) else "-INF" if value < 0 else "INF"}</v></c>')
        elif isinstance(value, (int, float)):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value not in ("", None):
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_excel_escaped(str(value))}</t></is></c>')
    return f'<row r="{row_number}">{"".join(cells)}</row>'


# What XML cannot carry, and UTF-8 cannot encode (a lone surrogate, which no real workbook holds either).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _excel_escaped(text: str) -> str:
    """Text as an .xlsx holds it: _x005F_ keeps a literal _x, _xHHHH_ a control character XML forbids."""
    text = text.replace("_x", "_x005F_x")
    return escape(_NOT_XML.sub(lambda match: f"_x{ord(match.group()):04X}_", text))


def fail_rendering_after(monkeypatch, pages: int) -> None:
    """An injected crash: the build dies after rendering `pages` pages (in this process, not a worker)."""
    original = plugin.PortalGenerator.render
    rendered = []

    def failing_render(self, page):
        rendered.append(page)
        if len(rendered) > pages:
            raise RuntimeError("injected failure after some pages were written")
        return original(self, page)

    monkeypatch.setattr(plugin, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(plugin.PortalGenerator, "render", failing_render)
