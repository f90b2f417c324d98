//! The template environment shared by the document and the checklists: the built-in templates
//! (compiled in with `include_str!`), user overrides from a folder, and the filters they use.

use minijinja::Environment;
use std::path::{Path, PathBuf};

/// The built-in templates, by name. A file of the same name in the user's template folder replaces
/// one of them.
pub const BUILTIN: &[(&str, &str)] = &[
    ("doc.md.j2", include_str!("../../../templates/doc.md.j2")),
    (
        "doc.html.j2",
        include_str!("../../../templates/doc.html.j2"),
    ),
    (
        "checklist.md.j2",
        include_str!("../../../templates/checklist.md.j2"),
    ),
    (
        "checklist.html.j2",
        include_str!("../../../templates/checklist.html.j2"),
    ),
    (
        "checklist-index.md.j2",
        include_str!("../../../templates/checklist-index.md.j2"),
    ),
    (
        "checklist-index.html.j2",
        include_str!("../../../templates/checklist-index.html.j2"),
    ),
];

/// Why a template could not be rendered.
#[derive(Debug)]
pub struct TemplateError {
    /// The template's name.
    pub name: String,
    /// What went wrong, with the line when the template engine knows it.
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template `{}`: {}", self.name, self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Where templates come from.
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    /// A folder whose files override the built-in templates of the same name.
    pub folder: Option<PathBuf>,
}

impl TemplateSet {
    /// The built-in templates only.
    pub fn builtin() -> TemplateSet {
        TemplateSet { folder: None }
    }

    /// Built-in templates, overridden by the files in `folder`.
    pub fn with_folder(folder: &Path) -> TemplateSet {
        TemplateSet {
            folder: Some(folder.to_path_buf()),
        }
    }

    /// Renders the template `name` with `context`.
    pub fn render<S: serde::Serialize>(
        &self,
        name: &str,
        context: &S,
    ) -> Result<String, TemplateError> {
        let env = self.environment();
        let error = |e: minijinja::Error| TemplateError {
            name: name.to_string(),
            message: describe(&e),
        };
        let template = env.get_template(name).map_err(error)?;
        template
            .render(minijinja::value::Value::from(minijinja::value::Serde(
                context,
            )))
            .map_err(error)
    }

    /// Whether the user's folder replaces the built-in template `name`. planc renders its
    /// built-in Markdown and HTML templates by code (byte for byte the same, much faster on large
    /// plans); a replaced template is rendered by the template engine.
    pub fn overrides(&self, name: &str) -> bool {
        self.folder
            .as_deref()
            .and_then(|folder| user_template(folder, name))
            .is_some()
    }

    fn environment(&self) -> Environment<'static> {
        let mut env = Environment::new();
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.add_filter("md", |text: String| markdown_escape(&text));
        env.add_filter("md_inline", |text: String| markdown_inline(&text));
        env.add_filter("md_cell", |text: String| markdown_cell(&text));
        let folder = self.folder.clone();
        env.set_loader(move |name: &str| {
            if let Some(path) = folder.as_deref().and_then(|f| user_template(f, name)) {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("cannot read `{}`: {e}", path.display()),
                    )
                });
            }
            Ok(BUILTIN
                .iter()
                .find(|(builtin, _)| *builtin == name)
                .map(|(_, source)| (*source).to_string()))
        });
        env
    }
}

/// The user's file for the template `name` in `folder`, when there is one.
fn user_template(folder: &Path, name: &str) -> Option<PathBuf> {
    // Only plain file names: a template cannot reach outside its folder.
    let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
    let path = folder.join(name);
    (plain && path.is_file()).then_some(path)
}

fn describe(error: &minijinja::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

/// Escapes text for a Markdown paragraph: inline markup characters anywhere, and the characters
/// that would start a block (heading, list, quote) at the start of the text.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Block starts: `#`, `>`, `-`, `+`, `=`, `|`, or digits followed by `.`/`)`.
    let first = text.chars().next();
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after_digits = text.chars().nth(digits.chars().count());
    let ordered_list = !digits.is_empty() && matches!(after_digits, Some('.' | ')'));
    for (index, c) in text.chars().enumerate() {
        let block_start = index == 0 && matches!(first, Some('#' | '>' | '-' | '+' | '=' | '|'));
        let list_dot = ordered_list && index == digits.chars().count();
        if block_start
            || list_dot
            || matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~')
        {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes inline markup characters only, for text that does not start a line.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    markdown_inline_into(&mut out, text);
    out
}

/// Appends [`markdown_inline`] of `text` to `out`. It escapes character by character, so text
/// written in pieces reads as the pieces joined.
pub fn markdown_inline_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['\\', '*', '_', '`', '[', ']', '<', '>', '~', '\n']) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let mut chars = after.chars();
        match chars.next() {
            Some('\n') => out.push(' '),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => {}
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
}

/// Escapes text for a Markdown table cell.
pub fn markdown_cell(text: &str) -> String {
    markdown_inline(text).replace('|', "\\|")
}

/// The opening of every built-in HTML page (the document's and the checklists', as their
/// templates begin), up to the page's own `<meta>` and `<title>`.
pub(crate) const HTML_HEAD: &str = "<!DOCTYPE html>
<html lang=\"zh-CN\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta name=\"generator\" content=\"planc\">
";

/// Appends text escaped for HTML exactly as the template engine escapes `{{ value }}` in an
/// `.html` template: `&`, `<`, `>`, `"`, `'` and `/`.
pub fn html_escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'', '/']) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let mut chars = after.chars();
        out.push_str(match chars.next() {
            Some('&') => "&amp;",
            Some('<') => "&lt;",
            Some('>') => "&gt;",
            Some('"') => "&quot;",
            Some('\'') => "&#x27;",
            _ => "&#x2f;",
        });
        rest = chars.as_str();
    }
    out.push_str(rest);
}
