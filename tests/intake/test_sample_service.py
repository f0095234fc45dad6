"""The back office over the shipped sample (make intake): a clerk's check of a sample agency is the sample's, so
the build accepts the sample's ledger for it, as it refuses that ledger for real data."""

from __future__ import annotations

import datetime as dt

from tests.conftest import AS_OF, PROJECT


def test_a_check_of_a_sample_agency_uses_the_samples_ledger(settings, tmp_path, sample_site):
    from intake import checking

    settings.INTAKE_DATA_DIR, settings.INTAKE_STATE_DIR = PROJECT / "data", tmp_path / "state"
    settings.INTAKE_LEDGER = sample_site.root.parent / "ledger.sqlite"
    settings.INTAKE_PORTAL_SETTINGS = PROJECT / "pelicanconf.py"
    result = checking.check_delivery("沙坡头区司法局", None, tmp_path / "work", dt.date.fromisoformat(AS_OF))
    assert result.records > 0
    assert result.published_missing == 0  # the view is this agency as published, not a portal that lost it
