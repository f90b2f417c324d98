//! What the editor features read: every name written in a plan's files (declarations and
//! references, citations inside prose included), the outline of each file, and its tokens. Built
//! from the syntax tree of each file, once per checked version of a plan, when a request first
//! needs it.

use crate::source::{FileId, SourceMap, Span, Spanned};
use crate::syntax::ast;
use std::collections::HashMap;

/// What a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A department, district or institution.
    Owner,
    /// A named set of owners.
    Group,
    /// A baseline.
    Baseline,
    /// A category (`类别`) that labels parts of breakdowns.
    Category,
    /// A main goal.
    Goal,
    /// A section.
    Section,
    /// An item or sub-item.
    Item,
    /// A target.
    Target,
    /// A milestone.
    Milestone,
    /// Recurring work.
    Recurrence,
    /// A fact (`已完成`): a result already achieved.
    Fact,
    /// A declared unit (its own namespace).
    Unit,
}

impl Kind {
    /// The kind in words, for messages.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Owner => "an owner",
            Kind::Group => "an owner group",
            Kind::Baseline => "a baseline",
            Kind::Category => "a category",
            Kind::Goal => "a goal",
            Kind::Section => "a section",
            Kind::Item => "an item",
            Kind::Target => "a target",
            Kind::Milestone => "a milestone",
            Kind::Recurrence => "a recurrence",
            Kind::Fact => "a fact",
            Kind::Unit => "a unit",
        }
    }

    /// Units have a namespace of their own; every other name shares the plan's one namespace.
    pub fn namespace(self) -> Namespace {
        match self {
            Kind::Unit => Namespace::Units,
            _ => Namespace::Names,
        }
    }
}

/// The two namespaces of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Namespace {
    /// Owners, groups, baselines, goals, sections, items, targets, milestones, recurrences.
    Names,
    /// Units.
    Units,
}

/// What a reference expects to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An owner or a group (`牵头`, `配合`, a group member, `{id.owner}`).
    Owner,
    /// A breakdown part's label: an owner, a group or a category.
    Part,
    /// An item or a milestone (`后于`, `依赖`).
    Node,
    /// A target or recurrence (`{id}` in prose).
    Cite,
    /// A baseline.
    Baseline,
    /// A unit.
    Unit,
}

impl Expect {
    fn namespace(self) -> Namespace {
        match self {
            Expect::Unit => Namespace::Units,
            _ => Namespace::Names,
        }
    }
}

/// A name as written somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Its declaration.
    Declares(Kind),
    /// A use of it.
    Refers(Expect),
}

/// One name written in a file.
#[derive(Debug, Clone)]
pub struct Occurrence {
    /// Where (the name only).
    pub span: Span,
    /// Declaration or use.
    pub role: Role,
}

impl Occurrence {
    /// The namespace the name lives in.
    pub fn namespace(&self) -> Namespace {
        match self.role {
            Role::Declares(kind) => kind.namespace(),
            Role::Refers(expect) => expect.namespace(),
        }
    }
}

/// A node of a file's outline: a section, goal, item, target, milestone or recurrence.
#[derive(Debug, Clone)]
pub struct Outline {
    /// What it is.
    pub kind: Kind,
    /// Its name.
    pub name: String,
    /// Its title, when it has one.
    pub title: String,
    /// The whole statement or block.
    pub span: Span,
    /// The name.
    pub selection: Span,
    /// What is inside.
    pub children: Vec<Outline>,
}

/// A lexical token, for highlighting and folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `// …`
    Comment,
    /// `"…"`
    Text,
    /// Digits, with `万`/`亿`.
    Number,
    /// A word: a keyword, a name or a unit.
    Word,
    /// `{`
    Open,
    /// `}`
    Close,
}

