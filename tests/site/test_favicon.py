"""FAVICON: the webmaster's own icon is linked from every page under a content-hashed name, holding its bytes;
a missing, oversized or wrongly typed file stops the build before any work, saying why in Chinese."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from disclosure import cli
from tests.site.test_settings_file import nothing_was_done, settings_file, with_penalties


def icon_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (160, 20, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def linked_icon(site, page: str) -> str:
    return site.html(page).find("link", rel="icon")["href"]


def test_the_webmaster_s_icon_is_linked_from_every_page_and_hashed(workspace):
    with_penalties(workspace, 2)
    (workspace.root / "icon.png").write_bytes(icon_png())
    site = workspace.build("--settings", str(settings_file(workspace, "FAVICON = 'icon.png'\n")))
    pages = ["index.html", "contact.html", site.record_pages("penalties")[0].relative_to(site.root).as_posix()]
    hrefs = {page: linked_icon(site, page) for page in pages}
    assert all(href.endswith(".png") and "/static/favicon." in "/" + href.lstrip("./") for href in hrefs.values()), hrefs
    href = hrefs["index.html"]
    assert (site.root / href).read_bytes() == icon_png()
    (workspace.root / "icon.png").write_bytes(icon_png()[:-12] + b"changed-icon")
    site = workspace.build("--settings", str(settings_file(workspace, "FAVICON = 'icon.png'\n")))
    assert linked_icon(site, "index.html") != href, "a changed icon keeps its old name: browsers would cache it"


def test_without_favicon_the_theme_s_svg_is_linked(workspace):
    with_penalties(workspace, 1)
    site = workspace.build("--settings", str(settings_file(workspace)))
    assert linked_icon(site, "index.html").endswith(".svg")


@pytest.mark.parametrize(("content", "line", "expected"), [
    (None, "FAVICON = 'icon.png'", "设置 FAVICON 的图标文件“icon.png”不存在"),
    (b"x" * (101 * 1024), "FAVICON = 'icon.png'", "有 101 KB，超过 100 KB"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "FAVICON = 'icon.svg'",
     "含有脚本、事件或指向其他网站的链接，不能作为网站图标"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/x.png"/></svg>',
     "FAVICON = 'icon.svg'", "含有脚本、事件或指向其他网站的链接"),
    (b"GIF89a", "FAVICON = 'icon.gif'", "设置 FAVICON 的值“icon.gif”无效，应为图标文件（.ico、.png 或 .svg"),
])
def test_a_wrong_icon_stops_the_build_before_any_work(workspace, capsys, content, line, expected):
    with_penalties(workspace, 1)
    if content is not None:
        (workspace.root / line.split("'")[1]).write_bytes(content)
    assert cli.main(workspace.args("build", "--settings", str(settings_file(workspace, line + "\n")))) == 2
    assert expected in capsys.readouterr().err
    assert nothing_was_done(workspace)
