//! Syntax errors in plain words: what was expected, and what was found instead.

use super::{PlanParser, Rule};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

/// The block a statement stands in, which decides the statements allowed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The top level of a file.
    Top,
    /// The plan header block.
    Plan,
    /// The goals block.
    Goals,
    /// One goal.
    Goal,
    /// A section.
    Section,
    /// An item.
    Item,
}

impl Context {
    fn probe(self) -> Rule {
        match self {
            Context::Top => Rule::top_probe,
            Context::Plan => Rule::plan_probe,
            Context::Goals => Rule::goals_probe,
            Context::Goal => Rule::goal_probe,
            Context::Section => Rule::section_probe,
            Context::Item => Rule::item_probe,
        }
    }

    /// The statements allowed in this block, in plain words.
    fn statements(self) -> &'static str {
        match self {
            Context::Top => {
                "a top-level statement (`计划`, `引入`, `计量单位`, `部门`, `辖区`, `机构`, `分组`, `基线`, `主要目标`, `部分`, `休息` or `补班`)"
            }
            Context::Plan => {
                "`期间` (period), `机关` (org), `导言` (preamble) or `假日` (holidays)"
            }
            Context::Goals => "`正文` (text) or `目标` (goal)",
            Context::Goal => "`正文` (text) or `指标` (target)",
            Context::Section => "`正文` (text) or `事项` (item)",
            Context::Item => {
                "an item statement (`正文`, `牵头`, `配合`, `指标`, `时限`, `开始`, `时段`, `工期`, `后于`, `依赖`, `节点`, `周期`, `标签` or `事项`)"
            }
        }
    }

    fn of_probe(rule: Rule) -> Option<Context> {
        Some(match rule {
            Rule::top_probe => Context::Top,
            Rule::plan_probe => Context::Plan,
            Rule::goals_probe => Context::Goals,
            Rule::goal_probe => Context::Goal,
            Rule::section_probe => Context::Section,
            Rule::item_probe => Context::Item,
            _ => return None,
        })
    }

    fn place(self) -> &'static str {
        match self {
            Context::Top => "at the top level of a file",
            Context::Plan => "in the plan header",
            Context::Goals => "in the main goals",
            Context::Goal => "in a goal",
            Context::Section => "in a section",
            Context::Item => "in an item",
        }
    }
}

/// How far past the end of a bad statement its probes may read (the rest of its line, up to this).
/// Probing the rest of the file instead made each explanation cost the length of the rest of the
/// line (pest's error finds the whole line) or of the file (a probe that parses indexes its lines),
/// so a long line of bad statements took quadratic time.
const PROBE_SLACK: usize = 256;

/// The text a probe reads: the bad statement (`start..end`), then the rest of its line, at most
/// [`PROBE_SLACK`] bytes of it. A statement never continues past its line (a block it opens parses
/// to its end either way, as the probe stops at the end of the text).
fn probe_window(text: &str, start: usize, end: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    let own = end.saturating_sub(start).min(rest.len());
    let mut limit = own.saturating_add(PROBE_SLACK).min(rest.len());
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let after = rest.get(own..limit).unwrap_or("");
    let cut = match after.find('\n') {
        Some(newline) => own + newline + 1,
        None => limit,
    };
    rest.get(..cut).unwrap_or(rest)
}

/// Explains a line that did not parse as a statement of its block; `start..end` is what the parser
/// took as the bad statement.
pub fn bad_statement(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
    context: Context,
) -> Diagnostic {
    let rest = probe_window(text, start, end);
    let error = match PlanParser::parse(context.probe(), rest) {
        Err(error) => error,
        Ok(_) => {
            return from_pest_error(
                file,
                text,
                start,
                &pest::error::Error::new_from_pos(
                    ErrorVariant::CustomError {
                        message: String::new(),
                    },
                    pest::Position::from_start(rest),
                ),
                Some(context),
            );
        }
    };
    // A statement that is fine in another block: say where it belongs.
    let elsewhere = [
        (
            Context::Top,
            "is a `}` missing above? this statement belongs at the top level",
        ),
        (
            Context::Item,
            "this statement belongs inside an item (`事项`) block",
        ),
        (
            Context::Goal,
            "this statement belongs inside a goal (`目标`) block",
        ),
        (
            Context::Section,
            "this statement belongs inside a section (`部分`) block",
        ),
        (
            Context::Plan,
            "this statement belongs inside the plan header (`计划`) block",
        ),
    ];
    for (other, help) in elsewhere {
        if other != context && PlanParser::parse(other.probe(), rest).is_ok() {
            let keyword: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            return Diagnostic::error(
                Code::Misplaced,
                format!("`{keyword}` is not allowed {}", context.place()),
                Span::new(file, start, start + keyword.len()),
                "not allowed here",
            )
            .with_help(help);
        }
    }
    from_pest_error(file, text, start, &error, Some(context))
}

