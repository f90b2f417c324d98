//! The statutory public holidays of a year, for years whose official arrangement is not bundled.
//!
//! # The rules
//!
//! 《全国年节及纪念日放假办法》 (the national regulation on public holidays) lists the days off
//! "for all citizens". It has been revised three times; the version in force in a year decides:
//!
//! | in force | source | 元旦 | 春节 | 清明 | 劳动节 | 端午 | 中秋 | 国庆 |
//! |---|---|---|---|---|---|---|---|---|
//! | 2000–2007 | 国务院令第270号 (1999-09-18) | 1-1 | 初一–初三 | – | 5-1–5-3 | – | – | 10-1–10-3 |
//! | 2008–2013 | 国务院令第513号 (2007-12-14, in force 2008-01-01) | 1-1 | 除夕–初二 | 1 day | 5-1 | 1 day | 1 day | 10-1–10-3 |
//! | 2014–2024 | 国务院令第644号 (2013-12-11, in force 2014-01-01) | 1-1 | 初一–初三 | 1 day | 5-1 | 1 day | 1 day | 10-1–10-3 |
//! | 2025– | 国务院令第795号 (2024-11-10, in force 2025-01-01) | 1-1 | 除夕–初三 | 1 day | 5-1–5-2 | 1 day | 1 day | 10-1–10-3 |
//!
//! 清明 is the day of the solar term 清明 (农历清明当日), 端午 the fifth day of the fifth lunar
//! month, 中秋 the fifteenth day of the eighth, 春节 the first days of the first lunar month and
//! 除夕 the last day of the lunar year before it. Dates are Beijing time (UTC+8).
//!
//! What this does not do: the regulation also says that a holiday falling on a Saturday or
//! Sunday is made up on a working day (补假), and every year's State Council notice moves
//! weekends around (调休) to make longer breaks. Which days those are is the notice's decision,
//! so none is guessed: weekends stay off and the statutory days are added to them.
//!
//! # The computations
//!
//! Lunar dates come from ICU4X's Chinese calendar (`icu_calendar`), whose data for 1900–2100
//! agrees with the Purple Mountain Observatory and the Hong Kong Observatory tables. The solar
//! term 清明 (the sun's apparent longitude reaching 15°) is computed here with the low-accuracy
//! solar position of Meeus, *Astronomical Algorithms* (2nd ed., chapter 25), and ΔT from the
//! Espenak–Meeus polynomials; over 2000–2100 it is within 13 minutes of `sxtwl`, and the instant
//! closest to midnight (2071-04-05 00:09) still falls on the same day. tests/lunar_crosscheck.rs
//! checks every year 2000–2100 against Python `lunardate` and `sxtwl`.

use icu_calendar::Date as IcuDate;
use icu_calendar::Iso;
use icu_calendar::types::Month;
use jiff::civil::Date;

/// The first year the statutory rules are computed for.
pub const FIRST: i16 = 2000;
/// The last year the statutory rules are computed for (the end of the lunar data).
pub const LAST: i16 = 2100;

/// One statutory day off, or run of days off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The holiday's name, as the official notices write it (`春节`, `清明节`, …).
    pub name: &'static str,
    /// First day off.
    pub first: Date,
    /// Last day off (inclusive).
    pub last: Date,
}

/// Why the statutory holidays of a year could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatutoryError {
    /// The year is outside [`FIRST`]..=[`LAST`].
    OutOfRange,
    /// The lunar calendar could not give a date (not expected within the range).
    Lunar(&'static str),
}

/// The regulation in force in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// 国务院令第270号 (1999): 2000–2007.
    Of1999,
    /// 国务院令第513号 (2007): 2008–2013.
    Of2007,
    /// 国务院令第644号 (2013): 2014–2024.
    Of2013,
    /// 国务院令第795号 (2024): from 2025.
    Of2024,
}

impl Rule {
    /// The rule in force in `year`.
    pub fn for_year(year: i16) -> Rule {
        match year {
            ..=2007 => Rule::Of1999,
            2008..=2013 => Rule::Of2007,
            2014..=2024 => Rule::Of2013,
            _ => Rule::Of2024,
        }
    }

    /// The regulation's citation, for messages and documentation.
    pub fn source(self) -> &'static str {
        match self {
            Rule::Of1999 => "《全国年节及纪念日放假办法》（国务院令第270号，1999年）",
            Rule::Of2007 => "《全国年节及纪念日放假办法》（国务院令第513号，2007年修订）",
            Rule::Of2013 => "《全国年节及纪念日放假办法》（国务院令第644号，2013年修订）",
            Rule::Of2024 => "《全国年节及纪念日放假办法》（国务院令第795号，2024年修订）",
        }
    }
}