/// A token: its kind and byte range in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Splits a file into tokens the way the grammar reads it (comments, strings, numbers, words,
/// braces); other punctuation is skipped. Never fails: an unterminated string ends at its line end.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, character)) = chars.next() {
        let kind;
        let mut end = start + character.len_utf8();
        match character {
            '/' if chars.peek().is_some_and(|&(_, next)| next == '/') => {
                kind = TokenKind::Comment;
                while let Some(&(at, next)) = chars.peek() {
                    if next == '\n' || next == '\r' {
                        break;
                    }
                    end = at + next.len_utf8();
                    chars.next();
                }
            }
            '"' => {
                kind = TokenKind::Text;
                let mut escaped = false;
                while let Some(&(at, next)) = chars.peek() {
                    if next == '\n' || next == '\r' {
                        break;
                    }
                    end = at + next.len_utf8();
                    chars.next();
                    if escaped {
                        escaped = false;
                    } else if next == '\\' {
                        escaped = true;
                    } else if next == '"' {
                        break;
                    }
                }
            }
            '0'..='9' => {
                kind = TokenKind::Number;
                while let Some(&(at, next)) = chars.peek() {
                    if !(next.is_ascii_digit() || next == '.' || next == '万' || next == '亿') {
                        break;
                    }
                    end = at + next.len_utf8();
                    chars.next();
                }
            }
            '{' => kind = TokenKind::Open,
            '}' => kind = TokenKind::Close,
            c if c == '_' || unicode_ident::is_xid_start(c) => {
                kind = TokenKind::Word;
                while let Some(&(at, next)) = chars.peek() {
                    // A comparison word may be followed by a number directly (`达60%`).
                    if !(next == '_' || unicode_ident::is_xid_continue(next))
                        || (next.is_ascii_digit() && !text[start..at].is_ascii())
                    {
                        break;
                    }
                    end = at + next.len_utf8();
                    chars.next();
                }
            }
            _ => continue,
        }
        tokens.push(Token { kind, start, end });
    }
    tokens
}

/// Pairs of `{` and `}` tokens (indices into `tokens`), outermost first; an unclosed `{` is left
/// out.
pub fn brace_pairs(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Open => open.push(index),
            TokenKind::Close => {
                if let Some(start) = open.pop() {
                    pairs.push((start, index));
                }
            }
            _ => {}
        }
    }
    pairs.sort_unstable();
    pairs
}

/// A citation inside a string: the cited name, and the part after a `.` when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The whole `{…}`, as byte offsets in the file.
    pub whole: (usize, usize),
    /// The cited name.
    pub name: (usize, usize),
    /// The part after `.`: an owner, or `其中`/`parts`/`分解`.
    pub part: Option<(usize, usize)>,
}

/// The citations in a string token at `start..end` of `text`, read as the prose checker reads
/// them (a backslash escapes the next character, backticks enclose literal text).
pub fn citations(text: &str, start: usize, end: usize) -> Vec<Citation> {
    let mut found = Vec::new();
    let Some(inner) = text.get(start..end) else {
        return found;
    };
    let mut chars = inner.char_indices().skip(1).peekable();
    while let Some((offset, character)) = chars.next() {
        match character {
            '\\' => {
                chars.next();
            }
            '`' => {
                for (_, next) in chars.by_ref() {
                    if next == '`' {
                        break;
                    }
                }
            }
            '{' => {
                let open = start + offset;
                let mut close = None;
                for (at, next) in chars.by_ref() {
                    if next == '}' {
                        close = Some(start + at);
                        break;
                    }
                    if next == '"' {
                        break;
                    }
                }
                let Some(close) = close else {
                    continue;
                };
                let body = text.get(open + 1..close).unwrap_or("");
                let trimmed = |from: usize, to: usize| {
                    let piece = text.get(from..to).unwrap_or("");
                    let lead = piece.len() - piece.trim_start().len();
                    let tail = piece.len() - piece.trim_end().len();
                    (from + lead, (to - tail).max(from + lead))
                };
                let (name, part) = match body.find('.') {
                    Some(dot) => (
                        trimmed(open + 1, open + 1 + dot),
                        Some(trimmed(open + 2 + dot, close)),
                    ),
                    None => (trimmed(open + 1, close), None),
                };
                found.push(Citation {
                    whole: (open, close + 1),
                    name,
                    part,
                });
            }
            _ => {}
        }
    }
    found
}

