"""The shipped sample's ledger never serves a real portal.

Building the sample (`make preview`) records its five invented agencies as published. A webmaster who then
deletes the sample folders and builds real data with that ledger would keep the invented agencies online for
ever: the ledger says they were published, so their records are shown as before and reported missing. Such a
build is refused before anything is written, as is one of real data beside some of the sample's folders without
its note, and one whose note came along while its folders are gone. It is recognised by what the ledger holds,
not by a mark written into it, so a ledger written before this check existed is recognised too."""

from __future__ import annotations

from pathlib import Path

from disclosure.reading.data_folder import SAMPLE_NOTE
from disclosure.rules.ledger import Snapshot
from disclosure.runtime.failures import Failure

# The 统一社会信用代码 of the sample's agencies (tools/make_sample_data.py; tests/test_init.py
# checks them against the shipped data/). The ledger keys each agency by it.
SAMPLE_AGENCY_CODES = frozenset({
    "11370405MB25778478", "11130528MB1290781L", "11140602MB1648773T", "11640502MB1303005K", "11140524MB3607765W",
})


# Their folders in the shipped data/, by name (checked against it by the same test).
SAMPLE_FOLDERS = frozenset({"台儿庄区行政审批服务局", "宁晋县民族宗教事务局", "朔城区科学技术局", "沙坡头区司法局", "陵川示范区综合执法局"})


class SampleLedgerRefused(Failure):
    before_any_work = True


def sample_agencies(snapshot: Snapshot) -> tuple[str, ...]:
    """The folders of the sample agencies this ledger has recorded, by name."""
    return tuple(sorted(agency.folder for slug, agency in snapshot.agencies.items() if slug in SAMPLE_AGENCY_CODES))


def foreign_folders(data_dir: Path) -> tuple[str, ...]:
    """The agency folders that are not the sample's: real data, whatever note lies beside them."""
    if not data_dir.is_dir():
        return ()
    return tuple(sorted(child.name for child in data_dir.iterdir()
                        if child.is_dir() and not child.name.startswith(".") and child.name not in SAMPLE_FOLDERS))


def is_sample_data(data_dir: Path) -> bool:
    """The sample, or part of it: its note (样例数据说明.txt) and no agency folder of anyone else. A note copied
    along with data/ does not make real agencies the sample."""
    return (data_dir / SAMPLE_NOTE).exists() and not foreign_folders(data_dir)


def refuse_sample_ledger(snapshot: Snapshot, data_dir: Path) -> None:
    """The sample's ledger serves the sample only. Real data beside some of its folders without its note is refused
    too: with real records in it, this ledger could never be given up later without losing their history, and each
    sample folder deleted would stay online."""
    recorded = sample_agencies(snapshot)
    kept = [folder for folder in recorded if (data_dir / folder).is_dir()]
    # The sample, whole or in part, with its note: a developer may add an agency of their own beside it (and is
    # then warned of the placeholder settings). A note alone, its sample folders gone, is real data.
    if not recorded or ((data_dir / SAMPLE_NOTE).exists() and kept):
        return
    foreign = foreign_folders(data_dir)
    what = f"其中没有 {SAMPLE_NOTE}" if not (data_dir / SAMPLE_NOTE).exists() else "样例的单位文件夹都已不在"
    if foreign:
        what += f"，有不属于样例的单位（{'、'.join(foreign[:5])}{'等' if len(foreign) > 5 else ''}）"
    still = f"，还留着样例的 {'、'.join(kept)}" if kept else ""
    raise SampleLedgerRefused(
        f"台账 {snapshot.path} 是随程序提供的样例数据的台账，其中记着样例中虚构的机关（{'、'.join(recorded)}）已经公示；"
        f"数据目录 {data_dir} 不是样例数据：{what}{still}。用这个台账构建正式数据，虚构机关的信息会一直留在网站上。"
        "正式上线请用 publish.py init 目录 新建一个门户目录（其中有全新的台账），在那个目录中填写设置、放入数据后构建；"
        f"如果只是看过样例，也可以把 {snapshot.path} 移到别处（或改名）后重新运行。本次未做任何处理。")
