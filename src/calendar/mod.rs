//! The working-day calendar: weekends, China's public holidays and make-up working days (调休).
//!
//! The official arrangement for each year comes from the State Council General Office notice
//! (国务院办公厅关于YYYY年部分节假日安排的通知). One file per year lives in `data/holidays/` and is
//! embedded in the binary with `include_str!`; see the comments at the top of each file for the
//! format and the notice it was taken from. [`covered_years`] tells which years have data.
//!
//! A year without bundled data (any year of [`supported_years`], 2000–2100) uses the statutory
//! holidays of the rules in force that year, computed by [`statutory`]: no make-up days are
//! guessed, so such a calendar is provisional ([`provisional_years`]). A plan can supply the
//! arrangement of a year itself, as a file in the same format ([`parse_holiday_file`]); it wins
//! over both.
//!
//! A [`Calendar`] is built for a plan's period with [`Calendar::for_period_with`], which fails
//! with [`CalendarError::YearOutOfRange`] when the period touches a year outside 2000–2100. A
//! plan's own days off and working days are added with [`Calendar::with_day_off`] and
//! [`Calendar::with_workday`]; they win over the official data.
//!
//! # Which days are working days
//!
//! In this order, later rules winning: Monday to Friday are working days and Saturday and Sunday
//! are not; an official day off (放假) is not a working day; an official make-up working day
//! (调休上班) is one; a plan override (the last one given for that date) decides last.
//!
//! # Queries outside the period
//!
//! Every query is correct for any date, not only for dates inside the period given to
//! [`Calendar::for_period`]. The calendar precomputes a per-day table with prefix sums over a
//! window that spans every year with built-in data, the period, and every plan override. Outside
//! that window no data exists, so only the weekday rule applies there (Monday to Friday are
//! working days), and counts are computed arithmetically. [`Calendar::is_workday`],
//! [`Calendar::workdays_between`], [`Calendar::add_workdays`] and the next/previous workday
//! queries are therefore all O(1).
//!
//! # Counting convention
//!
//! [`Calendar::add_workdays`] gives the finish date of a task of `n` working days: with
//! `n >= 1` it is the `n`-th working day on or after the start, the start itself counting as the
//! first when it is a working day. So a 1-workday task that starts on working day `d` finishes on
//! `d`, and `workdays_between(start, add_workdays(start, n)) == n`. See the method for `n <= 0`.

use std::collections::HashMap;
use std::fmt;
use std::ops::RangeInclusive;

use jiff::civil::Date;

pub mod statutory;

// `BUILTIN`: every `data/holidays/YYYY.txt`, found and embedded by build.rs.
include!(concat!(env!("OUT_DIR"), "/holidays.rs"));

/// First year with built-in holiday data.
const FIRST_YEAR: i16 = match BUILTIN.first() {
    Some(&(year, _, _)) => year,
    None => 0,
};
/// Last year with built-in holiday data.
const LAST_YEAR: i16 = match BUILTIN.last() {
    Some(&(year, _, _)) => year,
    None => -1,
};

/// The years for which built-in holiday data exists (one data file per year, no gaps: a unit
/// test checks it).
///
/// Other years of [`supported_years`] use the statutory holidays (see [`statutory`]).
pub fn covered_years() -> RangeInclusive<i16> {
    FIRST_YEAR..=LAST_YEAR
}

/// Whether `data/holidays/` has the official arrangement of `year`.
pub fn is_bundled(year: i16) -> bool {
    BUILTIN.iter().any(|&(y, _, _)| y == year)
}

/// The years a [`Calendar`] can be built for: bundled data where it exists, the statutory
/// holidays of the rules in force otherwise.
pub fn supported_years() -> RangeInclusive<i16> {
    statutory::FIRST..=statutory::LAST
}

/// The years of `[start, end]` that have neither bundled data nor a plan holiday file (one of
/// `file_years`): their calendar is provisional, the statutory holidays without 调休.
pub fn provisional_years(start: Date, end: Date, file_years: &[i16]) -> Vec<i16> {
    (start.year()..=end.year())
        .filter(|year| !is_bundled(*year) && !file_years.contains(year))
        .collect()
}

/// Why a [`Calendar`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The period touches a year outside [`supported_years`].
    YearOutOfRange {
        /// The first year of the period outside the range.
        year: i16,
    },
    /// The period ends before it starts.
    InvalidPeriod {
        /// First day of the period as given.
        start: Date,
        /// Last day of the period as given (before `start`).
        end: Date,
    },
    /// A built-in data file is malformed (a bug in `data/holidays/`, reported rather than panicking).
    BadData {
        /// The data file, e.g. `data/holidays/2020.txt`.
        file: &'static str,
        /// The 1-based line number in that file.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// The lunar calendar could not give a holiday's date (not expected within the range).
    Lunar {
        /// The year.
        year: i16,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::YearOutOfRange { year } => write!(
                f,
                "no calendar for year {year} (planc computes holidays for {}–{})",
                statutory::FIRST,
                statutory::LAST
            ),
            CalendarError::InvalidPeriod { start, end } => {
                write!(f, "invalid period: end {end} is before start {start}")
            }
            CalendarError::BadData {
                file,
                line,
                message,
            } => write!(f, "bad built-in holiday data at {file}:{line}: {message}"),
            CalendarError::Lunar { year } => {
                write!(f, "the lunar calendar gives no holiday dates for {year}")
            }
        }
    }
}

impl std::error::Error for CalendarError {}

/// What the official data says about one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Official {
    /// An official day off; the index of its holiday name.
    Off(usize),
    /// An official make-up working day; the index of its holiday name.
    On(usize),
}

/// One line of a holiday file: days off, or a make-up working day.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// A day off (`off`) rather than a make-up working day (`on`).
    off: bool,
    first: Date,
    last: Date,
    name: String,
}