/// The statutory days off of `year` under the rule in force that year, in date order.
pub fn holidays(year: i16) -> Result<Vec<Holiday>, StatutoryError> {
    if !(FIRST..=LAST).contains(&year) {
        return Err(StatutoryError::OutOfRange);
    }
    let day =
        |month: i8, day: i8| Date::new(year, month, day).map_err(|_| StatutoryError::OutOfRange);
    let rule = Rule::for_year(year);
    let new_year = lunar(year, 1, 1)?;
    let eve = new_year
        .yesterday()
        .map_err(|_| StatutoryError::OutOfRange)?;
    let plus = |d: Date, n: i64| {
        d.checked_add(jiff::Span::new().days(n))
            .map_err(|_| StatutoryError::OutOfRange)
    };
    let mut list = vec![Holiday {
        name: "元旦",
        first: day(1, 1)?,
        last: day(1, 1)?,
    }];
    let (spring_first, spring_last) = match rule {
        Rule::Of1999 | Rule::Of2013 => (new_year, plus(new_year, 2)?),
        Rule::Of2007 => (eve, plus(new_year, 1)?),
        Rule::Of2024 => (eve, plus(new_year, 2)?),
    };
    list.push(Holiday {
        name: "春节",
        first: spring_first,
        last: spring_last,
    });
    if rule != Rule::Of1999 {
        let qingming = qingming(year)?;
        list.push(Holiday {
            name: "清明节",
            first: qingming,
            last: qingming,
        });
    }
    let labour_last = match rule {
        Rule::Of1999 => day(5, 3)?,
        Rule::Of2007 | Rule::Of2013 => day(5, 1)?,
        Rule::Of2024 => day(5, 2)?,
    };
    list.push(Holiday {
        name: "劳动节",
        first: day(5, 1)?,
        last: labour_last,
    });
    if rule != Rule::Of1999 {
        let duanwu = lunar(year, 5, 5)?;
        list.push(Holiday {
            name: "端午节",
            first: duanwu,
            last: duanwu,
        });
        let zhongqiu = lunar(year, 8, 15)?;
        list.push(Holiday {
            name: "中秋节",
            first: zhongqiu,
            last: zhongqiu,
        });
    }
    list.push(Holiday {
        name: "国庆节",
        first: day(10, 1)?,
        last: day(10, 3)?,
    });
    list.sort_by_key(|h| h.first);
    Ok(list)
}

/// The Gregorian date of day `day` of the (non-leap) lunar month `month` of the Chinese year
/// that begins in Gregorian `year`.
pub fn lunar(year: i16, month: u8, day: u8) -> Result<Date, StatutoryError> {
    let chinese = IcuDate::try_new_chinese_traditional(i32::from(year), Month::new(month), day)
        .map_err(|_| StatutoryError::Lunar("no such lunar date"))?;
    let iso = chinese.to_calendar(Iso);
    let y = i16::try_from(iso.year().extended_year()).map_err(|_| StatutoryError::OutOfRange)?;
    let m = i8::try_from(iso.month().ordinal).map_err(|_| StatutoryError::OutOfRange)?;
    let d = i8::try_from(iso.day_of_month().0).map_err(|_| StatutoryError::OutOfRange)?;
    Date::new(y, m, d).map_err(|_| StatutoryError::Lunar("not a Gregorian date"))
}

/// The day (Beijing time) of the solar term 清明 in `year`: the sun's apparent ecliptic longitude
/// reaches 15°.
pub fn qingming(year: i16) -> Result<Date, StatutoryError> {
    // Julian day (UT) of 04-04 00:00, the start of the search: 清明 is 04-04 or 04-05 in
    // 2000–2100, and a few Newton steps from here converge to well under a second.
    let start = Date::new(year, 4, 4).map_err(|_| StatutoryError::OutOfRange)?;
    let mut jd_ut = julian_day_number(start) as f64 - 0.5;
    let delta_t = delta_t_seconds(f64::from(year) + 0.26) / 86_400.0;
    for _ in 0..20 {
        let longitude = apparent_solar_longitude(jd_ut + delta_t);
        let off = (15.0 - longitude + 180.0).rem_euclid(360.0) - 180.0;
        jd_ut += off * MEAN_TROPICAL_YEAR / 360.0;
        if off.abs() < 1e-7 {
            break;
        }
    }
    // Beijing civil day: UT + 8 h; a civil day starts at JD .5.
    let jdn = (jd_ut + 8.0 / 24.0 + 0.5).floor() as i64;
    Ok(super::date_from_day_number(jdn - JDN_1970_01_01))
}

