//! Every problem planc reports, as a typed value carrying its data, and the one place that words it.
//!
//! A check never formats a message: it builds a [`Problem`] variant with the names, numbers and
//! places the message needs and turns it into a [`Diagnostic`] with `.into()` (or
//! [`Problem::diagnostic`]). [`Problem::word`] is the only function that writes message, label and
//! help text (a tidy test fails on `Diagnostic::new(`, `.with_help(` or `.with_label(` anywhere
//! else in `src/`, and the constructor is not public), so wording stays consistent: lowercase,
//! names in backticks, no final period, counts through [`Count`](super::Count).
//!
//! # How to add a diagnostic
//!
//! 1. Add a variant to [`Problem`] with the data its message needs: names as `String`, places as
//!    [`Span`] (the first place is the primary one), numbers as they are. Prefer data over text:
//!    pass the figure, not the figure formatted.
//! 2. Word it in [`Problem::word`]: one arm returning `("code.detail", diagnostic)`, where `code`
//!    is the [`Code`]'s name (a new code goes in `Code`, with its description and severity) and
//!    `detail` a stable snake_case name for this message (`undefined_owner.did_you_mean`). Build
//!    the diagnostic with [`error`]/[`warning`] and `.with_label`/`.with_help`.
//! 3. At the check: `diagnostics.push(Problem::MyVariant { .. }.into())`.
//! 4. Add a broken plan under `tests/cases/` that produces it, to `CASES` in
//!    `tests/integration/diagnostics.rs`, and accept its report with
//!    `UPDATE_EXPECT=1 cargo test --test integration diagnostics::` (read it). The test
//!    `every_problem_has_a_case` fails while a variant's name is produced by no case.

use super::{Code, Count, Diagnostic, Severity};
use crate::source::Span;

/// A figure with its full-width digits and point written in ASCII (`１２０名` → `120名`).
fn ascii_digits(figure: &str) -> String {
    figure
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + 0x30).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .collect()
}

/// An error with one labelled place; only for the arms of [`Problem::word`].
fn error(
    code: Code,
    message: impl Into<String>,
    span: Span,
    label: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(Severity::Error, code, message.into(), span, label.into())
}

/// A warning with one labelled place; only for the arms of [`Problem::word`].
fn warning(
    code: Code,
    message: impl Into<String>,
    span: Span,
    label: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(Severity::Warning, code, message.into(), span, label.into())
}

