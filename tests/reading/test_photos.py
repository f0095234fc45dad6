"""Officers' photos as the reading stage finds them: each file checked by its bytes (JPEG or PNG, size, dimensions,
whole), each failure a 警告 naming the file, and each good photo matched to its roster row by 执法证号 or by the
roster's 照片 column."""

from __future__ import annotations

from PIL import Image

from disclosure.core.problems import Severity
from disclosure.reading import data_folder, photos
from disclosure.runtime.progress import Progress
from tests.conftest import write_workbook
from tests.photos import OFFICER_HEADER, bmp, officer, phone_jpeg, photo_portal, png_with_alpha, put_photo


def checked(workspace, require_approval: bool = False) -> data_folder.CheckedData:
    return data_folder.check(workspace.data, workspace.root / ".cache", Progress(quiet=True),
                             require_approval=require_approval)


def by_file(found: data_folder.CheckedData) -> dict[str, str]:
    return {problem.file: problem.code for problem in found.problems if problem.code.startswith("photo-")}


def test_each_bad_photo_is_a_warning_that_names_its_file_and_leaves_it_out(workspace):
    found = checked(photo_portal(workspace))
    problems = by_file(found)
    assert problems["科技局/照片/14060219005.jpg"] == "photo-wrong-format"  # a BMP named .jpg: the bytes decide
    assert problems["科技局/照片/14060219006.jpg"] == "photo-too-large"
    assert problems["科技局/照片/14060219007.jpg"] == "photo-too-small"
    assert problems["科技局/照片/14060219010.jpg"] == "photo-unmatched"  # its row is no record (姓名 blank)
    assert problems["科技局/人员.xlsx"] == "photo-not-found"  # 冯刚's 照片 column names a file that is not there
    photo_problems = [p for p in found.problems if p.code.startswith("photo-")]
    assert all(p.severity is Severity.WARNING for p in photo_problems)
    for problem in photo_problems:
        assert problem.message and problem.fix
        assert problem.file.split("/", 1)[1] in problem.message or problem.value in problem.message
    # The officers whose photo failed are records all the same, and have no photo.
    keys = {record.key for record in found.records if record.kind.name == "officers"}
    assert {"14060219005", "14060219006", "14060219007", "14060219009"} <= keys
    assert set(found.photos) == {("科技局", "14060219001"), ("科技局", "14060219002"), ("科技局", "14060219008"),
                                 ("科技局", "11010519491231002X")}
    assert found.photos[("科技局", "14060219008")].name == "郑华.png"  # by the column, not the number


def test_a_photo_is_measured_upright_and_a_truncated_one_is_unreadable(workspace):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001"),
                                                          officer("王芳", "14060219002")]})
    put_photo(agency, "14060219001.JPEG", phone_jpeg((800, 600)))  # the number typed as any identifier may be
    put_photo(agency, "14060219002.jpg", phone_jpeg((600, 800))[:5000])
    found = checked(workspace)
    assert by_file(found) == {"科技局/照片/14060219002.jpg": "photo-unreadable"}
    photo = found.photos[("科技局", "14060219001")]
    assert (photo.width, photo.height) == (800, 600)


def test_absurd_dimensions_are_refused_before_decoding(workspace):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001")]})
    put_photo(agency, "14060219001.png", png_with_alpha((photos.MAX_SIDE + 1, 200)))
    assert by_file(checked(workspace)) == {"科技局/照片/14060219001.png": "photo-too-many-pixels"}


def test_several_photos_of_one_officer_take_the_first_and_say_so(workspace):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001")]})
    put_photo(agency, "14060219001.jpg", phone_jpeg((600, 800)))
    put_photo(agency, "14060219001.png", png_with_alpha())
    put_photo(agency, "Thumbs.db", bmp())  # what Windows leaves in a folder of pictures: not a photo
    found = checked(workspace)
    (problem,) = [p for p in found.problems if p.code.startswith("photo-")]
    assert problem.code == "photo-several" and "14060219001.jpg" in problem.message
    assert found.photos[("科技局", "14060219001")].name == "14060219001.jpg"


def test_where_approval_is_required_a_photo_put_in_by_hand_is_held_back(workspace):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001")]})
    put_photo(agency, "14060219001.jpg", phone_jpeg((600, 800)))
    found = checked(workspace, require_approval=True)
    assert not found.photos
    assert "科技局/照片/14060219001.jpg" in {p.file for p in found.problems if p.code == "file-not-approved"}


def test_a_symlinked_photo_is_never_followed(workspace, tmp_path):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001")]})
    outside = tmp_path / "elsewhere.jpg"
    outside.write_bytes(phone_jpeg((600, 800)))
    (agency / "照片").mkdir()
    (agency / "照片" / "14060219001.jpg").symlink_to(outside)
    found = checked(workspace)
    assert not found.photos
    assert {p.code for p in found.problems if p.file == "科技局/照片/14060219001.jpg"} == {"symlink-not-followed"}


def test_a_sixteen_bit_photo_is_refused_rather_than_published_blank(workspace, tmp_path):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001")]})
    deep = tmp_path / "deep.png"
    Image.new("I;16", (300, 400), 30000).save(deep)  # a scanner's 16-bit grey: RGB conversion clips it to white
    put_photo(agency, "14060219001.png", deep.read_bytes())
    found = checked(workspace)
    assert by_file(found) == {"科技局/照片/14060219001.png": "photo-unusual-pixels"}
    assert "14060219001" in {record.key for record in found.records if record.kind.name == "officers"}


def test_a_photo_checked_before_the_data_folder_moved_is_read_from_where_it_is_now(workspace, tmp_path):
    agency = workspace.agency()
    write_workbook(agency / "人员.xlsx", {"执法人员清单": [OFFICER_HEADER, officer("李明", "14060219001")]})
    put_photo(agency, "14060219001.jpg", phone_jpeg())
    cache = tmp_path / "cache"
    data_folder.check(workspace.data, cache, Progress(quiet=True))
    moved = workspace.data.rename(tmp_path / "moved-data")
    found = data_folder.check(moved, cache, Progress(quiet=True))  # the cache answers: same bytes, same name
    photo = found.photos[("科技局", "14060219001")]
    assert photo.path == moved / "科技局" / "照片" / "14060219001.jpg" and photo.path.is_file()
