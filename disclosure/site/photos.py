"""Officers' photos as the site publishes them: made again from the checked file, never copied.

Each is turned upright (its EXIF orientation), scaled to fit BOX, composed on white and encoded anew as a JPEG
from bare pixels: no EXIF (GPS position, camera, time), no ICC profile, XMP or comment of the original reaches
the site. Only the photos the rules handed on are here (rules/photos.py: officers published, certificates in
force on the build's day), each on its officer's publication.
"""

from __future__ import annotations

import io
import os

from PIL import Image, ImageOps

from disclosure.public.addresses import photo_path
from disclosure.public.types import Decisions, Photo
from disclosure.runtime.cache import file_digest
from disclosure.runtime.output import OutputTree
from disclosure.runtime.progress import Progress

BOX = (300, 400)  # at most this wide and high (a portrait, 3:4), whatever the original's size
QUALITY = 85
_VERSION = "1"  # of the resizing: a change here makes every photo again


def size_of(photo: Photo) -> tuple[int, int]:
    """The published photo's width and height: the original's, scaled down to fit BOX (never up)."""
    scale = min(BOX[0] / photo.width, BOX[1] / photo.height, 1)
    return max(1, round(photo.width * scale)), max(1, round(photo.height * scale))


def write(decisions: Decisions, output: OutputTree, progress: Progress) -> None:
    photos = {p.photo.digest: p.photo for p in decisions.live if p.photo is not None}
    with progress.stage("生成执法人员照片", len(photos)) as advance:
        for photo in photos.values():
            path, fingerprint = photo_path(photo), f"{photo.digest}-{_VERSION}-{BOX}-{QUALITY}"
            if output.holds(path, fingerprint):
                output.keep(path)
            elif (data := _published_bytes(photo)) is not None:
                output.write(path, data, fingerprint)
            advance(1)


def _published_bytes(photo: Photo) -> bytes | None:
    """None when the file changed or went since it was checked: the next build checks it again."""
    try:
        if not os.path.isfile(photo.source) or file_digest(photo.source) != photo.digest:
            return None
        with Image.open(photo.source, formats=["JPEG", "PNG"]) as original:
            upright = ImageOps.exif_transpose(original)
            pixels = upright.convert("RGBA").resize(size_of(photo), Image.Resampling.LANCZOS)
    except Exception:  # noqa: BLE001 - a photo that fails now is left out (its page shows it missing), never the build
        return None
    clean = Image.new("RGB", pixels.size, "white")  # a new image: nothing of the original's info comes along
    clean.paste(pixels, mask=pixels.getchannel("A"))
    stream = io.BytesIO()
    clean.save(stream, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return stream.getvalue()
