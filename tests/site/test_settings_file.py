"""The settings file as the webmaster writes it, through the real publish.py: checked once before any work,
a wrong value a Chinese line and exit code 2, what the file changes taking effect on the pages."""

from __future__ import annotations

import pytest

from disclosure import cli
from tests.conftest import PENALTY_HEADER, PROJECT, Workspace, penalty_row, write_workbook


def settings_file(space: Workspace, extra: str = "", base: str = "from pelicanconf import *\n"):
    path = space.root / "settings.py"
    path.write_text(f"{base}PATH = {str(PROJECT / 'content')!r}\nTHEME = {str(PROJECT / 'theme')!r}\n{extra}",
                    encoding="utf-8")
    return path


def with_penalties(space: Workspace, count: int) -> None:
    agency = space.agency()
    write_workbook(agency / "处罚.xlsx", {"行政处罚决定": [PENALTY_HEADER, *(penalty_row(n) for n in range(1, count + 1))]})


def nothing_was_done(space: Workspace) -> bool:
    """No workbook read (the cache), no report, no site."""
    return not any((space.root / name).exists() for name in (".cache", "reports", "build"))


@pytest.mark.parametrize("command", ["check", "build", "preview", "settings"])
def test_a_wrong_value_stops_every_command_that_reads_settings_before_any_work(workspace, capsys, command):
    with_penalties(workspace, 1)
    path = settings_file(workspace, 'PUBLICATION_DEADLINE_UNIT = "weeks"\n')
    args = ["settings", "--settings", str(path)] if command == "settings" else \
        workspace.args(command, "--settings", str(path))
    assert cli.main(args) == 2
    error = capsys.readouterr().err
    assert "设置 PUBLICATION_DEADLINE_UNIT 的值“weeks”无效，可选：working（工作日）、calendar（自然日）" in error
    assert f"设置文件 {path} 有误，未做任何处理" in error
    assert nothing_was_done(workspace)


@pytest.mark.parametrize(("line", "expected"), [
    ('PORTAL_PAGE_SIZE = "50"', "设置 PORTAL_PAGE_SIZE 的值“50”无效，应为1 到 1000 之间的整数，不加引号"),
    ('SITEURL = "zfgs.example.gov.cn"', "设置 SITEURL 的值“zfgs.example.gov.cn”无效，应为网站的完整地址"),
    ('SITE_ID_CODE = 1406000001', "设置 SITE_ID_CODE 的值“1406000001”无效，应为10 位字母或数字，写在引号中"),
    ('PUBLICATION_DEADLINE_DAYS = {"penalty": 7}', "其中的键“penalty”无效，键可选：penalties（行政处罚决定）"),
    ('LOW_FINE_WAN_YUAN = {"自然人": "二百元"}', "其中 自然人 的值“二百元”无效，应为不小于 0 的金额（万元）"),
    ("del SITE_OWNER", "缺少设置 SITE_OWNER（主办单位"),
    ("SITENAME = (", "无法运行：第 4 行有语法错误"),
    ("THEME = 'my-theme'", "设置 THEME 的目录“"),
], ids=["integer", "address", "text", "dict-key", "dict-value", "missing", "python", "folder"])
def test_each_kind_of_wrong_value_is_a_chinese_line_and_exit_code_2_without_traceback(workspace, line, expected):
    workspace.agency()
    result = workspace.publish_subprocess("check", "--settings", str(settings_file(workspace, line + "\n")))
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert nothing_was_done(workspace)


def test_a_misspelt_name_is_said_with_the_errors_it_may_explain(workspace, capsys):
    path = settings_file(workspace, "del SITE_OWNER\nSITE_OWENR = '示范县人民政府司法局'\n")
    assert cli.main(["settings", "--settings", str(path)]) == 2
    error = capsys.readouterr().err
    assert "缺少设置 SITE_OWNER" in error and "SITE_OWENR 不是本平台的设置，不起作用；是不是想写 SITE_OWNER？" in error


def test_a_misspelt_setting_and_a_fixed_one_are_warned_about_and_the_rest_goes_on(workspace, capsys):
    path = settings_file(workspace, 'SITE_URL = "https://other.example.gov.cn"\nARTICLE_SAVE_AS = "{slug}.html"\n'
                                    "MY_OWN_THEME_COLOUR = 'red'\n")
    assert cli.main(["settings", "--settings", str(path)]) == 0
    captured = capsys.readouterr()
    assert "注意：设置文件中的 SITE_URL 不是本平台的设置，不起作用；是不是想写 SITEURL？" in captured.err
    assert "注意：设置 ARTICLE_SAVE_AS 由程序固定，设置文件中的值不起作用" in captured.err
    assert "MY_OWN_THEME_COLOUR" not in captured.err