/// A holiday file, parsed: the official days off and make-up working days of one year, in the
/// format of `data/holidays/YYYY.txt` (see [`parse_holiday_file`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayFile {
    /// The year the file is for: the given one, or the latest year of its dates.
    pub year: i16,
    entries: Vec<Entry>,
}

/// A bad line of a holiday file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// The 1-based line number.
    pub line: usize,
    /// Byte offset of the start of the bad part in the file's text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: &'static str,
}

/// Help for a line that does not have the shape of an entry.
const LINE_HELP: &str = "write `off YYYY-MM-DD [YYYY-MM-DD] 名称` for days off or `on YYYY-MM-DD 名称` \
                         for a make-up working day; `#` starts a comment";

/// Help for a token that is not a date.
const DATE_HELP: &str = "write dates as YYYY-MM-DD with a real month and day, e.g. 2027-02-05";

/// The date a token of a holiday file (`text`, at byte `at`) names; `None`, with the error given
/// to `bad` (start, end, message, help), when it names none.
fn date_token(
    at: usize,
    text: &str,
    bad: &mut impl FnMut(usize, usize, String, &'static str),
) -> Option<Date> {
    let date = parse_iso_date(text);
    if date.is_none() {
        bad(
            at,
            at + text.len(),
            format!("`{text}` is not a date (YYYY-MM-DD)"),
            DATE_HELP,
        );
    }
    date
}

/// Parses a holiday file in the format of `data/holidays/YYYY.txt`:
///
/// ```text
/// off YYYY-MM-DD [YYYY-MM-DD]  节日名   a day off, or an inclusive range of days off
/// on  YYYY-MM-DD  节日名                a make-up working day (调休上班) on a Saturday or Sunday
/// ```
///
/// Blank lines and text after `#` are ignored. Every date must lie in the file's year or the year
/// before it (a New Year break may begin on 12-31); `year` is that year, or `None` to take the
/// latest year of the dates. Every bad line is reported, each with its byte range.
pub fn parse_holiday_file(text: &str, year: Option<i16>) -> Result<HolidayFile, Vec<LineError>> {
    let mut errors = Vec::new();
    // Each entry with the byte range of its dates, for the checks that need the year.
    let mut entries: Vec<(Entry, usize, usize, usize)> = Vec::new();
    let mut offset = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line_start = offset;
        offset += raw.len() + 1;
        let line = index + 1;
        let content = match raw.find('#') {
            Some(at) => &raw[..at],
            None => raw,
        };
        let tokens: Vec<(usize, &str)> = tokens(content)
            .map(|(at, token)| (line_start + at, token))
            .collect();
        let Some(&(kind_at, kind)) = tokens.first() else {
            continue;
        };
        let mut bad = |start: usize, end: usize, message: String, help: &'static str| {
            errors.push(LineError {
                line,
                start,
                end,
                message,
                help,
            });
        };
        let is_off = match kind {
            "off" => true,
            "on" => false,
            other => {
                bad(
                    kind_at,
                    kind_at + other.len(),
                    format!("expected `off` or `on` at the start of the line, found `{other}`"),
                    LINE_HELP,
                );
                continue;
            }
        };
        let Some(&(first_at, first_text)) = tokens.get(1) else {
            bad(
                kind_at,
                kind_at + kind.len(),
                format!("`{kind}` needs a date"),
                LINE_HELP,
            );
            continue;
        };
        let Some(first) = date_token(first_at, first_text, &mut bad) else {
            continue;
        };
        let mut rest = &tokens[2..];
        let mut last = first;
        let mut dates_end = first_at + first_text.len();
        if let Some(&(second_at, second_text)) = rest.first()
            && (looks_like_date(second_text)
                || second_text.starts_with(|c: char| c.is_ascii_digit()))
        {
            if !is_off {
                bad(
                    second_at,
                    second_at + second_text.len(),
                    "`on` takes a single date, not a range".to_owned(),
                    "write one `on` line for each make-up working day",
                );
                continue;
            }
            let Some(second) = date_token(second_at, second_text, &mut bad) else {
                continue;
            };
            last = second;
            dates_end = second_at + second_text.len();
            rest = &rest[1..];
        }
        if rest.is_empty() {
            bad(
                kind_at,
                dates_end,
                "the holiday name is missing".to_owned(),
                "end the line with the holiday's name, e.g. `off 2027-02-05 2027-02-11 春节`",
            );
            continue;
        }
        if last < first {
            bad(
                first_at,
                dates_end,
                format!("range end {last} is before its start {first}"),
                "write the first day first",
            );
            continue;
        }
        if day_number(last) - day_number(first) > 31 {
            bad(
                first_at,
                dates_end,
                format!("range {first} {last} is longer than a month"),
                "a break is at most a month long: check the dates",
            );
            continue;
        }
        if !is_off && !is_weekend(day_number(first)) {
            bad(
                first_at,
                dates_end,
                format!("make-up working day {first} is not a Saturday or Sunday"),
                "a make-up working day (调休上班) is a Saturday or Sunday; weekdays are working days anyway",
            );
            continue;
        }
        let name = rest.iter().map(|&(_, t)| t).collect::<Vec<_>>().join(" ");
        entries.push((
            Entry {
                off: is_off,
                first,
                last,
                name,
            },
            line,
            first_at,
            dates_end,
        ));
    }
    let year = year
        .or_else(|| entries.iter().map(|(e, ..)| e.last.year()).max())
        .unwrap_or(0);
    let mut seen: HashMap<i64, usize> = HashMap::new();
    for (entry, line, start, end) in &entries {
        for date in [entry.first, entry.last] {
            let y = date.year();
            if y != year && y != year - 1 {
                errors.push(LineError {
                    line: *line,
                    start: *start,
                    end: *end,
                    message: format!("date {date} is not in {year} or the end of the year before"),
                    help: "a holiday file holds one year: put each year in a file of its own",
                });
                break;
            }
        }
        for day in day_number(entry.first)..=day_number(entry.last) {
            if let Some(first_line) = seen.insert(day, *line) {
                errors.push(LineError {
                    line: *line,
                    start: *start,
                    end: *end,
                    message: format!(
                        "date {} is listed more than once (first on line {first_line})",
                        date_from_day_number(day)
                    ),
                    help: "list each day once",
                });
                break;
            }
        }
    }
    if entries.is_empty() && errors.is_empty() {
        errors.push(LineError {
            line: 1,
            start: 0,
            end: text.find('\n').unwrap_or(text.len()),
            message: "the holiday file lists no day".to_owned(),
            help: LINE_HELP,
        });
    }
    errors.sort_by_key(|e| (e.line, e.start));
    if errors.is_empty() {
        Ok(HolidayFile {
            year,
            entries: entries.into_iter().map(|(e, ..)| e).collect(),
        })
    } else {
        Err(errors)
    }
}

