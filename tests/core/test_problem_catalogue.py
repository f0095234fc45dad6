"""The catalogue of problems: each code's severity and the exact Chinese a clerk reads, tested once here.

Elsewhere tests assert a problem's code and where it is; the sentences are this module's business.
"""

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest

from disclosure.core.problem_catalogue import CATALOGUE, Severity
from disclosure.core.problems import Problem, details
from disclosure.core.settings import DayUnit

ERROR, WARNING = Severity.ERROR, Severity.WARNING
PACKAGE = Path(__file__).resolve().parents[2] / "disclosure"
CATALOGUE_MODULE = PACKAGE / "core" / "problem_catalogue.py"
OWN_FIELDS = {field.name for field in fields(Problem)} - {"code", "details"}

# code, severity, a sample of the problem's fields and particulars, the message and the fix it reads as.
WORDING = [
    ('empty-file', WARNING, {},
     '文件中没有任何内容',
     '如放错了文件，请换成要报送的文件；不需要时请删除'),
    ('zero-byte-file', WARNING, {},
     '文件是空的（0 字节），可能是复制或保存时出错', '请用 Excel 或 WPS 打开原来的工作簿，另存为 .xlsx 后重新报送；不需要时请删除'),
    ('content-is-html', WARNING, {'suffix': '.xls'},
     '文件名是“.xls”，但内容其实是网页（HTML）表格；系统已按其内容读取',
     '为避免格式出错，请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）'),
    ('content-is-csv', WARNING, {'suffix': '.xlsx'},
     '文件名是“.xlsx”，但内容其实是CSV 文本；系统已按其内容读取',
     '为避免格式出错，请用 Excel 打开后“另存为”Excel 工作簿（.xlsx）'),
    ('oversized-used-range', WARNING, {'far_cell': 'XFD1048576', 'columns': 256},
     '工作表的使用范围一直延伸到 XFD1048576 单元格，系统只读取了前 256 列',
     '多半是误输入或整行整列设置了格式：按 Ctrl+End 跳到最后一个单元格，删除数据右侧和下方多余的行列后保存'),
    ('password-protected', ERROR, {},
     '文件设置了打开密码，系统无法读取',
     '请取消密码保护（文件→信息→保护工作簿→用密码进行加密，清空密码）后重新放入'),
    ('file-too-large', ERROR, {},
     '文件太大，超出系统可读取的范围',
     '请删除多余的行列，或把数据分成几个文件报送'),
    ('unknown-encoding', ERROR, {},
     '文件的文字编码无法识别',
     '请用 Excel 另存为“CSV UTF-8（逗号分隔）”或 xlsx 格式'),
    ('unreadable-file', ERROR, {},
     '文件已损坏或不是有效的 Excel/CSV 文件，无法读取',
     '请用 Excel 打开确认内容完整，另存为 xlsx 格式后重新放入'),
    ('symlink-not-followed', ERROR, {'file': '甲局/passwd.csv', 'what': '文件', 'target': '/etc/passwd'},
     '文件“甲局/passwd.csv”是符号链接（指向 /etc/passwd）：系统不跟随符号链接，没有读取其中的内容，也不会公示',
     '请网站管理员删除这个链接，把文件本身复制到这里（链接可能指向 data/ 以外的内容，系统为安全起见一律不读取）'),
    ('photo-wrong-format', WARNING, {'file': '甲局/照片/14060219001.jpg'},
     '照片“甲局/照片/14060219001.jpg”不是 JPEG 或 PNG 图片，没有采用；该执法人员的信息照常公示，只是不显示照片',
     '请用画图、WPS 或手机相册把照片另存为 JPG（或 PNG）格式，以执法证号命名后放回“照片”文件夹'),
    ('photo-too-large', WARNING, {'file': '甲局/照片/14060219001.jpg', 'size_mb': '6.2', 'limit_mb': 5},
     '照片“甲局/照片/14060219001.jpg”有 6.2 MB，超过了 5 MB 的上限，没有采用；该执法人员的信息照常公示，只是不显示照片',
     '请把照片缩小或压缩后（如用画图“重新调整大小”到宽 600 像素左右）重新放入；网站只显示 300×400 像素的照片'),
    ('photo-too-small', WARNING, {'file': '甲局/照片/14060219001.jpg', 'width': 100, 'height': 130, 'min_width': 150, 'min_height': 200},
     '照片“甲局/照片/14060219001.jpg”只有宽 100、高 130 像素，小于宽 150、高 200 像素，印在公示牌上会模糊，没有采用；该执法人员的信息照常公示，只是不显示照片',
     '请换用更清晰的原始照片（证件照宽度至少 150 像素、高度至少 200 像素）'),
    ('photo-too-many-pixels', WARNING, {'file': '甲局/照片/14060219001.jpg', 'width': 8000, 'height': 6000, 'max_side': 6000},
     '照片“甲局/照片/14060219001.jpg”宽 8000、高 6000 像素，超过了长边 6000 像素的上限，没有采用；该执法人员的信息照常公示，只是不显示照片',
     '请把照片缩小（如宽 600 像素、高 800 像素）后重新放入'),
    ('photo-unusual-pixels', WARNING, {'file': '甲局/照片/14060219001.png'},
     '照片“甲局/照片/14060219001.png”是 16 位或特殊色彩格式的图片，网站无法正确显示，没有采用；该执法人员的信息照常公示，只是不显示照片',
     '请用画图、WPS 或手机相册把照片另存为普通的 JPG 格式，以执法证号命名后放回“照片”文件夹'),
    ('photo-unreadable', WARNING, {'file': '甲局/照片/14060219001.jpg'},
     '照片“甲局/照片/14060219001.jpg”已损坏或不完整，无法打开，没有采用；该执法人员的信息照常公示，只是不显示照片',
     '请从原始照片重新复制一份放入“照片”文件夹'),
    ('photo-not-found', WARNING, {'column': '照片', 'value': '李明.jpg'},
     '“照片”写的是“李明.jpg”，但本单位的“照片”文件夹中没有这个文件；该执法人员的信息照常公示，只是不显示照片',
     '请把照片放入本单位文件夹中的“照片”子文件夹，并核对文件名（含 .jpg 等后缀）与这一栏一致；不提供照片的请清空这一栏'),
    ('photo-unmatched', WARNING, {'file': '甲局/照片/李明.jpg'},
     '照片“甲局/照片/李明.jpg”的文件名不是本单位执法人员清单中的执法证号，也没有哪一行的“照片文件名”栏写了它，没有采用',
     '照片请以执法证号命名（如 14060219001.jpg）；该人员不在清单中或信息未通过检查的，请先补上或改正清单中的那一行'),
    ('photo-several', WARNING, {'record': '14060219001', 'files': ('14060219001.jpg', '14060219001.png'), 'used': '14060219001.jpg'},
     '执法证号 14060219001 有多张照片（“14060219001.jpg”、“14060219001.png”），已采用“14060219001.jpg”',
     '每位执法人员只放一张照片：请删除多余的照片'),
    ('header-not-found', ERROR, {'sheet_kind': '行政处罚决定', 'rows': 20},
     '工作表名为“行政处罚决定”，但前 20 行中找不到它的表头',
     '请按模板中的列名填写表头（如“行政处罚决定书文号”“处罚决定日期”），表头放在数据上方一行'),
    ('unknown-sheet', ERROR, {},
     '无法识别这张表：工作表名称和表头都不是系统认识的表格',
     '请使用系统提供的模板，工作表名称保持为模板中的名称（如“行政处罚决定”）'),
    ('ambiguous-sheet', ERROR, {'kinds': ('行政处罚决定', '其他执法决定')},
     '无法确定这张表是哪一类：表头同样符合 “行政处罚决定”、“其他执法决定”',
     '请把工作表改名为模板中的名称，例如“行政处罚决定”'),
    ('missing-columns', ERROR, {'columns': ('处罚依据', '处罚类别'), 'header_row': 3, 'rows': 2},
     '表头缺少必填列：处罚依据、处罚类别（第3行为表头），本表 2 行数据均未公示',
     '请在表头补上这些列并填写内容；列名可参照系统模板'),
    ('uncalculated-formula', ERROR, {'column': '罚款金额（万元）', 'value': '=0.2+0.3'},
     '“罚款金额（万元）”是公式（=0.2+0.3），但文件里没有保存它的计算结果',
     '请用 Excel 或 WPS 打开这个文件，等公式算出结果后保存；也可以把公式“选择性粘贴”为数值'),
    ('required-cell-blank', ERROR, {'column': '违法事实', 'label': '违法事实', 'example': '未按规定报送年度报告材料。'},
     '“违法事实”是必填项，不能为空',
     '请填写违法事实，例如：未按规定报送年度报告材料。'),
    ('invalid-resident-id', ERROR, {'column': '证件号码'},
     '“证件号码”不是有效的居民身份证号码（应为18位，最后一位可为X）',
     '请核对证件号码；如为其他证件，请在“证件类型”中注明'),
    ('resident-id-check-digit', WARNING, {},
     '身份证号码校验位不正确，可能有输错的数字',
     '请与证件原件核对（此号码不会公示）'),
    ('duplicate-record', ERROR, {'earlier_file': '局/a.xlsx', 'earlier_sheet': '行政处罚决定', 'earlier_row': 2, 'column': '行政处罚决定书文号'},
     '与 局/a.xlsx 工作表「行政处罚决定」第2行的行政处罚决定书文号重复，本行未公示',
     '同一行政处罚决定书文号只能登记一次：如是更正，请直接修改原来那一行并删除本行'),
    ('invalid-date', ERROR, {'column': '处罚决定日期', 'written': '2024-02-30', 'example_date': '2024-03-05'},
     '“处罚决定日期”中的“2024-02-30”不是有效日期',
     '请填写真实存在的日期，格式如 2024-03-05'),
    ('invalid-date-number', ERROR, {'column': '处罚决定日期', 'written': '0.5', 'example_date': '2024-03-05'},
     '“处罚决定日期”中的“0.5”不是有效日期',
     '请填写日期，格式如 2024-03-05'),
    ('not-an-amount', ERROR, {'column': '罚款金额（万元）', 'written': '五千', 'unit': '万元'},
     '“罚款金额（万元）”中的“五千”不是金额',
     '请只填写数字，单位为万元，例如 0.5 表示五千元'),
    ('negative-amount', ERROR, {'column': '罚款金额（万元）'},
     '“罚款金额（万元）”中的金额不能为负数',
     '请填写不小于 0 的金额'),
    ('not-an-integer', ERROR, {'column': '步骤编号', 'written': '1.5'},
     '“步骤编号”中的“1.5”不是整数',
     '请填写整数，例如 3'),
    ('not-yes-or-no', ERROR, {'column': '是否重大执法决定', 'written': '也许'},
     '“是否重大执法决定”只能填“是”或“否”，现填的是“也许”',
     '请从下拉列表选择“是”或“否”'),
    ('not-a-choice', ERROR, {'column': '行政相对人类别', 'written': '法人单位', 'choices': ('法人及非法人组织', '自然人', '个体工商户'),
                             'nearest': ('法人及非法人组织',)},
     '“行政相对人类别”中的“法人单位”不是可选的值，是不是：“法人及非法人组织”？',
     '请从下拉列表中选择：法人及非法人组织、自然人、个体工商户'),
    ('not-choices', ERROR, {'column': '处罚类别', 'unknown': ('罚金', '训诫'), 'choices': ('警告', '罚款'), 'nearest': ('罚款',)},
     '“处罚类别”中的“罚金、训诫”不是可选的值，是不是：“罚款”？',
     '请填写以下一项或几项，用分号隔开：警告、罚款'),
    ('invalid-uscc', ERROR, {'column': '统一社会信用代码', 'written': 'XYZ'},
     '“统一社会信用代码”中的“XYZ”不是有效的统一社会信用代码（应为18位数字或大写字母，不含 I、O、Z、S、V）',
     '请对照营业执照或登记证书上的代码重新填写'),
    ('uscc-check-digit', WARNING, {'uscc': '91140602MA0K2B3C4A'},
     '统一社会信用代码“91140602MA0K2B3C4A”的校验位不正确，可能有输错的字符',
     '请对照营业执照或登记证书核对；如确认无误可忽略此提示'),
    ('agency-profile-missing', ERROR, {'count': 1},
     '没有可用的“机关信息”，本文件夹的 1 条信息均未公示',
     '请放入填写完整的“机关信息”工作簿（一行表头、一行内容，含机关名称和统一社会信用代码），并改正其中标为错误的单元格'),
    ('extra-agency-profile', ERROR, {'used_file': '局/机关信息.xlsx', 'used_row': 2},
     '“机关信息”只能有一行，已采用 局/机关信息.xlsx 第2行，本行未采用',
     '请删除多余的机关信息行'),
    ('agency-code-disputed', ERROR, {'uscc': '11140602MB00000090', 'owner': '乙文件夹', 'count': 3},
     '统一社会信用代码 11140602MB00000090 也出现在文件夹“乙文件夹”的机关信息中：无法确定哪个文件夹是这个单位，'
     '本文件夹的 3 条信息均未公示',
     '一个执法机关只用一个文件夹：请把工作簿合并到其中一个文件夹并删除另一个，或改正填错了代码的机关信息'),
    ('not-own-decision-code', ERROR, {'agency_name': '朔州市朔城区科学技术局', 'agency_code': '11140602MB00000090'},
     '该决定的机关代码不是本单位（朔州市朔城区科学技术局，11140602MB00000090），不能在本单位名下公示',
     '谁执法谁公示：请把这一行交给作出决定的机关报送，或改正机关代码'),
    ('not-own-decision', ERROR, {'agency_name': '朔州市朔城区科学技术局'},
     '该决定的机关不是本单位（朔州市朔城区科学技术局），不能在本单位名下公示',
     '谁执法谁公示：机关名称请与“机关信息”一致，填写“朔州市朔城区科学技术局”；其他机关的决定由其自行报送'),
    ('authority-name-not-own', ERROR, {'column': '处罚机关', 'value': '朔州市朔城区市场监督管理局',
                                       'agency_name': '朔州市朔城区科学技术局', 'agency_code': '11140602MB00000090'},
     '“处罚机关”写的是“朔州市朔城区市场监督管理局”，机关代码却是本单位（朔州市朔城区科学技术局，11140602MB00000090）的：'
     '名称和代码不是同一个机关，本条未公示',
     '谁执法谁公示：本单位作出的决定，请把机关名称改为与“机关信息”一致的“朔州市朔城区科学技术局”；'
     '其他机关作出的决定，请交给该机关报送，并改正机关代码'),
    ('assumed-major-decision', WARNING, {'item': 'KJ-CF-01'},
     '事项 KJ-CF-01 在重大执法决定法制审核目录中，未填“是否重大执法决定”，已按重大执法决定处理',
     '请在“是否重大执法决定”中填写“是”或“否”'),
    ('review-missing', ERROR, {},
     '重大执法决定须经法制审核且结论为“同意”，本条未公示',
     '请填写法制审核机构、法制审核结论（同意）和法制审核日期'),
    ('review-after-decision', ERROR, {},
     '法制审核日期须在决定日期当天或之前，本条未公示',
     '请核对法制审核日期：未经法制审核不得作出重大执法决定'),
    ('calendar-beyond-coverage', WARNING, {'years': (2027, 2028)},
     '节假日日历尚未包含 2027、2028 年，这些年份的公示期限暂按周一至周五计算',
     '请网站管理员升级 chinesecalendar（requirements.txt 中的版本）后重新构建'),
    ('late-publication', WARNING, {'days': 7, 'unit': 'working', 'deadline': '2026-02-28', 'late': 1},
     '应在决定日期后 7 个工作日内（2026-02-28 前）公示，本次首次公示晚了 1 个工作日',
     '已照常公示；今后请在作出决定后及时报送'),
    ('withdrawal-incomplete', ERROR, {'status': '已撤销', 'missing': ('撤回日期', '撤回理由')},
     '当前状态为“已撤销”，但没有填写“撤回日期”和“撤回理由”',
     '决定变更、撤销或被确认违法、无效的，须填写撤回日期和撤回理由（理由将公开）'),
    ('late-withdrawal', WARNING, {'deadline': '2026-11-21', 'late': 2, 'unit': 'calendar'},
     '撤回应在 2026-11-21 前公开，本次撤回晚了 2 天',
     '决定变更、撤销后，请在规定期限内更新当前状态、撤回日期和理由'),
    ('published-record-missing', ERROR, {'kind': '行政处罚决定', 'name': '朔城科罚〔2026〕2号'},
     '已公示的行政处罚决定“朔城科罚〔2026〕2号”在数据中找不到了（或所在行有错误未通过检查），网站上继续公示原内容',
     '已公示的决定不能直接删除：如决定被变更、撤销，请恢复该行，把“当前状态”改为相应状态并填写撤回日期和撤回理由；如该行有错误，请按报告改正'),
    ('published-record-held-back', ERROR, {'kind': '行政处罚决定', 'name': '朔城科罚〔2026〕2号'},
     '已公示的行政处罚决定“朔城科罚〔2026〕2号”本次所在行有错误未通过检查，网站上继续公示原内容',
     '请按本行的其他提示改正后重新报送；改正前网站不会更新这条记录'),
    ('masked-personal-data', WARNING, {'found': ('身份证号码', '手机号码'), 'column': '违法事实'},
     '“违法事实”中含有身份证号码、手机号码，公示时已隐去',
     '个人信息不应写进公示内容：请改写该段文字，去掉身份证号、电话、银行卡号和自然人姓名'),
    # ---- values that cannot break the build ----
    ('date-out-of-range', ERROR, {'column': '处罚决定日期', 'written': '9999-12-31', 'earliest': '1900-01-01',
                                  'latest': '2099-12-31'},
     '“处罚决定日期”中的“9999-12-31”不在 1900-01-01 至 2099-12-31 之间，多半是输入有误',
     '请核对决定书填写真实日期；长期有效的填 2099-12-31'),
    ('amount-out-of-range', ERROR, {'column': '罚款金额（万元）', 'written': '1e24', 'smallest': '0.000001',
                                    'largest': '100000000'},
     '“罚款金额（万元）”中的“1e24”超出了金额的合理范围（0.000001 至 100000000 万元）',
     '请核对单位是否为万元（5000 元应填 0.5），不要填写科学计数法'),
    ('integer-out-of-range', ERROR, {'column': '步骤编号', 'written': '-1', 'largest': 1000000000},
     '“步骤编号”中的“-1”超出了合理范围（0 至 1000000000）',
     '请填写实际的数目，例如 3'),
    ('invisible-characters-removed', WARNING, {'column': '行政处罚决定书文号'},
     '“行政处罚决定书文号”中含有看不见的控制字符（如零宽空格、文字方向控制符），已删除后公示',
     '多半是从网页或其他系统复制时带入的：请在单元格中重新输入这段文字，以免与其他记录对不上'),
    ('file-not-processed', ERROR, {},
     '处理此文件时程序出错，文件中的记录本次暂不公示；其他文件不受影响',
     '请把此文件交给网站管理员检查；此前已公示的记录在网站上保持原样'),
    ('file-not-approved', ERROR, {'file': '科技局/行政处罚决定.xlsx'},
     '文件“科技局/行政处罚决定.xlsx”未经“报送与审核”服务审核通过（是直接放进数据目录的，或审核通过后又被改动过），'
     '其中的记录本次暂不公示；此前已公示的记录在网站上保持原样',
     '请通过“报送与审核”服务上传这个文件并提交审核，经本单位审核人审核通过后即可公示；'
     '不需要的文件请通过该服务删除，不要直接在数据目录中放入或修改文件'),
    ('resident-id-in-code', ERROR, {'column': '行政相对人代码_1(统一社会信用代码)'},
     '“行政相对人代码_1(统一社会信用代码)”中填写的是居民身份证号码，身份证号码一律不得公示，本条未公示',
     '这一栏只填单位的代码（如统一社会信用代码）：自然人没有这类代码，请把这一栏清空；'
     '身份证号码请填在“证件号码”或“法定代表人证件号码”栏（仅供核对，不会公示）'),
    ('resident-id-in-number', ERROR, {'column': '执法证号'},
     '“执法证号”中填写的是居民身份证号码，身份证号码一律不得公示，本条未公示',
     '这一栏只填文书、证件上印的编号或本机关编定的编码；身份证号码请填在“证件号码”栏（仅供核对，不会公示）'),
    ('resident-id-in-name', ERROR, {'column': '法定代表人'},
     '“法定代表人”中含有居民身份证号码，身份证号码一律不得公示，本条未公示',
     '这一栏只填姓名或单位全称；身份证号码请填在“证件号码”或“法定代表人证件号码”栏（仅供核对，不会公示）'),
    ('agency-code-bound', ERROR, {'agency': '丁局', 'uscc': '11140602MB00000090', 'owner': '乙局', 'count': 2},
     '统一社会信用代码 11140602MB00000090 自首次公示起属于文件夹“乙局”，本文件夹“丁局”不能以它公示，本文件夹的 2 条信息均未公示',
     '一个执法机关只用一个文件夹：请把本文件夹的工作簿移到“乙局”中，或改正“机关信息”中的代码；如确要改用新文件夹，请先把原文件夹“乙局”整个移走'),
    ('summary-row-skipped', WARNING, {'value': '合计', 'keys': ('行政处罚决定书文号',)},
     '这一行以“合计”开头，是合计、备注或填表人一类的行，不是一条信息，已跳过，不会公示',
     '合计、备注、填表人等行可以保留，系统会跳过；如这一行确是一条要公示的信息，请填写“行政处罚决定书文号”'),
    # ---- cross-field checks ----
    ('amount-ten-thousand-times-small', ERROR, {'column': '罚款金额（元）', 'recorded': '5 元', 'stated': '5万元',
                                                'expected': '50000 元'},
     '“罚款金额（元）”为 5 元，处罚内容写的是“5万元”，小了一万倍，本条未公示',
     '多半是把以万元计的数填进了以元为单位的列：按处罚内容应填 50000 元，请核对表头的单位并改正金额后重新报送'),
    ('amount-ten-thousand-times-large', ERROR, {'column': '罚款金额（万元）', 'recorded': '5000 万元', 'stated': '5000元',
                                                'expected': '0.5 万元'},
     '“罚款金额（万元）”为 5000 万元，处罚内容写的是“5000元”，大了一万倍，本条未公示',
     '多半是把以元计的数填进了以万元为单位的列：按处罚内容应填 0.5 万元，请改正金额（或把表头改为以“元”为单位）后重新报送'),
    ('amount-differs-from-content', WARNING, {'column': '罚款金额（万元）', 'recorded': '0.3 万元', 'stated': ('5000元', '伍佰元')},
     '“罚款金额（万元）”为 0.3 万元，与处罚内容中写明的金额（5000元、伍佰元）不一致',
     '请对照处罚决定书核对金额和处罚内容；确认无误可忽略此提示'),
    ('fine-amount-missing', ERROR, {'column': '罚款金额（万元）', 'unit': '万元'},
     '处罚类别含“罚款”，但没有填写罚款金额，本条未公示',
     '请在“罚款金额（万元）”中填写罚款数额（单位为万元，例如 0.5 表示五千元）：罚款数额决定公示期的长短'),
    ('fine-amount-zero', ERROR, {'column': '罚款金额（万元）'},
     '处罚类别含“罚款”，但罚款金额为 0，本条未公示',
     '请对照处罚决定书在“罚款金额（万元）”中填写实际的罚款数额；未处罚款的，从处罚类别中去掉“罚款”'),
    ('fine-without-category', ERROR, {'column': '处罚类别', 'recorded': '0.5 万元'},
     '填写了罚款金额 0.5 万元，但“处罚类别”中没有“罚款”，本条未公示',
     '请对照处罚决定书：处以罚款的，在处罚类别中加上“罚款”；未处罚款的，清空罚款金额（处罚类别决定是否公示和公示期）'),
    ('confiscation-amount-missing', WARNING, {'column': '没收违法所得、没收非法财物的金额（万元）', 'categories': ('没收违法所得',)},
     '处罚类别含“没收违法所得”，但没有填写没收金额',
     '请在“没收违法所得、没收非法财物的金额（万元）”中填写没收的违法所得或非法财物的金额（以万元计）；无法估价的请在备注中说明'),
    ('confiscation-amount-zero', WARNING, {'column': '没收违法所得、没收非法财物的金额（万元）',
                                           'categories': ('没收违法所得', '没收非法财物')},
     '处罚类别含“没收违法所得”、“没收非法财物”，但没收金额为 0',
     '请对照处罚决定书填写没收的违法所得或非法财物的金额；无法估价的请留空并在备注中说明'),
    ('confiscation-without-category', WARNING, {'column': '处罚类别', 'recorded': '0.2 万元'},
     '填写了没收金额 0.2 万元，但“处罚类别”中没有“没收违法所得”或“没收非法财物”',
     '请对照处罚决定书补上处罚类别，或清空没收金额'),
    ('decision-in-future', ERROR, {'column': '处罚决定日期', 'value': '2026-12-25', 'as_of': '2026-12-01'},
     '“处罚决定日期”为 2026-12-25，晚于本次构建的日期 2026-12-01，本条暂不公示',
     '日期无误的，到 2026-12-25 当天或之后构建时自动公示；如填错了，请改正日期'),
    ('amount-above-ceiling', WARNING, {'column': '罚款金额（万元）', 'recorded': '20000 万元', 'ceiling': '10000'},
     '“罚款金额（万元）”为 20000 万元，超过了 10000 万元，金额异常大',
     '请对照处罚决定书核对金额及其单位（1 亿元即 10000 万元）；金额无误的可忽略此提示'
     '（提示的上限由网站管理员在设置 AMOUNT_CEILING_WAN_YUAN 中规定）'),
    ('decided-before-earliest-year', WARNING, {'column': '许可决定日期', 'value': '1924-03-05', 'year': 1990},
     '“许可决定日期”为 1924-03-05，早于 1990 年，可能是年份输错了',
     '请对照决定书（检查记录）核对日期，如把 2024 输成了 1924；日期无误的可忽略此提示'
     '（最早年份由网站管理员在设置 EARLIEST_DECISION_YEAR 中规定）'),
    ('validity-ends-before-start', ERROR, {'column': '有效期至', 'value': '2025-01-01', 'start': '2026-01-01'},
     '“有效期至”2025-01-01 早于有效期自 2026-01-01，本条未公示',
     '请对照许可证书改正有效期；长期有效的填 2099-12-31'),
    ('withdrawal-before-decision', ERROR, {'column': '撤回日期', 'value': '2026-01-01', 'decided': '2026-02-01'},
     '“撤回日期”2026-01-01 早于决定日期 2026-02-01，本条未公示',
     '撤回只能在作出决定之后：请核对撤回日期和决定日期'),
    ('review-dated-after-decision', WARNING, {'column': '法制审核日期', 'value': '2026-02-03', 'decided': '2026-02-01'},
     '“法制审核日期”2026-02-03 晚于决定日期 2026-02-01',
     '法制审核应在作出决定之前完成：请核对法制审核日期；如为重大执法决定，请在“是否重大执法决定”中填写“是”'),
    # ---- identity checks ----
    ('party-code-several-names', WARNING, {
        'uscc': '91140602MA0K2B3C4K', 'count': 2,
        'names': (('朔州市晋北商贸有限公司', ('朔城科罚〔2026〕1号', '朔城科罚〔2026〕2号', '朔城科罚〔2026〕3号'), 5),
                  ('朔州市晋北商贸公司', ('朔城科许〔2026〕7号',), 1))},
     '统一社会信用代码 91140602MA0K2B3C4K 在本单位的记录中写成了 2 个不同的名称：“朔州市晋北商贸有限公司”'
     '（朔城科罚〔2026〕1号、朔城科罚〔2026〕2号、朔城科罚〔2026〕3号 等 5 条）；“朔州市晋北商贸公司”（朔城科许〔2026〕7号）',
     '同一个代码只属于一个单位：请对照营业执照或登记证书，把名称填写一致；如是代码填错了，请改正代码'),
    ('natural-person-with-uscc', WARNING, {'column': '行政相对人代码_1(统一社会信用代码)', 'value': '91140602MA0K2B3C4K',
                                           'type_column': '行政相对人类别', 'registrant': 'enterprise'},
     '“行政相对人类别”为“自然人”，但“行政相对人代码_1(统一社会信用代码)”中填写了企业的统一社会信用代码 91140602MA0K2B3C4K',
     '自然人没有统一社会信用代码：当事人是单位或个体工商户的，请改正“行政相对人类别”；确是自然人的，请清空这一栏'),
    ('organisation-without-uscc', WARNING, {'type_column': '执法对象类别'},
     '“执法对象类别”为“法人及非法人组织”，但没有填写单位的统一社会信用代码',
     '法人及非法人组织都有统一社会信用代码（“17个0加X”只用于没有代码的个体工商户）：请对照营业执照或登记证书填写；'
     '当事人是个体工商户或自然人的，请改正“执法对象类别”'),
    ('organisation-with-sole-trader-uscc', WARNING, {'value': '92140602MA0K2B3C4A', 'type_column': '行政相对人类别'},
     '“行政相对人类别”为“法人及非法人组织”，但统一社会信用代码 92140602MA0K2B3C4A 是个体工商户的代码（前两位为 92）',
     '请核对：当事人是个体工商户的，把“行政相对人类别”改为“个体工商户”；否则请对照营业执照或登记证书改正代码'),
    # ---- the webmaster's settings ----
    ('sample-placeholder-settings', WARNING, {'file': '/srv/zfgs-portal/pelicanconf.py',
                                              'settings': ('SITE_OWNER', 'SITE_ID_CODE')},
     '设置文件 /srv/zfgs-portal/pelicanconf.py 中的 SITE_OWNER、SITE_ID_CODE 还是样例的占位值，网站上线前必须改成本网站的',
     '请网站管理员在设置文件 /srv/zfgs-portal/pelicanconf.py 中改写这几项：网站标识码（SITE_ID_CODE）随网站开办登记取得，'
     '网址（SITEURL）、域名（SITE_DOMAIN）和主办单位（SITE_OWNER）按实际填写；publish.py settings 列出各项的说明'),
]


