"""Every setting a portal can change, declared once: name, default, kind of value and Chinese help.

The table is PortalSettings itself: one field per setting, the setting's name being the field's name
in capitals. The settings file (pelicanconf.py) gives values for some of them; from_values() checks
them all before any work starts and makes the typed object every stage reads. Pelican's own fixed
settings are not here: a portal never changes them (disclosure/site/settings_file.py).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from enum import Enum

from disclosure.core.kinds import KINDS_BY_NAME, PARTY_TYPES
from disclosure.core.setting_kinds import (
    Address,
    Amount,
    Choice,
    Folder,
    IconFile,
    Invalid,
    Kind,
    Switch,
    Table,
    Text,
    TimeZone,
    Whole,
    shown,
)


class DayUnit(Enum):
    """How a deadline is counted; a setting, because regions and sectors differ."""

    WORKING = "working"
    CALENDAR = "calendar"

    @property
    def label(self) -> str:
        """The word users see."""
        return "工作日" if self is DayUnit.WORKING else "自然日"


REQUIRED = object()  # the default of a setting every portal must give: its own address, owner, codes
DEADLINE_KINDS = ("penalties", "licenses", "other-decisions", "spot-checks")  # the kinds with a deadline


@dataclass(frozen=True)
class Declaration:
    default: object  # as the settings file writes it; REQUIRED when there is none
    kind: Kind
    help: str


@dataclass(frozen=True)
class Setting:
    """One row of the settings table."""

    name: str
    default: object
    kind: Kind
    help: str

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def _setting(default: object, kind: Kind, help_text: str):
    return field(metadata={"setting": Declaration(default, kind, help_text)})


_DAYS = Whole(1, 365)


@dataclass(frozen=True, kw_only=True)
class PortalSettings:
    # ---- the site ----
    sitename: str = _setting("行政执法公示平台", Text(), "网站名称，显示在每个页面的标题和页头")
    site_owner: str = _setting(REQUIRED, Text(), "主办单位，显示在每个页面的页脚，并写入开放数据说明和订阅源")
    siteurl: str = _setting(REQUIRED, Address(),
                            "网站的公开地址（二维码、订阅源、网站地图用它；页面之间用相对链接，可放在子路径下）")
    site_domain: str = _setting(REQUIRED, Text(r"[0-9A-Za-z.-]+\.[A-Za-z]{2,}", "域名，如 'zfgs.example.gov.cn'"),
                                "网站域名，写入每个页面的 SiteDomain 元数据（国办发〔2017〕47号）")
    site_id_code: str = _setting(REQUIRED, Text(r"[0-9A-Za-z]{10}", "10 位字母或数字"),
                                 "网站标识码，随网站开办登记取得，写入每个页面的 SiteIDCode 元数据并显示在页脚")
    # ---- the government site's footer (国办发〔2017〕47号); '' (the default): not shown ----
    site_icp_number: str = _setting("", Text(r"\S+ICP备[0-9]+号(-[0-9]+)?", "ICP备案号，如 '晋ICP备12345678号'", blank=True),
                                    "ICP备案号，显示在页脚并链接到工业和信息化部备案系统")
    site_psb_number: str = _setting("", Text(r"\S*公网安备 ?[0-9]{10,20}号", "公安机关备案号，如 '晋公网安备14010002000123号'",
                                             blank=True), "公安机关备案号，显示在页脚并链接到全国互联网安全管理服务平台")
    site_conac_id: str = _setting("", Text(r"[0-9A-Za-z]{8,64}", "8 到 64 位字母或数字", blank=True),
                                  "党政机关网站标识的编号（开办党政机关网站标识时取得，即标识链接中 id= 之后的部分），"
                                  "页脚显示“党政机关网站标识”文字链接（不加载外部图片）")
    site_jiucuo: bool = _setting(False, Switch(),
                                 "是否在页脚显示“我为政府网站找错”链接（带本网站的网站标识码 SITE_ID_CODE）")
    site_organizer: str = _setting("", Text(blank=True), "承办单位，显示在页脚和“联系我们”页")
    site_contact_phone: str = _setting("", Text(r"[0-9０-９（）()+ -]{5,40}", "电话号码，如 '0349-1234567'", blank=True),
                                       "平台联系电话，显示在页脚和“联系我们”页")
    site_contact_address: str = _setting("", Text(blank=True), "平台联系地址，显示在页脚和“联系我们”页")
    site_contact_email: str = _setting("", Text(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", "电子邮箱，如 'zfgs@example.gov.cn'",
                                                blank=True), "平台联系邮箱，显示在页脚和“联系我们”页")
    favicon: str = _setting("", IconFile(), "网站图标（浏览器标签页上的小图标）文件；不写则用主题自带的 favicon.svg")
    timezone: str = _setting("Asia/Shanghai", TimeZone(), "订阅源中时间所用的时区")
    portal_page_size: int = _setting(50, Whole(1, 1000), "列表页每页显示多少条")
    deploy_webroot: str = _setting("/srv/zfgs/current", Folder(absolute=True),
                                   "网站服务器上的网站目录（publish.py deploy 目标中的 current），只用于生成 "
                                   "build/deploy/nginx.conf")
    path: str = _setting("content", Folder(), "手写页面（关于本平台、公示说明等 Markdown 文件）所在目录")
    theme: str = _setting("theme", Folder(), "网页模板和样式所在目录")
    # ---- the publication rules (shared/domain/RULES.md): the national figures are the defaults ----
    publication_deadline_days: dict[str, int] = _setting(
        {"penalties": 7, "licenses": 7, "other-decisions": 20, "spot-checks": 20},
        Table(_DAYS, tuple((name, KINDS_BY_NAME[name].title) for name in DEADLINE_KINDS)),
        "公示时限：决定作出之日起多少天内公示，按类别；只写要改的类别即可")
    publication_deadline_unit: DayUnit = _setting("working", Choice(DayUnit),
                                                  "公示时限按工作日（按国家节假日和调休）还是自然日计算")
    withdrawal_deadline_days: int = _setting(3, _DAYS, "决定被变更、撤销或确认违法、无效后，多少天内撤下原公示信息"
                                                       "（《行政处罚法》第四十八条：3 日）")
    withdrawal_deadline_unit: DayUnit = _setting("calendar", Choice(DayUnit),
                                                 "撤下时限按工作日还是自然日计算（有的行业按工作日，如市场监管总局令第45号）")
    short_publicity_months: int = _setting(3, Whole(1, 120), "通报批评或较低数额罚款的行政处罚公示多少个月")
    long_publicity_years: int = _setting(3, Whole(1, 100), "其他行政处罚公示多少年（处罚有效期更长的，按有效期）")
    low_fine_wan_yuan: dict[str, Decimal] = _setting(
        {"自然人": "0.02", "个体工商户": "0.02", "法人及非法人组织": "0.3"},
        Table(Amount(), tuple((party, party) for party in PARTY_TYPES)),
        "较低数额罚款的上限（万元），按行政相对人类别，由各省规定；默认为《行政处罚法》第五十一条的数额；只写要改的类别即可")
    # ---- the plausibility checks (core/cross_checks.py): a warning to look, the record is published ----
    # 1 亿元: a county's fine rarely comes near it, while the largest on record (182.28 亿元) is far above; a real
    # fine above it must still go public on time, so the check warns and holds nothing back.
    amount_ceiling_wan_yuan: dict[str, Decimal] = _setting(
        {"fine_amount": "10000", "confiscation_amount": "10000"},
        Table(Amount(), (("fine_amount", "罚款金额"), ("confiscation_amount", "没收金额"))),
        "罚款金额、没收金额超过多少万元时提示经办人核对（警告，照常公示）；默认 10000 万元即 1 亿元；只写要改的键即可")
    # 1990: an old 许可 still in force (long-term 取水、林木 licences…) may predate the 行政许可法 (2004) and the
    # 行政处罚法 (1996); before 1990 a date is all but surely a slip of the year (1924 for 2024), as the templates'
    # date check (report/excel_templates.FIRST_DATE) assumes.
    earliest_decision_year: int = _setting(
        1990, Whole(1900, 2100),
        "决定日期（抽查日期）早于哪一年时提示经办人核对（警告，照常公示），多半是年份输错了；默认 1990 年，"
        "早于《行政处罚法》《行政许可法》施行，仍然有效的早年许可也不会被提示")
    # ---- the review service (intake/, RULES.md §8: nothing reaches the site unapproved when it is used) ----
    require_approval: bool = _setting(
        False, Switch(),
        "是否只公示经“报送与审核”服务审核通过的文件：为 True 时，数据目录中未经审核的文件（直接放入的，或审核通过后"
        "又被改动的）整个暂不公示，报告中指出是哪个文件；不使用该服务的平台保持 False")

    @classmethod
    def from_values(cls, values: Mapping[str, object]) -> PortalSettings:
        """The settings file's values (names in capitals) checked against the table, defaults for the rest."""
        typed, problems = {}, []
        for setting in SETTINGS:
            try:
                typed[setting.name.lower()] = parse(setting, values)
            except SettingsError as error:
                problems.extend(error.problems)
        if problems:
            raise SettingsError(tuple(problems))
        return cls(**typed)

    def value_of(self, setting: Setting) -> object:
        return getattr(self, setting.name.lower())


