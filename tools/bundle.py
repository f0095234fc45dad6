"""`make bundle`: the offline install. One folder holding every wheel the portal needs at run time (requirements.txt,
exactly as pinned) and the project's own wheel, with SHA256SUMS and a Chinese 安装说明.txt, so that a machine that
reaches no package registry installs it with `pip install --no-index --find-links 文件夹 disclosure`.

    python -m tools.bundle FOLDER [pip download options, e.g. --python-version 3.12 --platform manylinux2014_x86_64]

The wheels come from the index pip is configured with (PyPI unless pip.conf or PIP_INDEX_URL says otherwise)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# What the project's wheel is built from (pyproject.toml reads the requirements and README; data-files the rest).
SOURCES = ("disclosure", "intake", "theme", "content", "pyproject.toml", "requirements.txt", "README.md")
PIP = (sys.executable, "-m", "pip", "--disable-pip-version-check")


class BundleFailed(Exception):
    """Why the folder could not be made, in Chinese."""


def project_wheel(folder: Path) -> None:
    """Built from a copy of the sources: setuptools writes build/ and *.egg-info beside them, and build/ is the site."""
    with tempfile.TemporaryDirectory(prefix="disclosure-wheel-") as temporary:
        source = Path(temporary)
        for name in SOURCES:
            if (PROJECT / name).is_dir():
                shutil.copytree(PROJECT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(PROJECT / name, source / name)
        run([*PIP, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(folder), str(source)],
            "无法生成本程序自身的 wheel 安装包")


def dependency_wheels(folder: Path, target: list[str]) -> None:
    """Exactly the pins, each as a wheel: a pin missing from requirements.txt shows as a failed offline install."""
    run([*PIP, "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", str(folder),
         "--requirement", str(PROJECT / "requirements.txt"), *target],
        "无法从软件源下载运行所需的 wheel 安装包（请检查本机能否访问 PyPI 或 pip 配置的镜像源；"
        "为其他 Python 版本或平台制作时，请确认各软件包提供该版本和平台的 wheel）")


def run(command: list[str], failure: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        said = "\n".join(line for line in (result.stdout + result.stderr).splitlines() if "WARNING" not in line)
        raise BundleFailed(f"{failure}。pip 的输出：\n{said.strip()}")


def write_sums(folder: Path) -> None:
    """In sha256sum's format: `sha256sum -c SHA256SUMS` in the folder checks every wheel."""
    lines = [f"{hashlib.sha256(wheel.read_bytes()).hexdigest()}  {wheel.name}\n"
             for wheel in sorted(folder.glob("*.whl"))]
    (folder / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def tags(folder: Path) -> tuple[list[str], list[str]]:
    """The Python versions and platforms the compiled wheels are for (from their names: name-version-py-abi-plat)."""
    pythons, platforms = set(), set()
    for wheel in folder.glob("*.whl"):
        python, abi, platform = wheel.stem.split("-")[-3:]
        if platform != "any":
            pythons.update(tag for tag in python.split(".") if tag.startswith("cp") and abi != "abi3")
            platforms.update(platform.split("."))
    return sorted(pythons), sorted(platforms)


def write_instructions(folder: Path) -> None:
    pythons, platforms = tags(folder)
    versions = "、".join(f"Python {tag[2]}.{tag[3:]}" for tag in pythons) or "任意 Python 3 版本"
    text = (INSTRUCTIONS.replace("{versions}", versions).replace("{platforms}", "、".join(platforms) or "任意平台")
            .replace("{count}", str(len(list(folder.glob("*.whl"))))))
    (folder / "安装说明.txt").write_text(text, encoding="utf-8")


INSTRUCTIONS = """行政执法公示平台 离线安装包
==========================

本文件夹含本平台运行所需的全部 wheel 安装包（共 {count} 个），可在不能访问任何软件源的机器上安装。
本安装包适用于：{versions}；平台：{platforms}。
其他 Python 版本或平台，请在能上网的机器上另行制作（见网站管理员手册“安装”一节）。

一、核对安装包是否完整（在本文件夹中运行，每一行都应以 OK 结尾，中文系统显示“成功”）：

    sha256sum -c SHA256SUMS

二、安装（把“安装包文件夹”换成本文件夹的实际路径，例如 /opt/zfgs-bundle）：

    python3 -m venv /opt/zfgs/venv
    /opt/zfgs/venv/bin/pip install --no-index --find-links 安装包文件夹 disclosure

   --no-index 表示不访问任何软件源，只从本文件夹安装。
   Debian/Ubuntu 如提示无法创建虚拟环境，请先安装系统软件包 python3-venv。

三、检查安装结果：

    /opt/zfgs/venv/bin/publish --help

四、使用：在网站目录（含 data/ 和 pelicanconf.py 的目录）中运行

    cd 网站目录
    /opt/zfgs/venv/bin/publish build

   网站写到该目录下的 build/。网站目录中没有 theme/ 和 content/ 时，使用安装包自带的模板和页面。

五、升级：把新的安装包复制到本机后运行

    /opt/zfgs/venv/bin/pip install --no-index --find-links 新安装包文件夹 --force-reinstall disclosure
"""


def main(argv: list[str]) -> int:
    if not argv:
        print("用法：python -m tools.bundle 输出文件夹 [pip download 的选项，如 --python-version 3.12 --platform "
              "manylinux2014_x86_64]", file=sys.stderr)
        return 2
    folder, target = Path(argv[0]), argv[1:]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        project_wheel(folder)
        dependency_wheels(folder, target)
    except BundleFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    write_sums(folder)
    write_instructions(folder)
    size = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
    print(f"离线安装包已写到 {folder}/：{len(list(folder.glob('*.whl')))} 个 wheel，共 {size:.0f} MB；"
          f"安装方法见其中的 安装说明.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
