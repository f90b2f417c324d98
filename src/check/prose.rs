//! Prose: citations of targets in text, and figures that no target binds.

use crate::diagnostic::{Diagnostic, Problem, closest};
use crate::model::{Cite, CompactString, Prose, Segment, TargetId};
use crate::source::{SourceMap, Span};

/// Finds what a name cites, if it is citable.
pub type CiteLookup<'a> = Box<dyn Fn(&str) -> Option<Cite> + 'a>;

/// What prose parsing needs to know about the plan.
pub struct ProseContext<'a> {
    /// Finds a citable name (target or recurrence).
    pub cite: CiteLookup<'a>,
    /// Every citable name, sorted, for "did you mean" (made when first asked for).
    pub citable: &'a dyn Fn() -> &'a [String],
    /// Declared units, plus the built-in ones.
    pub units: &'a [String],
    /// Whether a target states a change beside its value (`{ID.change}` cites it).
    pub has_change: Box<dyn Fn(TargetId) -> bool + 'a>,
}

/// A `{id.part}` (or `{id.part.sub}`) citation, checked once all breakdowns are known.
#[derive(Debug, Clone)]
pub struct PartCite {
    /// The target.
    pub target: TargetId,
    /// The labels of the part's path, outermost first.
    pub path: Box<[CompactString]>,
    /// Where it was written.
    pub span: Span,
}

/// Unbound figures reported one by one in a plan; the rest are counted, and [`Scratch::finish`]
/// reports how many. A 50 MB paragraph of figures gave seven million warnings (and gigabytes).
pub const MAX_UNBOUND_FIGURES: usize = 10_000;

/// What prose parsing keeps between the texts of one plan.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The characters of the text being read, with their offsets (a buffer reused for every text).
    text: Vec<(char, usize)>,
    /// Unbound figures found so far in the plan.
    unbound: usize,
    /// The first unbound figure not reported one by one.
    first_skipped: Option<Span>,
    /// The text being read is a title (of an item or section), not a paragraph: said so in
    /// the unbound-figure warnings.
    pub in_title: bool,
}

impl Scratch {
    /// Whether an unbound figure was found (and so counted towards the limit).
    pub fn found_unbound(&self) -> bool {
        self.unbound > 0
    }

    /// Reports how many unbound figures were not reported one by one, if any.
    pub fn finish(&self, diagnostics: &mut Vec<Diagnostic>) {
        let (Some(span), Some(skipped)) = (
            self.first_skipped,
            self.unbound.checked_sub(MAX_UNBOUND_FIGURES),
        ) else {
            return;
        };
        diagnostics.push(
            Problem::MoreUnboundFigures {
                skipped,
                after: MAX_UNBOUND_FIGURES,
                span,
            }
            .into(),
        );
    }
}

/// Parses the string literal at `span` into prose. `scratch` is kept between the texts of a plan.
pub fn parse(
    sources: &SourceMap,
    span: Span,
    context: &ProseContext<'_>,
    scratch: &mut Scratch,
    part_cites: &mut Vec<PartCite>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Prose {
    let raw = sources.slice(span);
    let base = span.start as usize + 1;
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    let file = span.file;
    let mut segments = Vec::new();
    let Scratch {
        text,
        unbound,
        first_skipped,
        in_title,
    } = scratch;
    let place = if *in_title { "title" } else { "text" };
    text.clear();
    let mut chars = inner.char_indices().peekable();
    let mut flush = |text: &mut Vec<(char, usize)>,
                     segments: &mut Vec<Segment>,
                     diagnostics: &mut Vec<Diagnostic>| {
        if text.is_empty() {
            return;
        }
        let mut found = Found {
            count: unbound,
            first_skipped,
            diagnostics,
            place,
        };
        unbound_figures(text, file, context.units, &mut found);
        segments.push(Segment::Text(text.iter().map(|(c, _)| *c).collect()));
        text.clear();
    };
    while let Some((offset, character)) = chars.next() {
        match character {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    text.push((if escaped == 'n' { '\n' } else { escaped }, base + offset));
                }
            }
            '`' => {
                flush(text, &mut segments, diagnostics);
                let mut literal = String::new();
                let mut closed = false;
                for (_, next) in chars.by_ref() {
                    if next == '`' {
                        closed = true;
                        break;
                    }
                    literal.push(next);
                }
                if !closed {
                    diagnostics.push(
                        Problem::BacktickNotClosed {
                            span: Span::new(file, base + offset, base + offset + 1),
                        }
                        .into(),
                    );
                }
                segments.push(Segment::Literal(literal.into()));
            }
            '{' => {
                flush(text, &mut segments, diagnostics);
                let mut name = String::new();
                let mut end = None;
                for (next_offset, next) in chars.by_ref() {
                    if next == '}' {
                        end = Some(next_offset + 1);
                        break;
                    }
                    name.push(next);
                }
                let Some(end) = end else {
                    diagnostics.push(
                        Problem::CitationNotClosed {
                            span: Span::new(file, base + offset, base + offset + 1),
                        }
                        .into(),
                    );
                    continue;
                };
                let cite_span = Span::new(file, base + offset, base + end);
                if let Some(segment) =
                    citation(name.trim(), cite_span, context, part_cites, diagnostics)
                {
                    segments.push(segment);
                }
            }
            _ => text.push((character, base + offset)),
        }
    }
    flush(text, &mut segments, diagnostics);
    // The plan keeps every paragraph until it is dropped: no room to grow.
    segments.shrink_to_fit();
    Prose { segments }
}

