"""The table of settings: every default valid, every wrong value a Chinese line naming the setting and what it
takes, and nothing read anywhere that the table does not declare."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from jinja2 import Environment, meta

from disclosure.core.settings import SETTINGS, SETTINGS_BY_NAME, DayUnit, PortalSettings, SettingsError, near_misses
from disclosure.rules.settings import RuleSettings
from disclosure.site import filters, plugin
from disclosure.site.settings_file import FIXED

PROJECT = Path(__file__).resolve().parents[2]
REQUIRED = {"SITE_OWNER": "示范县人民政府司法局", "SITEURL": "https://zfgs.example.gov.cn",
            "SITE_DOMAIN": "zfgs.example.gov.cn", "SITE_ID_CODE": "1406000001"}


def problems_of(**values) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as raised:
        PortalSettings.from_values({**REQUIRED, **values})
    return raised.value.problems


@pytest.mark.parametrize("setting", [s for s in SETTINGS if not s.required], ids=lambda s: s.name)
def test_every_default_is_a_value_the_setting_takes(setting):
    assert setting.kind.parse(setting.default) is not None
    assert setting.help and setting.kind.describe()


def test_what_the_file_leaves_out_takes_the_national_figures():
    settings = PortalSettings.from_values(REQUIRED)
    assert settings.publication_deadline_days == {"penalties": 7, "licenses": 7, "other-decisions": 20,
                                                  "spot-checks": 20}
    assert settings.publication_deadline_unit is DayUnit.WORKING and settings.withdrawal_deadline_unit is DayUnit.CALENDAR
    assert settings.low_fine_wan_yuan["自然人"] == Decimal("0.02")
    assert settings.amount_ceiling_wan_yuan == {"fine_amount": Decimal(10000), "confiscation_amount": Decimal(10000)}
    assert settings.earliest_decision_year == 1990
    assert RuleSettings.from_settings(settings, dt.date(2026, 11, 20)) == RuleSettings(dt.date(2026, 11, 20))


def test_a_dict_of_figures_changes_only_the_keys_it_names():
    settings = PortalSettings.from_values({**REQUIRED, "PUBLICATION_DEADLINE_DAYS": {"licenses": 5},
                                           "LOW_FINE_WAN_YUAN": {"法人及非法人组织": 1}})
    assert settings.publication_deadline_days == {"penalties": 7, "licenses": 5, "other-decisions": 20,
                                                  "spot-checks": 20}
    assert settings.low_fine_wan_yuan == {"自然人": Decimal("0.02"), "个体工商户": Decimal("0.02"),
                                          "法人及非法人组织": Decimal("1")}


def test_the_plausibility_figures_reach_the_rules():
    settings = PortalSettings.from_values({**REQUIRED, "AMOUNT_CEILING_WAN_YUAN": {"confiscation_amount": "500"},
                                           "EARLIEST_DECISION_YEAR": 2004})
    rules = RuleSettings.from_settings(settings, dt.date(2026, 11, 20))
    assert rules.amount_ceilings == {"fine_amount": Decimal(10000), "confiscation_amount": Decimal(500)}
    assert rules.earliest_year == 2004


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("PUBLICATION_DEADLINE_UNIT", "weeks",
     "设置 PUBLICATION_DEADLINE_UNIT 的值“weeks”无效，可选：working（工作日）、calendar（自然日）"),
    ("PORTAL_PAGE_SIZE", "50", "设置 PORTAL_PAGE_SIZE 的值“50”无效，应为1 到 1000 之间的整数，不加引号"),
    ("PORTAL_PAGE_SIZE", 0, "设置 PORTAL_PAGE_SIZE 的值“0”无效，应为1 到 1000 之间的整数"),
    ("WITHDRAWAL_DEADLINE_DAYS", True, "设置 WITHDRAWAL_DEADLINE_DAYS 的值“True”无效，应为1 到 365 之间的整数"),
    ("SITENAME", "", "设置 SITENAME 的值“”无效，应为非空的文字，写在引号中"),
    ("SITE_ID_CODE", "123", "设置 SITE_ID_CODE 的值“123”无效，应为10 位字母或数字，写在引号中"),
    ("SITEURL", "zfgs.example.gov.cn", "设置 SITEURL 的值“zfgs.example.gov.cn”无效，应为网站的完整地址，以 https://"),
    ("TIMEZONE", "Beijing", "设置 TIMEZONE 的值“Beijing”无效，应为时区名称，如 'Asia/Shanghai'"),
    ("DEPLOY_WEBROOT", "srv/zfgs", "设置 DEPLOY_WEBROOT 的值“srv/zfgs”无效，应为以 / 开头的绝对路径"),
    ("PUBLICATION_DEADLINE_DAYS", {"penalty": 7},
     "其中的键“penalty”无效，键可选：penalties（行政处罚决定）、licenses（行政许可决定）、other-decisions（"),
    ("PUBLICATION_DEADLINE_DAYS", 7, "设置 PUBLICATION_DEADLINE_DAYS 的值“7”无效，应为字典"),
    ("LOW_FINE_WAN_YUAN", {"自然人": "两百元"},
     "其中 自然人 的值“两百元”无效，应为不小于 0 的金额（万元）"),
    ("LOW_FINE_WAN_YUAN", {"农民": "0.01"}, "其中的键“农民”无效，键可选：法人及非法人组织、自然人、个体工商户"),
    ("AMOUNT_CEILING_WAN_YUAN", {"罚款": "10000"},
     "其中的键“罚款”无效，键可选：fine_amount（罚款金额）、confiscation_amount（没收金额）"),
    ("AMOUNT_CEILING_WAN_YUAN", {"fine_amount": "1亿元"}, "其中 fine_amount 的值“1亿元”无效，应为不小于 0 的金额（万元）"),
    ("EARLIEST_DECISION_YEAR", "1990", "设置 EARLIEST_DECISION_YEAR 的值“1990”无效，应为1900 到 2100 之间的整数，不加引号"),
    ("EARLIEST_DECISION_YEAR", 90, "设置 EARLIEST_DECISION_YEAR 的值“90”无效，应为1900 到 2100 之间的整数"),
    ("SITE_ICP_NUMBER", "12345678", "设置 SITE_ICP_NUMBER 的值“12345678”无效，应为ICP备案号"),
    ("SITE_PSB_NUMBER", "晋ICP备12345678号", "设置 SITE_PSB_NUMBER 的值“晋ICP备12345678号”无效，应为公安机关备案号"),
    ("SITE_CONTACT_EMAIL", "zfgs.example.gov.cn", "设置 SITE_CONTACT_EMAIL 的值“zfgs.example.gov.cn”无效，应为电子邮箱"),
    ("SITE_CONTACT_PHONE", "请拨打", "设置 SITE_CONTACT_PHONE 的值“请拨打”无效，应为电话号码"),
    ("SITE_CONAC_ID", "标识", "设置 SITE_CONAC_ID 的值“标识”无效，应为8 到 64 位字母或数字"),
    ("REQUIRE_APPROVAL", "False", "设置 REQUIRE_APPROVAL 的值“False”无效，应为True（是）或 False（否），不加引号"),
    ("REQUIRE_APPROVAL", 1, "设置 REQUIRE_APPROVAL 的值“1”无效，应为True（是）或 False（否）"),
])
def test_a_wrong_value_names_the_setting_what_was_given_and_what_it_takes(name, value, expected):
    (problem,) = problems_of(**{name: value})
    assert expected in problem


def test_every_wrong_setting_is_named_at_once_and_a_missing_one_too():
    given = {name: value for name, value in REQUIRED.items() if name != "SITE_OWNER"}
    with pytest.raises(SettingsError) as raised:
        PortalSettings.from_values({**given, "TIMEZONE": "UTC+8"})
    first, second = raised.value.problems
    assert first.startswith("缺少设置 SITE_OWNER（主办单位") and second.startswith("设置 TIMEZONE 的值“UTC+8”无效")


def test_a_name_close_to_a_setting_is_warned_about_and_a_portal_s_own_name_is_not():
    assert near_misses(["PUBLICATION_DEADLINE_DAY", "SITE_URL", "MY_THEME_COLOUR", "SITENAME"], ()) == (
        "设置文件中的 PUBLICATION_DEADLINE_DAY 不是本平台的设置，不起作用；是不是想写 PUBLICATION_DEADLINE_DAYS？",
        "设置文件中的 SITE_URL 不是本平台的设置，不起作用；是不是想写 SITEURL？")


# ---- the table is complete: a new ad-hoc read of a setting fails here ----------------------------------

_CODE_READ = re.compile(r"""settings\s*(?:\[\s*|\.get\(\s*)["']([A-Za-z_][A-Za-z0-9_]*)["']""")


def test_the_code_reads_no_setting_by_name_but_through_the_typed_object():
    reads = {(path.relative_to(PROJECT).as_posix(), name) for path in (PROJECT / "disclosure").rglob("*.py")
             for name in _CODE_READ.findall(path.read_text(encoding="utf-8"))}
    assert reads == set(), "read these through PortalSettings (declared in disclosure/core/settings.py)"


def test_every_capitalised_name_a_template_reads_is_a_declared_setting():
    environment = Environment()
    environment.filters.update(display=filters.display, amount=filters.amount, percent=filters.percent)
    used = set()
    for path in (PROJECT / "theme" / "templates").rglob("*.html"):
        used |= {name for name in meta.find_undeclared_variables(environment.parse(path.read_text(encoding="utf-8")))
                 if name.isupper()}
    assert "SITE_ID_CODE" in used
    assert used - set(SETTINGS_BY_NAME) - set(plugin.TEMPLATE_CONSTANTS) == set()


def test_the_table_declares_no_fixed_pelican_setting():
    assert set(SETTINGS_BY_NAME) & set(FIXED) == set()


def test_the_webmasters_manual_lists_exactly_the_declared_settings():
    manual = (PROJECT / "docs" / "网站管理员手册.md").read_text(encoding="utf-8")
    section = manual.split("<!-- 生成开始：settings-all", 1)[1].split("<!-- 生成结束：settings-all", 1)[0]
    listed = re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", section, re.M)
    assert listed == [setting.name for setting in SETTINGS]