/// The whitespace-separated tokens of a line, with their byte offsets in it.
fn tokens(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = line;
    let mut base = 0;
    std::iter::from_fn(move || {
        let skip = rest.len() - rest.trim_start().len();
        base += skip;
        rest = &rest[skip..];
        if rest.is_empty() {
            return None;
        }
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..len];
        let at = base;
        base += len;
        rest = &rest[len..];
        Some((at, token))
    })
}

/// The official days of the calendar, from bundled files, plan files and the statutory rules.
#[derive(Debug, Default)]
struct Table {
    /// Holiday names, shared by the entries that use them.
    names: Vec<String>,
    /// Official days off and make-up working days, keyed by day number.
    days: HashMap<i64, Official>,
    /// Smallest and largest day number that has an entry.
    hull: Option<(i64, i64)>,
}

impl Table {
    fn name_index(&mut self, name: &str) -> usize {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_owned());
                self.names.len() - 1
            }
        }
    }

    fn widen(&mut self, lo: i64, hi: i64) {
        self.hull = Some(match self.hull {
            None => (lo, hi),
            Some((a, b)) => (a.min(lo), b.max(hi)),
        });
    }

    /// Adds a file's entries; they win over what is already there.
    fn add_file(&mut self, file: &HolidayFile) {
        for entry in &file.entries {
            let index = self.name_index(&entry.name);
            let (lo, hi) = (day_number(entry.first), day_number(entry.last));
            for day in lo..=hi {
                let official = if entry.off {
                    Official::Off(index)
                } else {
                    Official::On(index)
                };
                self.days.insert(day, official);
            }
            self.widen(lo, hi);
        }
    }

    /// Adds the statutory days off of a year; two holidays on one day share it (`国庆节、中秋节`).
    fn add_statutory(&mut self, holidays: &[statutory::Holiday]) {
        for holiday in holidays {
            let (lo, hi) = (day_number(holiday.first), day_number(holiday.last));
            for day in lo..=hi {
                let name = match self.days.get(&day) {
                    Some(&Official::Off(i)) => match self.names.get(i) {
                        // As the notices write it: 国庆节、中秋节.
                        Some(other) if holiday.name == "国庆节" => format!("国庆节、{other}"),
                        Some(other) => format!("{other}、{}", holiday.name),
                        None => holiday.name.to_owned(),
                    },
                    _ => holiday.name.to_owned(),
                };
                let index = self.name_index(&name);
                self.days.insert(day, Official::Off(index));
            }
            self.widen(lo, hi);
        }
    }
}

/// Parses a bundled data file; its first bad line is a [`CalendarError::BadData`].
fn bundled(year: i16, file: &'static str, text: &str) -> Result<HolidayFile, CalendarError> {
    parse_holiday_file(text, Some(year)).map_err(|errors| {
        let (line, message) = errors
            .into_iter()
            .next()
            .map(|e| (e.line, e.message))
            .unwrap_or((0, String::new()));
        CalendarError::BadData {
            file,
            line,
            message,
        }
    })
}

/// A working-day calendar for one plan: weekends, official holidays and make-up working days,
/// and the plan's own overrides. See the [module documentation](self) for the rules.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// The period the calendar was built for.
    period: (Date, Date),
    /// Holiday names referenced by `official`.
    names: Vec<String>,
    /// Official days off and make-up working days, keyed by day number.
    official: HashMap<i64, Official>,
    /// Plan overrides, keyed by day number: `true` for a working day.
    overrides: HashMap<i64, bool>,
    /// Day number of the first day of the precomputed window.
    lo: i64,
    /// Whether each day of the window is a working day.
    workday: Vec<bool>,
    /// `prefix[i]` is the number of working days among the first `i` days of the window.
    prefix: Vec<u32>,
    /// Window offsets of the working days, in order: `positions[k]` is the `k`-th working day.
    positions: Vec<u32>,
}

impl Calendar {
    /// Builds the calendar for a plan period `[start, end]` (both inclusive) from the bundled
    /// holiday data and, for years without it, the statutory holidays.
    ///
    /// Same as [`Calendar::for_period_with`] without holiday files.
    pub fn for_period(start: Date, end: Date) -> Result<Calendar, CalendarError> {
        Calendar::for_period_with(start, end, &[])
    }

