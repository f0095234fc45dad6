"""Every problem the system can report, by its stable code: its severity and the Chinese a clerk reads.

A problem found in the data names its code, where it is (core/problems.py) and the particulars its
sentences need; what the clerk reads is written here and only here, like frictionless-py's error
codes (`type-error`, `blank-row`). A template may use a problem's own fields (agency, file, sheet,
cell, column, value, record) and its particulars; a format spec (`{years:list}`) says how a list or
a unit reads. No I/O.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "错误"  # the record (or file) is held back
    WARNING = "警告"  # published, but the clerk should look


@dataclass(frozen=True)
class Wording:
    severity: Severity
    message: str  # what is wrong
    fix: str  # how to fix it


ERROR, WARNING = Severity.ERROR, Severity.WARNING
_SAVE_AS_XLSX = "为避免格式出错，请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）"
_WITHDRAWAL_FIELDS = "决定变更、撤销或被确认违法、无效的，须填写撤回日期和撤回理由（理由将公开）"

CATALOGUE: dict[str, Wording] = {
    # ---- files (reading/workbooks.py) ----
    # A file holds no cell with content at all.
    "empty-file": Wording(WARNING, "文件中没有任何内容", "如放错了文件，请换成要报送的文件；不需要时请删除"),
    # A file of zero bytes, whatever its name: most often a copy or a save that failed.
    "zero-byte-file": Wording(WARNING, "文件是空的（0 字节），可能是复制或保存时出错",
                              "请用 Excel 或 WPS 打开原来的工作簿，另存为 .xlsx 后重新报送；不需要时请删除"),
    # A spreadsheet's name, but an HTML table inside (exports of case-handling systems): read all the same.
    "content-is-html": Wording(WARNING, "文件名是“{suffix}”，但内容其实是网页（HTML）表格；系统已按其内容读取",
                               _SAVE_AS_XLSX),
    # A spreadsheet's name, but CSV text inside: read all the same.
    "content-is-csv": Wording(WARNING, "文件名是“{suffix}”，但内容其实是CSV 文本；系统已按其内容读取", _SAVE_AS_XLSX),
    # A sheet's used range reaches far beyond its data: only the first columns were read.
    "oversized-used-range": Wording(
        WARNING, "工作表的使用范围一直延伸到 {far_cell} 单元格，系统只读取了前 {columns} 列",
        "多半是误输入或整行整列设置了格式：按 Ctrl+End 跳到最后一个单元格，删除数据右侧和下方多余的行列后保存"),
    # The file is encrypted with an opening password.
    "password-protected": Wording(ERROR, "文件设置了打开密码，系统无法读取",
                                  "请取消密码保护（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新放入"),
    # The file or one of its sheets is beyond the bounds the build machine reads.
    "file-too-large": Wording(ERROR, "文件太大，超出系统可读取的范围", "请删除多余的行列，或把数据分成几个文件报送"),
    # A text file in neither UTF-8 nor GB18030.
    "unknown-encoding": Wording(ERROR, "文件的文字编码无法识别", "请用 Excel 另存为“CSV UTF-8（逗号分隔）”或 xlsx 格式"),
    # Any other file that cannot be opened: damaged, truncated, not a table.
    "unreadable-file": Wording(ERROR, "文件已损坏或不是有效的 Excel/CSV 文件，无法读取",
                               "请用 Excel 打开确认内容完整，另存为 xlsx 格式后重新放入"),
    # ---- paths the build trusts (reading/workbooks.py survey) ----
    # A symlink in an agency folder (or an agency folder that is one): never followed, wherever it points.
    "symlink-not-followed": Wording(
        ERROR, "{what}“{file}”是符号链接（指向 {target}）：系统不跟随符号链接，没有读取其中的内容，也不会公示",
        "请网站管理员删除这个链接，把{what}本身复制到这里（链接可能指向 data/ 以外的内容，系统为安全起见一律不读取）"),
    # ---- officers' photos (reading/photos.py checks the files, rules/photos.py matches them to the roster) ----
    # Each of these leaves the photo out: the officer is published all the same, without it.
    # Neither a JPEG nor a PNG (by content, whatever the name says): HEIC, BMP, WebP, a Word file…
    "photo-wrong-format": Wording(
        WARNING, "照片“{file}”不是 JPEG 或 PNG 图片，没有采用；该执法人员的信息照常公示，只是不显示照片",
        "请用画图、WPS 或手机相册把照片另存为 JPG（或 PNG）格式，以执法证号命名后放回“照片”文件夹"),
    # A photo file above the size limit.
    "photo-too-large": Wording(
        WARNING, "照片“{file}”有 {size_mb} MB，超过了 {limit_mb} MB 的上限，没有采用；该执法人员的信息照常公示，只是不显示照片",
        "请把照片缩小或压缩后（如用画图“重新调整大小”到宽 600 像素左右）重新放入；网站只显示 300×400 像素的照片"),
    # A photo smaller than a printed card needs.
    "photo-too-small": Wording(
        WARNING, "照片“{file}”只有宽 {width}、高 {height} 像素，小于宽 {min_width}、高 {min_height} 像素，印在公示牌上会模糊，没有采用；"
        "该执法人员的信息照常公示，只是不显示照片",
        "请换用更清晰的原始照片（证件照宽度至少 {min_width} 像素、高度至少 {min_height} 像素）"),
    # A photo of absurd dimensions (a panorama, a scan at 1200 dpi): refused before it is decoded.
    "photo-too-many-pixels": Wording(
        WARNING, "照片“{file}”宽 {width}、高 {height} 像素，超过了长边 {max_side} 像素的上限，没有采用；"
        "该执法人员的信息照常公示，只是不显示照片",
        "请把照片缩小（如宽 600 像素、高 800 像素）后重新放入"),
    # A JPEG or PNG that cannot be decoded: truncated by a copy, damaged.
    # A photo with 16-bit or floating-point pixels (a scanner's or editor's export), which would show as blank.
    "photo-unusual-pixels": Wording(
        WARNING, "照片“{file}”是 16 位或特殊色彩格式的图片，网站无法正确显示，没有采用；该执法人员的信息照常公示，只是不显示照片",
        "请用画图、WPS 或手机相册把照片另存为普通的 JPG 格式，以执法证号命名后放回“照片”文件夹"),
    "photo-unreadable": Wording(
        WARNING, "照片“{file}”已损坏或不完整，无法打开，没有采用；该执法人员的信息照常公示，只是不显示照片",
        "请从原始照片重新复制一份放入“照片”文件夹"),
    # The roster's 照片 column names a file the 照片 folder does not hold.
    "photo-not-found": Wording(
        WARNING, "“{column}”写的是“{value}”，但本单位的“照片”文件夹中没有这个文件；该执法人员的信息照常公示，只是不显示照片",
        "请把照片放入本单位文件夹中的“照片”子文件夹，并核对文件名（含 .jpg 等后缀）与这一栏一致；不提供照片的请清空这一栏"),
    # A photo in the 照片 folder that no officer of the roster is named by.
    "photo-unmatched": Wording(
        WARNING, "照片“{file}”的文件名不是本单位执法人员清单中的执法证号，也没有哪一行的“照片文件名”栏写了它，没有采用",
        "照片请以执法证号命名（如 14060219001.jpg）；该人员不在清单中或信息未通过检查的，请先补上或改正清单中的那一行"),
    # Several photos named by one certificate number (14060219001.jpg and 14060219001.png): the first is used.
    "photo-several": Wording(
        WARNING, "执法证号 {record} 有多张照片（{files:quoted}），已采用“{used}”",
        "每位执法人员只放一张照片：请删除多余的照片"),
    # ---- sheets (reading/tables.py) ----
    # A sheet named after a kind whose header is nowhere in its first rows.
    "header-not-found": Wording(ERROR, "工作表名为“{sheet_kind}”，但前 {rows} 行中找不到它的表头",
                                "请按模板中的列名填写表头（如“行政处罚决定书文号”“处罚决定日期”），表头放在数据上方一行"),
    # Neither the sheet's name nor its header is one of a kind.
    "unknown-sheet": Wording(ERROR, "无法识别这张表：工作表名称和表头都不是系统认识的表格",
                             "请使用系统提供的模板，工作表名称保持为模板中的名称（如“行政处罚决定”）"),
    # The header fits two kinds equally well and the sheet's name is neither.
    "ambiguous-sheet": Wording(ERROR, "无法确定这张表是哪一类：表头同样符合 {kinds:quoted}",
                               "请把工作表改名为模板中的名称，例如“行政处罚决定”"),
    # ---- rows and cells (reading/records.py, core/values.py) ----
    # The header lacks required columns: every row of the sheet is held back.
    "missing-columns": Wording(ERROR, "表头缺少必填列：{columns:list}（第{header_row}行为表头），本表 {rows} 行数据均未公示",
                               "请在表头补上这些列并填写内容；列名可参照系统模板"),
    # A formula cell saved without its result (written by a program, never opened in Excel).
    "uncalculated-formula": Wording(ERROR, "“{column}”是公式（{value}），但文件里没有保存它的计算结果",
                                    "请用 Excel 或 WPS 打开这个文件，等公式算出结果后保存；也可以把公式“选择性粘贴”为数值"),
    # A required cell left blank.
    "required-cell-blank": Wording(ERROR, "“{column}”是必填项，不能为空", "请填写{label}{example:for-example}"),
    # A resident ID number of the wrong length or characters.
    "invalid-resident-id": Wording(ERROR, "“{column}”不是有效的居民身份证号码（应为18位，最后一位可为X）",
                                   "请核对证件号码；如为其他证件，请在“证件类型”中注明"),
    # A resident ID number whose check digit does not match (it is never published).
    "resident-id-check-digit": Wording(WARNING, "身份证号码校验位不正确，可能有输错的数字", "请与证件原件核对（此号码不会公示）"),
    # A record whose key repeats one already seen in its agency: the first one wins.
    "duplicate-record": Wording(ERROR, "与 {earlier_file} 工作表「{earlier_sheet}」第{earlier_row}行的{column}重复，本行未公示",
                                "同一{column}只能登记一次：如是更正，请直接修改原来那一行并删除本行"),
    # A date written as text that is no real date.
    "invalid-date": Wording(ERROR, "“{column}”中的“{written}”不是有效日期", "请填写真实存在的日期，格式如 {example_date}"),
    # A number in a date cell that is no Excel day number.
    "invalid-date-number": Wording(ERROR, "“{column}”中的“{written}”不是有效日期", "请填写日期，格式如 {example_date}"),
    # An amount that is no number: the advice in the unit of the column's header (元 or 万元).
    "not-an-amount": Wording(ERROR, "“{column}”中的“{written}”不是金额",
                             "请只填写数字，单位为{unit}，例如 {unit:five-thousand} 表示五千元"),
    # An amount below zero.
    "negative-amount": Wording(ERROR, "“{column}”中的金额不能为负数", "请填写不小于 0 的金额"),
    # A count that is no whole number.
    "not-an-integer": Wording(ERROR, "“{column}”中的“{written}”不是整数", "请填写整数，例如 3"),
    # A yes/no cell holding something else.
    "not-yes-or-no": Wording(ERROR, "“{column}”只能填“是”或“否”，现填的是“{written}”", "请从下拉列表选择“是”或“否”"),
    # A one-choice cell holding none of its choices.
    "not-a-choice": Wording(ERROR, "“{column}”中的“{written}”不是可选的值{nearest:did-you-mean}", "请从下拉列表中选择：{choices:list}"),
    # A list-of-choices cell naming something that is not a choice.
    "not-choices": Wording(ERROR, "“{column}”中的“{unknown:list}”不是可选的值{nearest:did-you-mean}",
                           "请填写以下一项或几项，用分号隔开：{choices:list}"),
    # A 统一社会信用代码 of the wrong length or characters.
    "invalid-uscc": Wording(ERROR, "“{column}”中的“{written}”不是有效的统一社会信用代码（应为18位数字或大写字母，不含 I、O、Z、S、V）",
                            "请对照营业执照或登记证书上的代码重新填写"),
    # A 统一社会信用代码 whose check character does not match: published as written.
    "uscc-check-digit": Wording(WARNING, "统一社会信用代码“{uscc}”的校验位不正确，可能有输错的字符",
                                "请对照营业执照或登记证书核对；如确认无误可忽略此提示"),
    # ---- agencies (rules/agencies.py) ----
    # A data folder without a usable 机关信息 row: nothing in it is published.
    "agency-profile-missing": Wording(
        ERROR, "没有可用的“机关信息”，本文件夹的 {count} 条信息均未公示",
        "请放入填写完整的“机关信息”工作簿（一行表头、一行内容，含机关名称和统一社会信用代码），并改正其中标为错误的单元格"),
    # A second 机关信息 row in one folder: the first is used.
    "extra-agency-profile": Wording(ERROR, "“机关信息”只能有一行，已采用 {used_file} 第{used_row}行，本行未采用",
                                    "请删除多余的机关信息行"),
    # Two folders give the same agency code: the later folder publishes nothing.
    # Folders the ledger does not bind give one code: none publishes, so no copy or impostor takes the page.
    "agency-code-disputed": Wording(
        ERROR, "统一社会信用代码 {uscc} 也出现在文件夹“{owner}”的机关信息中：无法确定哪个文件夹是这个单位，"
        "本文件夹的 {count} 条信息均未公示",
        "一个执法机关只用一个文件夹：请把工作簿合并到其中一个文件夹并删除另一个，或改正填错了代码的机关信息"),
    # ---- checks (rules/checks.py) ----
    # 谁执法谁公示: the decision's agency code is another agency's.
    "not-own-decision-code": Wording(ERROR, "该决定的机关代码不是本单位（{agency_name}，{agency_code}），不能在本单位名下公示",
                                     "谁执法谁公示：请把这一行交给作出决定的机关报送，或改正机关代码"),
    # 谁执法谁公示: the decision's agency name is another agency's.
    "not-own-decision": Wording(ERROR, "该决定的机关不是本单位（{agency_name}），不能在本单位名下公示",
                                "谁执法谁公示：机关名称请与“机关信息”一致，填写“{agency_name}”；其他机关的决定由其自行报送"),
    # 谁执法谁公示: the agency's own code beside another agency's name, which the page would show.
    "authority-name-not-own": Wording(
        ERROR, "“{column}”写的是“{value}”，机关代码却是本单位（{agency_name}，{agency_code}）的：名称和代码不是同一个机关，"
        "本条未公示",
        "谁执法谁公示：本单位作出的决定，请把机关名称改为与“机关信息”一致的“{agency_name}”；"
        "其他机关作出的决定，请交给该机关报送，并改正机关代码"),
    # 是否重大执法决定 left blank for an item in the review catalogue: taken as major.
    "assumed-major-decision": Wording(WARNING, "事项 {item} 在重大执法决定法制审核目录中，未填“是否重大执法决定”，已按重大执法决定处理",
                                      "请在“是否重大执法决定”中填写“是”或“否”"),
    # A major decision without a 法制审核 concluding 同意.
    "review-missing": Wording(ERROR, "重大执法决定须经法制审核且结论为“同意”，本条未公示",
                              "请填写法制审核机构、法制审核结论（同意）和法制审核日期"),
    # A major decision's 法制审核 undated or dated after the decision.
    "review-after-decision": Wording(ERROR, "法制审核日期须在决定日期当天或之前，本条未公示",
                                     "请核对法制审核日期：未经法制审核不得作出重大执法决定"),
    # ---- deadlines and the lifecycle (rules/deadlines.py, rules/decide.py) ----
    # Deadlines fall in years the holiday calendar does not know yet: once for the whole build.
    "calendar-beyond-coverage": Wording(WARNING, "节假日日历尚未包含 {years:list} 年，这些年份的公示期限暂按周一至周五计算",
                                        "请网站管理员升级 chinesecalendar（requirements.txt 中的版本）后重新构建"),
    # A decision first published after its deadline.
    "late-publication": Wording(WARNING, "应在决定日期后 {days} {unit:day-unit}内（{deadline} 前）公示，本次首次公示晚了 {late} {unit:day-unit}",
                                "已照常公示；今后请在作出决定后及时报送"),
    # A withdrawn status without its withdrawal date or reason: held back.
    "withdrawal-incomplete": Wording(ERROR, "当前状态为“{status}”，但没有填写{missing:quoted-and}", _WITHDRAWAL_FIELDS),
    # A withdrawal published after its deadline.
    "late-withdrawal": Wording(WARNING, "撤回应在 {deadline} 前公开，本次撤回晚了 {late} {unit:day-unit}",
                               "决定变更、撤销后，请在规定期限内更新当前状态、撤回日期和理由"),
    # A published decision gone from the data: it stays published as it was.
    "published-record-missing": Wording(
        ERROR, "已公示的{kind}“{name}”在数据中找不到了（或所在行有错误未通过检查），网站上继续公示原内容",
        "已公示的决定不能直接删除：如决定被变更、撤销，请恢复该行，把“当前状态”改为相应状态并填写撤回日期和撤回理由；"
        "如该行有错误，请按报告改正"),
    # The same, where the record's row is still in the data but held back by its errors (problems.point_to_rows).
    "published-record-held-back": Wording(
        ERROR, "已公示的{kind}“{name}”本次所在行有错误未通过检查，网站上继续公示原内容",
        "请按本行的其他提示改正后重新报送；改正前网站不会更新这条记录"),
    # ---- what citizens see (rules/public_view.py) ----
    # Personal data found in a free-text column: masked on the portal.
    "masked-personal-data": Wording(WARNING, "“{column}”中含有{found:list}，公示时已隐去",
                                    "个人信息不应写进公示内容：请改写该段文字，去掉身份证号、电话、银行卡号和自然人姓名"),
    # ---- values that cannot break the build (core/values.py, core/text.py, reading/data_folder.py) ----
    # A date before the PRC or after 2099-12-31 (长期): a typo, such as 0024 for 2024 or 9999-12-31 for 长期.
    "date-out-of-range": Wording(ERROR, "“{column}”中的“{written}”不在 {earliest} 至 {latest} 之间，多半是输入有误",
                                 "请核对决定书填写真实日期；长期有效的填 {latest}"),
    # An amount above what any decision could impose, or a positive one below one 分.
    "amount-out-of-range": Wording(ERROR, "“{column}”中的“{written}”超出了金额的合理范围（{smallest} 至 {largest} 万元）",
                                   "请核对单位是否为万元（5000 元应填 0.5），不要填写科学计数法"),
    # A whole number below zero or absurdly large.
    "integer-out-of-range": Wording(ERROR, "“{column}”中的“{written}”超出了合理范围（0 至 {largest}）", "请填写实际的数目，例如 3"),
    # Control, zero-width, bidi or other invisible characters taken out of a cell: published without them.
    "invisible-characters-removed": Wording(
        WARNING, "“{column}”中含有看不见的控制字符（如零宽空格、文字方向控制符），已删除后公示",
        "多半是从网页或其他系统复制时带入的：请在单元格中重新输入这段文字，以免与其他记录对不上"),
    # A file whose processing failed unexpectedly: its records are held back, every other file publishes.
    "file-not-processed": Wording(ERROR, "处理此文件时程序出错，文件中的记录本次暂不公示；其他文件不受影响",
                                  "请把此文件交给网站管理员检查；此前已公示的记录在网站上保持原样"),
    # REQUIRE_APPROVAL: a file whose content the review service did not approve (reading/sign_offs.py): held back.
    "file-not-approved": Wording(
        ERROR, "文件“{file}”未经“报送与审核”服务审核通过（是直接放进数据目录的，或审核通过后又被改动过），"
               "其中的记录本次暂不公示；此前已公示的记录在网站上保持原样",
        "请通过“报送与审核”服务上传这个文件并提交审核，经本单位审核人审核通过后即可公示；"
        "不需要的文件请通过该服务删除，不要直接在数据目录中放入或修改文件"),
    # A resident ID number in a code column (统一社会信用代码, 行政相对人代码_2…_6): held back, never published.
    "resident-id-in-code": Wording(
        ERROR, "“{column}”中填写的是居民身份证号码，身份证号码一律不得公示，本条未公示",
        "这一栏只填单位的代码（如统一社会信用代码）：自然人没有这类代码，请把这一栏清空；"
        "身份证号码请填在“证件号码”或“法定代表人证件号码”栏（仅供核对，不会公示）"),
    # An ID number where the agency's own number belongs (文书号, 许可编号, 执法证号, 事项编码): a number published as written.
    "resident-id-in-number": Wording(
        ERROR, "“{column}”中填写的是居民身份证号码，身份证号码一律不得公示，本条未公示",
        "这一栏只填文书、证件上印的编号或本机关编定的编码；身份证号码请填在“证件号码”栏（仅供核对，不会公示）"),
    # A resident ID number where a name belongs (行政相对人名称, 法定代表人, 抽查对象): held back.
    "resident-id-in-name": Wording(
        ERROR, "“{column}”中含有居民身份证号码，身份证号码一律不得公示，本条未公示",
        "这一栏只填姓名或单位全称；身份证号码请填在“证件号码”或“法定代表人证件号码”栏（仅供核对，不会公示）"),
    # A folder claims the 统一社会信用代码 the ledger bound to another folder at its first publication.
    "agency-code-bound": Wording(
        ERROR, "统一社会信用代码 {uscc} 自首次公示起属于文件夹“{owner}”，本文件夹“{agency}”不能以它公示，"
        "本文件夹的 {count} 条信息均未公示",
        "一个执法机关只用一个文件夹：请把本文件夹的工作簿移到“{owner}”中，或改正“机关信息”中的代码；"
        "如确要改用新文件夹，请先把原文件夹“{owner}”整个移走"),
    # ---- totals and notes lines (reading/tables.py finds them, reading/records.py skips them) ----
    # A line below the records that begins with 合计, 备注, 填表人… and has no key of its own: skipped, not a record.
    "summary-row-skipped": Wording(
        WARNING, "这一行以“{value}”开头，是合计、备注或填表人一类的行，不是一条信息，已跳过，不会公示",
        "合计、备注、填表人等行可以保留，系统会跳过；如这一行确是一条要公示的信息，请填写{keys:quoted-and}"),
    # ---- cross-field checks (core/cross_checks.py, rules/cross_checks.py) ----
    # An amount 10,000 times smaller than the text's: a 万元 figure typed under a 元 header.
    "amount-ten-thousand-times-small": Wording(
        ERROR, "“{column}”为 {recorded}，处罚内容写的是“{stated}”，小了一万倍，本条未公示",
        "多半是把以万元计的数填进了以元为单位的列：按处罚内容应填 {expected}，请核对表头的单位并改正金额后重新报送"),
    # An amount 10,000 times larger than the text's: a 元 figure typed into the 万元 column.
    "amount-ten-thousand-times-large": Wording(
        ERROR, "“{column}”为 {recorded}，处罚内容写的是“{stated}”，大了一万倍，本条未公示",
        "多半是把以元计的数填进了以万元为单位的列：按处罚内容应填 {expected}，请改正金额（或把表头改为以“元”为单位）后重新报送"),
    # An amount that is none of the sums the text names, nor their total: published, look.
    "amount-differs-from-content": Wording(WARNING, "“{column}”为 {recorded}，与处罚内容中写明的金额（{stated:list}）不一致",
                                           "请对照处罚决定书核对金额和处罚内容；确认无误可忽略此提示"),
    # 罚款 without its amount: the amount decides the 公示期.
    "fine-amount-missing": Wording(ERROR, "处罚类别含“罚款”，但没有填写罚款金额，本条未公示",
                                   "请在“{column}”中填写罚款数额（单位为{unit}，例如 {unit:five-thousand} 表示五千元）：罚款数额决定公示期的长短"),
    # 罚款 with an amount of 0: no fine, and 0 would make it a 较低数额罚款 with the short 公示期.
    "fine-amount-zero": Wording(ERROR, "处罚类别含“罚款”，但罚款金额为 0，本条未公示",
                                "请对照处罚决定书在“{column}”中填写实际的罚款数额；未处罚款的，从处罚类别中去掉“罚款”"),
    # A fine whose category is not 罚款: a 警告-only category would keep the fine unpublished.
    "fine-without-category": Wording(
        ERROR, "填写了罚款金额 {recorded}，但“{column}”中没有“罚款”，本条未公示",
        "请对照处罚决定书：处以罚款的，在处罚类别中加上“罚款”；未处罚款的，清空罚款金额（处罚类别决定是否公示和公示期）"),
    # 没收… without a 没收金额: published, the year's 没收金额合计 lacks it.
    "confiscation-amount-missing": Wording(WARNING, "处罚类别含{categories:quoted}，但没有填写没收金额",
                                           "请在“{column}”中填写没收的违法所得或非法财物的金额（以万元计）；无法估价的请在备注中说明"),
    # 没收… with a 没收金额 of 0: published, like a missing amount; the year's 没收金额合计 lacks it.
    "confiscation-amount-zero": Wording(WARNING, "处罚类别含{categories:quoted}，但没收金额为 0",
                                        "请对照处罚决定书填写没收的违法所得或非法财物的金额；无法估价的请留空并在备注中说明"),
    # A 没收金额 without a 没收 category.
    "confiscation-without-category": Wording(
        WARNING, "填写了没收金额 {recorded}，但“{column}”中没有“没收违法所得”或“没收非法财物”",
        "请对照处罚决定书补上处罚类别，或清空没收金额"),
    # A decision dated after the build's --as-of: held back until that day.
    "decision-in-future": Wording(ERROR, "“{column}”为 {value}，晚于本次构建的日期 {as_of}，本条暂不公示",
                                  "日期无误的，到 {value} 当天或之后构建时自动公示；如填错了，请改正日期"),
    # A licence that ends before it starts.
    "validity-ends-before-start": Wording(ERROR, "“{column}”{value} 早于有效期自 {start}，本条未公示",
                                          "请对照许可证书改正有效期；长期有效的填 2099-12-31"),
    # A withdrawal dated before the decision it withdraws.
    "withdrawal-before-decision": Wording(ERROR, "“{column}”{value} 早于决定日期 {decided}，本条未公示",
                                          "撤回只能在作出决定之后：请核对撤回日期和决定日期"),
    # A decision not marked major, reviewed after it was made: published, look.
    "review-dated-after-decision": Wording(
        WARNING, "“{column}”{value} 晚于决定日期 {decided}",
        "法制审核应在作出决定之前完成：请核对法制审核日期；如为重大执法决定，请在“是否重大执法决定”中填写“是”"),
    # ---- plausibility (settings AMOUNT_CEILING_WAN_YUAN, EARLIEST_DECISION_YEAR): published, look ----
    # An amount above the portal's ceiling for its column: rare but possible, or a slip of the unit.
    "amount-above-ceiling": Wording(
        WARNING, "“{column}”为 {recorded}，超过了 {ceiling} 万元，金额异常大",
        "请对照处罚决定书核对金额及其单位（1 亿元即 10000 万元）；金额无误的可忽略此提示"
        "（提示的上限由网站管理员在设置 AMOUNT_CEILING_WAN_YUAN 中规定）"),
    # A decision (or check) dated before the portal's earliest year: most likely the year typed wrong.
    "decided-before-earliest-year": Wording(
        WARNING, "“{column}”为 {value}，早于 {year} 年，可能是年份输错了",
        "请对照决定书（检查记录）核对日期，如把 2024 输成了 1924；日期无误的可忽略此提示"
        "（最早年份由网站管理员在设置 EARLIEST_DECISION_YEAR 中规定）"),
    # ---- identity checks (core/cross_checks.py, rules/identity_checks.py) ----
    # One party code under different names across an agency's records: published, look.
    "party-code-several-names": Wording(
        WARNING, "统一社会信用代码 {uscc} 在本单位的记录中写成了 {count} 个不同的名称：{names:names-found}",
        "同一个代码只属于一个单位：请对照营业执照或登记证书，把名称填写一致；如是代码填错了，请改正代码"),
    # A natural person with a 统一社会信用代码, which only a body or a 个体工商户 has: published with the code, look.
    "natural-person-with-uscc": Wording(
        WARNING, "“{type_column}”为“自然人”，但“{column}”中填写了{registrant:registrant}的统一社会信用代码 {value}",
        "自然人没有统一社会信用代码：当事人是单位或个体工商户的，请改正“{type_column}”；确是自然人的，请清空这一栏"),
    # A 法人及非法人组织 with no code of its own, or the placeholder of a 个体工商户 without one.
    "organisation-without-uscc": Wording(
        WARNING, "“{type_column}”为“法人及非法人组织”，但没有填写单位的统一社会信用代码",
        "法人及非法人组织都有统一社会信用代码（“17个0加X”只用于没有代码的个体工商户）：请对照营业执照或登记证书填写；"
        "当事人是个体工商户或自然人的，请改正“{type_column}”"),
    # A 法人及非法人组织 given a 个体工商户's code (9 then 2).
    "organisation-with-sole-trader-uscc": Wording(
        WARNING, "“{type_column}”为“法人及非法人组织”，但统一社会信用代码 {value} 是个体工商户的代码（前两位为 92）",
        "请核对：当事人是个体工商户的，把“{type_column}”改为“个体工商户”；否则请对照营业执照或登记证书改正代码"),
    # ---- the webmaster's settings (cli.py; core/settings.py placeholders) ----
    # Real data (no 样例数据说明.txt) built with the shipped sample's placeholder settings: for the webmaster, on
    # stderr before the report, not one of the clerks' problems (file is the settings file).
    "sample-placeholder-settings": Wording(
        WARNING, "设置文件 {file} 中的 {settings:list} 还是样例的占位值，网站上线前必须改成本网站的",
        "请网站管理员在设置文件 {file} 中改写这几项：网站标识码（SITE_ID_CODE）随网站开办登记取得，"
        "网址（SITEURL）、域名（SITE_DOMAIN）和主办单位（SITE_OWNER）按实际填写；publish.py settings 列出各项的说明"),
}

# By the value of core.identifiers.Registrant (not imported: the catalogue imports nothing of the project).
_REGISTRANTS = {"enterprise": "企业", "sole-trader": "个体工商户", "cooperative": "农民专业合作社",
                "public-body": "机关或事业单位", "social-organisation": "社会组织", "organisation": "单位"}


def _names_found(found: object) -> str:
    """(name, places, count) of each name: “甲公司”（朔城科罚〔2026〕1号、… 等 5 条）."""
    return "；".join(f"“{name}”（{'、'.join(places)}{f' 等 {count} 条' if count > len(places) else ''}）"
                    for name, places, count in found)

# By the value of core.settings.DayUnit (not imported: settings read the kind table, which reads values).
_DAY_UNITS = {"working": "个工作日", "calendar": "天"}
# How a particular reads where a template gives a format spec.
_SPECS: dict[str, Callable[[object], str]] = {
    "list": lambda items: "、".join(map(str, items)),
    "quoted": lambda items: "、".join(f"“{item}”" for item in items),
    "quoted-and": lambda items: "和".join(f"“{item}”" for item in items),
    "for-example": lambda example: f"，例如：{example}" if example else "",
    "day-unit": lambda unit: _DAY_UNITS[unit],
    "five-thousand": lambda unit: "5000" if unit == "元" else "0.5",  # 五千元 in the unit of an amount's column
    "registrant": lambda registrant: _REGISTRANTS[registrant],
    "names-found": _names_found,
    "did-you-mean": lambda nearest: "，是不是：" + "、".join(f"“{item}”" for item in nearest) + "？" if nearest else "",
}


class _Formatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in _SPECS:
            return _SPECS[format_spec](value)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def render(template: str, context: Mapping[str, object]) -> str:
    """A template with a problem's fields and particulars filled in; a missing one raises KeyError."""
    return _FORMATTER.vformat(template, (), context)
