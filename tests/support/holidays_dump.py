#!/usr/bin/env python3
"""Print the working-day status of every day of one year, from the `chinesecalendar` package.

Usage: python3 tests/support/holidays_dump.py YEAR

Output: one line per date of YEAR, `YYYY-MM-DD workday` or `YYYY-MM-DD holiday`
(weekends and official days off are `holiday`; make-up working days are `workday`).

Exit status: 0 on success; 2 when the `chinese_calendar` module (PyPI: chinesecalendar) cannot
be imported; 3 when chinesecalendar has no data for YEAR; 64 on a usage error.
Used by tests/holidays_crosscheck.rs.
"""

import datetime
import sys


def main(argv):
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: holidays_dump.py YEAR", file=sys.stderr)
        return 64
    year = int(argv[1])
    try:
        import chinese_calendar
    except ImportError as exc:
        print(f"cannot import chinese_calendar (pip install chinesecalendar): {exc}", file=sys.stderr)
        return 2
    day = datetime.date(year, 1, 1)
    lines = []
    try:
        while day.year == year:
            status = "workday" if chinese_calendar.is_workday(day) else "holiday"
            lines.append(f"{day.isoformat()} {status}")
            day += datetime.timedelta(days=1)
    except NotImplementedError as exc:
        print(f"chinesecalendar has no data for {year}: {exc}", file=sys.stderr)
        return 3
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
