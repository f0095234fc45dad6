"""Going live as a webmaster does: publish.py init makes a portal folder apart from the sample; filled in, with one
agency's workbooks, it builds a site in which no sample agency appears. The sample's ledger is refused for real
data, and real data with the sample's placeholder settings is warned."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure.core.settings import SETTINGS
from disclosure.reading.data_folder import SAMPLE_NOTE
from disclosure.rules import sample_ledger as sample_ledger_module
from disclosure.rules.sample_ledger import SAMPLE_AGENCY_CODES
from disclosure.site.settings_file import read_settings_file
from tests.conftest import AS_OF, PENALTY_HEADER, PROJECT, agency_rows, penalty_row, valid_uscc, write_workbook

ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
AGENCY = "示范县司法局"
AGENCY_FULL_NAME = "示范县司法局"
AGENCY_CODE = valid_uscc("11999999MB0000001")
SAMPLE_FOLDERS = sorted(path.name for path in (PROJECT / "data").iterdir() if path.is_dir())
FILLED = {"SITE_OWNER": "示范县人民政府", "SITEURL": "https://zfgs.sfx.gov.cn", "SITE_DOMAIN": "zfgs.sfx.gov.cn",
          "SITE_ID_CODE": "1409990001"}


def publish(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """publish.py as the webmaster runs it: from inside the folder, with no paths given."""
    return subprocess.run([sys.executable, str(PROJECT / "publish.py"), *args], cwd=cwd, capture_output=True,
                          text=True, env=ENV, timeout=600)


def fill(settings: Path, values: dict[str, str]) -> None:
    text = settings.read_text(encoding="utf-8")
    for name, value in values.items():
        text, count = re.subn(rf'^{name} = ""$', f"{name} = {value!r}", text, flags=re.M)
        assert count == 1, name
    settings.write_text(text, encoding="utf-8")


def drop_workbooks(folder: Path) -> None:
    """The clerk's filled 机关信息 in place of the template, and their decisions."""
    write_workbook(folder / "机关信息.xlsx", {"机关信息": agency_rows(AGENCY_FULL_NAME, AGENCY_CODE)})
    rows = [penalty_row(n)[:-2] + [AGENCY_FULL_NAME, AGENCY_CODE] for n in (1, 2)]
    write_workbook(folder / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *rows]})


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    result = publish(tmp_path, "init", "门户", "--agency", AGENCY)
    assert result.returncode == 0, result.stderr
    assert "已新建门户目录" in result.stdout and "cd " in result.stdout
    return tmp_path / "门户"


def sample_ledger(sample_site) -> Path:
    return sample_site.root.parent / "ledger.sqlite"


def every_byte(root: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in root.rglob("*") if path.is_file())