    /// Builds the calendar for a plan period `[start, end]` (both inclusive). For each year, the
    /// official days come from the first of: a holiday file of `files` for that year (the last
    /// one given wins), the bundled data (`data/holidays/`), the statutory holidays of the rules
    /// in force that year (see [`statutory`]).
    ///
    /// Fails with [`CalendarError::InvalidPeriod`] when `end < start`, with
    /// [`CalendarError::YearOutOfRange`] when a year of the period is outside
    /// [`supported_years`], and with [`CalendarError::BadData`] when a bundled data file is
    /// malformed.
    pub fn for_period_with(
        start: Date,
        end: Date,
        files: &[HolidayFile],
    ) -> Result<Calendar, CalendarError> {
        if end < start {
            return Err(CalendarError::InvalidPeriod { start, end });
        }
        for year in start.year()..=end.year() {
            if !supported_years().contains(&year) {
                return Err(CalendarError::YearOutOfRange { year });
            }
        }
        let file_years: Vec<i16> = files.iter().map(|f| f.year).collect();
        let mut table = Table::default();
        for &(year, file, text) in BUILTIN {
            if !file_years.contains(&year) {
                table.add_file(&bundled(year, file, text)?);
            }
        }
        for year in provisional_years(start, end, &file_years) {
            let holidays = statutory::holidays(year).map_err(|_| CalendarError::Lunar { year })?;
            table.add_statutory(&holidays);
        }
        for file in files {
            table.add_file(file);
        }
        let mut calendar = Calendar {
            period: (start, end),
            names: table.names,
            official: table.days,
            overrides: HashMap::new(),
            lo: 0,
            workday: Vec::new(),
            prefix: Vec::new(),
            positions: Vec::new(),
        };
        let years_lo = day_number(Date::constant(FIRST_YEAR, 1, 1));
        let years_hi = day_number(Date::constant(LAST_YEAR, 12, 31));
        let mut lo = years_lo.min(day_number(start));
        let mut hi = years_hi.max(day_number(end));
        if let Some((a, b)) = table.hull {
            lo = lo.min(a);
            hi = hi.max(b);
        }
        calendar.rebuild(lo, hi);
        Ok(calendar)
    }

    /// The period `(start, end)` this calendar was built for, both inclusive.
    pub fn period(&self) -> (Date, Date) {
        self.period
    }

    /// Declares `d` a day off for this plan, whatever the weekday rule and the official data say.
    ///
    /// The last override given for a date wins. This rebuilds the precomputed tables (linear in
    /// the number of days they span, a few thousand).
    pub fn with_day_off(&mut self, d: Date) {
        self.set_override(d, false);
    }

    /// Declares `d` a working day for this plan, whatever the weekday rule and the official data
    /// say.
    ///
    /// The last override given for a date wins. This rebuilds the precomputed tables (linear in
    /// the number of days they span, a few thousand).
    pub fn with_workday(&mut self, d: Date) {
        self.set_override(d, true);
    }

    fn set_override(&mut self, d: Date, workday: bool) {
        let day = day_number(d);
        self.overrides.insert(day, workday);
        let hi = self.hi();
        self.rebuild(self.lo.min(day), hi.max(day));
    }

    /// Day number of the last day of the window.
    fn hi(&self) -> i64 {
        self.lo + self.workday.len() as i64 - 1
    }

    /// Whether `day` is a working day, from the rules alone (no table).
    fn rule(&self, day: i64) -> bool {
        if let Some(&w) = self.overrides.get(&day) {
            return w;
        }
        match self.official.get(&day) {
            Some(Official::Off(_)) => false,
            Some(Official::On(_)) => true,
            None => !is_weekend(day),
        }
    }

    /// Recomputes the tables over the window `[lo, hi]`.
    fn rebuild(&mut self, lo: i64, hi: i64) {
        let len = usize::try_from(hi - lo + 1).unwrap_or(0);
        let mut workday = Vec::with_capacity(len);
        let mut prefix = Vec::with_capacity(len + 1);
        let mut positions = Vec::with_capacity(len);
        let mut count: u32 = 0;
        prefix.push(0);
        for offset in 0..len {
            let w = self.rule(lo + offset as i64);
            workday.push(w);
            if w {
                positions.push(offset as u32);
                count += 1;
            }
            prefix.push(count);
        }
        self.lo = lo;
        self.workday = workday;
        self.prefix = prefix;
        self.positions = positions;
    }

    /// The global working-day count `C(n)`: a non-decreasing function with
    /// `C(n + 1) - C(n) == 1` exactly when day `n` is a working day. Differences of it count
    /// working days in half-open ranges of day numbers.
    fn count_before(&self, n: i64) -> i64 {
        let lo = self.lo;
        let hi = self.hi();
        if n <= lo {
            weekday_count(n)
        } else if n <= hi + 1 {
            let offset = (n - lo) as usize;
            weekday_count(lo) + i64::from(self.prefix[offset])
        } else {
            weekday_count(lo) + i64::from(self.total()) + weekday_count(n) - weekday_count(hi + 1)
        }
    }

    /// The number of working days in the window.
    fn total(&self) -> u32 {
        self.prefix.last().copied().unwrap_or(0)
    }

    /// The working day `e` with `C(e) == k` (the inverse of [`Calendar::count_before`] on
    /// working days).
    fn select(&self, k: i64) -> i64 {
        let base = weekday_count(self.lo);
        let total = i64::from(self.total());
        if k < base {
            weekday_select(k)
        } else if k < base + total {
            let index = (k - base) as usize;
            self.lo + i64::from(self.positions[index])
        } else {
            weekday_select(k - base - total + weekday_count(self.hi() + 1))
        }
    }

    /// Whether `d` is a working day: Monday to Friday are, Saturday and Sunday are not; then
    /// official days off are not and official make-up working days are; then the plan's
    /// overrides decide. Outside the years with data only the weekday rule and overrides apply.
    pub fn is_workday(&self, d: Date) -> bool {
        let day = day_number(d);
        if day >= self.lo
            && let Some(&w) = self.workday.get((day - self.lo) as usize)
        {
            return w;
        }
        self.rule(day)
    }

    /// The name of the official holiday (e.g. `春节`) when `d` is an official day off, as the
    /// built-in data gives it; `None` otherwise. Plan overrides do not change it.
    pub fn holiday_name(&self, d: Date) -> Option<&str> {
        match self.official.get(&day_number(d)) {
            Some(&Official::Off(i)) => self.names.get(i).map(String::as_str),
            _ => None,
        }
    }