fn citation(
    name: &str,
    span: Span,
    context: &ProseContext<'_>,
    part_cites: &mut Vec<PartCite>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Segment> {
    let (id, part) = match name.split_once('.') {
        Some((id, part)) => (id.trim(), Some(part.trim())),
        None => (name, None),
    };
    let Some(cite) = (context.cite)(id) else {
        diagnostics.push(
            Problem::UndefinedCitation {
                id: id.to_string(),
                suggestion: closest(id, (context.citable)().iter().map(String::as_str)),
                span,
            }
            .into(),
        );
        return None;
    };
    let Some(part) = part else {
        return Some(Segment::Cite(cite));
    };
    let Cite::Target(target) = cite else {
        diagnostics.push(
            Problem::RecurrenceParts {
                id: id.to_string(),
                span,
            }
            .into(),
        );
        return None;
    };
    if matches!(part, "parts" | "其中" | "分解") {
        return Some(Segment::CiteParts(cite));
    }
    if matches!(part, "change" | "变化") {
        if (context.has_change)(target) {
            return Some(Segment::CiteChange(cite));
        }
        diagnostics.push(
            Problem::NoStatedChange {
                target: id.to_string(),
                span,
            }
            .into(),
        );
        return None;
    }
    let path: Box<[CompactString]> = part.split('.').map(|l| l.trim().into()).collect();
    if path.iter().any(|label| label.is_empty()) {
        diagnostics.push(
            Problem::CitedPartLabel {
                id: id.to_string(),
                part: part.to_string(),
                span,
            }
            .into(),
        );
        return None;
    }
    part_cites.push(PartCite {
        target,
        path: path.clone(),
        span,
    });
    Some(Segment::CitePart(cite, path))
}

/// Where [`unbound_figures`] reports.
struct Found<'a> {
    /// Unbound figures in the plan so far.
    count: &'a mut usize,
    /// The first not reported one by one.
    first_skipped: &'a mut Option<Span>,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// `text` or `title`.
    place: &'static str,
}

impl Found<'_> {
    /// Reports a figure, or counts it past [`MAX_UNBOUND_FIGURES`].
    fn push(&mut self, span: Span, diagnostic: impl FnOnce() -> Diagnostic) {
        *self.count += 1;
        if *self.count > MAX_UNBOUND_FIGURES {
            self.first_skipped.get_or_insert(span);
        } else {
            self.diagnostics.push(diagnostic());
        }
    }
}

/// Counting words (量词) that follow a figure in Chinese prose. A figure followed by one of these
/// that is not a declared unit (`惠及学生5000人`) is still a figure: it is reported with a hint to
/// declare the unit. Words of time and order (年, 月, 日, 第…) are not in the list.
const COUNTING_WORDS: &[&str] = &[
    "平方米",
    "公里",
    "公顷",
    "千米",
    "千克",
    "课时",
    "学时",
    "人",
    "名",
    "个",
    "所",
    "家",
    "台",
    "套",
    "项",
    "场",
    "次",
    "间",
    "座",
    "本",
    "册",
    "件",
    "元",
    "户",
    "位",
    "支",
    "批",
    "条",
    "篇",
    "门",
    "节",
    "班",
    "张",
    "份",
    "辆",
    "处",
    "块",
    "期",
    "届",
    "类",
    "种",
    "组",
    "株",
    "棵",
    "吨",
    "米",
    "亩",
];