def problem_of(code: str, sample: dict) -> Problem:
    own = {key: value for key, value in sample.items() if key in OWN_FIELDS}
    particulars = {key: value for key, value in sample.items() if key not in OWN_FIELDS}
    return Problem(code, **own, details=details(**particulars))


@pytest.mark.parametrize("code, severity, sample, message, fix", WORDING, ids=[row[0] for row in WORDING])
def test_each_code_reads_as_the_clerk_has_always_read_it(code, severity, sample, message, fix):
    problem = problem_of(code, sample)
    assert (problem.severity, problem.message, problem.fix) == (severity, message, fix)


def test_every_code_of_the_catalogue_has_its_wording_tested():
    assert [row[0] for row in WORDING] == list(dict.fromkeys(row[0] for row in WORDING))
    assert {row[0] for row in WORDING} == set(CATALOGUE)


@pytest.mark.parametrize("code, severity, sample, message, fix", WORDING, ids=[row[0] for row in WORDING])
def test_rendering_leaves_no_placeholder_and_needs_every_particular_it_names(code, severity, sample, message, fix):
    problem = problem_of(code, sample)
    assert not re.search(r"[{}]", problem.message + problem.fix)
    for name in set(sample) - OWN_FIELDS:  # each particular the sample gives is one the wording needs
        without = problem_of(code, {key: value for key, value in sample.items() if key != name})
        with pytest.raises(KeyError):
            _ = without.message + without.fix


