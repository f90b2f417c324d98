//! Diagnostics for CI systems: GitHub workflow annotations and SARIF 2.1.0.
//!
//! Both forms give positions as 1-based lines and 1-based columns counted in Unicode code points
//! (characters), like every other planc report.

use crate::diagnostic::report;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::SourceMap;
use serde_json::{Value, json};

/// GitHub Actions workflow commands, one line per diagnostic:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=planc%3A%3Acode::message`.
///
/// Data is escaped the way the runner expects (`%` → `%25`, CR → `%0D`, LF → `%0A`), and property
/// values additionally escape `:` → `%3A` and `,` → `%2C`.
pub fn github(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&github_line(diagnostic, sources));
        out.push('\n');
    }
    out
}

/// One workflow command for one diagnostic, without the line end.
pub fn github_line(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if diagnostic.primary_span().is_some() {
        let json = report::json_diagnostic(diagnostic, sources);
        if !json.file.is_empty() {
            properties.push(format!("file={}", escape_property(&json.file)));
            properties.push(format!("line={}", json.line));
            properties.push(format!("col={}", json.column));
            properties.push(format!("endLine={}", json.end_line));
            if json.end_line == json.line {
                properties.push(format!("endColumn={}", json.end_column));
            }
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&diagnostic.code.full())
    ));
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message_text(diagnostic))
    )
}

/// The message with its help line, as one text.
fn message_text(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

/// Escapes the message of a workflow command.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            other => out.push(other),
        }
    }
    out
}

/// Escapes a property value of a workflow command.
pub fn escape_property(text: &str) -> String {
    // The message's escapes, then `:` and `,` (which those escapes never write).
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The URI of the SARIF 2.1.0 schema, written into every log.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF 2.1.0 log with one run.
pub fn sarif(diagnostics: &[Diagnostic], sources: &SourceMap) -> Value {
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [sarif_run(diagnostics, sources)],
    })
}

/// Joins several logs (one per checked file) into one log with one run holding every result.
pub fn sarif_merge(logs: Vec<Value>) -> Value {
    let mut results = Vec::new();
    let mut first: Option<Value> = None;
    for log in logs {
        let Some(run) = log.get("runs").and_then(|r| r.get(0)).cloned() else {
            continue;
        };
        if let Some(found) = run.get("results").and_then(Value::as_array) {
            results.extend(found.iter().cloned());
        }
        if first.is_none() {
            first = Some(run);
        }
    }
    let mut run = first.unwrap_or_else(|| sarif_run(&[], &SourceMap::new()));
    if let Some(map) = run.as_object_mut() {
        map.insert("results".to_string(), Value::Array(results));
    }
    json!({ "$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run] })
}

fn sarif_run(diagnostics: &[Diagnostic], sources: &SourceMap) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.full(),
                "name": code.name(),
                "shortDescription": { "text": describe(*code) },
                "defaultConfiguration": { "level": default_level(*code) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| sarif_result(diagnostic, sources))
        .collect();
    json!({
        "tool": {
            "driver": {
                "name": "planc",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    })
}

fn sarif_result(diagnostic: &Diagnostic, sources: &SourceMap) -> Value {
    let rule_index = Code::ALL
        .iter()
        .position(|c| *c == diagnostic.code)
        .unwrap_or(0);
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut result = json!({
        "ruleId": diagnostic.code.full(),
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": message_text(diagnostic) },
    });
    let Some(map) = result.as_object_mut() else {
        return result;
    };
    if diagnostic.primary_span().is_some() {
        let place = report::json_diagnostic(diagnostic, sources);
        if !place.file.is_empty() {
            map.insert(
                "locations".to_string(),
                json!([location(
                    &place.file,
                    place.line,
                    place.column,
                    Some((place.end_line, place.end_column)),
                    None
                )]),
            );
        }
        let related: Vec<Value> = place
            .labels
            .iter()
            .skip(1)
            .enumerate()
            .filter(|(_, label)| !label.file.is_empty() && label.line > 0)
            .map(|(index, label)| {
                let mut value = location(
                    &label.file,
                    label.line,
                    label.column,
                    None,
                    Some(&label.text),
                );
                if let Some(object) = value.as_object_mut() {
                    object.insert("id".to_string(), json!(index));
                }
                value
            })
            .collect();
        if !related.is_empty() {
            map.insert("relatedLocations".to_string(), Value::Array(related));
        }
    }
    result
}

fn location(
    file: &str,
    line: usize,
    column: usize,
    end: Option<(usize, usize)>,
    text: Option<&str>,
) -> Value {
    let mut region = json!({ "startLine": line.max(1), "startColumn": column.max(1) });
    if let (Some((end_line, end_column)), Some(map)) = (end, region.as_object_mut())
        && end_line >= line
    {
        map.insert("endLine".to_string(), json!(end_line.max(1)));
        if end_line > line || end_column >= column {
            map.insert("endColumn".to_string(), json!(end_column.max(1)));
        }
    }
    let mut value = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": file_uri(file) },
            "region": region,
        }
    });
    if let (Some(text), Some(map)) = (text, value.as_object_mut()) {
        map.insert("message".to_string(), json!({ "text": text }));
    }
    value
}

/// A path as a URI reference: relative paths stay relative (with `/`), absolute ones become
/// `file://` URIs; everything outside RFC 3986's unreserved set and `/` is percent-encoded.
pub fn file_uri(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let mut out = String::new();
    let absolute = unified.starts_with('/');
    if absolute {
        out.push_str("file://");
    }
    for byte in unified.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn default_level(code: Code) -> &'static str {
    match code.default_severity() {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// One line describing each code, for the SARIF rule list.
pub fn describe(code: Code) -> &'static str {
    code.description()
}
