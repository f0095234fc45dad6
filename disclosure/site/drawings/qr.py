"""QR codes as inline SVG, made at build time: printed on an officer's card, the code takes a
citizen's phone straight to the certificate's page on the portal."""

from __future__ import annotations

import io
from html import escape

import segno
from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    """Error correction M survives a worn or partly covered card; the quiet zone is the standard 4 modules."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    stream = io.BytesIO()
    code.save(stream, kind="svg", xmldecl=False, svgns=True, omitsize=True, nl=False, scale=4, border=4,
              svgclass="qr", lineclass=None, dark="#000", light="#fff")
    svg = stream.getvalue().decode()
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
