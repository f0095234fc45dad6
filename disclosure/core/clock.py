"""The portal's today: the date in China, whatever time zone the machine is set to.

Deadlines, expiries and the ledger's dates are counted in Beijing days; a build machine or container left on UTC
would otherwise date a build started between 00:00 and 08:00 in Beijing as the day before. China has kept UTC+8
without daylight saving since 1991, so a fixed offset needs no time-zone database (offline machines lack one).
"""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "北京时间")


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()
