"""The theme's part of every page: its assets, named by their content hash, and the fingerprint that all
pages share (code, templates, assets and settings): when it changes, every page is rendered again."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from disclosure.runtime.cache import code_version
from disclosure.runtime.output import OutputTree

PAGES_VERSION = code_version("core", "public", "rules", "site")


def hash_assets(static_dir: Path) -> dict[str, str]:
    """Each asset gets its content hash in its name, so servers may cache it for a year."""
    assets = {}
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        relative = path.relative_to(static_dir)
        assets[relative.as_posix()] = f"static/{relative.with_name(f'{path.stem}.{digest}{path.suffix}').as_posix()}"
    return assets


FAVICON = "favicon.svg"  # the theme's own, linked by base.html through asset()


def use_favicon(assets: dict[str, str], icon: Path) -> None:
    """The webmaster's FAVICON stands in for the theme's, hashed like every asset (written by write_favicon)."""
    digest = hashlib.sha256(icon.read_bytes()).hexdigest()[:10]
    assets[FAVICON] = f"static/favicon.{digest}{icon.suffix.lower()}"


def write_favicon(output: OutputTree, assets: Mapping[str, str], icon: Path) -> None:
    output.write(assets[FAVICON], icon.read_bytes())


def write_assets(output: OutputTree, static_dir: Path, assets: Mapping[str, str]) -> None:
    for name, hashed in assets.items():
        output.write(hashed, (static_dir / name).read_bytes())


def site_fingerprint(settings: Mapping[str, object], theme_dir: Path, assets: Mapping[str, str]) -> str:
    """Everything every page depends on: code, templates, assets and settings."""
    digest = hashlib.blake2b(PAGES_VERSION.encode(), digest_size=16)
    for path in sorted(Path(theme_dir, "templates").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    digest.update(repr(sorted(assets.items())).encode())
    # Templates are given every setting, whatever its type. Where the site is written or read from (OUTPUT_PATH,
    # PATH…) is not in it: the same site built by another command line, with absolute paths or relative ones,
    # is the same site.
    digest.update(repr(sorted((k, repr(v)) for k, v in settings.items()
                              if k.isupper() and k != "PATH" and not k.endswith("_PATH"))).encode())
    return digest.hexdigest()