def test_publish_settings_prints_the_table_with_defaults_and_what_the_file_changed(workspace, capsys):
    path = settings_file(workspace, "WITHDRAWAL_DEADLINE_UNIT = 'working'\n")
    assert cli.main(["settings", "--settings", str(path)]) == 0
    out = capsys.readouterr().out
    block = out.split("WITHDRAWAL_DEADLINE_UNIT\n", 1)[1].split("\n", 4)
    assert block[:4] == ["    撤下时限按工作日还是自然日计算（有的行业按工作日，如市场监管总局令第45号）",
                         "    取值：working（工作日）、calendar（自然日）", "    默认：'calendar'", "    当前：'working'（已改）"]
    assert "SITE_OWNER\n" in out and "默认：无，必须设置" in out


def test_what_the_portal_s_file_sets_overrides_the_default_on_the_pages(workspace):
    with_penalties(workspace, 25)
    path = settings_file(workspace, "SITENAME = '朔城区行政执法公示平台'\nPORTAL_PAGE_SIZE = 10\n"
                                    "SITE_ICP_NUMBER = '晋ICP备00000001号'\n")
    site = workspace.build("--settings", str(path))
    listing = sorted(p.name for p in (site.root / "penalties").glob("*.html"))
    assert listing == ["index.html", "page-2.html", "page-3.html"]
    page = site.html(site.record_pages("penalties")[0].relative_to(site.root).as_posix())
    assert page.title.string.endswith("- 朔城区行政执法公示平台")
    assert "晋ICP备00000001号" in page.find("footer").get_text()


def test_a_changed_dict_setting_that_pages_show_renders_them_again(workspace):
    """A changed footer setting renders every page again: the footer does not keep the old 备案号."""
    with_penalties(workspace, 3)
    path = settings_file(workspace, "SITE_ICP_NUMBER = '晋ICP备00000001号'\n")
    workspace.build("--settings", str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("00000001", "00000002"), encoding="utf-8")
    site = workspace.build("--settings", str(path))
    pages = [*site.record_pages("penalties"), site.root / "index.html", site.root / "penalties" / "index.html"]
    assert all("晋ICP备00000002号" in page.read_text(encoding="utf-8") for page in pages)


@pytest.mark.parametrize(("line", "expected"), [
    ("SITENAME = (", "第 4 行有语法错误：括号“(”没有配对的另一半（这一行是：SITENAME = (）"),
    ("SITENAME = '晋北'，", "第 4 行有语法错误：有中文标点或全角字符“，”，请改用英文（半角）符号"),
    ("SITENAME = 'abc", "第 4 行有语法错误：字符串缺少结尾的引号"),
    ("  SITENAME = 'x'", "第 4 行有语法错误：行首有多余的空格（缩进）"),
    ("SITENAME = 朔州", "第 4 行使用了未定义的名称 朔州（文字要写在引号中，如 \"朔州\"）"),
    ("import nosuchmodule", "第 4 行导入的模块 nosuchmodule 不存在"),
    ("PORTAL_PAGE_SIZE = 100 // 0", "第 4 行除以了零"),
    ("SITE_OWNER = {}['x']", "第 4 行运行出错（KeyError）：请检查这一行的写法"),
], ids=["bracket", "chinese-comma", "quote", "indent", "name", "import", "zero", "other"])
def test_a_settings_file_that_does_not_run_is_told_by_its_line_in_chinese(workspace, line, expected):
    workspace.agency()
    path = settings_file(workspace, line + "\n")
    result = workspace.publish_subprocess("check", "--settings", str(path))
    assert result.returncode == 2, result.stderr
    assert f"设置文件 {path} 无法运行：{expected}" in result.stderr
    assert "Error" not in result.stderr.replace("KeyError", "") and "never closed" not in result.stderr
    assert "内部出错" not in result.stderr and nothing_was_done(workspace)


def test_a_wrong_value_is_told_with_the_line_that_sets_it(workspace, capsys):
    workspace.agency()
    path = settings_file(workspace, 'SITENAME = "公示平台"\nPORTAL_PAGE_SIZE = "50"\nTHEME = "nowhere"\n')
    assert cli.main(workspace.args("check", "--settings", str(path))) == 2
    error = capsys.readouterr().err
    assert "  第 5 行：设置 PORTAL_PAGE_SIZE 的值“50”无效" in error


def test_a_missing_folder_is_told_with_the_line_that_names_it(workspace, capsys):
    workspace.agency()
    path = settings_file(workspace, 'THEME = "nowhere"\n')
    assert cli.main(workspace.args("check", "--settings", str(path))) == 2
    assert "  第 4 行：设置 THEME 的目录“" in capsys.readouterr().err