/// An ASCII or a full-width digit (`０`–`９`, U+FF10–U+FF19): a figure typed with full-width
/// digits in prose is a figure all the same.
fn is_digit(character: char) -> bool {
    character.is_ascii_digit() || ('０'..='９').contains(&character)
}

/// Whether the characters of `text` from `at` start with `word`.
fn starts_with(text: &[(char, usize)], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(position, expected)| text.get(position).is_some_and(|(c, _)| *c == expected))
}

/// Warns about numbers followed by a unit in plain text: figures that should come from a target.
fn unbound_figures(
    text: &[(char, usize)],
    file: crate::source::FileId,
    units: &[String],
    found: &mut Found<'_>,
) {
    let mut index = 0;
    while index < text.len() {
        let Some(&(character, start)) = text.get(index) else {
            break;
        };
        let previous = index
            .checked_sub(1)
            .and_then(|i| text.get(i))
            .map(|(c, _)| *c);
        let starts_number = is_digit(character)
            && !previous
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '+' || p == '-');
        if !starts_number {
            index += 1;
            continue;
        }
        let mut end = index;
        while text.get(end).is_some_and(|(c, _)| is_digit(*c)) {
            end += 1;
        }
        let integer_digits = end - index;
        if text.get(end).is_some_and(|(c, _)| *c == '.' || *c == '．')
            && text.get(end + 1).is_some_and(|(c, _)| is_digit(*c))
        {
            end += 1;
            while text.get(end).is_some_and(|(c, _)| is_digit(*c)) {
                end += 1;
            }
        }
        let number_end = end;
        if text.get(end).is_some_and(|(c, _)| *c == '万' || *c == '亿') {
            end += 1;
        }
        let mut unit_start = end;
        while text.get(unit_start).is_some_and(|(c, _)| *c == ' ') {
            unit_start += 1;
        }
        let has_magnitude = end > number_end;
        let next = text.get(unit_start).map(|(c, _)| *c);
        // A unit is matched among the next 12 characters.
        let unit = if next == Some('%') || next == Some('％') {
            Some("%".to_string())
        } else {
            units
                .iter()
                .filter(|unit| {
                    unit.chars().nth(12).is_none() && starts_with(text, unit_start, unit)
                })
                .max_by_key(|unit| unit.chars().count())
                .cloned()
                // `13万` is a figure even without a unit after it.
                .or_else(|| has_magnitude.then(String::new))
        };
        // A counting word that is not a declared unit, after a number that is not an ordinal
        // (`第3批`): a figure all the same, whose unit should be declared.
        let ordinal = previous == Some('第');
        let undeclared = match unit {
            None if !ordinal => COUNTING_WORDS
                .iter()
                .find(|word| starts_with(text, unit_start, word))
                .map(|word| word.to_string()),
            _ => None,
        };
        let Some(unit) = unit.or_else(|| undeclared.clone()) else {
            index = end.max(index + 1);
            continue;
        };
        let is_year = integer_digits == 4 && number_end == index + 4 && unit == "年";
        let unit_end = if unit.is_empty() {
            end
        } else {
            unit_start + if unit == "%" { 1 } else { unit.chars().count() }
        };
        if !is_year {
            let end_offset = text
                .get(unit_end.saturating_sub(1))
                .map(|(c, offset)| offset + c.len_utf8())
                .unwrap_or(start + 1);
            let figure: String = text
                .iter()
                .skip(index)
                .take(unit_end - index)
                .map(|(c, _)| *c)
                .collect();
            let span = Span::new(file, start, end_offset);
            let place = found.place;
            found.push(span, || {
                Problem::UnboundFigure {
                    figure: figure.clone(),
                    place,
                    undeclared: undeclared.clone(),
                    span,
                }
                .into()
            });
        }
        index = unit_end.max(index + 1);
    }
}