/// Turns a pest error into a diagnostic, with positions shifted by `offset`.
pub fn from_pest_error(
    file: FileId,
    text: &str,
    offset: usize,
    error: &pest::error::Error<Rule>,
    context: Option<Context>,
) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    } + offset;
    let found = found_at(text, position);
    let span_end = position + found.len();
    let span = Span::new(file, position, span_end.max(position));
    let mut words: Vec<String> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            if let Some(probe) = Context::of_probe(*rule) {
                push_unique(&mut words, probe.statements().to_string());
            } else if let Some(word) = describe(*rule) {
                push_unique(&mut words, word.to_string());
            }
        }
    }
    let expected = join_alternatives(&words);
    let found_words = if found.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{found}`")
    };
    let message = match &expected {
        Some(expected) => format!("expected {expected}, found {found_words}"),
        None => format!("unexpected {found_words}"),
    };
    let label = match &expected {
        Some(expected) => format!("expected {expected}"),
        None => "not understood".to_string(),
    };
    let mut diagnostic = Diagnostic::error(Code::Syntax, message, span, label);
    let wants_date = matches!(
        &error.variant,
        ErrorVariant::ParsingError { positives, .. } if positives.contains(&Rule::when)
    );
    if wants_date && !found.is_empty() {
        diagnostic = diagnostic.with_help(date_suggestion(found));
    } else if let Some(context) = context {
        diagnostic = diagnostic.with_help(format!(
            "see GRAMMAR.md for the statements allowed {}",
            context.place()
        ));
    }
    diagnostic
}

/// Help for a word where a date was expected: a date for the common phrases planc does not read,
/// and the phrases it does.
fn date_suggestion(found: &str) -> String {
    const KNOWN: &[(&[&str], &str)] = &[
        (&["国庆前", "国庆节前"], "`9月30日` or `9月下旬`"),
        (&["国庆后", "国庆节后"], "`10月8日` or `10月中旬`"),
        (&["元旦前"], "`12月31日` or `12月下旬`"),
        (&["元旦后", "年初"], "`1月` or `1月上旬`"),
        (&["五一前", "劳动节前"], "`4月30日` or `4月下旬`"),
        (&["清明前"], "`4月上旬` or `4月3日`"),
        (&["月初"], "the month's `上旬`, e.g. `6月上旬`"),
        (&["月中"], "the month's `中旬`, e.g. `6月中旬`"),
        (&["月底", "月末"], "the month's end, e.g. `6月底`"),
        (&["年末", "年终"], "`年底` or `12月`"),
        (&["季末", "季度末"], "`3月底`, `6月底`, `9月底` or `12月底`"),
        (&["开学后", "开学初"], "`9月上旬` or `9月`"),
        (&["新学期", "下学期"], "`秋季学期` or `春季学期`"),
        (&["放假前", "暑假前", "暑期前"], "`6月下旬` or `6月底`"),
        (&["上学期"], "`春季学期`"),
    ];
    let accepted = "planc reads dates such as `2027-09-30`, `9月30日`, `9月`, `9月下旬`, \
                    `9月底前`, `Q3`, `下半年`, `2027年底`, `春节前`, `春节后`, `开学前`, `暑期`, `寒假`, \
                    `春季学期`, `秋季学期`, `年中` and `汛期前` (GRAMMAR.md, \"Dates as planners write \
                    them\")";
    match KNOWN.iter().find(|(words, _)| words.contains(&found)) {
        Some((_, date)) => format!("write `{found}` as a date, e.g. {date}; {accepted}"),
        None => format!("write a date: {accepted}"),
    }
}

fn push_unique(words: &mut Vec<String>, word: String) {
    if !words.contains(&word) {
        words.push(word);
    }
}

fn join_alternatives(words: &[String]) -> Option<String> {
    match words {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {}", init.join(", "), last)),
    }
}

/// The word or symbol at a position, for "found …".
fn found_at(text: &str, position: usize) -> &str {
    let rest = text.get(position..).unwrap_or("");
    let mut end = 0;
    for (index, character) in rest.char_indices() {
        if character == '\n' || character == '\r' || (character.is_whitespace() && index > 0) {
            break;
        }
        end = index + character.len_utf8();
        if !(character.is_alphanumeric() || character == '_' || character == '.') {
            break;
        }
        if end >= 40 {
            break;
        }
    }
    rest.get(..end).unwrap_or("")
}

/// A rule in plain words, or `None` for rules that say nothing useful on their own.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident | Rule::baseline_ref => "a name",
        Rule::string => "a quoted string",
        Rule::number | Rule::amount => "a number",
        Rule::quantity => "a value such as `60%` or `44个`",
        Rule::unit | Rule::unit_name => "a unit",
        Rule::line_end => "the end of the line",
        Rule::year => "a year such as `2020`",
        Rule::date => "a date such as `2020-06-30`",
        Rule::when
        | Rule::year_month
        | Rule::month_window
        | Rule::month_day
        | Rule::quarter
        | Rule::half
        | Rule::whole_period
        | Rule::year_named
        | Rule::month_tenth
        | Rule::month_end
        | Rule::named_time => "a date or period such as `2020-06-30`, `6月`, `Q2` or `年内`",
        Rule::month => "a month such as `4月`",
        Rule::day_of_month => "a day of the month such as `28日`",
        Rule::duration_unit => "a duration unit (`工作日`, `天`, `周` or `个月`)",
        Rule::comparison
        | Rule::cmp_ge
        | Rule::cmp_gt
        | Rule::cmp_le
        | Rule::cmp_lt
        | Rule::cmp_eq => "a comparison such as `达` or `不低于`",
        Rule::cmp_suffix => "`以上` or `以下`",
        Rule::trend_dir => "`上升`, `下降` or `保持`",
        Rule::change_dir => "`提高` or `降低`",
        Rule::frequency
        | Rule::freq_weekly
        | Rule::freq_monthly
        | Rule::freq_quarterly
        | Rule::freq_yearly => "a frequency (`每周`, `每月`, `每季度` or `全年`)",
        Rule::owner_kind => "`部门`, `辖区` or `机构`",
        Rule::range => "a range such as `3-4个`",
        Rule::trend => "`趋势`",
        Rule::relative => "`较`",
        Rule::split => "`其中`",
        Rule::stretch => "`力争`",
        Rule::EOI => "the end of the line",
        Rule::kw_plan => "`计划` (plan)",
        Rule::kw_period => "`期间` (period)",
        Rule::kw_org => "`机关` (org)",
        Rule::kw_preamble => "`导言` (preamble)",
        Rule::kw_include => "`引入` (include)",
        Rule::kw_unit => "`计量单位` (unit)",
        Rule::kw_department => "`部门` (department)",
        Rule::kw_district => "`辖区` (district)",
        Rule::kw_institution => "`机构` (institution)",
        Rule::kw_group => "`分组` (group)",
        Rule::kw_capacity => "`容量` (capacity)",
        Rule::kw_baseline => "`基线` (baseline)",
        Rule::kw_previous => "`上年实际` (previous)",
        Rule::kw_goals => "`主要目标` (goals)",
        Rule::kw_goal => "`目标` (goal)",
        Rule::kw_section => "`部分` (section)",
        Rule::kw_item => "`事项` (item)",
        Rule::kw_text => "`正文` (text)",
        Rule::kw_lead => "`牵头` (lead)",
        Rule::kw_support => "`配合` (support)",
        Rule::kw_target => "`指标` (target)",
        Rule::kw_stretch => "`力争` (stretch)",
        Rule::kw_trend => "`趋势` (trend)",
        Rule::kw_vs => "`较` (vs)",
        Rule::kw_due => "`时限` (due)",
        Rule::kw_start => "`开始` (start)",
        Rule::kw_window => "`时段` (window)",
        Rule::kw_duration => "`工期` (duration)",
        Rule::kw_after => "`后于` (after)",
        Rule::kw_needs => "`依赖` (needs)",
        Rule::kw_milestone => "`节点` (milestone)",
        Rule::kw_recur => "`周期` (recur)",
        Rule::kw_tags => "`标签` (tags)",
        Rule::kw_split => "`其中` (split)",
        Rule::kw_in => "`于` (in)",
        Rule::kw_by => "`截至` (by)",
        Rule::kw_dayoff => "`休息` (dayoff)",
        Rule::kw_workday => "`补班` (workday)",
        _ => return None,
    })
}