def test_a_deadline_reads_in_either_unit_of_the_settings():
    for unit, words in ((DayUnit.WORKING, "晚了 2 个工作日"), (DayUnit.CALENDAR, "晚了 2 天")):
        problem = problem_of("late-withdrawal", {"deadline": "2026-11-21", "late": 2, "unit": unit.value})
        assert problem.message.endswith(words)


def test_a_problem_with_a_code_not_in_the_catalogue_cannot_be_made():
    with pytest.raises(KeyError):
        Problem("no-such-code")


# Where the code stands in each call that names one: (function name, position of the code argument).
CODE_ARGUMENTS = {"Problem": 0, "ParseFailure": 0, "record_problem": 2, "_file_problem": 1, "_sheet_problem": 1,
                  "_disguised": 1}


def _codes_in_source() -> tuple[set[str], set[str]]:
    """(codes named where a problem is made, every string constant) in disclosure/ outside the catalogue."""
    named, constants = set(), set()
    for path in PACKAGE.rglob("*.py"):
        if path == CATALOGUE_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                position = CODE_ARGUMENTS.get(name)
                if position is not None and len(node.args) > position and isinstance(node.args[position], ast.Constant):
                    named.add(node.args[position].value)
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "code" for t in node.targets) \
                    and isinstance(node.value, ast.Constant):
                named.add(node.value.value)
    return named, constants


def test_every_code_named_in_the_code_is_in_the_catalogue_and_every_catalogue_code_is_used():
    named, constants = _codes_in_source()
    assert len(named) > 30  # the search finds the call sites
    assert named <= set(CATALOGUE), named - set(CATALOGUE)
    assert set(CATALOGUE) <= constants, set(CATALOGUE) - constants
