"""Prints, for each Gregorian year FIRST..LAST, the dates that the statutory holidays depend on,
computed by two independent Python packages: `lunardate` (the lunar dates) and `sxtwl` (the solar
term 清明, which sxtwl gives as a Julian day in Beijing time).

Output, one line per year:  YEAR 春节 端午 中秋 清明 春节 端午 中秋 (ISO dates): the first three
from lunardate (`-` past its last year, 2099), 清明 from sxtwl, the last three from sxtwl's own
lunar calendar. Exit status 2 when a module is
missing (the Rust test then skips, or fails under CI).
"""

import sys

try:
    import lunardate
    import sxtwl
except ImportError as error:  # pragma: no cover - reported by the Rust test
    print(f"cannot import: {error}", file=sys.stderr)
    sys.exit(2)

QINGMING = 7  # sxtwl's index of 清明 among the solar terms of a year (0 = 冬至)


def qingming(year):
    for term in sxtwl.getJieQiByYear(year):
        if term.jqIndex == QINGMING:
            day = sxtwl.JD2DD(term.jd)
            if day.Y != year:
                continue
            return f"{int(day.Y):04d}-{int(day.M):02d}-{int(day.D):02d}"
    raise SystemExit(f"sxtwl gives no 清明 for {year}")


def lunar(year, month, day):
    try:
        return lunardate.LunarDate(year, month, day).to_solar_date().isoformat()
    except ValueError:
        return "-"


def sxtwl_lunar(year, month, day):
    d = sxtwl.fromLunar(year, month, day)
    return f"{d.getSolarYear():04d}-{d.getSolarMonth():02d}-{d.getSolarDay():02d}"


def main():
    first, last = int(sys.argv[1]), int(sys.argv[2])
    for year in range(first, last + 1):
        dates = [lunar(year, 1, 1), lunar(year, 5, 5), lunar(year, 8, 15), qingming(year)]
        dates += [sxtwl_lunar(year, 1, 1), sxtwl_lunar(year, 5, 5), sxtwl_lunar(year, 8, 15)]
        print(year, *dates)


main()