def _table() -> tuple[Setting, ...]:
    return tuple(Setting(f.name.upper(), f.metadata["setting"].default, f.metadata["setting"].kind,
                         f.metadata["setting"].help) for f in fields(PortalSettings))


SETTINGS = _table()
SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


class SettingsError(Exception):
    """Settings the portal cannot work with; each line names the setting, what was given and what it takes."""

    def __init__(self, problems: tuple[str, ...]):
        super().__init__("\n".join(problems))
        self.problems = problems


def parse(setting: Setting, values: Mapping[str, object]) -> object:
    if setting.name not in values:
        if setting.required:
            raise SettingsError((f"缺少设置 {setting.name}（{setting.help}），应为{setting.kind.describe()}",))
        return setting.kind.parse(setting.default)
    given = values[setting.name]
    if isinstance(setting.kind, Table) and setting.kind.keys and isinstance(given, dict):
        given = {**setting.default, **given}
    try:
        return setting.kind.parse(given)
    except Invalid as error:
        raise SettingsError((f"设置 {setting.name} 的值{shown(values[setting.name])}无效，{error}",)) from None


# What the shipped sample's settings file says where a real portal writes its own: left so, every page would carry
# another site's 网站标识码, domain and owner.
SAMPLE_PLACEHOLDERS = {"SITE_ID_CODE": "0000000000", "SITE_OWNER": "示范县人民政府司法局"}
_EXAMPLE_HOST = "example."


def placeholders(portal: PortalSettings) -> tuple[str, ...]:
    """The settings still holding the sample's placeholder values, by name."""
    held = [name for name, value in SAMPLE_PLACEHOLDERS.items() if portal.value_of(SETTINGS_BY_NAME[name]) == value]
    held += [name for name in ("SITEURL", "SITE_DOMAIN") if _EXAMPLE_HOST in portal.value_of(SETTINGS_BY_NAME[name])]
    return tuple(sorted(held, key=[setting.name for setting in SETTINGS].index))


def near_misses(names: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """Warnings for names that are no setting but look like a misspelt one: they would silently do nothing.
    A name far from every known one is the portal's own (a theme of its own may read it) and passes."""
    declared = {*SETTINGS_BY_NAME, *known}
    warnings = []
    for name in sorted(names):
        if name.isupper() and name not in declared:
            close = difflib.get_close_matches(name, SETTINGS_BY_NAME, n=1, cutoff=0.8)
            if close:
                warnings.append(f"设置文件中的 {name} 不是本平台的设置，不起作用；是不是想写 {close[0]}？")
    return tuple(warnings)
