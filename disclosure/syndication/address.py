"""Where the site is, as feeds and sitemaps name it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteAddress:
    """What feeds and sitemaps need of pelicanconf.py."""

    name: str
    url: str  # SITEURL: the public address, maybe with a sub-path
    domain: str  # the tag: URIs' authority
    owner: str
    timezone: str

    def absolute(self, path: str) -> str:
        return f"{self.url.rstrip('/')}/{path}"