/// The words that name every part of a breakdown in a citation (`{id.其中}`).
pub const PARTS_WORDS: [&str; 3] = ["其中", "parts", "分解"];

/// Everything the editor features need about one plan's files.
#[derive(Debug, Default)]
pub struct Index {
    /// Every name written, sorted by file and position.
    pub occurrences: Vec<Occurrence>,
    /// Declarations by name and namespace (indices into `occurrences`).
    declarations: HashMap<(Namespace, String), Vec<usize>>,
    /// Each plan file's outline.
    pub outlines: HashMap<FileId, Vec<Outline>>,
    /// Each plan file's tokens.
    pub tokens: HashMap<FileId, Vec<Token>>,
}

impl Index {
    /// Indexes the plan files of `sources` (holiday files are left out: they are not plans).
    pub fn build(sources: &SourceMap, holiday_files: &[FileId]) -> Index {
        let mut index = Index::default();
        for (id, file) in sources.files() {
            if holiday_files.contains(&id) {
                continue;
            }
            let (tree, _) = crate::syntax::parse(id, &file.text);
            let tokens = tokens(&file.text);
            let pairs = brace_pairs(&tokens);
            let mut walker = Walker {
                sources,
                text: &file.text,
                tokens: &tokens,
                pairs: &pairs,
                occurrences: &mut index.occurrences,
            };
            let outline = walker.file(tree);
            for token in tokens.iter().filter(|t| t.kind == TokenKind::Text) {
                for citation in citations(&file.text, token.start, token.end) {
                    let (start, end) = citation.name;
                    index.occurrences.push(Occurrence {
                        span: Span::new(id, start, end),
                        role: Role::Refers(Expect::Cite),
                    });
                    if let Some((start, end)) = citation.part
                        && !PARTS_WORDS.contains(&file.text.get(start..end).unwrap_or(""))
                    {
                        index.occurrences.push(Occurrence {
                            span: Span::new(id, start, end),
                            role: Role::Refers(Expect::Owner),
                        });
                    }
                }
            }
            index.outlines.insert(id, outline);
            index.tokens.insert(id, tokens);
        }
        index
            .occurrences
            .retain(|o| !o.span.is_empty() && !sources.slice(o.span).is_empty());
        index
            .occurrences
            .sort_by_key(|o| (o.span.file, o.span.start));
        for (position, occurrence) in index.occurrences.iter().enumerate() {
            if let Role::Declares(kind) = occurrence.role {
                index
                    .declarations
                    .entry((kind.namespace(), sources.slice(occurrence.span).to_string()))
                    .or_default()
                    .push(position);
            }
        }
        index
    }