/// One problem found in a plan (or its progress, includes, calendar or policy file), with the
/// data its message needs. Worded by [`Problem::word`].
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    // ---- the plan header (check/resolve/header.rs) ----
    /// The header declares no period.
    NoPeriod { header: Span },
    /// `期间 YEAR` with a year jiff cannot represent.
    PeriodYearRange { year: i16, span: Span },
    /// `期间 A .. B` whose end year is before its start year.
    PeriodYearsInverted { first: i16, last: i16, span: Span },
    /// `期间 A .. B` with years jiff cannot represent.
    PeriodYearsRange { first: i16, last: i16, span: Span },
    /// `期间 D1 .. D2` whose end date is before its start date.
    PeriodDatesInverted { span: Span },
    /// A school term whose end is before its start.
    TermInverted { span: Span },
    /// A school term given twice for one year.
    TermRepeated { autumn: bool, year: i16, span: Span },
    /// A period with years outside the calendar planc computes.
    NoCalendar {
        first: i16,
        last: i16,
        supported_first: i16,
        supported_last: i16,
        span: Span,
    },
    /// Two holiday files for one year.
    HolidayFileTwice { year: i16, span: Span, first: Span },
    /// A holiday file for a year outside the period.
    HolidayFileOutside {
        year: i16,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    /// Years of the period without their official holiday arrangement.
    ProvisionalCalendar {
        years: Vec<i16>,
        /// Every year is after the last year bundled with planc.
        unpublished: bool,
        span: Span,
    },
    /// A header statement that may be given once, given again.
    Repeated {
        keyword: String,
        span: Span,
        first: Option<Span>,
    },
    /// More owner labels after `分工 STYLE` than the style notes (`merged`: one).
    OwnerLabels {
        style: &'static str,
        count: usize,
        allowed: usize,
        span: Span,
    },
    /// A table column (`表格 序号 "…", …`) given twice.
    TableColumnTwice {
        column: &'static str,
        span: Span,
        first: Span,
    },
    /// More than four numbering styles.
    NumberingLevels { count: usize, span: Span },
    /// A numbering style that is not one.
    NumberingStyle {
        written: String,
        why: String,
        span: Span,
    },
    // ---- values: ranges, shares, units, breakdowns, stretch goals, recurrences (check/values.rs) ----
    /// A target range written from high to low.
    InvertedTargetRange {
        low: String,
        high: String,
        unit: String,
        low_span: Span,
        high_span: Span,
    },
    /// A range target with a breakdown.
    RangeBrokenDown { target: String, span: Span },
    /// A change in a unit other than its baseline's (`share`: the baseline is a share).
    ChangeUnit {
        share: bool,
        baseline: String,
        amount: String,
        amount_unit: String,
        baseline_unit: String,
        expected_unit: String,
        span: Span,
        baseline_span: Span,
    },
    /// A range of changes (`增长 6%-6.5%`) whose ends are in different units.
    ChangeRangeUnits {
        range: String,
        unit: String,
        span: Span,
        high_span: Span,
    },
    /// A reference used as a share (`None`) in one place and as a quantity in a unit (`Some`) in
    /// another, or in two units.
    ReferenceUse {
        reference: String,
        used_as: Option<String>,
        first_used_as: Option<String>,
        span: Span,
        first_span: Span,
        reference_span: Span,
    },
    /// A breakdown on a target without a total.
    NoTotal { target: String, span: Span },
    /// A target's own value in percentage points.
    PercentagePoints {
        value: String,
        target: String,
        written: String,
        span: Span,
    },
    /// A stretch goal asking for less than the firm target on its metric.
    WeakStretch {
        stretch: String,
        stretch_value: String,
        firm: String,
        firm_value: String,
        span: Span,
        firm_span: Span,
    },
    /// A share outside 0–100%.
    ShareRange { value: String, span: Span },
    /// A part of a breakdown in another unit than the total.
    PartUnit {
        owner: String,
        part_unit: String,
        total_unit: String,
        span: Span,
        total_span: Span,
    },
    /// Parts whose sum passes the largest number (`at`: the part where it does).
    SumOverflow {
        target: String,
        parts: Span,
        at: Span,
        total: Span,
    },
    /// Parts that do not add up to the total; figures as the plan writes the total's.
    SplitSum {
        target: String,
        sum: String,
        total: String,
        unit: String,
        difference: String,
        /// The parts fall short of the total (else they pass it).
        short: bool,
        total_span: Span,
        parts_span: Span,
    },
    /// Parts that cannot hold together with their total's comparison (`超 15万` with parts adding
    /// up to 14.05万; `不超过 3000` with parts adding up to at least 3200): `reached` is the sum
    /// the parts allow, with its bound (`at least 3200万元`), `total` the total with its own.
    SplitSumBound {
        target: String,
        reached: String,
        total: String,
        unit: String,
        difference: String,
        /// The parts fall short of the total (else they pass it).
        short: bool,
        total_span: Span,
        parts_span: Span,
    },
    /// A `分别` row with another number of values than the targets it lists.
    RespectivelyWidth {
        label: String,
        values: usize,
        targets: Vec<String>,
        span: Span,
        keyword: Span,
    },
    /// A target broken down by `分别` that has a breakdown already.
    BrokenDownTwice {
        target: String,
        span: Span,
        target_span: Span,
    },
    // ---- counts and facts (check/counts.rs, check/resolve/lookup.rs) ----
    /// A count (`计数 …`) whose number differs from what it counts.
    CountMismatch {
        target: String,
        /// The number as written, with its unit (`6所`).
        written: String,
        /// How the count reads with its comparator (`6`, `at least 6`).
        says: String,
        /// What is counted, in words (`` `开复工`'s sub-items ``).
        what: String,
        /// The things counted, name and place, in document order.
        things: Vec<(String, Span)>,
        /// The whole number the count states, for a count that may not be exceeded: the things
        /// past it are named.
        stated: Option<usize>,
        value: Span,
        clause: Span,
    },
    /// `计数 子事项` on a goal's target: a goal has no sub-items.
    CountOnGoal { target: String, clause: Span },
    /// A count whose target states no number (a trend, a change).
    CountWithoutNumber {
        target: String,
        what: String,
        clause: Span,
    },
    /// A fact without a figure named as a baseline (`较 FACT …`).
    FactWithoutValue { name: String, span: Span },
    /// A recurrence month named twice.
    MonthTwice { month: u8, span: Span, first: Span },
    /// A recurrence naming another number of months than its count.
    MonthCount {
        months: usize,
        count: String,
        span: Span,
        count_span: Span,
    },
    /// Months named by a recurrence that is not yearly.
    MonthsNotYearly { span: Span },
    /// A recurrence month outside the period.
    MonthOutside {
        month: u8,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    // ---- files: encoding, includes, holiday files (syntax/loader.rs) ----
    /// A plan file that is not UTF-8 (`span`: the first bad byte).
    NotUtf8 { span: Span },
    /// An include that makes a cycle; `chain`: the files from the first on the cycle to `file`.
    IncludeCycle {
        file: String,
        chain: Vec<String>,
        span: Span,
    },
    /// An include outside the plan's folder.
    IncludeEscape { file: String, span: Span },
    /// A file included a second time (`first`: where it was first included, if by an include).
    IncludedTwice {
        file: String,
        span: Span,
        first: Option<Span>,
    },
    /// Includes nested deeper than `depth`.
    IncludesTooDeep { depth: usize, span: Span },
    /// An include that cannot be read (`not_regular`: a pipe, socket or device).
    IncludeMissing {
        file: String,
        reason: String,
        not_regular: bool,
        span: Span,
    },
    /// A holiday file outside the plan's folder.
    HolidayFileOutsideFolder { file: String, span: Span },
    /// A holiday file that cannot be read.
    HolidayFileUnreadable {
        file: String,
        reason: String,
        span: Span,
    },
    /// A holiday file that is not UTF-8.
    HolidayFileNotUtf8 { file: String, span: Span },
    /// More bad lines in a holiday file than are shown.
    HolidayFileMore {
        more: usize,
        file: String,
        span: Span,
    },
    /// A bad line of a holiday file, with the calendar parser's message and help (`file`: where
    /// the plan names the file).
    HolidayFileLine {
        message: String,
        help: String,
        span: Span,
        file: Span,
    },
    // ---- numbers and nesting (syntax/number.rs, syntax/mod.rs) ----
    /// A number larger than a decimal holds; `number`: its first 25 characters.
    NumberTooLarge { number: String, span: Span },
    /// A number with more digits than a decimal keeps; `number`: its first 25 characters.
    NumberTooPrecise { number: String, span: Span },
    /// `1e5`: scientific notation (`digits`: the value in plain digits, when exact).
    Scientific {
        written: String,
        digits: Option<String>,
        span: Span,
    },
    /// `0x1F`: hexadecimal notation (`digits`: the value in decimal digits, when exact).
    Hexadecimal {
        written: String,
        digits: Option<u128>,
        span: Span,
    },
    /// A unit in its Traditional form (`個百分點`).
    TraditionalUnit {
        traditional: String,
        simplified: String,
        amount: String,
        span: Span,
    },
    /// Blocks nested deeper than `depth`.
    NestedTooDeep { depth: usize, span: Span },
    // ---- prose: citations and figures (check/prose.rs) ----
    /// More unbound figures than are reported one by one (`after`: how many are).
    MoreUnboundFigures {
        skipped: usize,
        after: usize,
        span: Span,
    },
    /// A backtick in text never closed.
    BacktickNotClosed { span: Span },
    /// A `{` in text never closed.
    CitationNotClosed { span: Span },
    /// A citation of a name that is neither a target nor a recurrence.
    UndefinedCitation {
        id: String,
        suggestion: Option<String>,
        span: Span,
    },
    /// `{id.part}` of a recurrence.
    RecurrenceParts { id: String, span: Span },
    /// `{id.part}` where `part` is not an owner.
    CitedPartLabel {
        id: String,
        part: String,
        span: Span,
    },
    /// A figure in prose no target binds (`undeclared`: a counting word that is not a declared
    /// unit).
    UnboundFigure {
        figure: String,
        place: &'static str,
        undeclared: Option<String>,
        span: Span,
    },
    // ---- building the model (check/resolve/build.rs) ----
    /// A capacity that is not a whole number ≥ 1 (`too_large`: above `u32::MAX`).
    Capacity { too_large: bool, span: Span },
    /// A capacity on a collective owner.
    CollectiveCapacity { owner: String, span: Span },
    /// A folded section that does not parse a second time (a bug).
    SectionReread { span: Span },
    /// Days off whose end is before their start.
    DaysOffInverted { span: Span, first: Span },
    /// A target due after its item's deadline.
    TargetAfterItem {
        target: String,
        due: String,
        due_date: jiff::civil::Date,
        deadline: String,
        deadline_date: jiff::civil::Date,
        span: Span,
        deadline_span: Span,
    },
    /// A recurrence count that is not a whole number ≥ 1 (`quarterly`: the keyword of the example,
    /// from the keyword table).
    RecurrenceCount { quarterly: &'static str, span: Span },
    /// Two parts of one owner in a breakdown.
    PartTwice {
        owner: String,
        span: Span,
        first: Span,
    },
    // ---- resolving names and the header; usage lints (check/resolve/*) ----
    /// `{target.owner}` where the target has no part for the owner.
    NoPartFor {
        /// The target, or the part whose breakdown was searched (`新建学校.凉州区`).
        target: String,
        /// The label not found.
        owner: String,
        /// Whether that target or part has no breakdown at all.
        no_breakdown: bool,
        /// The closest label it has, if one is close.
        suggestion: Option<String>,
        span: Span,
        target_span: Span,
    },
    /// An item with neither lead nor supporters.
    NoOwner { item: String, span: Span },
    /// A top-level item with supporters but no lead.
    NoLead { item: String, span: Span },
    /// An owner that both leads and supports one item; `lead_via`/`support_via`: the group it is
    /// a member of on that side, when it is not named itself.
    LeadAndSupport {
        owner: String,
        support_written: String,
        lead_via: Option<String>,
        support_via: Option<String>,
        span: Span,
        lead: Span,
    },
    /// A target cited in no text or title: the document prints it nowhere.
    UncitedTarget { target: String, span: Span },
    /// An owner's display name written where its identifier is expected.
    OwnerDisplayName {
        written: String,
        owner: String,
        span: Span,
        declared: Span,
    },
    /// An owner that leads and supports nothing.
    UnusedOwner { owner: String, span: Span },
    /// A plan without a header (`span`: where the plan starts).
    NoHeader { span: Span },
    /// A second plan header.
    SecondHeader { span: Span, first: Span },
    // ---- scheduling and the checks that schedule (schedule/*, check/mod.rs) ----
    /// No working-day calendar for the plan's period.
    CannotSchedule {
        reason: String,
        supported_first: i16,
        supported_last: i16,
        span: Span,
    },
    /// An owner leading more items at once than its capacity, even after levelling; `items`:
    /// the items at that time, with their places.
    Overload {
        owner: String,
        load: u32,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        capacity: u32,
        items: Vec<(String, Span)>,
        span: Span,
    },
    // ---- planc.toml (policy.rs) ----
    /// A broken rule of the policy file, with the rule's own message and its severity there.
    PolicyRule {
        message: String,
        rule: String,
        severity: super::Severity,
        span: Span,
    },
    // ---- dates, declarations and look-ups (check/resolve/{dates,declare,lookup}.rs) ----
    /// A window (`时段`, `时限 A至B`) that ends before it starts.
    WindowInverted { written: String, span: Span },
    /// A date outside the period; `what`: the statement it belongs to (`the day off`).
    DateOutside {
        what: String,
        date: jiff::civil::Date,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    /// A window outside the period; `what`: the statement it belongs to.
    WindowOutside {
        what: String,
        written: String,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    /// A name declared twice; `kind`, `first_kind`: what each declaration is (`an owner`).
    DeclaredTwice {
        name: String,
        kind: &'static str,
        first_kind: &'static str,
        span: Span,
        first: Span,
    },
    /// A built-in unit declared.
    BuiltInUnit { unit: String, span: Span },
    /// A unit declared twice.
    UnitTwice {
        unit: String,
        span: Span,
        first: Span,
    },
    /// A unit that is not declared.
    UndefinedUnit {
        unit: String,
        suggestion: Option<String>,
        span: Span,
    },
    /// A unit glued to `左右` (`1.4万斤左右`): read as one undeclared unit name.
    OrSoGlued {
        unit: String,
        declared: String,
        span: Span,
    },
    /// `{ID.change}` of a target that states no change beside its value.
    NoStatedChange { target: String, span: Span },
    /// A unit where a baseline's name is expected: the number before it is missing.
    UnitWithoutNumber { unit: String, span: Span },
    /// A reference to a name that is not declared as what is wanted there; `found`: what the name
    /// is instead (`a target`) and where, `suggestion`: a close name of the wanted kind.
    Undefined {
        wanted: Wanted,
        name: String,
        found: Option<(&'static str, Span)>,
        suggestion: Option<String>,
        span: Span,
    },
    // ---- recurrences on the calendar (schedule/recur.rs) ----
    /// More occurrences in a window than it has working days.
    TooManyOccurrences {
        recurrence: String,
        count: u32,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        available: i64,
        span: Span,
        /// The item, labelled too.
        item_span: Span,
    },
    /// Named months outside the recurrence's item.
    RecurrenceOutsideItem {
        months: Vec<u8>,
        at: RecurrenceInItem,
    },
    /// A recurrence whose item has no working day.
    RecurrenceNever { at: RecurrenceInItem },
    // ---- dependencies and deadlines (check/graph.rs, schedule/cpm.rs) ----
    /// A dependency cycle; `chain`: the names around it, `also`: the other dependencies labelled,
    /// `steps`: how many dependencies it has, `cut`: the message leaves some names out.
    DependencyCycle {
        chain: String,
        span: Span,
        also: Vec<Span>,
        steps: usize,
        cut: bool,
    },
    /// A deadline before the deadline of something it waits for.
    DueBeforePrerequisite {
        name: String,
        due: jiff::civil::Date,
        prerequisite: String,
        prerequisite_due: jiff::civil::Date,
        chain: Vec<String>,
        span: Span,
        prerequisite_span: Option<Span>,
    },
    /// A node left on a cycle when scheduling (the checker reports the cycle first).
    ScheduleCycle { name: String, span: Span },
    /// Work longer than its window (`window`: where the window ends) or the period allows.
    TooLong {
        name: String,
        length: i64,
        room: i64,
        from: jiff::civil::Date,
        to: jiff::civil::Date,
        span: Span,
        window: Option<Span>,
        /// What keeps it from starting earlier.
        floor: Option<Span>,
    },
    /// A window its dependencies make impossible; `waits`: the prerequisite, where it finishes
    /// (when known) and the dependency; else `start`: the earliest start, after the window.
    WindowImpossible {
        name: String,
        written: Option<String>,
        end: jiff::civil::Date,
        waits: Option<(String, Option<jiff::civil::Date>, Span)>,
        start: jiff::civil::Date,
        span: Span,
    },
    /// Work that cannot finish by its deadline (`deadline`) or inside the period (none).
    Late {
        name: String,
        milestone: bool,
        due: jiff::civil::Date,
        finish: jiff::civil::Date,
        deadline: Option<Span>,
        span: Span,
        waits: Vec<Span>,
        /// What set the pace, and its earliest start.
        root: Option<(Span, jiff::civil::Date)>,
        /// The chain forcing it late, with dates, when longer than the node itself.
        chain: Vec<String>,
        earliest: jiff::civil::Date,
    },
    // ---- progress files against the plan (progress/check.rs) ----
    /// A progress file without its header.
    ProgressNoHeader { title: String, span: Span },
    /// A progress file for another plan.
    ProgressOtherPlan {
        written: String,
        title: String,
        span: Span,
    },
    /// A reporting date outside the plan period.
    ProgressAsOfOutside {
        as_of: jiff::civil::Date,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    /// Two progress files for one day.
    ProgressDayTwice {
        as_of: jiff::civil::Date,
        span: Span,
        first: Span,
    },
    /// An entry for an item the plan does not have.
    ProgressUnknownItem {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    /// An item reported twice in one file.
    ProgressItemTwice {
        name: String,
        span: Span,
        first: Span,
    },
    /// More than 100% complete.
    ProgressPercentAbove {
        percent: rust_decimal::Decimal,
        span: Span,
    },
    /// More occurrences reported done than the plan schedules.
    ProgressTooManyOccurrences {
        recurrence: String,
        planned: usize,
        reported: usize,
        span: Span,
    },
    /// A milestone or target (`what`) that is not one of the entry's item; `elsewhere`: it is
    /// another item's; `candidates`: the item's own.
    ProgressUnknownPart {
        what: &'static str,
        name: String,
        item: String,
        elsewhere: bool,
        suggestion: Option<String>,
        candidates: Vec<String>,
        span: Span,
    },
    /// An actual in a unit the plan does not declare; `expected`: the target's unit, if known.
    ProgressUndeclaredUnit {
        unit: String,
        target: String,
        expected: Option<String>,
        span: Span,
    },
    /// An actual in another unit than its target's.
    ProgressUnitMismatch {
        target: String,
        expected: String,
        written: String,
        span: Span,
    },
    /// A share above 100% (`written`: as written, with its unit).
    ProgressShareAbove { written: String, span: Span },
    /// Something (`what`: `the item`, `the milestone`) done on a day outside the period.
    DoneOutsidePeriod {
        what: &'static str,
        date: jiff::civil::Date,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    /// Something done after the report's date.
    DoneAfterReport {
        what: &'static str,
        date: jiff::civil::Date,
        as_of: jiff::civil::Date,
        span: Span,
    },
    /// Something done before its item could start by the schedule.
    DoneBeforeStart {
        what: &'static str,
        date: jiff::civil::Date,
        item: String,
        start: jiff::civil::Date,
        span: Span,
    },
    /// An item reported done with a target far from reached (`share`: per cent, `below`: the
    /// threshold), `of`: the target as the plan writes it.
    DoneUnreached {
        item: String,
        target: String,
        shown: String,
        of: String,
        share: rust_decimal::Decimal,
        below: u32,
        span: Span,
        status: Span,
    },
    /// A cumulative actual lower than the previous report's.
    ProgressWentDown {
        target: String,
        before: String,
        date: jiff::civil::Date,
        now: String,
        span: Span,
    },
    // ---- the lowering of the syntax tree (syntax/lower.rs) ----
    /// A date that is no day of the calendar (`2020-02-30`); `month_day`: written as `M月D日`.
    NoSuchDay {
        text: String,
        month_day: bool,
        span: Span,
    },
    /// A month number outside 1..=12.
    NotAMonth { digits: String, span: Span },
    // ---- syntax: recovery, typing mistakes (syntax/lower.rs, syntax/expected.rs) ----
    /// Syntax errors past the most reported in one file (`max`): `count` more.
    MoreSyntaxErrors {
        count: usize,
        max: usize,
        span: Span,
    },
    /// A `{` (`open`) or `}` no statement opens or closes, in a plan or a progress file.
    Stray {
        open: bool,
        progress: bool,
        span: Span,
    },
    /// A block found unclosed by indentation: its keyword (as shown), the line that shows it has
    /// ended (`evidence`, `reason`) and that line's number.
    BlockNotClosed {
        keyword: String,
        span: Span,
        evidence: Span,
        reason: &'static str,
        line: usize,
    },
    /// A block still open where the file ends (`end`).
    BlockNotClosedAtEnd { span: Span, end: Span },
    /// A breakdown (`其中 {`) still open where the file ends (`end`).
    BreakdownNotClosed { span: Span, end: Span },
    /// A duration that is not a whole number up to 100000.
    DurationNumber { span: Span },
    /// A day of the month outside 1..=31, as written.
    NotADay { written: String, span: Span },
    /// A target (`part`: a breakdown part) with a comparison word before its value and `以上`/
    /// `以下` after it.
    TwoComparisons { part: bool, span: Span },
    /// A bound (`以上`, `以下`) in a `分别` row.
    RowBound { suffix: String, span: Span },
    /// An unknown escape (as shown) in a string; `whole`: the span is the whole string.
    UnknownEscape {
        escaped: String,
        whole: bool,
        span: Span,
    },
    /// A statement allowed in another block (`belongs`), not in this one (`place`: where it is,
    /// in words); `keyword` as shown.
    MisplacedStatement {
        keyword: String,
        place: &'static str,
        belongs: Belongs,
        span: Span,
    },
    /// A keyword glued to the name after it (`牵头人事处`); `word` and `argument` as shown.
    GluedKeyword {
        word: String,
        keyword: String,
        argument: String,
        span: Span,
    },
    /// Several owners after `牵头` (`keyword` as written); `owners` as shown.
    SeveralLeads {
        keyword: String,
        owners: Vec<String>,
        support: &'static str,
        span: Span,
    },
    /// A period written with `至` or `到` (`character`); `fixed` and `written` as shown.
    PeriodWithTo {
        character: char,
        fixed: String,
        written: String,
        span: Span,
    },
    /// Text the grammar does not read: what was `expected` (in words, when known), what was
    /// `found` (in words) and a hint.
    Unexpected {
        expected: Option<String>,
        found: String,
        hint: SyntaxHint,
        span: Span,
    },
    /// A string without its closing quote on its line; `end`: where the line ends; `last`: the
    /// look-alike quote it ends with, named.
    StringNotClosed {
        span: Span,
        end: Span,
        last: Option<String>,
    },
    /// Look-alike characters, full-width digits or Traditional keywords whose replacement makes
    /// the statement parse; the first is named in the message.
    Respelled {
        first: Respelling,
        others: Vec<Respelling>,
    },
    // ---- progress files (progress/syntax.rs) ----
    /// A progress file pest cannot read at all.
    ProgressUnreadable { span: Span },
    /// A second header in a progress file.
    ProgressHeaderTwice { span: Span, first: Span },
    /// Text that is no statement of a progress file (`in_item`: of an item's entry); `text`: its
    /// first line, shortened.
    ProgressStatement {
        text: String,
        in_item: bool,
        span: Span,
    },
    /// A reporting date without its year.
    ReportingDateYear { span: Span },
    /// A status that is not one; `suggestion`: the closest status word.
    UnknownStatus {
        written: String,
        suggestion: Option<String>,
        span: Span,
    },
    /// An item's entry whose `{` is never closed.
    ProgressBlockNotClosed { span: Span },
    /// A statement (`keyword`) given twice in an item's entry.
    ProgressRepeated { keyword: &'static str, span: Span },
    /// A date written without a year in a file whose header gives none.
    DateWithoutYear { text: String, span: Span },
    /// A progress figure too large or too precise for a decimal.
    ProgressNumber { text: String, span: Span },
}

impl Problem {
    /// The stable name of this message variant, `code.detail` (`plan_header.no_period`).
    pub fn name(&self) -> &'static str {
        self.clone().word().0
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let (name, mut diagnostic) = self.word();
        debug_assert_eq!(
            name.split('.').next(),
            Some(diagnostic.code.name()),
            "a problem's name starts with its code's"
        );
        diagnostic.problem = name;
        diagnostic
    }

    /// The one place every message, label and help line is written: the variant's stable name
    /// and its diagnostic.
    fn word(self) -> (&'static str, Diagnostic) {
        match self {
            Problem::NoPeriod { header } => (
                "plan_header.no_period",
                error(Code::PlanHeader, "the plan has no period", header, "this header")
                    .with_help(
                        "add `期间 2020` (a year) or `期间 2020-01-01 .. 2020-12-31` to the header",
                    ),
            ),
            Problem::PeriodYearRange { year, span } => (
                "date.period_year",
                error(
                    Code::Date,
                    format!("{year} is not a year planc can use"),
                    span,
                    "out of range",
                )
                .with_help("write a year between 1 and 9999"),
            ),
            Problem::PeriodYearsInverted { first, last, span } => (
                "inverted_range.period_years",
                error(
                    Code::InvertedRange,
                    "the period ends before it starts",
                    span,
                    "end before start",
                )
                .with_help(format!(
                    "write the first year first: `期间 {last} .. {first}`"
                )),
            ),
            Problem::PeriodYearsRange { first, last, span } => (
                "date.period_years",
                error(
                    Code::Date,
                    format!("{first} .. {last} are not years planc can use"),
                    span,
                    "out of range",
                )
                .with_help("write years between 1 and 9999"),
            ),
            Problem::PeriodDatesInverted { span } => (
                "inverted_range.period_dates",
                error(
                    Code::InvertedRange,
                    "the period ends before it starts",
                    span,
                    "end before start",
                )
                .with_help("write the first day first"),
            ),
            Problem::TermInverted { span } => (
                "inverted_range.term",
                error(
                    Code::InvertedRange,
                    "the term ends before it starts",
                    span,
                    "end before start",
                )
                .with_help("write the first day first"),
            ),
            Problem::TermRepeated { autumn, year, span } => (
                "repeated.term",
                error(
                    Code::Repeated,
                    format!(
                        "the {} term of {year} is given twice",
                        if autumn { "autumn" } else { "spring" },
                    ),
                    span,
                    "given again",
                )
                .with_help("give each term of a year once"),
            ),
            Problem::NoCalendar {
                first,
                last,
                supported_first,
                supported_last,
                span,
            } => {
                let which = if first == last {
                    format!("{first}")
                } else {
                    format!("{first}–{last}")
                };
                (
                    "calendar.unsupported",
                    error(
                        Code::Calendar,
                        format!(
                            "planc has no working-day calendar for {which}: it computes holidays for {supported_first}–{supported_last}"
                        ),
                        span,
                        "outside 2000–2100",
                    )
                    .with_help("declare a period within 2000–2100"),
                )
            }
            Problem::HolidayFileTwice { year, span, first } => (
                "holiday_file.twice",
                error(
                    Code::HolidayFile,
                    format!("two holiday files for {year}"),
                    span,
                    "second file for this year",
                )
                .with_label(first, "first file for this year")
                .with_help("keep one file per year"),
            ),
            Problem::HolidayFileOutside {
                year,
                start,
                end,
                span,
            } => (
                "holiday_file.outside_period",
                warning(
                    Code::HolidayFile,
                    format!(
                        "the holiday file is for {year}, outside the plan period {start} to {end}"
                    ),
                    span,
                    "not used",
                )
                .with_help("name the file of a year of the period, or remove this line"),
            ),
            Problem::ProvisionalCalendar {
                years,
                unpublished,
                span,
            } => {
                let list = years
                    .iter()
                    .map(i16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let last = years.last().copied().unwrap_or_default();
                let (arrangement, it) = if years.len() == 1 {
                    (format!("the official {list} arrangement is"), "it")
                } else {
                    (format!("the official arrangements for {list} are"), "them")
                };
                let state = if unpublished {
                    "not published yet"
                } else {
                    "not bundled with planc"
                };
                let help = if years.len() == 1 {
                    format!(
                        "add `假日 \"holidays/{last}.txt\"` to the plan header, a file in the format of \
                         data/holidays/ with the year's 放假 and 调休上班 days"
                    )
                } else {
                    format!(
                        "add one `假日 \"holidays/YEAR.txt\"` line per year ({list}) to the plan header, \
                         files in the format of data/holidays/ with each year's 放假 and 调休上班 days"
                    )
                };
                (
                    "provisional_calendar.years",
                    warning(
                        Code::ProvisionalCalendar,
                        format!(
                            "{arrangement} {state}; statutory holidays are used without 调休; \
                             add {it} with `休息`/`补班` lines or a holiday file"
                        ),
                        span,
                        "provisional working-day calendar",
                    )
                    .with_help(help),
                )
            }
            Problem::Repeated {
                keyword,
                span,
                first,
            } => {
                let mut diagnostic = error(
                    Code::Repeated,
                    format!("`{keyword}` is given more than once"),
                    span,
                    "given again here",
                )
                .with_help(format!("keep one `{keyword}` statement"));
                if let Some(first) = first {
                    diagnostic = diagnostic.with_label(first, "first given here");
                }
                ("repeated.statement", diagnostic)
            }
            Problem::OwnerLabels {
                style,
                count,
                allowed,
                span,
            } => (
                "plan_header.owner_labels",
                error(
                    Code::PlanHeader,
                    format!(
                        "`分工 {style}` takes {} owner label{}, but {count} are given",
                        if allowed == 1 { "one" } else { "two" },
                        if allowed == 1 { "" } else { "s" }
                    ),
                    span,
                    "too many labels",
                )
                .with_help(if allowed == 1 {
                    "a merged note has one label, as `分工 合并 \"责任单位\"`; to label lead and supporters apart write `分工 分列 \"牵头单位\" \"配合单位\"`"
                } else {
                    "give the lead's label, then the supporting owners', as `分工 分行 \"责任单位\" \"配合单位\"`"
                }),
            ),
            Problem::TableColumnTwice {
                column,
                span,
                first,
            } => (
                "plan_header.table_column_twice",
                error(
                    Code::PlanHeader,
                    format!("the table has two `{column}` columns"),
                    span,
                    "given again here",
                )
                .with_label(first, "first given here")
                .with_help("give each column once, in the order the source's table has them"),
            ),
            Problem::NumberingLevels { count, span } => (
                "numbering.levels",
                error(
                    Code::Numbering,
                    format!(
                        "{count} numbering styles are given, but a plan has four levels (sections, items, sub-items and the level below)"
                    ),
                    span,
                    "a fifth level",
                )
                .with_help("give at most four styles, sections first: `编号 \"一、\" \"（一）\" \"1.\" \"（1）\"`"),
            ),
            Problem::NumberingStyle { written, why, span } => (
                "numbering.style",
                error(
                    Code::Numbering,
                    format!("`{written}` is not a numbering style"),
                    span,
                    why,
                )
                .with_help("a style is one number, `一`, `1` or `①`, between marks: `一、`, `（一）`, `1.`, `（1）`, `①`, `第一部分`"),
            ),
            Problem::InvertedTargetRange {
                low,
                high,
                unit,
                low_span,
                high_span,
            } => (
                "inverted_range.target",
                error(
                    Code::InvertedRange,
                    format!("the range {low}-{high} runs from high to low"),
                    low_span,
                    "low end",
                )
                .with_label(high_span, "high end")
                .with_help(format!("write `{high}-{low}{unit}`")),
            ),
            Problem::RangeBrokenDown { target, span } => (
                "split_sum.range",
                error(
                    Code::SplitSum,
                    format!("`{target}` is a range and cannot be broken down"),
                    span,
                    "a range",
                )
                .with_help("break down a single total instead"),
            ),
            Problem::ChangeUnit {
                share,
                baseline,
                amount,
                amount_unit,
                baseline_unit,
                expected_unit,
                span,
                baseline_span,
            } => {
                let (name, message, help) = if share {
                    (
                        "unit_mismatch.change_in_share",
                        format!(
                            "the baseline `{baseline}` is a share, so a change to it is in percentage points, not `{amount_unit}`"
                        ),
                        format!(
                            "a change in a share is written in percentage points: `{amount}个百分点`"
                        ),
                    )
                } else {
                    (
                        "unit_mismatch.change",
                        format!(
                            "the change is in `{amount_unit}` but the baseline `{baseline}` is in `{baseline_unit}`"
                        ),
                        format!(
                            "write the change in `{expected_unit}`, the unit of the baseline, or as a growth rate in `%`"
                        ),
                    )
                };
                (
                    name,
                    error(Code::UnitMismatch, message, span, "the change")
                        .with_label(baseline_span, "the baseline")
                        .with_help(help),
                )
            }
            Problem::ChangeRangeUnits {
                range,
                unit,
                span,
                high_span,
            } => (
                "unit_mismatch.change_range",
                error(
                    Code::UnitMismatch,
                    format!("the ends of the range {range} are in different units"),
                    span,
                    "low end",
                )
                .with_label(high_span, "high end")
                .with_help(format!("write both ends in `{unit}`")),
            ),
            Problem::ReferenceUse {
                reference,
                used_as,
                first_used_as,
                span,
                first_span,
                reference_span,
            } => {
                let describe = |unit: &Option<String>| match unit {
                    None => "a share (a change in percentage points)".to_string(),
                    Some(unit) => format!("a quantity in `{unit}`"),
                };
                let (now, before) = (describe(&used_as), describe(&first_used_as));
                (
                    "reference_use.share_and_count",
                    error(
                        Code::ReferenceUse,
                        format!(
                            "the reference `{reference}` is used as {now} here, but as {before} before"
                        ),
                        span,
                        format!("used as {now}"),
                    )
                    .with_label(first_span, format!("used as {before}"))
                    .with_label(reference_span, "the reference")
                    .with_help(
                        "a reference is one value: change against it in one unit everywhere (percentage points for a share), or declare two references",
                    ),
                )
            }
            Problem::NoTotal { target, span } => (
                "split_sum.no_total",
                error(
                    Code::SplitSum,
                    format!("`{target}` has no total to break down"),
                    span,
                    "no total",
                )
                .with_help("give the target a value, e.g. `44个 其中 { … }`"),
            ),
            Problem::PercentagePoints {
                value,
                target,
                written,
                span,
            } => (
                "unit_mismatch.percentage_points",
                error(
                    Code::UnitMismatch,
                    format!(
                        "`{value}` is in percentage points, but `{target}` is not a change in a share"
                    ),
                    span,
                    "percentage points",
                )
                .with_help(format!(
                    "for a change in a share write `较 BASELINE 提高 {written}个百分点`; for a share write `{written}%`; for a count use a unit such as `个`"
                )),
            ),
            Problem::WeakStretch {
                stretch,
                stretch_value,
                firm,
                firm_value,
                span,
                firm_span,
            } => (
                "weak_stretch.less",
                warning(
                    Code::WeakStretch,
                    format!(
                        "the stretch goal `{stretch}` ({stretch_value}) asks for less than the firm target `{firm}` ({firm_value}) on the same metric"
                    ),
                    span,
                    "stretch goal (`力争`)",
                )
                .with_label(firm_span, "firm target")
                .with_help(
                    "a stretch goal should ask for more than the firm commitment: correct one of the two figures, or drop the stretch goal",
                ),
            ),
            Problem::ShareRange { value, span } => (
                "share_range.value",
                error(
                    Code::ShareRange,
                    format!("{value} is not a share: a share lies between 0% and 100%"),
                    span,
                    "outside 0–100%",
                )
                .with_help(
                    "for a change in a share write `个百分点`; for a count use a unit such as `个`",
                ),
            ),
            Problem::PartUnit {
                owner,
                part_unit,
                total_unit,
                span,
                total_span,
            } => (
                "unit_mismatch.part",
                error(
                    Code::UnitMismatch,
                    format!(
                        "the part of `{owner}` is in `{part_unit}` but the total is in `{total_unit}`"
                    ),
                    span,
                    "this part",
                )
                .with_label(total_span, "the total")
                .with_help(format!(
                    "write the part in `{total_unit}`, or leave the unit out"
                )),
            ),
            Problem::SumOverflow {
                target,
                parts,
                at,
                total,
            } => (
                "number.sum_overflow",
                error(
                    Code::Number,
                    format!(
                        "the parts of `{target}` add up to more than {}, the largest number planc can hold",
                        rust_decimal::Decimal::MAX
                    ),
                    parts,
                    "these parts",
                )
                .with_label(at, "the sum passes the largest number here")
                .with_label(total, "the total")
                .with_help("correct the parts: one of them is probably mistyped"),
            ),
            Problem::CountMismatch {
                target,
                written,
                says,
                what,
                things,
                stated,
                value,
                clause,
            } => {
                let count = things.len();
                let mut diagnostic = error(
                    Code::CountMismatch,
                    format!("`{target}` says {written} but {what} number {count}"),
                    value,
                    format!("the count: {says}"),
                )
                .with_label(clause, format!("counts {what}"));
                let mut beyond = Vec::new();
                for (index, (name, thing)) in things.into_iter().enumerate() {
                    let label = match stated {
                        Some(stated) if index >= stated => {
                            beyond.push(format!("`{name}`"));
                            format!("{} of {count}: beyond the count", index + 1)
                        }
                        _ => format!("{} of {count}", index + 1),
                    };
                    diagnostic = diagnostic.with_label(thing, label);
                }
                let (name, change) = if count == 0 {
                    (
                        "count_mismatch.nothing_counted",
                        format!("there is nothing to count: add {what} or remove `计数`"),
                    )
                } else if !beyond.is_empty() {
                    (
                        "count_mismatch.more",
                        format!(
                            "{} {} past the count (added to the list without updating the count?): update the count or the list",
                            beyond.join("、"),
                            if beyond.len() == 1 { "is" } else { "are" }
                        ),
                    )
                } else {
                    (
                        "count_mismatch.fewer",
                        "update the count or the list (one may have been removed, or not yet written)"
                            .to_string(),
                    )
                };
                (
                    name,
                    diagnostic.with_help(format!(
                        "the count says {says}, the list has {count}: {change}"
                    )),
                )
            }
            Problem::CountOnGoal { target, clause } => (
                "count_mismatch.on_goal",
                error(
                    Code::CountMismatch,
                    format!("`{target}` counts sub-items but belongs to a goal, which has none"),
                    clause,
                    "nothing to count here",
                )
                .with_help(
                    "count `子事项` on an item's target, or a group (`计数 GROUP`) or a tag (`计数 标签 TAG`)",
                ),
            ),
            Problem::CountWithoutNumber {
                target,
                what,
                clause,
            } => (
                "count_mismatch.no_number",
                error(
                    Code::CountMismatch,
                    format!("`{target}` counts {what} but states no number"),
                    clause,
                    "a count needs a number",
                )
                .with_help("give the target the number it counts, e.g. `6个 计数 子事项`"),
            ),
            Problem::FactWithoutValue { name, span } => (
                "missing_baseline.fact_without_value",
                error(
                    Code::MissingBaseline,
                    format!("the fact `{name}` has no figure to compare with"),
                    span,
                    "a fact without a value",
                )
                .with_help(format!(
                    "give the fact its figure (`已完成 {name} \"…\" 30所`), or compare with a baseline"
                )),
            ),
            Problem::SplitSum {
                target,
                sum,
                total,
                unit,
                difference,
                short,
                total_span,
                parts_span,
            } => {
                let direction = if short { "short of" } else { "more than" };
                (
                    "split_sum.parts",
                    error(
                        Code::SplitSum,
                        format!(
                            "the parts of `{target}` add up to {sum}{unit}, but the total is {total}{unit}"
                        ),
                        total_span,
                        format!("total {total}{unit}"),
                    )
                    .with_label(
                        parts_span,
                        format!(
                            "parts add up to {sum}{unit}, {difference}{unit} {direction} the total"
                        ),
                    )
                    .with_help("correct a part or the total so that they agree"),
                )
            }
            Problem::MonthTwice { month, span, first } => (
                "recurrence.month_twice",
                error(
                    Code::Recurrence,
                    format!("{month}月 is named twice"),
                    span,
                    "named again",
                )
                .with_label(first, "first named here")
                .with_help("name each month once: `全年 2次 于 4月, 10月`"),
            ),
            Problem::MonthCount {
                months,
                count,
                span,
                count_span,
            } => (
                "recurrence.month_count",
                error(
                    Code::Recurrence,
                    format!(
                        "{} {} named for {count} occurrences",
                        Count::new(months, "month"),
                        Count::new(months, "month").is_are(),
                    ),
                    span,
                    "the months",
                )
                .with_label(count_span, "the count")
                .with_help("name one month for each occurrence"),
            ),
            Problem::MonthsNotYearly { span } => (
                "recurrence.months_not_yearly",
                error(
                    Code::Recurrence,
                    "only a yearly recurrence can name its months",
                    span,
                    "months named",
                )
                .with_help("write `全年 N次 于 4月, 10月`, or drop `于 …`"),
            ),
            Problem::MonthOutside {
                month,
                start,
                end,
                span,
            } => (
                "outside_period.month",
                error(
                    Code::OutsidePeriod,
                    format!("{month}月 is outside the plan period {start} to {end}"),
                    span,
                    "outside the period",
                )
                .with_help("name months inside the plan period"),
            ),
            Problem::NotUtf8 { span } => (
                "syntax.not_utf8",
                error(
                    Code::Syntax,
                    "the file is not valid UTF-8",
                    span,
                    "this byte is not UTF-8",
                )
                .with_help("save the file as UTF-8 (with or without a BOM)"),
            ),
            Problem::IncludeCycle { file, chain, span } => (
                "include_cycle.cycle",
                error(
                    Code::IncludeCycle,
                    format!(
                        "including `{file}` here makes a cycle: {}",
                        chain.join(" → ")
                    ),
                    span,
                    "includes a file that is already being read",
                )
                .with_help(
                    "remove this include, or move the shared statements into a file both include",
                ),
            ),
            Problem::IncludeEscape { file, span } => (
                "include_escape.outside",
                error(
                    Code::IncludeEscape,
                    format!("`{file}` is outside the plan's folder"),
                    span,
                    "leaves the folder of the entry file",
                )
                .with_help(
                    "move the file into the plan's folder, or pass `--allow-outside-includes`",
                ),
            ),
            Problem::IncludedTwice { file, span, first } => {
                let mut diagnostic = error(
                    Code::IncludeCycle,
                    format!("`{file}` is included a second time"),
                    span,
                    "included again here",
                )
                .with_help("include each file once, from one place");
                if let Some(first) = first {
                    diagnostic = diagnostic.with_label(first, "first included here");
                }
                ("include_cycle.twice", diagnostic)
            }
            Problem::IncludesTooDeep { depth, span } => (
                "include_cycle.too_deep",
                error(
                    Code::IncludeCycle,
                    format!("includes are nested more than {depth} deep"),
                    span,
                    "too deep",
                )
                .with_help("include the files from one place instead of from each other"),
            ),
            Problem::IncludeMissing {
                file,
                reason,
                not_regular,
                span,
            } => {
                let (name, label, help) = if not_regular {
                    (
                        "include_missing.not_regular",
                        "not a regular file",
                        "include a plan file: a named pipe, socket or device is never read",
                    )
                } else {
                    (
                        "include_missing.unreadable",
                        "cannot be read",
                        "paths are relative to the file that includes them",
                    )
                };
                (
                    name,
                    error(
                        Code::IncludeMissing,
                        format!("cannot include `{file}`: {reason}"),
                        span,
                        label,
                    )
                    .with_help(help),
                )
            }
            Problem::HolidayFileOutsideFolder { file, span } => (
                "holiday_file.outside_folder",
                error(
                    Code::HolidayFile,
                    format!("the holiday file `{file}` is outside the plan's folder"),
                    span,
                    "leaves the folder of the entry file",
                )
                .with_help(
                    "move the file into the plan's folder, or pass `--allow-outside-includes`",
                ),
            ),
            Problem::HolidayFileUnreadable { file, reason, span } => (
                "holiday_file.unreadable",
                error(
                    Code::HolidayFile,
                    format!("cannot read the holiday file `{file}`: {reason}"),
                    span,
                    "cannot be read",
                )
                .with_help(
                    "paths are relative to the file that names them; the file lists the year's \
                     days as `off YYYY-MM-DD [YYYY-MM-DD] 名称` and `on YYYY-MM-DD 名称` lines",
                ),
            ),
            Problem::HolidayFileNotUtf8 { file, span } => (
                "holiday_file.not_utf8",
                error(
                    Code::HolidayFile,
                    format!("the holiday file `{file}` is not valid UTF-8"),
                    span,
                    "not UTF-8",
                )
                .with_help("save the file as UTF-8"),
            ),
            Problem::HolidayFileMore { more, file, span } => (
                "holiday_file.more_lines",
                error(
                    Code::HolidayFile,
                    format!("{more} more bad line(s) in the holiday file `{file}` are not shown"),
                    span,
                    "the next bad line",
                )
                .with_help("is it a holiday file? fix the lines shown and check again"),
            ),
            Problem::HolidayFileLine {
                message,
                help,
                span,
                file,
            } => (
                "holiday_file.bad_line",
                error(
                    Code::HolidayFile,
                    format!("bad line in holiday file: {message}"),
                    span,
                    "not a valid entry",
                )
                .with_label(file, "the plan names the file here")
                .with_help(help),
            ),
            Problem::NumberTooLarge { number, span } => (
                "number.too_large",
                error(
                    Code::Number,
                    format!("the number `{}` is too large", first_24(&number)),
                    span,
                    "larger than 79228162514264337593543950335",
                )
                .with_help("numbers are exact decimals up to 79228162514264337593543950335"),
            ),
            Problem::NumberTooPrecise { number, span } => (
                "number.too_precise",
                error(
                    Code::Number,
                    format!("the number `{}` is too precise", first_24(&number)),
                    span,
                    "cannot be kept exactly",
                )
                .with_help("round it: numbers are exact decimals of at most 28 significant digits"),
            ),
            Problem::Scientific {
                written,
                digits,
                span,
            } => (
                "number.scientific",
                error(
                    Code::Number,
                    format!("`{written}` is scientific notation, which is not a number here"),
                    span,
                    "scientific notation",
                )
                .with_help(match digits {
                    Some(value) => format!("write the number out in digits: `{value}`"),
                    None => {
                        "write the number out in digits, with `万` or `亿` for large ones (`13万`)"
                            .to_string()
                    }
                }),
            ),
            Problem::Hexadecimal {
                written,
                digits,
                span,
            } => (
                "number.hexadecimal",
                error(
                    Code::Number,
                    format!("`{written}` is hexadecimal notation, which is not a number here"),
                    span,
                    "hexadecimal notation",
                )
                .with_help(match digits {
                    Some(value) => format!("write the number in decimal digits: `{value}`"),
                    None => "write the number in decimal digits".to_string(),
                }),
            ),
            Problem::TraditionalUnit {
                traditional,
                simplified,
                amount,
                span,
            } => (
                "number.traditional_unit",
                error(
                    Code::Number,
                    format!("`{traditional}` is the Traditional form of `{simplified}`"),
                    span,
                    "Traditional form",
                )
                .with_help(format!(
                    "write `{amount}{simplified}`: planc's words are written in Simplified Chinese"
                )),
            ),
            Problem::NestedTooDeep { depth, span } => (
                "syntax.nested_too_deep",
                error(
                    Code::Syntax,
                    format!("blocks are nested more than {depth} deep"),
                    span,
                    "too deep",
                )
                .with_help("a plan nests sections, items and sub-items: look for `{` without a matching `}`"),
            ),
            Problem::MoreUnboundFigures {
                skipped,
                after,
                span,
            } => (
                "unbound_figure.more",
                warning(
                    Code::UnboundFigure,
                    format!(
                        "{skipped} more figure{} in the text {} not bound to a target and {} not reported one by one",
                        if skipped == 1 { "" } else { "s" },
                        if skipped == 1 { "is" } else { "are" },
                        if skipped == 1 { "is" } else { "are" },
                    ),
                    span,
                    format!("after {after} unbound figures, from here on"),
                )
                .with_help("declare targets for the figures and cite them, or put figures that are not targets in backticks"),
            ),
            Problem::BacktickNotClosed { span } => (
                "syntax.backtick_not_closed",
                error(
                    Code::Syntax,
                    "a backtick in text is never closed",
                    span,
                    "opened here",
                )
                .with_help("close the literal text with a second backtick, or write \\` for a backtick"),
            ),
            Problem::CitationNotClosed { span } => (
                "syntax.citation_not_closed",
                error(
                    Code::Syntax,
                    "a `{` in text is never closed",
                    span,
                    "opened here",
                )
                .with_help("close the citation with `}`, or write `\\{` for a brace"),
            ),
            Problem::UndefinedCitation {
                id,
                suggestion,
                span,
            } => {
                let diagnostic = error(
                    Code::UndefinedTarget,
                    format!("`{id}` is not a target or recurrence"),
                    span,
                    "cited here",
                );
                match suggestion {
                    Some(name) => (
                        "undefined_target.citation_did_you_mean",
                        diagnostic.with_help(did_you_mean(&name)),
                    ),
                    None => (
                        "undefined_target.citation",
                        diagnostic.with_help(format!("declare it with `指标 {id} …` or fix the name")),
                    ),
                }
            }
            Problem::RecurrenceParts { id, span } => (
                "undefined_target.recurrence_parts",
                error(
                    Code::UndefinedTarget,
                    format!("`{id}` is a recurrence and has no breakdown"),
                    span,
                    "cited here",
                )
                .with_help(format!("write `{{{id}}}`")),
            ),
            Problem::CitedPartLabel { id, part, span } => (
                "undefined_target.cited_part_label",
                error(
                    Code::UndefinedTarget,
                    format!("`{part}` is not a part's label"),
                    span,
                    "cited here",
                )
                .with_help(format!(
                    "write `{{{id}.PART}}` for one part, `{{{id}.PART.SUB}}` for a part of a part, or `{{{id}.parts}}` for all parts"
                )),
            ),
            Problem::UnboundFigure {
                figure,
                place,
                undeclared,
                span,
            } => {
                // Full-width digits (`１２０名`) are a figure all the same: the help spells it in
                // ASCII.
                let ascii = ascii_digits(&figure);
                let label = if ascii == figure {
                    format!("written directly in the {place}")
                } else {
                    format!("written directly in the {place}, in full-width digits")
                };
                let diagnostic = warning(
                    Code::UnboundFigure,
                    format!("the figure `{figure}` in the {place} is not bound to a target"),
                    span,
                    label,
                );
                let figure = ascii;
                match undeclared {
                    Some(word) => ("unbound_figure.undeclared_unit", diagnostic.with_help(format!(
                        "`{word}` is not a declared unit: declare it (`计量单位 {word}`) and a target (`指标 名称 {figure}`), and write `{{名称}}` here; or put the figure in backticks if it is not a target"
                    ))),
                    None => ("unbound_figure.figure", diagnostic.with_help(format!(
                        "declare a target (`指标 名称 {figure}`) and write `{{名称}}` here, or put it in backticks if it is not a target"
                    ))),
                }
            }
            Problem::Capacity { too_large, span } => {
                let (name, message, label) = if too_large {
                    (
                        "number.capacity_too_large",
                        format!("a capacity must be at most {}", u32::MAX),
                        format!("more than {}", u32::MAX),
                    )
                } else {
                    (
                        "number.capacity",
                        "a capacity must be a whole number of at least 1".to_string(),
                        "not a whole number ≥ 1".to_string(),
                    )
                };
                (
                    name,
                    error(Code::Number, message, span, label).with_help(
                        "write how many items the owner can run at once, e.g. `容量 3`",
                    ),
                )
            }
            Problem::CollectiveCapacity { owner, span } => (
                "misplaced.collective_capacity",
                error(
                    Code::Misplaced,
                    format!(
                        "the collective owner `{owner}` has no capacity: it stands for many owners, not a fixed list"
                    ),
                    span,
                    "capacity of a collective",
                )
                .with_help(
                    "drop `容量 N`, or declare the members one by one (`部门`, `辖区`, `机构`) with their capacities and a `分组` of them",
                ),
            ),
            Problem::SectionReread { span } => (
                "syntax.section_reread",
                error(
                    Code::Syntax,
                    "this section could not be read a second time",
                    span,
                    "in this section",
                )
                .with_help("this is a bug in planc: please report it with the plan"),
            ),
            Problem::DaysOffInverted { span, first } => (
                "inverted_range.days_off",
                error(
                    Code::InvertedRange,
                    "the days off end before they start",
                    span,
                    "before the first day",
                )
                .with_label(first, "first day")
                .with_help("write the earlier date first"),
            ),
            Problem::TargetAfterItem {
                target,
                due,
                due_date,
                deadline,
                deadline_date,
                span,
                deadline_span,
            } => (
                "deadline_order.target_after_item",
                error(
                    Code::DeadlineOrder,
                    format!(
                        "target `{target}` is due `{due}` ({due_date}), after its item's deadline `{deadline}` ({deadline_date})"
                    ),
                    span,
                    "the target's due date",
                )
                .with_label(deadline_span, "the item's deadline")
                .with_help(
                    "a target is met by its item's deadline: move the target's date earlier, \
                     or the item's deadline later",
                ),
            ),
            Problem::RecurrenceCount { quarterly, span } => (
                "recurrence.count",
                error(
                    Code::Recurrence,
                    "a recurrence happens a whole number of times, at least once",
                    span,
                    "not a whole number ≥ 1",
                )
                .with_help(format!("write e.g. `{quarterly} 1次`")),
            ),
            Problem::SplitSumBound {
                target,
                reached,
                total,
                unit,
                difference,
                short,
                total_span,
                parts_span,
            } => {
                let (direction, help) = if short {
                    (
                        "short of",
                        "the parts must add up to at least the total: correct a part or the total",
                    )
                } else {
                    (
                        "more than",
                        "the parts must add up to at most the total: correct a part or the total",
                    )
                };
                (
                    "split_sum.comparison",
                    error(
                        Code::SplitSum,
                        format!("the parts of `{target}` add up to {reached}, but the total is {total}"),
                        total_span,
                        format!("total {total}"),
                    )
                    .with_label(
                        parts_span,
                        format!("parts add up to {reached}, {difference}{unit} {direction} the total"),
                    )
                    .with_help(help),
                )
            }
            Problem::RespectivelyWidth {
                label,
                values,
                targets,
                span,
                keyword,
            } => {
                let count = if values == 1 {
                    "1 value".to_string()
                } else {
                    format!("{values} values")
                };
                (
                    "split_sum.respectively_row",
                    error(
                        Code::SplitSum,
                        format!(
                            "the row `{label}` has {count}, but `分别` lists {} targets ({})",
                            targets.len(),
                            targets.join("、")
                        ),
                        span,
                        count,
                    )
                    .with_label(keyword, "the targets")
                    .with_help("give one value per target, in the order the targets are listed"),
                )
            }
            Problem::BrokenDownTwice {
                target,
                span,
                target_span,
            } => (
                "duplicate.breakdown",
                error(
                    Code::Duplicate,
                    format!("`{target}` is broken down twice"),
                    span,
                    "second breakdown",
                )
                .with_label(target_span, "the target")
                .with_help("keep one breakdown: its own `其中 { … }` or this `分别`"),
            ),
            Problem::PartTwice { owner, span, first } => (
                "duplicate.part",
                error(
                    Code::Duplicate,
                    format!("`{owner}` has two parts in this breakdown"),
                    span,
                    "second part",
                )
                .with_label(first, "first part")
                .with_help("give each owner one part"),
            ),
            Problem::NoPartFor {
                target,
                owner,
                no_breakdown,
                suggestion,
                span,
                target_span,
            } => {
                let (name, message) = if no_breakdown {
                    (
                        "undefined_target.no_breakdown",
                        format!("`{target}` has no breakdown, so no part `{owner}`"),
                    )
                } else {
                    (
                        "undefined_target.no_part",
                        format!("`{target}` has no part `{owner}`"),
                    )
                };
                let help = match suggestion {
                    Some(closest) => format!("did you mean `{closest}`?"),
                    None if no_breakdown => {
                        format!("give `{target}` a breakdown, e.g. `其中 {{ {owner} … }}`")
                    }
                    None => format!("add `{owner} …` to the breakdown of `{target}`"),
                };
                (
                    name,
                    error(Code::UndefinedTarget, message, span, "cited here")
                        .with_label(target_span, "the target")
                        .with_help(help),
                )
            }
            Problem::NoOwner { item, span } => (
                "no_owner.item",
                warning(
                    Code::NoOwner,
                    format!("item `{item}` has no owner"),
                    span,
                    "no `lead` or `support`",
                )
                .with_help("add `牵头 OWNER` to the item"),
            ),
            Problem::NoLead { item, span } => (
                "no_owner.no_lead",
                warning(
                    Code::NoOwner,
                    format!("item `{item}` has supporters but no lead"),
                    span,
                    "no `lead`",
                )
                .with_help(
                    "add `牵头 OWNER`, the one owner who answers for the item; `配合` lists those who help",
                ),
            ),
            Problem::LeadAndSupport {
                owner,
                support_written,
                lead_via,
                support_via,
                span,
                lead,
            } => {
                let via = |group: Option<String>| {
                    group.map_or(String::new(), |group| format!(" (a member of `{group}`)"))
                };
                (
                    "lead_and_support.both",
                    warning(
                        Code::LeadAndSupport,
                        format!("`{owner}` both leads and supports this item"),
                        span,
                        format!("a supporter{}", via(support_via)),
                    )
                    .with_label(lead, format!("the lead{}", via(lead_via)))
                    .with_help(format!(
                        "remove `{support_written}` from `配合`: the lead already answers for the item; an owner is the lead or a supporter, not both"
                    )),
                )
            }
            Problem::UncitedTarget { target, span } => (
                "uncited_target.never_cited",
                warning(
                    Code::UncitedTarget,
                    format!(
                        "target `{target}` is cited in no text or title: its figure is missing from the document"
                    ),
                    span,
                    "never cited",
                )
                .with_help(format!(
                    "write `{{{target}}}` in the text where the figure belongs (the document prints a target only where it is cited)"
                )),
            ),
            Problem::OwnerDisplayName {
                written,
                owner,
                span,
                declared,
            } => (
                "undefined_owner.display_name",
                error(
                    Code::UndefinedOwner,
                    format!("`{written}` is the display name of the owner `{owner}`, not its name"),
                    span,
                    format!("did you mean `{owner}`?"),
                )
                .with_label(declared, "declared here")
                .with_help(format!(
                    "write `{owner}`: statements name an owner by its identifier; its display name (`\"{written}\"`) is what the documents print"
                )),
            ),
            Problem::UnusedOwner { owner, span } => (
                "unused_owner.owner",
                warning(
                    Code::UnusedOwner,
                    format!("owner `{owner}` has no items"),
                    span,
                    "declared but never assigned",
                )
                .with_help("make it the lead or a supporter of an item, or remove it"),
            ),
            Problem::NoHeader { span } => (
                "plan_header.none",
                error(
                    Code::PlanHeader,
                    "the plan has no header",
                    span,
                    "the plan starts here",
                )
                .with_help("begin the entry file with `计划 \"标题\" { 期间 2020 }`"),
            ),
            Problem::SecondHeader { span, first } => (
                "plan_header.second",
                error(
                    Code::PlanHeader,
                    "a plan has only one header",
                    span,
                    "second header",
                )
                .with_label(first, "first header")
                .with_help("remove one; included files hold sections, owners and units, not a header"),
            ),
            Problem::CannotSchedule {
                reason,
                supported_first,
                supported_last,
                span,
            } => (
                "calendar.cannot_schedule",
                error(
                    Code::Calendar,
                    format!("cannot schedule this plan: {reason}"),
                    span,
                    "the plan",
                )
                .with_help(format!(
                    "planc has a working-day calendar for {supported_first}–{supported_last}; declare the period inside those years"
                )),
            ),
            Problem::Overload {
                owner,
                load,
                start,
                end,
                capacity,
                items,
                span,
            } => {
                let names: Vec<String> = items.iter().map(|(id, _)| format!("`{id}`")).collect();
                let mut diagnostic = warning(
                    Code::Overload,
                    format!(
                        "`{owner}` leads {load} items at once from {start} to {end} (capacity {capacity}), even after levelling: {}",
                        names.join(", ")
                    ),
                    span,
                    format!("capacity {capacity}"),
                )
                .with_help("raise the capacity, give an item to another owner, or widen deadlines so the work can be spread");
                for (_, item) in items.iter().take(5) {
                    diagnostic = diagnostic.with_label(*item, "runs at the same time");
                }
                ("overload.owner", diagnostic)
            }
            Problem::PolicyRule {
                message,
                rule,
                severity,
                span,
            } => {
                let mut diagnostic = error(
                    Code::Policy,
                    format!("{message} (policy rule `{rule}`)"),
                    span,
                    "here",
                )
                .with_help(format!("see `{rule}` in planc.toml beside the plan"));
                diagnostic.severity = severity;
                ("policy.rule", diagnostic)
            }
            Problem::WindowInverted { written, span } => (
                "inverted_range.window",
                error(
                    Code::InvertedRange,
                    format!("`{written}` ends before it starts"),
                    span,
                    "end before start",
                )
                .with_help("write the earlier date first"),
            ),
            Problem::DateOutside {
                what,
                date,
                start,
                end,
                span,
            } => (
                "outside_period.date",
                error(
                    Code::OutsidePeriod,
                    format!("{what} {date} is outside the plan period {start} to {end}"),
                    span,
                    "outside the period",
                )
                .with_help("move the date into the period, or widen the period in the plan header"),
            ),
            Problem::WindowOutside {
                what,
                written,
                from,
                to,
                start,
                end,
                span,
            } => (
                "outside_period.window",
                error(
                    Code::OutsidePeriod,
                    format!(
                        "{what} `{written}` ({from} to {to}) is outside the plan period {start} to {end}"
                    ),
                    span,
                    "outside the period",
                )
                .with_help("move the date into the period, or widen the period in the plan header"),
            ),
            Problem::DeclaredTwice {
                name,
                kind,
                first_kind,
                span,
                first,
            } => (
                "duplicate.name",
                error(
                    Code::Duplicate,
                    format!("`{name}` is declared twice"),
                    span,
                    format!("declared again here as {kind}"),
                )
                .with_label(first, format!("first declared here as {first_kind}"))
                .with_help("every name in a plan must be unique: rename one of them"),
            ),
            Problem::BuiltInUnit { unit, span } => (
                "duplicate.built_in_unit",
                warning(
                    Code::Duplicate,
                    format!("`{unit}` is built in"),
                    span,
                    "no need to declare",
                )
                .with_help("remove it from the declaration"),
            ),
            Problem::UnitTwice { unit, span, first } => (
                "duplicate.unit",
                error(
                    Code::Duplicate,
                    format!("the unit `{unit}` is declared twice"),
                    span,
                    "declared again here",
                )
                .with_label(first, "first declared here")
                .with_help("remove one of them"),
            ),
            Problem::UndefinedUnit {
                unit,
                suggestion,
                span,
            } => {
                let diagnostic = error(
                    Code::UndefinedUnit,
                    format!("the unit `{unit}` is not declared"),
                    span,
                    "unknown unit",
                );
                match suggestion {
                    Some(name) => (
                        "undefined_unit.did_you_mean",
                        diagnostic.with_help(did_you_mean(&name)),
                    ),
                    None => (
                        "undefined_unit.not_declared",
                        diagnostic.with_help(format!("declare it with `计量单位 {unit}`")),
                    ),
                }
            }
            Problem::OrSoGlued {
                unit,
                declared,
                span,
            } => (
                "undefined_unit.or_so_glued",
                error(
                    Code::UndefinedUnit,
                    format!("the unit `{unit}` is not declared"),
                    span,
                    "unknown unit",
                )
                .with_help(format!(
                    "for an approximate value put a space before `左右`: `{declared} 左右`"
                )),
            ),
            Problem::NoStatedChange { target, span } => (
                "undefined_target.no_change",
                error(
                    Code::UndefinedTarget,
                    format!("`{target}` states no change beside its value"),
                    span,
                    "cited here",
                )
                .with_help(format!(
                    "give the target its change (`指标 {target} … 4.4万亿元 较 BASELINE 增加 5000亿元`), or write `{{{target}}}`"
                )),
            ),
            Problem::UnitWithoutNumber { unit, span } => (
                "syntax.unit_without_number",
                error(
                    Code::Syntax,
                    format!("the value before the unit `{unit}` is missing"),
                    span,
                    "a unit without a number",
                )
                .with_help(format!("write the number before the unit, e.g. `39{unit}`")),
            ),
            Problem::Undefined {
                wanted,
                name,
                found,
                suggestion,
                span,
            } => {
                let (code, what, declare) = match wanted {
                    Wanted::Owner => (
                        Code::UndefinedOwner,
                        "an owner",
                        format!("declare it, e.g. `部门 {name} \"…\"`"),
                    ),
                    Wanted::Member => (
                        Code::UndefinedOwner,
                        "an owner",
                        format!("declare it, e.g. `辖区 {name}`"),
                    ),
                    Wanted::Baseline => (
                        Code::MissingBaseline,
                        "a baseline",
                        format!(
                            "declare the baseline: `基线 {name} \"…\" 52.1%` for a known value, `基线 {name} \"…\" 上年实际 %` when the previous year's actual comes later, or `参照 {name} \"…\"` for a value the plan does not know"
                        ),
                    ),
                    Wanted::ItemOrMilestone => (
                        Code::UndefinedItem,
                        "an item or milestone",
                        "name an item or milestone declared in the plan".to_string(),
                    ),
                    Wanted::PartLabel => (
                        Code::UndefinedOwner,
                        "an owner, a group or a category",
                        format!(
                            "declare it, e.g. `类别 {name}` for a category or `辖区 {name}` for an owner, or write a free label in quotes: `\"{name}\"`"
                        ),
                    ),
                    Wanted::RespectivelyTarget => (
                        Code::UndefinedTarget,
                        "a target",
                        "declare the target with `指标` in the goal or item of the `分别`, or before it"
                            .to_string(),
                    ),
                    Wanted::Group => (
                        Code::UndefinedOwner,
                        "an owner group",
                        format!(
                            "declare it, e.g. `分组 {name} = …`, or count `子事项` or `标签 …`"
                        ),
                    ),
                };
                // A category where an owner is wanted: categories label parts and own no work.
                let category = matches!(wanted, Wanted::Owner | Wanted::Member)
                    && matches!(found, Some(("a category", _)));
                let mut diagnostic = match found {
                    Some((kind, _)) => error(
                        code,
                        format!("`{name}` is {kind}, not {what}"),
                        span,
                        format!("expected {what}"),
                    ),
                    None => error(
                        code,
                        format!("`{name}` is not declared"),
                        span,
                        format!("expected {what}"),
                    ),
                };
                if let Some((_, declared)) = found {
                    diagnostic = diagnostic.with_label(declared, "declared here");
                }
                let suggested = suggestion.is_some();
                diagnostic = match suggestion {
                    _ if category => diagnostic.with_help(
                        "a category (`类别`) only labels parts of a breakdown and never owns work: name the department, district or institution that does it",
                    ),
                    Some(close) => diagnostic.with_help(did_you_mean(&close)),
                    None => diagnostic.with_help(declare),
                };
                let name = match (wanted, found.is_some(), suggested) {
                    _ if category => "undefined_owner.category",
                    (Wanted::Owner, true, _) => "undefined_owner.wrong_kind",
                    (Wanted::Owner, false, true) => "undefined_owner.did_you_mean",
                    (Wanted::Owner, false, false) => "undefined_owner.not_declared",
                    (Wanted::Member, true, _) => "undefined_owner.member_wrong_kind",
                    (Wanted::Member, false, true) => "undefined_owner.member_did_you_mean",
                    (Wanted::Member, false, false) => "undefined_owner.member_not_declared",
                    (Wanted::Baseline, true, _) => "missing_baseline.wrong_kind",
                    (Wanted::Baseline, false, true) => "missing_baseline.did_you_mean",
                    (Wanted::Baseline, false, false) => "missing_baseline.not_declared",
                    (Wanted::ItemOrMilestone, true, _) => "undefined_item.wrong_kind",
                    (Wanted::ItemOrMilestone, false, true) => "undefined_item.did_you_mean",
                    (Wanted::ItemOrMilestone, false, false) => "undefined_item.not_declared",
                    (Wanted::PartLabel, true, _) => "undefined_owner.part_wrong_kind",
                    (Wanted::PartLabel, false, true) => "undefined_owner.part_did_you_mean",
                    (Wanted::PartLabel, false, false) => "undefined_owner.part_not_declared",
                    (Wanted::RespectivelyTarget, true, _) => "undefined_target.respectively_wrong_kind",
                    (Wanted::RespectivelyTarget, false, true) => {
                        "undefined_target.respectively_did_you_mean"
                    }
                    (Wanted::RespectivelyTarget, false, false) => {
                        "undefined_target.respectively_not_declared"
                    }
                    (Wanted::Group, true, _) => "undefined_owner.group_wrong_kind",
                    (Wanted::Group, false, true) => "undefined_owner.group_did_you_mean",
                    (Wanted::Group, false, false) => "undefined_owner.group_not_declared",
                };
                (name, diagnostic)
            }
            Problem::TooManyOccurrences {
                recurrence,
                count,
                from,
                to,
                available,
                span,
                item_span,
            } => (
                "recurrence.too_many",
                error(
                    Code::Recurrence,
                    format!(
                        "`{recurrence}` needs {} between {from} and {to}, which has only {}",
                        Count::new(count, "occurrence"),
                        Count::new(available, "working day")
                    ),
                    span,
                    "too many occurrences",
                )
                .with_label(item_span, "the item")
                .with_help(
                    "each occurrence needs a working day of its own, inside its item's span: lower the count, choose a longer frequency, or widen the item's window",
                ),
            ),
            Problem::RecurrenceOutsideItem { months, at } => {
                let months: Vec<String> = months.iter().map(|m| format!("{m}月")).collect();
                (
                    "recurrence.outside_item",
                    at.error(
                        &format!("recurs in {}, but", months.join("、")),
                        "outside its item",
                        "name months in the item's window, or widen the item's window",
                    ),
                )
            }
            Problem::RecurrenceNever { at } => (
                "recurrence.never",
                at.error(
                    "has no working day to happen on:",
                    "never happens",
                    "widen the item's window",
                ),
            ),
            Problem::DependencyCycle {
                chain,
                span,
                also,
                steps,
                cut,
            } => {
                let mut diagnostic = error(
                    Code::Cycle,
                    format!("dependency cycle: {chain}"),
                    span,
                    "this dependency",
                );
                for span in also {
                    diagnostic = diagnostic.with_label(span, "and this one");
                }
                let help = if cut {
                    format!(
                        "an item cannot wait for itself: remove one of these {steps} dependencies (`--format json` lists them all under `path`)"
                    )
                } else {
                    "an item cannot wait for itself: remove one of these dependencies".to_string()
                };
                ("cycle.dependencies", diagnostic.with_help(help))
            }
            Problem::DueBeforePrerequisite {
                name,
                due,
                prerequisite,
                prerequisite_due,
                chain,
                span,
                prerequisite_span,
            } => {
                let mut diagnostic = error(
                    Code::DeadlineOrder,
                    format!(
                        "{name} is due {due}, before {prerequisite} it waits for is due ({prerequisite_due})"
                    ),
                    span,
                    format!("due {due}"),
                );
                if let Some(span) = prerequisite_span {
                    diagnostic = diagnostic.with_label(span, format!("due {prerequisite_due}"));
                }
                (
                    "deadline_order.before_prerequisite",
                    diagnostic.with_help(format!(
                        "the chain {} forces it later: move this deadline to {prerequisite_due} or later, or an earlier one sooner",
                        chain.join(" → ")
                    )),
                )
            }
            Problem::ScheduleCycle { name, span } => (
                "cycle.schedule",
                error(
                    Code::Cycle,
                    format!("{name} is on a dependency cycle, so it cannot be scheduled"),
                    span,
                    "on a cycle",
                )
                .with_help("run `planc check` to see the full cycle"),
            ),
            Problem::TooLong {
                name,
                length,
                room,
                from,
                to,
                span,
                window,
                floor,
            } => {
                let (name, mut diagnostic) = match window {
                    None => (
                        "outside_period.too_long",
                        error(
                            Code::OutsidePeriod,
                            format!(
                                "{name} takes {}, longer than the plan period allows ({} from {from} to {to})",
                                Count::new(length, "working day"),
                                Count::new(room, "working day")
                            ),
                            span,
                            Count::new(length, "working day").to_string(),
                        )
                        .with_help("shorten the duration, or widen the plan period"),
                    ),
                    Some(window) => (
                        "window.too_long",
                        error(
                            Code::Window,
                            format!(
                                "{name} takes {}, longer than its window allows ({} from {from} to {to})",
                                Count::new(length, "working day"),
                                Count::new(room, "working day")
                            ),
                            span,
                            Count::new(length, "working day").to_string(),
                        )
                        .with_label(window, format!("ends {to}"))
                        .with_help("shorten the duration, or widen its window or deadline"),
                    ),
                };
                if let Some(span) = floor {
                    diagnostic =
                        diagnostic.with_label(span, format!("starts no earlier than {from}"));
                }
                (name, diagnostic)
            }
            Problem::WindowImpossible {
                name,
                written,
                end,
                waits,
                start,
                span,
            } => {
                let written = written.map_or_else(String::new, |w| format!(" `{w}`"));
                match waits {
                    Some((prerequisite, finishes, dependency)) => {
                        let before =
                            finishes.map_or_else(String::new, |d| format!(", which finishes {d}"));
                        (
                            "window.after_prerequisite",
                            error(
                                Code::Window,
                                format!(
                                    "{name} cannot happen in its window{written} (ends {end}): it waits for {prerequisite}{before}"
                                ),
                                span,
                                "no working day left",
                            )
                            .with_label(dependency, "waits for this")
                            .with_help("dependencies order windows: move this window after its prerequisite, move the prerequisite earlier, or drop the dependency"),
                        )
                    }
                    None => (
                        "window.no_start",
                        error(
                            Code::Window,
                            format!(
                                "{name} cannot happen in its window{written}: it cannot start before {start}, after the window ends ({end})"
                            ),
                            span,
                            "no working day left",
                        )
                        .with_help("make the window, the start and the deadlines of the item and the items it is inside agree"),
                    ),
                }
            }
            Problem::Late {
                name,
                milestone,
                due,
                finish,
                deadline,
                span,
                waits,
                root,
                chain,
                earliest,
            } => {
                let (detail, mut diagnostic) = match (deadline, milestone) {
                    (Some(deadline), true) => (
                        "deadline_order.milestone_late",
                        error(
                            Code::DeadlineOrder,
                            format!(
                                "{name} is due {due}, before its prerequisites can finish ({finish})"
                            ),
                            deadline,
                            format!("due {due}"),
                        ),
                    ),
                    (Some(deadline), false) => (
                        "deadline_order.late",
                        error(
                            Code::DeadlineOrder,
                            format!(
                                "{name} cannot finish by its deadline {due}: the earliest it can finish is {finish}"
                            ),
                            deadline,
                            format!("due {due}"),
                        ),
                    ),
                    (None, _) => (
                        "outside_period.late",
                        error(
                            Code::OutsidePeriod,
                            format!(
                                "{name} cannot finish inside the plan period (ends {due}): the earliest it can finish is {finish}"
                            ),
                            span,
                            "does not fit in the period",
                        ),
                    ),
                };
                for span in waits {
                    diagnostic = diagnostic.with_label(span, "waits for this");
                }
                if let Some((span, start)) = root {
                    diagnostic =
                        diagnostic.with_label(span, format!("starts no earlier than {start}"));
                }
                let help = if !chain.is_empty() {
                    format!(
                        "the chain {} forces it late: move the deadline to {finish} or later, shorten the work, or start earlier",
                        chain.join(" → ")
                    )
                } else if milestone {
                    "move the due date later".to_string()
                } else {
                    format!(
                        "its earliest start {earliest} leaves no time: move the deadline to {finish} or later, or shorten the work"
                    )
                };
                (detail, diagnostic.with_help(help))
            }
            Problem::ProgressNoHeader { title, span } => (
                "progress_plan.no_header",
                error(
                    Code::ProgressPlan,
                    "a progress file starts with its header",
                    span,
                    "no header",
                )
                .with_help(format!(
                    "write `进展 \"{title}\" 截至 YYYY-MM-DD` on the first line"
                )),
            ),
            Problem::ProgressOtherPlan {
                written,
                title,
                span,
            } => (
                "progress_plan.other_plan",
                error(
                    Code::ProgressPlan,
                    format!("this progress file is for `{written}`, not for `{title}`"),
                    span,
                    "another plan's title",
                )
                .with_help(format!(
                    "use the progress folder of that plan, or write the title `{title}`"
                )),
            ),
            Problem::ProgressAsOfOutside {
                as_of,
                start,
                end,
                span,
            } => (
                "progress_date.as_of_outside",
                error(
                    Code::ProgressDate,
                    format!("the reporting date {as_of} is outside the plan period {start} .. {end}"),
                    span,
                    "outside the period",
                )
                .with_help("a progress file reports on a day of the plan's period"),
            ),
            Problem::ProgressDayTwice { as_of, span, first } => (
                "duplicate.progress_day",
                error(
                    Code::Duplicate,
                    format!("two progress files report as of {as_of}"),
                    span,
                    "second report of this day",
                )
                .with_label(first, "first report of this day")
                .with_help("merge the two files into one"),
            ),
            Problem::ProgressUnknownItem {
                name,
                suggestion,
                span,
            } => (
                "progress_unknown.item",
                error(
                    Code::ProgressUnknown,
                    format!("the plan has no item `{name}`"),
                    span,
                    "no such item",
                )
                .with_help(suggestion.map_or_else(
                    || "use the item's identifier from the plan".to_string(),
                    |s| did_you_mean(&s),
                )),
            ),
            Problem::ProgressItemTwice { name, span, first } => (
                "duplicate.progress_entry",
                error(
                    Code::Duplicate,
                    format!("`{name}` is reported twice in this file"),
                    span,
                    "second entry",
                )
                .with_label(first, "first entry")
                .with_help("merge the two entries"),
            ),
            Problem::ProgressPercentAbove { percent, span } => (
                "progress_share.percent",
                error(
                    Code::ProgressShare,
                    format!("{percent}% complete is more than all of it"),
                    span,
                    "above 100%",
                )
                .with_help("per cent complete is between 0% and 100%"),
            ),
            Problem::ProgressTooManyOccurrences {
                recurrence,
                planned,
                reported,
                span,
            } => (
                "progress_date.too_many_occurrences",
                error(
                    Code::ProgressDate,
                    format!(
                        "`{recurrence}` has {} in the plan, but {reported} are reported done",
                        Count::new(planned, "occurrence")
                    ),
                    span,
                    "one too many",
                )
                .with_help("list one day per occurrence done"),
            ),
            Problem::ProgressUnknownPart {
                what,
                name,
                item,
                elsewhere,
                suggestion,
                candidates,
                span,
            } => {
                let (detail, message, label) = if elsewhere {
                    (
                        "progress_unknown.other_item",
                        format!("`{name}` is a {what} of another item, not of `{item}`"),
                        format!("not a {what} of `{item}`"),
                    )
                } else {
                    (
                        "progress_unknown.part",
                        format!("the plan has no {what} `{name}`"),
                        format!("no such {what}"),
                    )
                };
                let help = match suggestion {
                    Some(close) => did_you_mean(&close),
                    None if candidates.is_empty() => format!("`{item}` has no {what}s"),
                    None => format!(
                        "the {what}s of `{item}` are {}",
                        candidates
                            .iter()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                (
                    detail,
                    error(Code::ProgressUnknown, message, span, label).with_help(help),
                )
            }
            Problem::ProgressUndeclaredUnit {
                unit,
                target,
                expected,
                span,
            } => (
                "progress_unit.undeclared",
                error(
                    Code::ProgressUnit,
                    format!("the plan declares no unit `{unit}`"),
                    span,
                    "unknown unit",
                )
                .with_help(match expected {
                    Some(unit) => format!("`{target}` is measured in `{unit}`"),
                    None => "use a unit the plan declares".to_string(),
                }),
            ),
            Problem::ProgressUnitMismatch {
                target,
                expected,
                written,
                span,
            } => (
                "progress_unit.mismatch",
                error(
                    Code::ProgressUnit,
                    format!(
                        "`{target}` is measured in `{expected}`, but its actual is given in `{written}`"
                    ),
                    span,
                    format!("expected `{expected}`"),
                )
                .with_help(format!(
                    "give the actual in `{expected}`, as the plan's target is"
                )),
            ),
            Problem::ProgressShareAbove { written, span } => (
                "progress_share.actual",
                error(
                    Code::ProgressShare,
                    format!("a share of {written} is more than the whole"),
                    span,
                    "above 100%",
                )
                .with_help("a share is between 0% and 100%"),
            ),
            Problem::DoneOutsidePeriod {
                what,
                date,
                start,
                end,
                span,
            } => (
                "progress_date.done_outside",
                error(
                    Code::ProgressDate,
                    format!(
                        "{what} is reported done on {date}, outside the plan period {start} .. {end}"
                    ),
                    span,
                    "outside the period",
                )
                .with_help("give a day of the plan's period"),
            ),
            Problem::DoneAfterReport {
                what,
                date,
                as_of,
                span,
            } => (
                "progress_date.done_after_report",
                error(
                    Code::ProgressDate,
                    format!("{what} is reported done on {date}, after this report's date {as_of}"),
                    span,
                    "after the reporting date",
                )
                .with_help("report it in the progress file of a later date"),
            ),
            Problem::DoneBeforeStart {
                what,
                date,
                item,
                start,
                span,
            } => (
                "progress_date.done_before_start",
                error(
                    Code::ProgressDate,
                    format!(
                        "{what} is reported done on {date}, before `{item}` could start ({start})"
                    ),
                    span,
                    format!("before {start}"),
                )
                .with_help(
                    "check the day, or the item's start, window and dependencies in the plan",
                ),
            ),
            Problem::DoneUnreached {
                item,
                target,
                shown,
                of,
                share,
                below,
                span,
                status,
            } => (
                "progress_unreached.done",
                warning(
                    Code::ProgressUnreached,
                    format!(
                        "`{item}` is reported done, but `{target}` stands at {shown} of {of} ({share}%)"
                    ),
                    span,
                    format!("{share}% of the target"),
                )
                .with_label(status, "reported done")
                .with_help(format!(
                    "report it 推进中 until the target is reached, or explain the shortfall in 存在问题 (warned below {below}%)"
                )),
            ),
            Problem::ProgressWentDown {
                target,
                before,
                date,
                now,
                span,
            } => (
                "progress_regressed.went_down",
                warning(
                    Code::ProgressRegressed,
                    format!("`{target}` went down from {before} (as of {date}) to {now}"),
                    span,
                    "lower than the previous report",
                )
                .with_help("a cumulative figure only grows: correct this report or the previous one"),
            ),
            Problem::NoSuchDay {
                text,
                month_day,
                span,
            } => (
                "date.no_such_day",
                error(
                    Code::Date,
                    format!("`{text}` is not a date"),
                    span,
                    "no such day",
                )
                .with_help(if month_day {
                    "write a day that exists in that month"
                } else {
                    "write a real day as `YYYY-MM-DD`, e.g. `2020-06-30`"
                }),
            ),
            Problem::NotAMonth { digits, span } => (
                "date.not_a_month",
                error(
                    Code::Date,
                    format!("`{digits}` is not a month"),
                    span,
                    "not between 1 and 12",
                )
                .with_help("months run from `1月` to `12月`"),
            ),
            Problem::MoreSyntaxErrors { count, max, span } => {
                let errors = Count::new(count, "syntax error");
                (
                    "syntax.more_errors",
                    error(
                        Code::Syntax,
                        format!(
                            "{count} more {} from here on {} not reported",
                            errors.noun(),
                            errors.is_are()
                        ),
                        span,
                        format!("after {max} errors in this file"),
                    )
                    .with_help("is this a plan file? fix the errors above and check again"),
                )
            }
            Problem::Stray {
                open,
                progress,
                span,
            } => match (open, progress) {
                (true, false) => (
                    "syntax.stray_open",
                    error(
                        Code::Syntax,
                        "unexpected `{`",
                        span,
                        "no statement opens this block",
                    )
                    .with_help(
                        "a block follows a statement on the same line, e.g. `事项 名称 \"标题\" {`",
                    ),
                ),
                (false, false) => (
                    "syntax.stray_close",
                    error(Code::Syntax, "unexpected `}`", span, "no block is open here")
                        .with_help("remove it, or look for an extra `}` above"),
                ),
                (true, true) => (
                    "syntax.progress_stray_open",
                    error(Code::Syntax, "unexpected `{`", span, "no block opens here").with_help(
                        "a block follows an item entry on the same line: `事项 ID 推进中 {`",
                    ),
                ),
                (false, true) => (
                    "syntax.progress_stray_close",
                    error(Code::Syntax, "unexpected `}`", span, "no block to close")
                        .with_help("remove it, or add the `{` it closes"),
                ),
            },
            Problem::BlockNotClosed {
                keyword,
                span,
                evidence,
                reason,
                line,
            } => (
                "syntax.block_not_closed",
                error(
                    Code::Syntax,
                    format!("this `{keyword}` block is never closed"),
                    span,
                    "opened here",
                )
                .with_label(evidence, reason)
                .with_help(format!(
                    "add `}}` where the block ends, before line {line} (the file ended with the block still open)"
                )),
            ),
            Problem::BlockNotClosedAtEnd { span, end } => (
                "syntax.block_not_closed_at_end",
                error(
                    Code::Syntax,
                    "this block is never closed",
                    span,
                    "opened here",
                )
                .with_label(end, "the file ends here")
                .with_help("add `}` where the block ends"),
            ),
            Problem::BreakdownNotClosed { span, end } => (
                "syntax.breakdown_not_closed",
                error(
                    Code::Syntax,
                    "this breakdown is never closed",
                    span,
                    "opened here",
                )
                .with_label(end, "the file ends here")
                .with_help("add `}` after the last part"),
            ),
            Problem::DurationNumber { span } => (
                "number.duration",
                error(
                    Code::Number,
                    "a duration must be a whole number up to 100000",
                    span,
                    "not a whole number of days",
                )
                .with_help("write a whole number such as `10`"),
            ),
            Problem::NotADay { written, span } => (
                "date.not_a_day",
                error(
                    Code::Date,
                    format!("`{written}` is not a day of the month"),
                    span,
                    "not between 1 and 31",
                )
                .with_help("write a day between `1日` and `31日`"),
            ),
            Problem::TwoComparisons { part, span } => (
                if part {
                    "syntax.part_two_comparisons"
                } else {
                    "syntax.two_comparisons"
                },
                error(
                    Code::Syntax,
                    format!(
                        "a {} has two comparisons",
                        if part { "part" } else { "target" }
                    ),
                    span,
                    "second comparison",
                )
                .with_help(
                    "write either a comparison word before the value or `以上`/`以下` after it",
                ),
            ),
            Problem::RowBound { suffix, span } => (
                "syntax.row_bound",
                error(
                    Code::Syntax,
                    format!("a `分别` row takes exact values, not `{suffix}`"),
                    span,
                    "a bound",
                )
                .with_help("write a part that is a bound in its target's own `其中 { … }`"),
            ),
            Problem::UnknownEscape {
                escaped,
                whole,
                span,
            } => (
                if whole {
                    "escape.unknown_in_string"
                } else {
                    "escape.unknown"
                },
                error(
                    Code::Escape,
                    format!("unknown escape `\\{escaped}` in a string"),
                    span,
                    if whole {
                        "unknown escape in this string"
                    } else {
                        "unknown escape"
                    },
                )
                .with_help("the escapes are `\\\"`, `\\\\`, `\\{`, `\\}`, `` \\` `` and `\\n`"),
            ),
            Problem::MisplacedStatement {
                keyword,
                place,
                belongs,
                span,
            } => (
                "misplaced.statement",
                error(
                    Code::Misplaced,
                    format!("`{keyword}` is not allowed {place}"),
                    span,
                    "not allowed here",
                )
                .with_help(match belongs {
                    Belongs::Top => "is a `}` missing above? this statement belongs at the top level",
                    Belongs::Item => "this statement belongs inside an item (`事项`) block",
                    Belongs::Goal => "this statement belongs inside a goal (`目标`) block",
                    Belongs::Section => "this statement belongs inside a section (`部分`) block",
                    Belongs::Plan => {
                        "this statement belongs inside the plan header (`计划`) block"
                    }
                }),
            ),
            Problem::GluedKeyword {
                word,
                keyword,
                argument,
                span,
            } => (
                "syntax.glued_keyword",
                error(
                    Code::Syntax,
                    format!("`{word}` is read as one name: a space is missing after `{keyword}`"),
                    span,
                    format!("write `{keyword} {argument}`"),
                )
                .with_help(format!(
                    "write `{keyword} {argument}`: a keyword is separated from the name after it by a space"
                )),
            ),
            Problem::SeveralLeads {
                keyword,
                owners,
                support,
                span,
            } => {
                let first = owners.first().map_or("", String::as_str);
                let others = owners.get(1..).unwrap_or(&[]).join(", ");
                (
                    "syntax.several_leads",
                    error(
                        Code::Syntax,
                        format!("`{keyword}` takes one owner, found {}", owners.len()),
                        span,
                        "several owners",
                    )
                    .with_help(format!(
                        "an item has one lead: write `{keyword} {first}` and the others as supporters, `{support} {others}`; \
                         or, when they lead together, declare a group (`分组 名称 = {}`) and write `{keyword} 名称`",
                        owners.join(", "),
                    )),
                )
            }
            Problem::PeriodWithTo {
                character,
                fixed,
                written,
                span,
            } => (
                "syntax.period_with_to",
                error(
                    Code::Syntax,
                    format!("a period is written with `..`, not `{character}`"),
                    span,
                    "write `..`",
                )
                .with_help(format!(
                    "write `{fixed}` (from the start of the first to the end of the second) instead of `{written}`"
                )),
            ),
            Problem::Unexpected {
                expected,
                found,
                hint,
                span,
            } => {
                let (name, message, label) = match expected {
                    Some(expected) => (
                        "syntax.expected",
                        format!("expected {expected}, found {found}"),
                        format!("expected {expected}"),
                    ),
                    None => (
                        "syntax.unexpected",
                        format!("unexpected {found}"),
                        "not understood".to_string(),
                    ),
                };
                let diagnostic = error(Code::Syntax, message, span, label);
                let diagnostic = match hint {
                    SyntaxHint::None => diagnostic,
                    SyntaxHint::Character(help) | SyntaxHint::Date(help) => {
                        diagnostic.with_help(help)
                    }
                    SyntaxHint::Grammar(place) => diagnostic.with_help(format!(
                        "see GRAMMAR.md for the statements allowed {place}"
                    )),
                };
                (name, diagnostic)
            }
            Problem::StringNotClosed { span, end, last } => (
                "syntax.string_not_closed",
                error(
                    Code::Syntax,
                    "this string is never closed",
                    span,
                    "the string starts here",
                )
                .with_label(end, "the line ends before a closing `\"`")
                .with_help(match last {
                    Some(last) => format!(
                        "the string ends with {last}: close it with the ASCII `\"`"
                    ),
                    None => "close the string with `\"` on the same line; a string cannot run over lines (write `\\\"` for a quote inside it)".to_string(),
                }),
            ),
            Problem::Respelled { first, others } => respelled(&first, &others),
            Problem::ProgressUnreadable { span } => (
                "syntax.progress_unreadable",
                error(
                    Code::Syntax,
                    "this progress file cannot be read",
                    span,
                    "here",
                )
                .with_help("see GRAMMAR.md, \"Progress files\""),
            ),
            Problem::ProgressHeaderTwice { span, first } => (
                "repeated.progress_header",
                error(
                    Code::Repeated,
                    "a progress file has one header",
                    span,
                    "second header",
                )
                .with_label(first, "first header")
                .with_help("one file per reporting date: move these entries to a file of their own"),
            ),
            Problem::ProgressStatement {
                text,
                in_item,
                span,
            } => {
                let (name, label, help) = if in_item {
                    (
                        "syntax.progress_item_statement",
                        "not a statement of an item's progress",
                        "an item's progress holds `指标 ID 实际 VALUE UNIT`, `节点 ID 完成 DATE`, `周期 ID 完成 DATE, …`, `完成 DATE`, `完成情况 \"…\"`, `存在问题 \"…\"` and `下步打算 \"…\"`",
                    )
                } else {
                    (
                        "syntax.progress_statement",
                        "not a statement of a progress file",
                        "a progress file holds `进展 \"plan title\" 截至 DATE` and `事项 ID [STATUS] [N%] { … }` entries",
                    )
                };
                (
                    name,
                    error(
                        Code::Syntax,
                        format!("expected a progress statement, found `{text}`"),
                        span,
                        label,
                    )
                    .with_help(help),
                )
            }
            Problem::ReportingDateYear { span } => (
                "date.reporting_date_year",
                error(
                    Code::Date,
                    "the reporting date needs its year",
                    span,
                    "no year",
                )
                .with_help("write it as `YYYY-MM-DD`, e.g. `2020-06-30`"),
            ),
            Problem::UnknownStatus {
                written,
                suggestion,
                span,
            } => (
                "syntax.unknown_status",
                error(
                    Code::Syntax,
                    format!("`{written}` is not a status"),
                    span,
                    "unknown status",
                )
                .with_help(match suggestion {
                    Some(status) => format!(
                        "{} the statuses are 未启动, 推进中, 已完成, 滞后 and 暂缓",
                        did_you_mean(&status)
                    ),
                    None => "the statuses are 未启动, 推进中, 已完成, 滞后 and 暂缓 (not_started, in_progress, done, behind, paused)".to_string(),
                }),
            ),
            Problem::ProgressBlockNotClosed { span } => (
                "syntax.progress_block_not_closed",
                error(
                    Code::Syntax,
                    "this block is never closed",
                    span,
                    "`{` opened here",
                )
                .with_help("add the `}` that ends the item's entry"),
            ),
            Problem::ProgressRepeated { keyword, span } => (
                "repeated.progress_statement",
                error(
                    Code::Repeated,
                    format!("`{keyword}` is given twice for this item"),
                    span,
                    "second time",
                )
                .with_help("keep one, and join the text into it"),
            ),
            Problem::DateWithoutYear { text, span } => (
                "date.without_year",
                error(
                    Code::Date,
                    format!("`{text}` has no year, and no header gives one"),
                    span,
                    "which year?",
                )
                .with_help("write the header `进展 \"plan title\" 截至 YYYY-MM-DD` first, or write the date as `YYYY-MM-DD`"),
            ),
            Problem::ProgressNumber { text, span } => (
                "number.progress",
                error(
                    Code::Number,
                    format!("`{text}` is too large or too precise to be represented exactly"),
                    span,
                    "this number",
                )
                .with_help("numbers have at most 28 significant digits"),
            ),
        }
    }
}

impl From<Problem> for Diagnostic {
    fn from(problem: Problem) -> Diagnostic {
        problem.diagnostic()
    }
}

/// The first 24 characters of `text`, and `…` when there are more.
fn first_24(text: &str) -> String {
    let mut shown: String = text.chars().take(24).collect();
    if text.chars().nth(24).is_some() {
        shown.push('…');
    }
    shown
}

/// The help line suggesting a close name.
fn did_you_mean(name: &str) -> String {
    format!("did you mean `{name}`?")
}

/// What a reference must name, for [`Problem::Undefined`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// An owner or an owner group (`牵头`, `配合`).
    Owner,
    /// One owner, not a group (a part of a breakdown, a group's member).
    Member,
    /// A baseline (`较 BASELINE`).
    Baseline,
    /// An item or a milestone (`依赖`).
    ItemOrMilestone,
    /// A part's label: an owner, a group or a category (`其中 { LABEL … }`).
    PartLabel,
    /// A target broken down by `分别`.
    RespectivelyTarget,
    /// An owner group (`计数 GROUP`).
    Group,
}

/// Where a misplaced statement belongs, for [`Problem::MisplacedStatement`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    /// The top level of a file (a `}` is probably missing above).
    Top,
    /// An item block.
    Item,
    /// A goal block.
    Goal,
    /// A section block.
    Section,
    /// The plan header block.
    Plan,
}

/// The help of [`Problem::Unexpected`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxHint {
    /// No help line.
    None,
    /// What to do about the character found (an invisible one, a look-alike).
    Character(String),
    /// A date planc reads for the phrase found where a date was expected.
    Date(String),
    /// The statements allowed in this place (`in an item`) are in GRAMMAR.md.
    Grammar(&'static str),
}

/// A recurrence that does not fit in its item, and the item's span, for
/// [`Problem::RecurrenceOutsideItem`] and [`Problem::RecurrenceNever`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrenceInItem {
    /// The recurrence's name.
    pub recurrence: String,
    /// Its item's name.
    pub item: String,
    /// The first day of the item's span.
    pub start: jiff::civil::Date,
    /// The last day of the item's span.
    pub end: jiff::civil::Date,
    /// The recurrence.
    pub span: Span,
    /// The item, labelled too.
    pub item_span: Span,
}

impl RecurrenceInItem {
    /// The error of a recurrence that does not fit: `` `NAME` {what} its item `ITEM` runs from
    /// START to END``, the recurrence labelled `label` and the item labelled, and `help` after
    /// the rule it breaks.
    fn error(self, what: &str, label: &str, help: &str) -> Diagnostic {
        let RecurrenceInItem {
            recurrence,
            item,
            start,
            end,
            span,
            item_span,
        } = self;
        error(
            Code::Recurrence,
            format!("`{recurrence}` {what} its item `{item}` runs from {start} to {end}"),
            span,
            label,
        )
        .with_label(item_span, "the item")
        .with_help(format!("a recurrence stays inside its item: {help}"))
    }
}

/// One replacement that makes a statement parse, for [`Problem::Respelled`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respelling {
    /// The replaced text.
    pub span: Span,
    /// The text as written (one look-alike, full-width digits, a Traditional keyword).
    pub original: String,
    /// What to write instead.
    pub written: String,
    /// A Traditional form of a keyword.
    pub traditional: bool,
    /// The first character of `original`, named (its kind and code point).
    pub named: String,
}

/// The diagnostic of [`Problem::Respelled`]: the first fix named in the message, every one (up
/// to eight) labelled.
fn respelled(first: &Respelling, others: &[Respelling]) -> (&'static str, Diagnostic) {
    let (name, message, label, help) = if first.traditional {
        (
            "syntax.traditional",
            format!(
                "`{}` is the Traditional form of `{}`",
                first.original, first.written
            ),
            "Traditional form",
            format!(
                "write `{}`: planc's keywords are written in Simplified Chinese",
                first.written
            ),
        )
    } else if first.original.chars().count() > 1 {
        // Full-width digits, taken together: the number they spell, in ASCII.
        (
            "syntax.full_width_number",
            format!(
                "found the full-width number `{}` instead of `{}`",
                first.original, first.written
            ),
            "full-width digits",
            format!(
                "write `{}`: a number is written in ASCII digits (full-width digits are read only inside strings)",
                first.written
            ),
        )
    } else {
        (
            "syntax.lookalike",
            format!("found {} instead of `{}`", first.named, first.written),
            "not ASCII",
            format!(
                "write `{}`; full-width characters and Chinese quotation marks belong only inside strings",
                first.written
            ),
        )
    };
    let mut diagnostic = error(Code::Syntax, message, first.span, label);
    for fix in others.iter().take(7) {
        let text = if fix.traditional {
            format!("Traditional form of `{}`", fix.written)
        } else {
            format!("write `{}`", fix.written)
        };
        diagnostic = diagnostic.with_label(fix.span, text);
    }
    let more = match others.len() {
        0 => String::new(),
        1 => " (and at the other marked place)".to_string(),
        n => format!(" (and at the {n} other marked places)"),
    };
    (name, diagnostic.with_help(format!("{help}{more}")))
}