/// Days in a mean tropical year.
const MEAN_TROPICAL_YEAR: f64 = 365.242_189;
/// Julian day number of 1970-01-01, day 0 of [`super::day_number`].
const JDN_1970_01_01: i64 = 2_440_588;

fn julian_day_number(d: Date) -> i64 {
    super::day_number(d) + JDN_1970_01_01
}

/// The sun's apparent ecliptic longitude in degrees at Julian Ephemeris Day `jde`
/// (Meeus, *Astronomical Algorithms*, 2nd ed., chapter 25, the low-accuracy method).
fn apparent_solar_longitude(jde: f64) -> f64 {
    let t = (jde - 2_451_545.0) / 36_525.0;
    let mean_longitude = 280.466_46 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let mean_anomaly = (357.529_11 + 35_999.050_29 * t - 0.000_153_7 * t * t).to_radians();
    let centre = (1.914_602 - 0.004_817 * t - 0.000_014 * t * t) * mean_anomaly.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * mean_anomaly).sin()
        + 0.000_289 * (3.0 * mean_anomaly).sin();
    let node = (125.04 - 1_934.136 * t).to_radians();
    (mean_longitude + centre - 0.005_69 - 0.004_78 * node.sin()).rem_euclid(360.0)
}

/// ΔT = TT − UT in seconds for a decimal year (the Espenak–Meeus polynomials, 2000–2150).
fn delta_t_seconds(year: f64) -> f64 {
    let t = year - 2000.0;
    if year < 2005.0 {
        63.86 + 0.3345 * t - 0.060_374 * t.powi(2)
            + 0.001_727_5 * t.powi(3)
            + 0.000_651_814 * t.powi(4)
            + 0.000_023_735_99 * t.powi(5)
    } else if year < 2050.0 {
        62.92 + 0.322_17 * t + 0.005_589 * t * t
    } else {
        let u = (year - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn rules_change_in_2008_2014_and_2025() {
        assert_eq!(Rule::for_year(2007), Rule::Of1999);
        assert_eq!(Rule::for_year(2008), Rule::Of2007);
        assert_eq!(Rule::for_year(2013), Rule::Of2007);
        assert_eq!(Rule::for_year(2014), Rule::Of2013);
        assert_eq!(Rule::for_year(2024), Rule::Of2013);
        assert_eq!(Rule::for_year(2025), Rule::Of2024);
    }

    fn days_off(year: i16) -> usize {
        holidays(year)
            .unwrap()
            .iter()
            .map(|h| (h.last - h.first).get_days() as usize + 1)
            .sum()
    }

    #[test]
    fn statutory_day_counts() {
        // 10 days under the 1999 rule, 11 from 2008, 13 from 2025.
        assert_eq!(days_off(2005), 10);
        assert_eq!(days_off(2010), 11);
        assert_eq!(days_off(2020), 11);
        assert_eq!(days_off(2027), 13);
        assert_eq!(days_off(2100), 13);
    }

    #[test]
    fn known_dates() {
        // 2027: 春节 2027-02-06 (除夕 02-05), 端午 06-09, 中秋 09-15, 清明 04-05.
        let h = holidays(2027).unwrap();
        let find = |name: &str| h.iter().find(|x| x.name == name).unwrap().clone();
        assert_eq!(find("春节").first, date(2027, 2, 5));
        assert_eq!(find("春节").last, date(2027, 2, 8));
        assert_eq!(find("清明节").first, date(2027, 4, 5));
        assert_eq!(find("劳动节").last, date(2027, 5, 2));
        assert_eq!(find("端午节").first, date(2027, 6, 9));
        assert_eq!(find("中秋节").first, date(2027, 9, 15));
        // 2009 清明 fell at 23:34 on 04-04 Beijing time.
        assert_eq!(qingming(2009).unwrap(), date(2009, 4, 4));
        // 2010 (the 2007 rule): 春节 from 除夕 02-13 to 初二 02-15.
        let h = holidays(2010).unwrap();
        let spring = h.iter().find(|x| x.name == "春节").unwrap();
        assert_eq!(
            (spring.first, spring.last),
            (date(2010, 2, 13), date(2010, 2, 15))
        );
        // 2003 (the 1999 rule): no 清明/端午/中秋, 劳动节 three days.
        let h = holidays(2003).unwrap();
        assert_eq!(h.len(), 4);
        assert_eq!(holidays(1999), Err(StatutoryError::OutOfRange));
        assert_eq!(holidays(2101), Err(StatutoryError::OutOfRange));
    }
}