    /// The name written at a byte offset of a file (the offset may be just past its end, where an
    /// editor's cursor stands after typing it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let offset = u32::try_from(offset).ok()?;
        let after = self
            .occurrences
            .partition_point(|o| (o.span.file, o.span.start) <= (file, offset));
        let candidate = self.occurrences.get(after.checked_sub(1)?)?;
        (candidate.span.file == file && offset <= candidate.span.end).then_some(candidate)
    }

    /// The declarations of a name.
    pub fn declarations(&self, namespace: Namespace, name: &str) -> Vec<&Occurrence> {
        self.declarations
            .get(&(namespace, name.to_string()))
            .map(|list| {
                list.iter()
                    .filter_map(|&i| self.occurrences.get(i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What kind of thing a name is, from its first declaration.
    pub fn kind_of(&self, namespace: Namespace, name: &str) -> Option<Kind> {
        self.declarations(namespace, name)
            .first()
            .and_then(|o| match o.role {
                Role::Declares(kind) => Some(kind),
                Role::Refers(_) => None,
            })
    }

    /// Every place a name is written in a namespace: declarations and uses.
    pub fn occurrences_of<'a>(
        &'a self,
        sources: &'a SourceMap,
        namespace: Namespace,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences
            .iter()
            .filter(move |o| o.namespace() == namespace && sources.slice(o.span) == name)
    }

    /// Every declared name of the given kinds, with its kind, sorted and without repeats.
    pub fn names_of(&self, sources: &SourceMap, kinds: &[Kind]) -> Vec<(String, Kind)> {
        let mut names: Vec<(String, Kind)> = self
            .occurrences
            .iter()
            .filter_map(|o| match o.role {
                Role::Declares(kind) if kinds.contains(&kind) => {
                    Some((sources.slice(o.span).to_string(), kind))
                }
                _ => None,
            })
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        names.dedup_by(|a, b| a.0 == b.0);
        names
    }
}

struct Walker<'a> {
    sources: &'a SourceMap,
    text: &'a str,
    tokens: &'a [Token],
    pairs: &'a [(usize, usize)],
    occurrences: &'a mut Vec<Occurrence>,
}

impl Walker<'_> {
    fn declare(&mut self, name: &ast::Name, kind: Kind) {
        self.occurrences.push(Occurrence {
            span: name.span,
            role: Role::Declares(kind),
        });
    }

    fn refer(&mut self, name: &ast::Name, expect: Expect) {
        self.occurrences.push(Occurrence {
            span: name.span,
            role: Role::Refers(expect),
        });
    }

    fn quantity(&mut self, quantity: &ast::Quantity) {
        if let Some(unit) = &quantity.unit {
            self.refer(unit, Expect::Unit);
        }
    }

    /// Where the text of the line holding `at` starts: past the line's indentation.
    fn line_text_start(&self, at: usize) -> usize {
        let line_start = self
            .text
            .get(..at)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |n| n + 1);
        let indent = self
            .text
            .get(line_start..at)
            .map_or(0, |t| t.len() - t.trim_start().len());
        line_start + indent
    }

    /// The span of the block or statement whose name is at `name`: from the start of its line's
    /// text to the `}` that closes the first `{` after its name and title, or to the end of the
    /// title (or name) when no block follows.
    fn extent(&self, name: Span, statement_end: Option<Span>) -> Span {
        let begin = self.line_text_start(name.start as usize);
        let mut end = statement_end.map_or(name.end as usize, |s| s.end as usize);
        let first = self.tokens.partition_point(|t| t.start < name.end as usize);
        let mut at = first;
        while self
            .tokens
            .get(at)
            .is_some_and(|t| t.kind == TokenKind::Text)
        {
            end = end.max(self.tokens.get(at).map_or(end, |t| t.end));
            at += 1;
        }
        if self
            .tokens
            .get(at)
            .is_some_and(|t| t.kind == TokenKind::Open)
            && let Ok(found) = self.pairs.binary_search_by_key(&at, |&(open, _)| open)
            && let Some(&(_, close)) = self.pairs.get(found)
            && let Some(token) = self.tokens.get(close)
        {
            end = token.end;
        }
        Span::new(name.file, begin, end.max(begin))
    }

    fn outline(&self, kind: Kind, name: &ast::Name, title: &str, span: Span) -> Outline {
        Outline {
            kind,
            name: self.sources.slice(name.span).to_string(),
            title: title.to_string(),
            span,
            selection: name.span,
            children: Vec::new(),
        }
    }

    fn file(&mut self, tree: ast::File) -> Vec<Outline> {
        let mut outline = Vec::new();
        for statement in &tree.statements {
            match statement {
                ast::TopStmt::Units(units) => {
                    for unit in units {
                        self.declare(unit, Kind::Unit);
                    }
                }
                ast::TopStmt::Owner(owner) => self.declare(&owner.name, Kind::Owner),
                ast::TopStmt::Group(group) => {
                    self.declare(&group.name, Kind::Group);
                    for member in &group.members {
                        self.refer(member, Expect::Owner);
                    }
                }
                ast::TopStmt::Category(category) => {
                    self.declare(&category.name, Kind::Category);
                }
                ast::TopStmt::Baseline(baseline) => {
                    self.declare(&baseline.name, Kind::Baseline);
                    if let Some(value) = &baseline.value {
                        self.quantity(value);
                    }
                    if let Some(unit) = &baseline.later_unit {
                        self.refer(unit, Expect::Unit);
                    }
                }
                ast::TopStmt::Reference(reference) => {
                    self.declare(&reference.name, Kind::Baseline);
                }
                ast::TopStmt::Goals(goals) => {
                    let mut children = Vec::new();
                    for goal in &goals.goals {
                        let mut node = self.block(Kind::Goal, &goal.name, &goal.title);
                        for target in &goal.targets {
                            node.children.push(self.target(target));
                        }
                        for statement in &goal.respectively {
                            self.respectively(statement);
                        }
                        for fact in &goal.facts {
                            node.children.push(self.fact(fact));
                        }
                        children.push(node);
                    }
                    outline.extend(children);
                }
                ast::TopStmt::Section(section) => outline.push(self.section(section)),
                ast::TopStmt::Plan(_)
                | ast::TopStmt::Include(_)
                | ast::TopStmt::Folded(_)
                | ast::TopStmt::DayOff(_)
                | ast::TopStmt::Workday(_) => {}
            }
        }
        outline
    }

    fn section(&mut self, section: &ast::SectionBlock) -> Outline {
        let node = self.block(Kind::Section, &section.name, &section.title);
        self.with_facts_and_items(node, &section.facts, &section.items)
    }

    /// Declares a block (a goal, section or item) and gives its outline node, which spans its
    /// heading; the caller adds its children.
    fn block(&mut self, kind: Kind, name: &ast::Name, title: &Spanned<String>) -> Outline {
        self.declare(name, kind);
        let span = self.extent(name.span, Some(title.span));
        self.outline(kind, name, &title.node, span)
    }

    /// Adds a section's or item's facts and items to its outline node, then puts all its
    /// children in source order.
    fn with_facts_and_items(
        &mut self,
        mut node: Outline,
        facts: &[ast::FactStmt],
        items: &[ast::ItemBlock],
    ) -> Outline {
        for fact in facts {
            node.children.push(self.fact(fact));
        }
        for item in items {
            node.children.push(self.item(item));
        }
        node.children.sort_by_key(|c| c.span.start);
        node
    }

    /// `已完成 NAME "name" …`.
    fn fact(&mut self, fact: &ast::FactStmt) -> Outline {
        self.declare(&fact.name, Kind::Fact);
        if let Some(value) = &fact.value {
            self.quantity(value);
        }
        let span = self.statement(fact.name.span, Some(fact.span));
        self.outline(Kind::Fact, &fact.name, &fact.title.node, span)
    }

    fn item(&mut self, item: &ast::ItemBlock) -> Outline {
        let mut node = self.block(Kind::Item, &item.name, &item.title);
        for lead in &item.leads {
            self.refer(lead, Expect::Owner);
        }
        for support in &item.supports {
            self.refer(support, Expect::Owner);
        }
        for target in &item.targets {
            node.children.push(self.target(target));
        }
        for statement in &item.respectively {
            self.respectively(statement);
        }
        for dep in &item.deps {
            self.refer(&dep.target, Expect::Node);
        }
        for milestone in &item.milestones {
            self.declare(&milestone.name, Kind::Milestone);
            for dep in &milestone.deps {
                self.refer(&dep.target, Expect::Node);
            }
            let title = milestone.title.as_ref().map_or("", |t| t.node.as_str());
            let end = milestone
                .due
                .as_ref()
                .map(|d| d.span)
                .or(milestone.title.as_ref().map(|t| t.span));
            let span = self.statement(milestone.name.span, end);
            node.children
                .push(self.outline(Kind::Milestone, &milestone.name, title, span));
        }
        for recur in &item.recurs {
            self.declare(&recur.name, Kind::Recurrence);
            self.quantity(&recur.count);
            let title = recur.title.as_ref().map_or("", |t| t.node.as_str());
            let span = self.statement(recur.name.span, Some(recur.span));
            node.children
                .push(self.outline(Kind::Recurrence, &recur.name, title, span));
        }
        self.with_facts_and_items(node, &item.facts, &item.children)
    }

    /// A one-line statement: from the start of its line's text to its end (or the end of the name).
    fn statement(&self, name: Span, end: Option<Span>) -> Span {
        let start = name.start as usize;
        let end = end.map_or(name.end, |s| s.end.max(name.end)) as usize;
        Span::new(name.file, self.line_text_start(start).min(start), end)
    }

    fn target(&mut self, target: &ast::TargetStmt) -> Outline {
        self.declare(&target.name, Kind::Target);
        match &target.value {
            ast::TargetValue::Trend(_) => {}
            ast::TargetValue::Change {
                baseline,
                amount,
                high,
                ..
            } => {
                if let Some(baseline) = baseline {
                    self.refer(baseline, Expect::Baseline);
                }
                self.quantity(amount);
                if let Some(high) = high {
                    self.quantity(high);
                }
            }
            ast::TargetValue::Value { value, .. } => self.quantity(value),
            ast::TargetValue::Range { low, high } => {
                self.quantity(low);
                self.quantity(high);
            }
            ast::TargetValue::Baseline { baseline, .. } => self.refer(baseline, Expect::Baseline),
        }
        if let Some(counts) = &target.counts
            && let ast::CountOf::Group(group) = &counts.node
        {
            self.refer(group, Expect::Owner);
        }
        if let Some(split) = &target.split {
            self.split(split);
        }
        let title = target.metric.as_ref().map_or("", |m| m.node.as_str());
        let span = self.statement(target.name.span, Some(target.span));
        self.outline(Kind::Target, &target.name, title, span)
    }

    /// A breakdown's labels (free labels name nothing) and figures, nested ones too.
    fn split(&mut self, split: &ast::Split) {
        for part in &split.parts {
            if !part.free {
                self.refer(&part.label, Expect::Part);
            }
            self.quantity(&part.value);
            if let Some(nested) = &part.split {
                self.split(nested);
            }
        }
    }

    /// `分别 T1, T2 其中 { … }`: the targets, the rows' labels and figures.
    fn respectively(&mut self, statement: &ast::Respectively) {
        for target in &statement.targets {
            self.refer(target, Expect::Cite);
        }
        for row in &statement.rows {
            if !row.free {
                self.refer(&row.label, Expect::Part);
            }
            for value in &row.values {
                self.quantity(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_found_past_escapes_and_literals() {
        let text = r#"正文 "a{x}b\{y}`{z}`{ t . 其中 }""#;
        let start = text.find('"').unwrap_or(0);
        let found = citations(text, start, text.len());
        let names: Vec<&str> = found
            .iter()
            .map(|c| text.get(c.name.0..c.name.1).unwrap_or(""))
            .collect();
        assert_eq!(names, ["x", "t"]);
        let part = found.get(1).and_then(|c| c.part);
        assert_eq!(part.and_then(|(a, b)| text.get(a..b)), Some("其中"));
    }

    #[test]
    fn tokens_split_comparison_words_from_numbers() {
        let text = "指标 直饮水 \"比例\" 达60% // 注\n";
        let words: Vec<(TokenKind, &str)> = tokens(text)
            .iter()
            .map(|t| (t.kind, text.get(t.start..t.end).unwrap_or("")))
            .collect();
        assert_eq!(
            words,
            [
                (TokenKind::Word, "指标"),
                (TokenKind::Word, "直饮水"),
                (TokenKind::Text, "\"比例\""),
                (TokenKind::Word, "达"),
                (TokenKind::Number, "60"),
                (TokenKind::Comment, "// 注"),
            ]
        );
    }
}
