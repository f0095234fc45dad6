"""Where a run reads and writes, checked before it touches anything: the folders must not lie inside one another
in the ways that publish raw data, make the build read its own output as data, or let one clean-up delete
another's files. Compared as the file system resolves them (symlinks, "..", relative paths)."""

from __future__ import annotations

import os
from pathlib import Path

from disclosure.runtime.failures import Failure


class UnsafePaths(Failure):
    """Why the run was refused, in Chinese, naming both paths and what to do; nothing was touched yet."""

    before_any_work = True

    def __str__(self) -> str:
        return f"{super().__str__()}未做任何处理。"


def within(path: Path, folder: Path) -> bool:
    """Path is the folder itself or lies inside it."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def overlap(one: Path, other: Path) -> bool:
    return within(one, other) or within(other, one)


def refuse_unsafe(data: Path, cache: Path, ledger: Path, reports: Path, output: Path | None) -> None:
    """Output is None for a command that writes no site."""
    if within(reports, data):
        raise UnsafePaths(f"检查报告目录 {reports} 在数据目录 {data} 之中：标了颜色的工作簿副本会被当作报送的数据再读一遍。"
                          "请用 --reports 指定数据目录以外的目录。")
    if output is None:
        return
    if overlap(output, data):
        raise UnsafePaths(f"网站输出目录 {output} 与数据目录 {data} 重叠（一个在另一个之中，或是同一个目录）：网站的文件"
                          "会被当作报送的工作簿读取，报送的原始数据也会随网站部署。请用 --output 指定数据目录以外的目录。")
    if within(cache, output):
        raise UnsafePaths(f"缓存目录 {cache} 在网站输出目录 {output} 之中（或就是它）：缓存含原始数据（身份证号等），"
                          "会随网站一起部署。请用 --cache 指定输出目录以外的目录。")
    if within(output, cache):
        raise UnsafePaths(f"网站输出目录 {output} 在缓存目录 {cache} 之中：重写缓存会破坏网站。"
                          "请用 --output 指定缓存目录以外的目录。")
    if within(ledger, output):
        raise UnsafePaths(f"公示台账 {ledger} 在网站输出目录 {output} 之中：台账会随网站一起部署，清理输出目录时还可能"
                          "被删除。请用 --ledger 指定输出目录以外的位置。")


def refuse_webroot_over_data(webroot: Path, data: Path) -> None:
    """A local webroot inside the data folder is read back as an agency's workbooks; one holding it publishes them."""
    if overlap(webroot, data):
        raise UnsafePaths(f"网站目录 {webroot} 与数据目录 {data} 重叠（一个在另一个之中，或是同一个目录）：部署的网站文件"
                          "会被下次构建当作报送的数据读取，数据目录中的原始工作簿也可能随网站公开。"
                          "请把网站目录设在数据目录以外，例如 /srv/zfgs。")
