"""The sheet kinds: every kind of workbook sheet a clerk fills, defined once.

Reading, checks, rules, templates, pages and downloads all read this table; nothing
else names a column. Column keys are English identifiers; labels, help and examples
are what clerks and citizens read, so they are Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.core.columns import VALUE_TYPES, Column, ColumnType, Privacy  # noqa: F401 - the kinds' vocabulary


@dataclass(frozen=True)
class SheetKind:
    name: str  # CLI name, also the URL segment of its pages
    sheet_name: str
    title: str  # what citizens read as the heading of its pages
    columns: tuple[Column, ...]
    key_columns: tuple[str, ...]  # together they identify a record within an agency
    title_column: str  # the column a record is called by in lists
    list_columns: tuple[str, ...] = ()  # what a listing row shows, after the title column
    date_column: str = ""  # the date listings sort and group by
    authority_column: str = ""  # the agency that made the decision (谁执法谁公示)
    is_decision: bool = False
    one_per_agency: bool = False
    # The columns of the downloads, in order: the 双公示 order (行政处罚、行政许可 data items) where the credit platforms
    # expect it. Empty: the kind's own order. Either way columns that are not public are left out.
    open_data_columns: tuple[str, ...] = ()
    columns_by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns_by_key", {c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        return self.columns_by_key[key]

    def has(self, key: str) -> bool:
        return key in self.columns_by_key

    def page_label_of(self, label: str) -> str:
        """A header as the ledger keeps it (the fields a correction changed), in the words a page shows."""
        return next((column.page_label for column in self.columns if column.label == label), label)

    @property
    def download_columns(self) -> tuple[Column, ...]:
        keys = self.open_data_columns or tuple(c.key for c in self.columns if c.key not in NOTICE_COLUMNS)
        return tuple(column for column in map(self.column, keys) if column.public)


PARTY_TYPES = ("法人及非法人组织", "自然人", "个体工商户")
NATURAL_PERSON = "自然人"
SOLE_TRADER = "个体工商户"
YES_NO = ("是", "否")
VALID = "有效"
WITHDRAWN_STATUSES = ("已变更", "已撤销", "确认违法", "确认无效")
# A live record's page never shows these: they speak only on the notice once the record is withdrawn.
NOTICE_COLUMNS = ("withdrawal_date", "withdrawal_reason")
WITHHOLDING_REASONS = ("未成年人", "涉及国家秘密", "涉及商业秘密", "影响其他案件", "移送司法机关")
PENALTY_CATEGORIES = (
    "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
    "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他",
)
LICENCE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", "其他")
ITEM_CATEGORIES = (
    "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励",
    "行政裁决", "其他",
)
OTHER_DECISION_CATEGORIES = tuple(c for c in ITEM_CATEGORIES if c not in ("行政许可", "行政处罚"))
CERTIFICATE_STATUSES = ("有效", "暂扣", "注销")

# The short forms clerks type for a choice, each naming one choice only: nothing that could mean two
# (没收 is 没收违法所得 or 没收非法财物, 罚金 is a criminal penalty, 正常 is not a status the law names).
ORGANISATION = "法人及非法人组织"
PARTY_TYPE_SYNONYMS = (
    *((short, ORGANISATION) for short in ("法人", "非法人组织", "法人组织", "单位", "企业", "公司")),
    ("个人", NATURAL_PERSON), ("公民", NATURAL_PERSON), ("个体", SOLE_TRADER), ("个体户", SOLE_TRADER),
)
PENALTY_CATEGORY_SYNONYMS = (
    ("通报", "通报批评"), ("拘留", "行政拘留"), ("停产停业", "责令停产停业"),
    ("暂扣许可证", "暂扣许可证件"), ("吊销许可证", "吊销许可证件"),
)
STATUS_SYNONYMS = (("变更", "已变更"), ("撤销", "已撤销"))
LICENCE_CATEGORY_SYNONYMS = tuple((f"{category}许可", category) for category in ("普通", "特许", "认可", "核准", "登记"))
GENDER_SYNONYMS = (("男性", "男"), ("女性", "女"))


def _without_administrative(categories: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """许可 for 行政许可, 检查 for 行政检查…: the category without the 行政 every one of them begins with."""
    return tuple((category.removeprefix("行政"), category) for category in categories if category.startswith("行政"))

T = ColumnType


# The examples name one agency throughout, so a template filled with them publishes as it is.
_AGENCY_EXAMPLE = "朔州市朔城区科学技术局"
_AGENCY_USCC_EXAMPLE = "11140602MB01385670"  # with a valid check character, like every USCC example


def _uscc(key: str, label: str, example: str = "91140602MA0K2B3C4K", **kwargs) -> Column:
    return Column(key, label, T.USCC, help="对照营业执照或登记证书填写", example=example, **kwargs)


PARTY_COLUMNS = (
    Column("party_name", "行政相对人名称", privacy=Privacy.NAME, required=True, masked_for_party_types=(NATURAL_PERSON,),
           synonyms=("当事人", "当事人名称", "相对人名称", "行政相对人", "被处罚人", "申请人"), plain_label="当事人名称",
           help="法人或组织填全称；自然人填姓名，公示时只显示姓氏加“某”", example="朔州市晋北商贸有限公司"),
    Column("party_type", "行政相对人类别", T.CHOICE, required=True, choices=PARTY_TYPES,
           choice_synonyms=PARTY_TYPE_SYNONYMS, synonyms=("相对人类别", "当事人类别"), example="法人及非法人组织",
           plain_label="当事人类别"),
    _uscc("party_uscc", "行政相对人代码_1(统一社会信用代码)",
          synonyms=("统一社会信用代码", "社会信用代码", "行政相对人代码_1", "信用代码"), plain_label="统一社会信用代码"),
    Column("party_code_2", "行政相对人代码_2(工商注册号)", privacy=Privacy.CODE, synonyms=("工商注册号",), plain_label="工商注册号"),
    Column("party_code_3", "行政相对人代码_3(组织机构代码)", privacy=Privacy.CODE, synonyms=("组织机构代码",), plain_label="组织机构代码"),
    Column("party_code_4", "行政相对人代码_4(税务登记号)", privacy=Privacy.CODE, synonyms=("税务登记号",), plain_label="税务登记号"),
    Column("party_code_5", "行政相对人代码_5(事业单位证书号)", privacy=Privacy.CODE, synonyms=("事业单位证书号",), plain_label="事业单位证书号"),
    Column("party_code_6", "行政相对人代码_6(社会组织登记证号)", privacy=Privacy.CODE, synonyms=("社会组织登记证号",), plain_label="社会组织登记证号"),
    Column("legal_representative", "法定代表人", privacy=Privacy.NAME, masked_for_party_types=(NATURAL_PERSON, SOLE_TRADER),
           synonyms=("法定代表人姓名", "负责人", "经营者"), help="法人填法定代表人；个体工商户填经营者",
           example="王建国"),
    Column("legal_representative_id_type", "法定代表人证件类型", public=False, example="身份证"),
    Column("legal_representative_id_number", "法定代表人证件号码", T.ID_NUMBER, public=False,
           help="仅供核对，永不公示"),
    Column("id_type", "证件类型", public=False, help="自然人填写", example="身份证"),
    Column("id_number", "证件号码", T.ID_NUMBER, public=False, synonyms=("身份证号", "身份证号码"),
           help="自然人填写，仅供核对，永不公示"),
)

# After the 双公示 fields, what the record page shows of the 法制审核 (a live penalty's 当前状态 is always 有效).
REVIEW_KEYS = ("item_code", "is_major", "review_body", "review_conclusion", "review_date")

REVIEW_AND_STATUS_COLUMNS = (
    Column("item_code", "事项编码", privacy=Privacy.AS_WRITTEN, synonyms=("执法事项编码",),
           help="作出决定所依据的执法事项编码；该事项在法制审核目录中而未填“是否重大执法决定”时，按重大执法决定处理"),
    Column("is_major", "是否重大执法决定", T.YES_NO, choices=YES_NO, synonyms=("重大执法决定",),
           help="重大执法决定须经法制审核同意", example="否"),
    Column("review_body", "法制审核机构", example="局法制股"),
    Column("review_conclusion", "法制审核结论", T.CHOICE, choices=("同意", "存在问题")),
    Column("review_date", "法制审核日期", T.DATE, help="不得晚于决定日期"),
    Column("status", "当前状态", T.CHOICE, choices=(VALID, *WITHDRAWN_STATUSES), default=VALID,
           choice_synonyms=STATUS_SYNONYMS,
           help="决定被变更、撤销或确认违法、无效时改写，并填写撤回日期和理由", example=VALID),
    Column("withdrawal_date", "撤回日期", T.DATE),
    Column("withdrawal_reason", "撤回理由", T.LONG_TEXT),
    Column("withholding_reason", "不予公开原因", T.CHOICE, choices=WITHHOLDING_REASONS, public=False,
           help="当事人为未成年人、涉密、影响其他案件或已移送司法机关的，选择原因，该条不公示"),
)

AGENCY = SheetKind(
    name="agency", sheet_name="机关信息", title="执法主体", one_per_agency=True,
    key_columns=("uscc",), title_column="name",
    columns=(
        Column("name", "机关名称", required=True, synonyms=("单位名称", "执法主体", "执法主体名称"),
               example=_AGENCY_EXAMPLE),
        _uscc("uscc", "统一社会信用代码", _AGENCY_USCC_EXAMPLE, required=True,
              synonyms=("社会信用代码", "机关统一社会信用代码")),
        Column("address", "地址", required=True, synonyms=("办公地址",), example="朔城区开发南路 8 号"),
        Column("postcode", "邮编", synonyms=("邮政编码",), example="036000"),
        Column("phone", "咨询电话", T.PHONE, required=True, synonyms=("联系电话", "办公电话"),
               example="0349-2021234"),
        Column("complaint_phone", "监督投诉电话", T.PHONE, required=True, synonyms=("投诉电话", "监督电话"),
               example="0349-2025678"),
        Column("office_hours", "办公时间", example="工作日 8:30-12:00，14:30-17:30"),
        Column("website", "网址", synonyms=("门户网站",)),
        Column("review_body", "行政复议机关", example="朔州市朔城区人民政府"),
        Column("court", "行政诉讼法院", example="朔州市朔城区人民法院"),
        Column("legal_review_body", "法制审核机构", example="局法制股"),
        Column("duties", "职责概述", T.LONG_TEXT, synonyms=("主要职责", "职责")),
    ),
)

ITEMS = SheetKind(
    name="items", sheet_name="执法事项清单", title="行政执法事项清单",
    key_columns=("code",), title_column="name", list_columns=("code", "category", "department"),
    columns=(
        Column("code", "事项编码", privacy=Privacy.AS_WRITTEN, required=True, synonyms=("编码", "事项代码"), example="140602-KJ-XK-001"),
        Column("name", "事项名称", required=True, example="科技型中小企业评价"),
        Column("category", "事项类别", T.CHOICE, required=True, choices=ITEM_CATEGORIES,
               choice_synonyms=_without_administrative(ITEM_CATEGORIES),
               synonyms=("职权类别", "权力类型", "类别"), example="其他"),
        Column("basis", "实施依据", T.LONG_TEXT, required=True, synonyms=("设定依据", "法律依据", "依据"),
               example="《科技型中小企业评价办法》（国科发政〔2017〕115号）"),
        Column("department", "承办机构", synonyms=("实施机构", "承办科室", "受理机构")),
        Column("conditions", "受理条件", T.LONG_TEXT),
        Column("materials", "申请材料", T.LONG_TEXT),
        Column("procedure", "办理流程", T.LONG_TEXT),
        Column("legal_time_limit", "法定时限", example="20个工作日"),
        Column("promised_time_limit", "承诺时限", example="10个工作日"),
        Column("fees", "收费标准", synonyms=("收费",), example="不收费"),
        Column("supervision_phone", "监督电话", T.PHONE),
        Column("remedy", "救济渠道", T.LONG_TEXT),
        Column("in_review_catalogue", "是否纳入重大执法决定法制审核目录", T.YES_NO, choices=YES_NO,
               synonyms=("法制审核目录", "是否纳入法制审核目录"), example="否"),
        Column("flowchart_code", "流程图编号", synonyms=("流程编号",)),
    ),
)

INSPECTIONS = SheetKind(
    name="inspections", sheet_name="随机抽查事项清单", title="随机抽查事项清单",
    key_columns=("item",), title_column="item", list_columns=("inspector", "target", "ratio", "frequency"),
    columns=(
        Column("item", "抽查事项", required=True, synonyms=("抽查事项名称",), example="科技计划项目实施情况检查"),
        Column("basis", "抽查依据", T.LONG_TEXT, required=True, example="《中华人民共和国科学技术进步法》"),
        Column("inspector", "抽查主体", required=True, example=_AGENCY_EXAMPLE),
        Column("target", "抽查对象", privacy=Privacy.NAME, required=True, example="承担区级科技计划项目的单位"),
        Column("content", "抽查内容", T.LONG_TEXT),
        Column("ratio", "抽查比例", example="5%"),
        Column("method", "抽查方式", example="现场检查"),
        Column("frequency", "抽查频次", example="每年1次"),
    ),
)

OFFICERS = SheetKind(
    name="officers", sheet_name="执法人员清单", title="执法人员",
    key_columns=("certificate_number",), title_column="name",
    list_columns=("certificate_number", "position", "field", "region"),
    columns=(
        Column("name", "姓名", required=True, synonyms=("执法人员姓名",), example="李明"),
        Column("gender", "性别", T.CHOICE, choices=("男", "女"), choice_synonyms=GENDER_SYNONYMS),
        Column("position", "职务", example="科员"),
        Column("certificate_number", "执法证号", privacy=Privacy.AS_WRITTEN, required=True,
               synonyms=("执法证件号", "执法证件号码", "证件编号"), example="14060219001"),
        Column("field", "执法类别/领域", synonyms=("执法类别", "执法领域"), example="科技管理"),
        Column("region", "执法区域", example="朔城区"),
        Column("issuer", "发证机关", example="山西省人民政府"),
        Column("valid_until", "有效期至", T.DATE, example="2028-12-31"),
        Column("certificate_status", "证件状态", T.CHOICE, choices=CERTIFICATE_STATUSES, default="有效"),
        # The file's name is not shown: the photo itself is, once checked and resized (reading/photos.py, site/photos.py).
        Column("photo", "照片文件名", public=False, synonyms=("照片", "照片文件"),
               help="可不填：照片放在本单位文件夹的“照片”子文件夹中、以执法证号命名（如 14060219001.jpg）即可；"
                    "照片文件另有名称的，在此填写文件名（如 李明.jpg）"),
    ),
)

FLOWCHARTS = SheetKind(
    name="flowcharts", sheet_name="执法流程图", title="执法流程图",
    key_columns=("flow_code", "step_number"), title_column="flow_name", list_columns=("flow_code",),
    columns=(
        Column("flow_code", "流程编号", privacy=Privacy.AS_WRITTEN, required=True, example="LC-01"),
        Column("flow_name", "流程名称", required=True, example="行政处罚一般程序"),
        Column("step_number", "步骤编号", T.INTEGER, required=True, example="1"),
        Column("step_name", "步骤名称", required=True, example="立案"),
        Column("next_steps", "下一步", help="填后续步骤编号，多个用分号隔开，可加条件：4:符合条件; 5:不符合",
               example="2"),
        Column("post", "承办岗位", example="执法股"),
        Column("time_limit", "时限", example="7日内"),
        Column("note", "说明", T.LONG_TEXT),
    ),
)

PENALTIES = SheetKind(
    name="penalties", sheet_name="行政处罚决定", title="行政处罚决定", is_decision=True,
    key_columns=("document_number",), title_column="document_number", date_column="decision_date",
    list_columns=("party_name", "penalty_categories", "decision_date"),
    authority_column="authority",
    open_data_columns=(
        *(c.key for c in PARTY_COLUMNS), "document_number", "violation_type", "facts", "basis", "penalty_categories",
        "penalty_content", "fine_amount", "confiscation_amount", "suspended_licence", "decision_date",
        "penalty_valid_until", "publicity_deadline", "authority", "authority_uscc", "source_unit", "source_unit_uscc",
        "remark", *REVIEW_KEYS),
    columns=(
        *PARTY_COLUMNS,
        Column("document_number", "行政处罚决定书文号", privacy=Privacy.AS_WRITTEN, required=True,
               synonyms=("决定书文号", "处罚决定书文号", "文书号", "行政处罚决定文书号"),
               example="朔城科罚〔2024〕12号", plain_label="处罚决定书文号"),
        Column("violation_type", "违法行为类型", example="未按规定报送材料"),
        Column("facts", "违法事实", T.LONG_TEXT, required=True, synonyms=("主要违法事实", "案件事实"),
               example="该公司承担科技计划项目期间未按规定报送项目年度执行情况报告，经责令限期改正，逾期仍未改正。"),
        Column("basis", "处罚依据", T.LONG_TEXT, required=True, synonyms=("处罚法律依据", "法律依据"),
               example="《中华人民共和国科学技术进步法》第一百一十二条"),
        Column("penalty_categories", "处罚类别", T.CHOICES, required=True, choices=PENALTY_CATEGORIES,
               choice_synonyms=PENALTY_CATEGORY_SYNONYMS,
               synonyms=("处罚种类",), example="罚款"),
        Column("penalty_content", "处罚内容", T.LONG_TEXT, required=True, synonyms=("处罚结果",),
               example="罚款人民币0.5万元"),
        Column("fine_amount", "罚款金额（万元）", T.AMOUNT, synonyms=("罚款金额", "罚款金额(元)"), example="0.5",
               plain_label="罚款金额"),  # a page shows the unit with the amount (0.5 万元)
        Column("confiscation_amount", "没收违法所得、没收非法财物的金额（万元）", T.AMOUNT,
               synonyms=("没收金额", "没收违法所得金额"), plain_label="没收违法所得、没收非法财物的金额"),
        Column("suspended_licence", "暂扣或吊销证照名称及编号"),
        Column("decision_date", "处罚决定日期", T.DATE, required=True, synonyms=("决定日期", "处罚日期")),
        Column("penalty_valid_until", "处罚有效期", T.DATE),
        Column("publicity_deadline", "公示截止期", T.DATE),
        Column("authority", "处罚机关", required=True, synonyms=("处罚机关名称", "执法机关"), example=_AGENCY_EXAMPLE),
        _uscc("authority_uscc", "处罚机关统一社会信用代码", _AGENCY_USCC_EXAMPLE, required=True),
        Column("source_unit", "数据来源单位", example=_AGENCY_EXAMPLE),
        _uscc("source_unit_uscc", "数据来源单位统一社会信用代码", _AGENCY_USCC_EXAMPLE),
        Column("remark", "备注", T.LONG_TEXT),
        *REVIEW_AND_STATUS_COLUMNS,
    ),
)

LICENCE_STATUS = Column("status", "当前状态", T.CHOICE, choices=(VALID, "无效", *WITHDRAWN_STATUSES),
                        choice_synonyms=STATUS_SYNONYMS,
                        default=VALID, help="许可失效填“无效”；决定被变更、撤销的，填写撤回日期和理由", example=VALID)

LICENSES = SheetKind(
    name="licenses", sheet_name="行政许可决定", title="行政许可决定", is_decision=True,
    key_columns=("document_number",), title_column="document_number", date_column="decision_date",
    list_columns=("party_name", "licence_category", "decision_date"),
    authority_column="authority",
    open_data_columns=(
        *(c.key for c in PARTY_COLUMNS), "document_name", "document_number", "licence_category", "certificate_name",
        "licence_number", "content", "decision_date", "valid_from", "valid_until", "authority", "authority_uscc",
        "status", "source_unit", "source_unit_uscc", "remark", *REVIEW_KEYS),
    columns=(
        *PARTY_COLUMNS,
        Column("document_name", "行政许可决定文书名称", required=True, synonyms=("决定文书名称", "文书名称"),
               example="准予行政许可决定书", plain_label="许可决定文书名称"),
        Column("document_number", "行政许可决定文书号", privacy=Privacy.AS_WRITTEN, required=True,
               synonyms=("决定文书号", "许可决定书文号", "文书号"), example="朔城科许〔2024〕35号",
               plain_label="许可决定文书号"),
        Column("licence_category", "许可类别", T.CHOICE, required=True, choices=LICENCE_CATEGORIES,
               choice_synonyms=LICENCE_CATEGORY_SYNONYMS),
        Column("certificate_name", "许可证书名称"),
        Column("licence_number", "许可编号", privacy=Privacy.AS_WRITTEN, synonyms=("许可证编号", "证书编号")),
        Column("content", "许可内容", T.LONG_TEXT, required=True, example="经审查，申请材料齐全、符合法定形式，准予行政许可"),
        Column("decision_date", "许可决定日期", T.DATE, required=True, synonyms=("决定日期",)),
        Column("valid_from", "有效期自", T.DATE, required=True),
        Column("valid_until", "有效期至", T.DATE, help="长期有效填 2099-12-31"),
        Column("authority", "许可机关", required=True, synonyms=("许可机关名称",), example=_AGENCY_EXAMPLE),
        _uscc("authority_uscc", "许可机关统一社会信用代码", _AGENCY_USCC_EXAMPLE, required=True),
        Column("source_unit", "数据来源单位", example=_AGENCY_EXAMPLE),
        _uscc("source_unit_uscc", "数据来源单位统一社会信用代码", _AGENCY_USCC_EXAMPLE),
        Column("remark", "备注", T.LONG_TEXT),
        *(LICENCE_STATUS if c.key == "status" else c for c in REVIEW_AND_STATUS_COLUMNS),
    ),
)

OTHER_DECISIONS = SheetKind(
    name="other-decisions", sheet_name="其他执法决定", title="其他行政执法决定", is_decision=True,
    key_columns=("document_number",), title_column="document_number", date_column="decision_date",
    list_columns=("party_name", "enforcement_category", "decision_date"),
    authority_column="authority",
    columns=(
        Column("enforcement_category", "执法类别", T.CHOICE, required=True, choices=OTHER_DECISION_CATEGORIES,
               choice_synonyms=_without_administrative(OTHER_DECISION_CATEGORIES),
               example="行政检查"),
        Column("document_number", "决定文书号", privacy=Privacy.AS_WRITTEN, required=True, synonyms=("文书号", "决定书文号"),
               example="朔城科检〔2024〕3号"),
        Column("party_name", "执法对象", privacy=Privacy.NAME, required=True, masked_for_party_types=(NATURAL_PERSON,),
               synonyms=("行政相对人名称", "当事人", "当事人名称"),
               help="法人或组织填全称；自然人填姓名，公示时只显示姓氏加“某”", example="朔州市晋北商贸有限公司"),
        Column("party_type", "执法对象类别", T.CHOICE, required=True, choices=PARTY_TYPES,
               choice_synonyms=PARTY_TYPE_SYNONYMS,
               synonyms=("行政相对人类别",), example="法人及非法人组织"),
        _uscc("party_uscc", "统一社会信用代码", synonyms=("行政相对人代码_1(统一社会信用代码)",)),
        Column("conclusion", "执法结论", T.LONG_TEXT, required=True, synonyms=("处理结果", "决定内容"),
               example="检查未发现违法行为"),
        Column("decision_date", "决定日期", T.DATE, required=True),
        Column("authority", "执法机关", required=True, example=_AGENCY_EXAMPLE),
        *REVIEW_AND_STATUS_COLUMNS,
    ),
)

SPOT_CHECKS = SheetKind(
    name="spot-checks", sheet_name="抽查结果", title="双随机抽查结果",
    key_columns=("item", "target", "check_date"), title_column="target", date_column="check_date",
    list_columns=("item", "result", "check_date"),
    authority_column="authority",
    columns=(
        Column("item", "抽查事项", required=True, example="科技计划项目实施情况检查"),
        Column("target", "抽查对象", privacy=Privacy.NAME, required=True, synonyms=("检查对象",), example="朔州市晋北商贸有限公司"),
        _uscc("target_uscc", "统一社会信用代码"),
        Column("check_date", "抽查日期", T.DATE, required=True, synonyms=("检查日期",)),
        Column("result", "抽查结果", required=True, synonyms=("检查结果",), example="未发现问题"),
        Column("handling", "处理情况", T.LONG_TEXT, example="无"),
        Column("authority", "检查机关", required=True, synonyms=("抽查机关",), example=_AGENCY_EXAMPLE),
    ),
)

KINDS: tuple[SheetKind, ...] = (
    AGENCY, ITEMS, INSPECTIONS, OFFICERS, FLOWCHARTS, PENALTIES, LICENSES, OTHER_DECISIONS, SPOT_CHECKS,
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}
# Sheets the system itself writes into workbooks (the templates' instructions, the annotated
# copies' problem list): a clerk who hands such a workbook back must not get an error for them.
INSTRUCTIONS_SHEET = "填写说明"
PROBLEMS_SHEET = "问题清单"
SYSTEM_SHEETS = (INSTRUCTIONS_SHEET, PROBLEMS_SHEET)
DECISION_KINDS = tuple(kind for kind in KINDS if kind.is_decision or kind is SPOT_CHECKS)