    /// The name of the holiday whose break `d` is an official make-up working day (调休上班)
    /// for, e.g. `春节`; `None` when `d` is not such a day. Plan overrides do not change it.
    pub fn makeup_workday_for(&self, d: Date) -> Option<&str> {
        match self.official.get(&day_number(d)) {
            Some(&Official::On(i)) => self.names.get(i).map(String::as_str),
            _ => None,
        }
    }

    /// The first working day on or after `d` (`d` itself when it is a working day).
    pub fn next_workday_on_or_after(&self, d: Date) -> Date {
        self.add_workdays(d, 1)
    }

    /// The last working day on or before `d` (`d` itself when it is a working day).
    pub fn prev_workday_on_or_before(&self, d: Date) -> Date {
        self.add_workdays(d, -1)
    }

    /// The date reached by counting `n` working days from `start`, the start counting as the
    /// first one when it is a working day:
    ///
    /// - `n >= 1`: the `n`-th working day on or after `start`, i.e. the finish date of a task of
    ///   `n` working days that starts on `start`. `add_workdays(d, 1)` is `d` for a working day
    ///   `d`, and the next working day otherwise. This is the earliest `e >= start` with
    ///   `workdays_between(start, e) == n`.
    /// - `n <= -1`: the `|n|`-th working day on or before `start`, i.e. the start date of a task
    ///   of `|n|` working days that must finish on `start`. This is the latest `e <= start` with
    ///   `workdays_between(e, start) == |n|`. So for a working day `s` and `n >= 1`,
    ///   `add_workdays(add_workdays(s, n), -n) == s`.
    /// - `n == 0`: `start` itself, working day or not.
    ///
    /// Results beyond the range of [`Date`] saturate at [`Date::MIN`] or [`Date::MAX`].
    pub fn add_workdays(&self, start: Date, n: i64) -> Date {
        // More working days than `Date` has days: the result saturates either way, and clamping
        // keeps the arithmetic below far from overflow.
        const LIMIT: i64 = 8_000_000;
        let n = n.clamp(-LIMIT, LIMIT);
        let day = day_number(start);
        let target = match n.cmp(&0) {
            std::cmp::Ordering::Equal => return start,
            std::cmp::Ordering::Greater => self.select(self.count_before(day) + n - 1),
            std::cmp::Ordering::Less => self.select(self.count_before(day + 1) + n),
        };
        date_from_day_number(target)
    }

    /// The number of working days in `[a, b]`, both ends included; 0 when `b < a`.
    pub fn workdays_between(&self, a: Date, b: Date) -> i64 {
        if b < a {
            return 0;
        }
        self.count_before(day_number(b) + 1) - self.count_before(day_number(a))
    }
}

/// Day number of a date: days since 1970-01-01 (negative before it).
fn day_number(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number, saturating at [`Date::MIN`] and [`Date::MAX`].
fn date_from_day_number(n: i64) -> Date {
    // Howard Hinnant's civil_from_days.
    let min = day_number(Date::MIN);
    let max = day_number(Date::MAX);
    if n <= min {
        return Date::MIN;
    }
    if n >= max {
        return Date::MAX;
    }
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // In range by the checks above; saturate rather than panic should that ever be wrong.
    match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
        (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).unwrap_or(Date::MAX),
        _ => Date::MAX,
    }
}

/// Day number of Monday 1970-01-05, the anchor of the weekday arithmetic.
const MONDAY_ANCHOR: i64 = 4;

/// Whether a day number is a Saturday or a Sunday.
fn is_weekend(day: i64) -> bool {
    (day - MONDAY_ANCHOR).rem_euclid(7) >= 5
}

/// The number of Mondays to Fridays in `[MONDAY_ANCHOR, n)` (negative for `n` before it).
fn weekday_count(n: i64) -> i64 {
    let m = n - MONDAY_ANCHOR;
    5 * m.div_euclid(7) + m.rem_euclid(7).min(5)
}

/// The Monday-to-Friday day `e` with `weekday_count(e) == k`.
fn weekday_select(k: i64) -> i64 {
    MONDAY_ANCHOR + 7 * k.div_euclid(5) + k.rem_euclid(5)
}

