"""Officers' photos on to the public side: only the photo of a published officer whose certificate is in force (有效)
on the build's day goes on, on that officer's publication.

The reading stage checked each file and matched it to its roster row (reading/photos.py); an officer the rules held
back, or withheld, has no publication here, so their photo reaches nothing the site makes. An expired, suspended or
cancelled certificate keeps its verification page, which says so, without the holder's face: the photo is there to
recognise an officer who may act now, and no more of a person is published than that needs. The photo is part of
what the public sees of the officer, so it is part of the publication's fingerprint: a new photo, or one that goes,
makes its pages again."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import replace

from disclosure.core.kinds import OFFICERS, VALID
from disclosure.public.states import certificate_state
from disclosure.public.types import Decisions, Photo, Publication
from disclosure.reading.photos import PhotoFile


def attach(decisions: Decisions, photos: Mapping[tuple[str, str], PhotoFile], as_of: dt.date) -> Decisions:
    if not photos:
        return decisions
    return Decisions(decisions.agencies,
                     tuple(_with_photo(publication, photos, as_of) for publication in decisions.publications))


def _with_photo(publication: Publication, photos: Mapping[tuple[str, str], PhotoFile], as_of: dt.date) -> Publication:
    found = photos.get((publication.agency.folder, publication.key)) if publication.kind is OFFICERS else None
    if found is None or not publication.live or certificate_state(publication, as_of) != VALID:
        return publication
    photo = Photo(found.path, found.digest, found.width, found.height)
    fingerprint = hashlib.blake2b(f"{publication.fingerprint}|{found.digest}".encode(), digest_size=16).hexdigest()
    return replace(publication, photo=photo, fingerprint=fingerprint)
