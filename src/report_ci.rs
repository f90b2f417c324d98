//! Diagnostics for CI systems: GitHub workflow annotations and SARIF 2.1.0.

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// GitHub Actions workflow commands, one line per diagnostic.
pub fn github(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let _ = (diagnostics, sources);
    String::new()
}

/// A SARIF 2.1.0 log.
pub fn sarif(diagnostics: &[Diagnostic], sources: &SourceMap) -> serde_json::Value {
    let _ = (diagnostics, sources);
    serde_json::Value::Null
}