/// Whether a token has the shape of a `YYYY-MM-DD` date.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parses a strict `YYYY-MM-DD` date.
fn parse_iso_date(s: &str) -> Option<Date> {
    if !looks_like_date(s) {
        return None;
    }
    let y: i16 = s.get(0..4)?.parse().ok()?;
    let m: i8 = s.get(5..7)?.parse().ok()?;
    let d: i8 = s.get(8..10)?.parse().ok()?;
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal2020() -> Calendar {
        match Calendar::for_period(date(2020, 1, 1), date(2020, 12, 31)) {
            Ok(c) => c,
            Err(e) => panic!("2020 calendar: {e}"),
        }
    }

    /// Slow, obviously correct reference for the workday count.
    fn naive_between(cal: &Calendar, a: Date, b: Date) -> i64 {
        let mut n = 0;
        let mut d = a;
        while d <= b {
            if cal.is_workday(d) {
                n += 1;
            }
            d = d.tomorrow().unwrap();
        }
        n
    }

    #[test]
    fn builtin_data_parses_and_years_are_contiguous() {
        let mut days = 0;
        for &(year, file, text) in BUILTIN {
            assert_eq!(file, format!("data/holidays/{year}.txt"));
            let parsed = bundled(year, file, text).unwrap();
            assert_eq!(parsed.year, year);
            days += parsed.entries.len();
        }
        assert!(days > 0);
        let years: Vec<i16> = BUILTIN.iter().map(|&(y, _, _)| y).collect();
        let expected: Vec<i16> = covered_years().collect();
        assert_eq!(years, expected);
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(1970, 1, 5)), MONDAY_ANCHOR);
        let mut d = date(1999, 12, 1);
        for _ in 0..20_000 {
            let n = day_number(d);
            assert_eq!(date_from_day_number(n), d);
            assert_eq!(is_weekend(n), d.weekday().to_monday_zero_offset() >= 5);
            d = d.tomorrow().unwrap();
        }
        assert_eq!(date_from_day_number(day_number(Date::MIN)), Date::MIN);
        assert_eq!(date_from_day_number(day_number(Date::MAX)), Date::MAX);
        assert_eq!(date_from_day_number(i64::MIN / 4), Date::MIN);
        assert_eq!(date_from_day_number(i64::MAX / 4), Date::MAX);
    }

    #[test]
    fn weekday_arithmetic_is_consistent() {
        for n in -30..30 {
            let inc = weekday_count(n + 1) - weekday_count(n);
            assert_eq!(inc, i64::from(!is_weekend(n)), "day {n}");
            if !is_weekend(n) {
                assert_eq!(weekday_select(weekday_count(n)), n);
            }
        }
    }

    #[test]
    fn spring_festival_2020_and_its_extension() {
        let c = cal2020();
        // 2020-01-19 (Sunday) stayed a make-up working day.
        assert!(c.is_workday(date(2020, 1, 19)));
        assert_eq!(c.makeup_workday_for(date(2020, 1, 19)), Some("春节"));
        // The original break, 01-24..01-30.
        for day in 24..=30 {
            assert!(!c.is_workday(date(2020, 1, day)), "2020-01-{day}");
        }
        assert_eq!(c.holiday_name(date(2020, 1, 25)), Some("春节"));
        // The extension (国办发明电〔2020〕1号): 01-31 off, and the make-up day on Saturday
        // 02-01 cancelled, so the break ran to 02-02; work resumed on Monday 02-03.
        assert!(!c.is_workday(date(2020, 1, 31)));
        assert!(!c.is_workday(date(2020, 2, 1)));
        assert!(!c.is_workday(date(2020, 2, 2)));
        assert!(c.is_workday(date(2020, 2, 3)));
        assert_eq!(c.makeup_workday_for(date(2020, 2, 1)), None);
        assert_eq!(c.holiday_name(date(2020, 2, 1)), Some("春节（延长假期）"));
    }

    #[test]
    fn national_day_2020() {
        let c = cal2020();
        for day in 1..=8 {
            let d = date(2020, 10, day);
            assert!(!c.is_workday(d), "{d}");
            assert_eq!(c.holiday_name(d), Some("国庆节、中秋节"));
        }
        assert!(c.is_workday(date(2020, 9, 27))); // Sunday
        assert!(c.is_workday(date(2020, 10, 9))); // Friday
        assert!(c.is_workday(date(2020, 10, 10))); // Saturday
        assert!(!c.is_workday(date(2020, 10, 11))); // Sunday
        assert_eq!(c.holiday_name(date(2020, 10, 9)), None);
        // An ordinary weekend and weekday.
        assert!(!c.is_workday(date(2020, 9, 26)));
        assert!(c.is_workday(date(2020, 9, 30)));
    }

    #[test]
    fn add_workdays_across_national_day() {
        let c = cal2020();
        let wed = date(2020, 9, 30);
        assert_eq!(c.add_workdays(wed, 0), wed);
        assert_eq!(c.add_workdays(wed, 1), wed);
        // 09-30 is the last working day before the break; 10-09 (Fri) and 10-10 (Sat) follow.
        assert_eq!(c.add_workdays(wed, 2), date(2020, 10, 9));
        assert_eq!(c.add_workdays(wed, 3), date(2020, 10, 10));
        assert_eq!(c.add_workdays(wed, 4), date(2020, 10, 12));
        // Starting inside the break: the first working day is 10-09.
        assert_eq!(c.add_workdays(date(2020, 10, 3), 1), date(2020, 10, 9));
        assert_eq!(
            c.next_workday_on_or_after(date(2020, 10, 1)),
            date(2020, 10, 9)
        );
        assert_eq!(c.prev_workday_on_or_before(date(2020, 10, 8)), wed);
        assert_eq!(c.prev_workday_on_or_before(wed), wed);
        // Backwards: a 3-workday task due on 10-10 starts on 09-30.
        assert_eq!(c.add_workdays(date(2020, 10, 10), -3), wed);
        assert_eq!(c.add_workdays(date(2020, 10, 10), -1), date(2020, 10, 10));
        assert_eq!(c.add_workdays(date(2020, 10, 5), -1), wed);
        // 09-27 (Sunday) is a make-up working day.
        assert_eq!(c.add_workdays(date(2020, 9, 26), 1), date(2020, 9, 27));
        assert_eq!(c.add_workdays(date(2020, 9, 30), -4), date(2020, 9, 27));
        assert_eq!(c.workdays_between(date(2020, 9, 28), date(2020, 10, 11)), 5);
    }

    #[test]
    fn workdays_in_2020_match_chinesecalendar() {
        let c = cal2020();
        // chinesecalendar 1.11.0 and holidays 0.109 both count 249 working days in 2020.
        assert_eq!(
            c.workdays_between(date(2020, 1, 1), date(2020, 12, 31)),
            249
        );
        assert_eq!(c.workdays_between(date(2020, 12, 31), date(2020, 1, 1)), 0);
        assert_eq!(c.workdays_between(date(2020, 10, 1), date(2020, 10, 1)), 0);
        assert_eq!(c.workdays_between(date(2020, 9, 30), date(2020, 9, 30)), 1);
    }

    #[test]
    fn workday_counts_per_year() {
        // Counted by chinesecalendar 1.11.0 (and equal in holidays 0.109).
        let expected = [
            (2020, 249),
            (2021, 250),
            (2022, 249),
            (2023, 249),
            (2024, 251),
            (2025, 248),
            (2026, 248),
        ];
        let c = Calendar::for_period(date(2020, 1, 1), date(2026, 12, 31)).unwrap();
        for (year, count) in expected {
            let n = c.workdays_between(date(year, 1, 1), date(year, 12, 31));
            assert_eq!(n, count, "{year}");
        }
        // The 2023 notice's New Year break began on 2022-12-31.
        assert!(!c.is_workday(date(2022, 12, 31)));
        assert_eq!(c.holiday_name(date(2022, 12, 31)), Some("元旦"));
    }

    #[test]
    fn years_out_of_range_and_bad_periods_are_errors() {
        let err = Calendar::for_period(date(2100, 6, 1), date(2101, 3, 1)).unwrap_err();
        assert_eq!(err, CalendarError::YearOutOfRange { year: 2101 });
        assert_eq!(
            err.to_string(),
            "no calendar for year 2101 (planc computes holidays for 2000–2100)"
        );
        let err = Calendar::for_period(date(1999, 6, 1), date(2020, 3, 1)).unwrap_err();
        assert_eq!(err, CalendarError::YearOutOfRange { year: 1999 });
        let err = Calendar::for_period(date(2020, 6, 1), date(2020, 3, 1)).unwrap_err();
        assert!(matches!(err, CalendarError::InvalidPeriod { .. }));
        assert!(err.to_string().starts_with("invalid period"));
    }

    #[test]
    fn unbundled_years_use_the_statutory_holidays() {
        let c = Calendar::for_period(date(2026, 6, 1), date(2027, 12, 31)).unwrap();
        // 2027: 除夕 02-05 (Friday) to 初三 02-08 (Monday) under the 2024 rule; no make-up days.
        for day in 5..=8 {
            assert!(!c.is_workday(date(2027, 2, day)), "2027-02-{day}");
            assert_eq!(c.holiday_name(date(2027, 2, day)), Some("春节"));
        }
        assert!(c.is_workday(date(2027, 2, 4)));
        assert!(c.is_workday(date(2027, 2, 9)));
        assert!(!c.is_workday(date(2027, 2, 13))); // an ordinary Saturday
        assert_eq!(c.holiday_name(date(2027, 4, 5)), Some("清明节"));
        assert_eq!(c.holiday_name(date(2027, 10, 1)), Some("国庆节"));
        assert!(c.is_workday(date(2027, 10, 4))); // the notice will decide the rest of the week
        // 2026 keeps its bundled data, make-up days included.
        assert!(c.is_workday(date(2026, 2, 14)));
        assert_eq!(
            provisional_years(date(2026, 6, 1), date(2027, 3, 1), &[]),
            [2027]
        );
        assert!(provisional_years(date(2026, 6, 1), date(2027, 3, 1), &[2027]).is_empty());
        // 2028: 中秋 on 10-03, a day of the National Day holiday, named as the notices do.
        let c2028 = Calendar::for_period(date(2028, 1, 1), date(2028, 12, 31)).unwrap();
        assert_eq!(
            c2028.holiday_name(date(2028, 10, 3)),
            Some("国庆节、中秋节")
        );
        assert_eq!(c2028.holiday_name(date(2028, 10, 2)), Some("国庆节"));
        // 2027 has 261 weekdays; the statutory days on weekdays are 01-01 (Fri), 02-05 (Fri),
        // 02-08 (Mon), 04-05 (Mon), 06-09 (Wed), 09-15 (Wed) and 10-01 (Fri): 7 of them.
        assert_eq!(
            c.workdays_between(date(2027, 1, 1), date(2027, 12, 31)),
            261 - 7
        );
    }

    #[test]
    fn plan_files_win_over_bundled_and_statutory_days() {
        let file = parse_holiday_file("off 2027-02-05 2027-02-11 春节\non 2027-02-20 春节\n", None)
            .unwrap();
        assert_eq!(file.year, 2027);
        let c = Calendar::for_period_with(date(2027, 1, 1), date(2027, 12, 31), &[file]).unwrap();
        assert!(!c.is_workday(date(2027, 2, 10)));
        assert!(c.is_workday(date(2027, 2, 20)));
        assert_eq!(c.makeup_workday_for(date(2027, 2, 20)), Some("春节"));
        // The file is the whole arrangement of its year: no statutory day is added to it.
        assert!(c.is_workday(date(2027, 10, 1)));
        // A plan file for a bundled year replaces the bundled data.
        let file = parse_holiday_file("off 2026-10-01 国庆节\n", None).unwrap();
        let c = Calendar::for_period_with(date(2026, 1, 1), date(2026, 12, 31), &[file]).unwrap();
        assert!(c.is_workday(date(2026, 10, 2)));
        assert!(!c.is_workday(date(2026, 10, 1)));
    }

    #[test]
    fn bad_lines_are_errors_not_panics() {
        let cases = [
            ("off 2020-13-01 元旦", "not a date", "2020-13-01"),
            ("off 2020-01-01", "name is missing", "off 2020-01-01"),
            (
                "holiday 2020-01-01 元旦",
                "expected `off` or `on`",
                "holiday",
            ),
            (
                "on 2020-01-20 春节",
                "not a Saturday or Sunday",
                "2020-01-20",
            ),
            ("on 2020-01-18 2020-01-19 春节", "single date", "2020-01-19"),
            (
                "off 2020-01-05 2020-01-01 元旦",
                "before its start",
                "2020-01-05 2020-01-01",
            ),
            ("off 2018-01-01 元旦", "not in 2020", "2018-01-01"),
            (
                "off 2020-01-01 2020-03-01 元旦",
                "longer than a month",
                "2020-01-01 2020-03-01",
            ),
            (
                "off 2020-01-01 元旦\noff 2020-01-01 元旦",
                "more than once",
                "2020-01-01",
            ),
            ("off 2020-01-01 2020-1-3 元旦", "not a date", "2020-1-3"),
            ("on", "needs a date", "on"),
            ("# nothing\n", "lists no day", "# nothing"),
        ];
        for (text, fragment, marked) in cases {
            match parse_holiday_file(text, Some(2020)) {
                Ok(_) => panic!("accepted {text:?}"),
                Err(errors) => {
                    let e = errors.last().unwrap();
                    assert!(e.message.contains(fragment), "{text:?}: {}", e.message);
                    assert_eq!(&text[e.start..e.end], marked, "{text:?}");
                }
            }
        }
        // Every bad line is reported, with its line number.
        let errors = parse_holiday_file(
            "off x 元旦\n\nholiday\noff 2020-05-01 劳动节\non 2020-05-04 劳动节",
            None,
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        let file = parse_holiday_file(
            "# comment\n\n  off 2020-01-01  元旦  # trailing\r\n",
            Some(2020),
        )
        .unwrap();
        assert_eq!(file.entries.len(), 1);
        assert_eq!(file.entries[0].name, "元旦");
        // A bundled file's first bad line is a BadData error.
        let err = bundled(2020, "test.txt", "off 2020-01-01 元旦\nfoo").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad built-in holiday data at test.txt:2: expected `off` or `on` at the start of the line, found `foo`"
        );
    }

    #[test]
    fn overrides_win_and_extend_the_window() {
        let mut c = cal2020();
        // A plan works on the National Day holiday and takes a Tuesday off.
        c.with_workday(date(2020, 10, 2));
        c.with_day_off(date(2020, 9, 29));
        assert!(c.is_workday(date(2020, 10, 2)));
        assert!(!c.is_workday(date(2020, 9, 29)));
        assert_eq!(c.holiday_name(date(2020, 10, 2)), Some("国庆节、中秋节"));
        assert_eq!(c.add_workdays(date(2020, 9, 29), 2), date(2020, 10, 2));
        assert_eq!(
            c.workdays_between(date(2020, 1, 1), date(2020, 12, 31)),
            249
        );
        // The last override for a date wins.
        c.with_day_off(date(2020, 10, 2));
        assert!(!c.is_workday(date(2020, 10, 2)));
        // Overrides far outside the data years are honoured too.
        c.with_workday(date(2040, 1, 7)); // Saturday
        c.with_day_off(date(2012, 3, 5)); // Monday
        assert!(c.is_workday(date(2040, 1, 7)));
        assert!(!c.is_workday(date(2012, 3, 5)));
        assert_eq!(c.add_workdays(date(2040, 1, 6), 2), date(2040, 1, 7));
        assert_eq!(c.add_workdays(date(2012, 3, 6), -2), date(2012, 3, 2));
    }

    #[test]
    fn queries_outside_the_window_follow_the_weekday_rule() {
        let c = cal2020();
        // 2030-01-01 is a Tuesday; no data, so weekends only.
        assert!(c.is_workday(date(2030, 1, 1)));
        assert!(!c.is_workday(date(2030, 1, 5)));
        assert_eq!(c.holiday_name(date(2030, 1, 1)), None);
        assert_eq!(c.add_workdays(date(2030, 1, 4), 2), date(2030, 1, 7));
        assert_eq!(c.add_workdays(date(2019, 12, 30), 3), date(2020, 1, 2));
        assert_eq!(c.add_workdays(date(2020, 1, 2), -3), date(2019, 12, 30));
        assert_eq!(
            c.next_workday_on_or_after(date(2019, 1, 5)),
            date(2019, 1, 7)
        );
        // Crossing the window in one jump matches a day-by-day count.
        let a = date(2018, 3, 14);
        let b = date(2028, 8, 2);
        let n = naive_between(&c, a, b);
        assert_eq!(c.workdays_between(a, b), n);
        assert_eq!(c.add_workdays(a, n), b);
        assert_eq!(c.add_workdays(b, -n), a);
        // Saturation instead of overflow.
        assert_eq!(c.add_workdays(date(2020, 1, 2), i64::MAX), Date::MAX);
        assert_eq!(c.add_workdays(date(2020, 1, 2), i64::MIN), Date::MIN);
        assert_eq!(c.add_workdays(Date::MAX, 10), Date::MAX);
        assert!(c.workdays_between(Date::MIN, Date::MAX) > 0);
    }

    #[test]
    fn fast_queries_match_a_naive_walk() {
        let mut c = Calendar::for_period(date(2021, 1, 1), date(2023, 12, 31)).unwrap();
        c.with_workday(date(2021, 2, 14));
        c.with_day_off(date(2022, 6, 1));
        let start = date(2019, 11, 1);
        let mut days = Vec::new();
        let mut d = start;
        while d <= date(2027, 2, 1) {
            days.push(d);
            d = d.tomorrow().unwrap();
        }
        let workdays: Vec<Date> = days.iter().copied().filter(|&d| c.is_workday(d)).collect();
        for (i, &d) in days.iter().enumerate().step_by(7) {
            // add_workdays(d, n) against the list of working days.
            let first = workdays.partition_point(|&w| w < d);
            for n in 1..40i64 {
                if let Some(&w) = workdays.get(first + n as usize - 1) {
                    assert_eq!(c.add_workdays(d, n), w, "{d} + {n}");
                }
            }
            let last = workdays.partition_point(|&w| w <= d);
            for n in 1..40i64 {
                if let Some(idx) = last.checked_sub(n as usize) {
                    assert_eq!(c.add_workdays(d, -n), workdays[idx], "{d} - {n}");
                }
            }
            for &e in days[i..].iter().step_by(37).take(20) {
                assert_eq!(
                    c.workdays_between(d, e),
                    naive_between(&c, d, e),
                    "{d}..{e}"
                );
            }
        }
    }
}
