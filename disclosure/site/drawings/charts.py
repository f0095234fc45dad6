"""Bar charts drawn at build time as inline SVG: no chart script, nothing to download, and the
page's data table beside each chart is the accessible version of the same figures.

Presentation attributes only (fill=, font-size=): the site's Content-Security-Policy allows
no inline style.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from disclosure.site.drawings.flowchart import text_em

WIDTH = 640
BAR_HEIGHT = 26
GAP = 10
LABEL_EM = 11  # room for eleven wide characters before a label is cut
FONT_SIZE = 14
BAR_COLOUR = "#1d4f91"  # 8.9:1 on white
TEXT_COLOUR = "#1b1b1b"
FONTS = '"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif'


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the reader reads it: "12 条", "3.5 万元", "87.5%"


def shorten(text: str, em: float) -> str:
    if text_em(text) <= em:
        return text
    while text and text_em(text) > em - 1:
        text = text[:-1]
    return text + "…"


def bar_chart(title: str, bars: list[Bar], maximum: float | None = None) -> Markup:
    """Horizontal bars, one per row, largest scale first given by maximum (default: the largest value)."""
    chart_id = "chart-" + hashlib.blake2b(f"{title}|{bars}".encode(), digest_size=5).hexdigest()
    label_width = LABEL_EM * FONT_SIZE + 8
    value_room = 110
    scale = (WIDTH - label_width - value_room) / (maximum or max((b.value for b in bars), default=0) or 1)
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" font-family=\'{FONTS}\' font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{chart_id}-title">{escape(title)}（数据见旁边的表格）</title>',
    ]
    for index, bar in enumerate(bars):
        top = GAP + index * (BAR_HEIGHT + GAP)
        middle = top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        length = max(bar.value * scale, 1 if bar.value else 0)
        parts.append(
            f'<text x="{label_width - 8}" y="{middle:.1f}" text-anchor="end">{escape(shorten(bar.label, LABEL_EM))}</text>'
            f'<rect x="{label_width}" y="{top}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{middle:.1f}">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