def test_an_init_portal_filled_in_builds_with_no_sample_agency(portal):
    assert (portal / "data" / AGENCY / "机关信息.xlsx").is_file() and (portal / "data" / ".ledger.sqlite").is_file()
    fill(portal / "pelicanconf.py", FILLED)
    drop_workbooks(portal / "data" / AGENCY)
    result = publish(portal, "build", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "样例" not in result.stdout + result.stderr  # neither the sample's note nor the placeholder warning
    site = portal / "build"
    assert (site / "manifest.json").is_file() and (portal / ".cache").is_dir() and (portal / "reports").is_dir()
    published = every_byte(site)
    assert AGENCY_FULL_NAME in published and "朔城科罚〔2026〕1号" in published and FILLED["SITE_ID_CODE"] in published
    for folder in SAMPLE_FOLDERS:
        assert folder not in published
    assert not any(code in published for code in SAMPLE_AGENCY_CODES)


def test_init_leaves_the_settings_to_fill_and_check_names_each_line(portal):
    result = publish(portal, "check", "--as-of", AS_OF)
    assert result.returncode == 2
    for name in FILLED:
        assert re.search(rf"第 \d+ 行：设置 {name} 的值“”无效", result.stderr), result.stderr


def test_the_sample_ledger_is_refused_for_real_data_and_nothing_is_written(portal, sample_site):
    fill(portal / "pelicanconf.py", FILLED)
    drop_workbooks(portal / "data" / AGENCY)
    ledger = sample_ledger(sample_site)
    before = hashlib.sha256(ledger.read_bytes()).hexdigest()
    for command in ("check", "build"):
        result = publish(portal, command, "--as-of", AS_OF, "--ledger", str(ledger))
        assert result.returncode == 2, result.stdout + result.stderr
        assert "是随程序提供的样例数据的台账" in result.stderr and "publish.py init" in result.stderr
        assert "陵川示范区综合执法局" in result.stderr and "本次未做任何处理" in result.stderr
    assert not (portal / "build").exists()
    assert hashlib.sha256(ledger.read_bytes()).hexdigest() == before


def test_the_sample_ledger_is_refused_beside_a_kept_sample_folder_and_kept_for_the_sample(tmp_path, sample_site):
    """Deleting the note and some sample folders is not the sample any more; the whole sample, note and all, is."""
    data = tmp_path / "data"
    folder = next(name for name in SAMPLE_FOLDERS if name.startswith("沙坡头"))
    shutil.copytree(PROJECT / "data" / folder, data / folder)
    ledger = tmp_path / "ledger.sqlite"
    ledger.write_bytes(sample_ledger(sample_site).read_bytes())
    paths = ("--ledger", str(ledger), "--as-of", AS_OF, "--cache", str(tmp_path / ".cache"),
             "--reports", str(tmp_path / "reports"))
    refused = publish(tmp_path, "check", "--data", str(data), *paths)
    assert refused.returncode == 2 and f"还留着样例的 {folder}" in refused.stderr, refused.stderr
    assert not (tmp_path / "reports").exists()
    sample = tmp_path / "sample"
    shutil.copytree(PROJECT / "data", sample, ignore=shutil.ignore_patterns(".ledger.sqlite*", "*.lock"))
    kept = publish(tmp_path, "check", "--data", str(sample), *paths)
    assert "样例数据的台账" not in kept.stderr, kept.stderr


def test_real_data_with_the_samples_placeholder_settings_is_warned(workspace, sample_site):
    workspace.agency()
    result = workspace.publish_subprocess("check")
    settings_file = PROJECT / "pelicanconf.py"
    assert (f"警告（sample-placeholder-settings）：设置文件 {settings_file} 中的 "
            "SITE_OWNER、SITEURL、SITE_DOMAIN、SITE_ID_CODE 还是样例的占位值") in result.stderr, result.stderr
    assert result.stderr.count("sample-placeholder-settings") == 1
    # The webmaster's warning, not the clerks': their report and its counts are as before.
    assert "警告 0 处" in result.stdout and "sample-placeholder-settings" not in result.stdout
    assert "占位值" not in sample_site.result.stdout + sample_site.result.stderr


@pytest.mark.parametrize("where", ["non-empty", "in-sample-data"])
def test_init_refuses_a_folder_in_use_and_writes_nothing(tmp_path, where):
    if where == "non-empty":
        target = tmp_path / "旧门户"
        (target / "data").mkdir(parents=True)
        (target / "data" / "x.xlsx").write_bytes(b"kept")
    else:
        target = PROJECT / "data" / "不该建在这里"
    result = publish(tmp_path, "init", str(target))
    assert result.returncode == 2
    assert ("已经存在且不是空文件夹" if where == "non-empty" else "正式门户要与样例分开存放") in result.stderr
    assert "未做任何处理" in result.stderr
    if where == "non-empty":
        assert sorted(p.name for p in target.rglob("*")) == ["data", "x.xlsx"]
    else:
        assert not target.exists()


def test_the_sample_agency_codes_are_the_shipped_samples(sample_checked):
    shipped = {record.get("uscc") for record in sample_checked.records if record.kind.name == "agency"}
    assert shipped == SAMPLE_AGENCY_CODES


def test_an_init_portal_filled_with_the_samples_placeholders_is_warned_where_to_fill(portal):
    fill(portal / "pelicanconf.py", {**FILLED, "SITE_ID_CODE": "0000000000", "SITE_DOMAIN": "zfgs.example.gov.cn"})
    drop_workbooks(portal / "data" / AGENCY)
    result = publish(portal, "check", "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"警告（sample-placeholder-settings）：设置文件 {portal / 'pelicanconf.py'} 中的 SITE_DOMAIN、SITE_ID_CODE "
            "还是样例的占位值") in result.stderr, result.stderr


def test_the_generated_settings_file_offers_every_setting_at_its_default(portal):
    """Each optional setting is there to change, commented out at its default: uncommented, nothing changes."""
    settings = portal / "pelicanconf.py"
    fill(settings, FILLED)
    text = settings.read_text(encoding="utf-8")
    offered = re.findall(r"^# ([A-Z_]+) = ", text, flags=re.M)
    assert {setting.name for setting in SETTINGS if not setting.required} <= {*offered, "PATH", "THEME"}
    as_given = read_settings_file(settings).portal
    settings.write_text(re.sub(r"^# ([A-Z_]+ = )", r"\1", text, flags=re.M), encoding="utf-8")
    uncommented = read_settings_file(settings).portal
    changed = [s.name for s in SETTINGS if uncommented.value_of(s) != as_given.value_of(s)]
    assert not changed


def test_the_samples_note_copied_along_makes_no_real_data_the_sample(portal, sample_site):
    """cp -r data/ into the portal, the sample folders deleted: its note came along, and its ledger too."""
    fill(portal / "pelicanconf.py", {**FILLED, "SITE_ID_CODE": "0000000000"})
    drop_workbooks(portal / "data" / AGENCY)
    shutil.copy(PROJECT / "data" / SAMPLE_NOTE, portal / "data" / SAMPLE_NOTE)
    (portal / "data" / ".ledger.sqlite").write_bytes(sample_ledger(sample_site).read_bytes())
    result = publish(portal, "build", "--as-of", AS_OF)
    assert result.returncode == 2 and "样例的单位文件夹都已不在" in result.stderr and AGENCY in result.stderr
    assert "SITE_ID_CODE 还是样例的占位值" in result.stderr  # the note hides no placeholder from real data
    assert not (portal / "build").exists()


def test_the_samples_ledger_is_not_restored_into_a_real_portal(portal, sample_site):
    live = portal / "data" / ".ledger.sqlite"
    before = live.read_bytes()
    result = publish(portal, "ledger", "restore", str(sample_ledger(sample_site)), "--yes")
    assert result.returncode == 2 and "是随程序提供的样例数据的台账" in result.stderr, result.stdout + result.stderr
    assert live.read_bytes() == before


def test_the_sample_folders_are_the_shipped_samples():
    assert sorted(SAMPLE_FOLDERS) == sorted(sample_ledger_module.SAMPLE_FOLDERS)


def test_deploying_the_samples_build_says_it_is_the_sample(tmp_path, sample_site, portal):
    said = publish(tmp_path, "deploy", str(tmp_path / "www"), "--output", str(sample_site.root), "--dry-run")
    assert "是用随程序提供的样例数据构建的" in said.stdout, said.stdout + said.stderr
    fill(portal / "pelicanconf.py", FILLED)
    drop_workbooks(portal / "data" / AGENCY)
    assert publish(portal, "build", "--as-of", AS_OF).returncode == 0
    real = publish(portal, "deploy", str(tmp_path / "www"), "--dry-run")
    assert real.returncode == 0 and "样例数据" not in real.stdout + real.stderr, real.stdout + real.stderr
