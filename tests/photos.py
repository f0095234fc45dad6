"""Officers' photos for the tests, made with Pillow: a phone's JPEG with its GPS position, camera, time, ICC profile
and comment in it, a PNG with transparency, and the files a clerk gets wrong (too small, too large, not a picture)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PIL import Image

from tests.conftest import Workspace, write_workbook

GPS_IFD = 0x8825
OFFICER_HEADER = ["姓名", "职务", "执法证号", "执法类别/领域", "执法区域", "有效期至", "证件状态", "照片"]
IN_FORCE = dt.date(2028, 12, 31)


def officer(name: str, number: str, photo: str = "", until: dt.date = IN_FORCE, status: str = "有效") -> list:
    return [name, "科员", number, "科技管理", "朔城区", until, status, photo]


def phone_jpeg(size: tuple[int, int] = (1200, 1600), colour: tuple[int, int, int] = (40, 90, 160)) -> bytes:
    """A JPEG as a phone writes it: EXIF with the GPS position (IFD 0x8825), camera and time, an ICC profile and a
    comment. The tests check the source holds them, so that their absence in the build means something."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x0132] = "2026:11:01 10:00:00"  # DateTime
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 49.0)})
    stream = io.BytesIO()
    image.save(stream, "JPEG", exif=exif, icc_profile=b"\0" * 128, comment=b"taken at home, Lane 5")
    return stream.getvalue()


def png_with_alpha(size: tuple[int, int] = (300, 400), colour: tuple[int, int, int] = (20, 140, 60)) -> bytes:
    image = Image.new("RGBA", size, (*colour, 255))
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    stream = io.BytesIO()
    image.save(stream, "PNG")
    return stream.getvalue()


def bmp(size: tuple[int, int] = (300, 400)) -> bytes:
    stream = io.BytesIO()
    Image.new("RGB", size, (200, 200, 0)).save(stream, "BMP")
    return stream.getvalue()


def put_photo(folder: Path, name: str, data: bytes) -> Path:
    path = folder / "照片" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# Each photo its own colour: what the build shows of a photo is told by its colour, whatever the re-encoding did.
GOOD = (40, 90, 160)
EXPIRED = (160, 40, 160)
HELD = (230, 20, 20)
NAMELESS = (20, 200, 200)
COLUMN = (20, 140, 60)


def photo_portal(workspace: Workspace) -> Workspace:
    """One agency whose roster has a photo for every case: good (a phone's JPEG with GPS), named in the 照片 column
    (a PNG), expired, held back by the rules (an ID number as 执法证号), a row that is no record (姓名 blank), and
    the files a clerk gets wrong."""
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [
        OFFICER_HEADER,
        officer("李明", "14060219001"),
        officer("王芳", "14060219002", until=dt.date(2025, 12, 31)),
        officer("孙丽", "14060219005"),
        officer("周杰", "14060219006"),
        officer("吴敏", "14060219007"),
        officer("郑华", "14060219008", photo="郑华.png"),
        officer("冯刚", "14060219009", photo="冯刚.jpg"),
        officer("陈静", "11010519491231002X"),
        officer("", "14060219010"),
    ]})
    put_photo(agency, "14060219001.jpg", phone_jpeg(colour=GOOD))
    put_photo(agency, "14060219002.jpg", phone_jpeg((600, 800), EXPIRED))
    put_photo(agency, "14060219005.jpg", bmp())  # a BMP named .jpg
    put_photo(agency, "14060219006.jpg", phone_jpeg((600, 800)) + b"\0" * (6 * 1024 * 1024))
    put_photo(agency, "14060219007.jpg", phone_jpeg((100, 130)))
    put_photo(agency, "郑华.png", png_with_alpha(colour=COLUMN))
    put_photo(agency, "11010519491231002X.jpg", phone_jpeg((600, 800), HELD))
    put_photo(agency, "14060219010.jpg", phone_jpeg((600, 800), NAMELESS))
    return workspace
