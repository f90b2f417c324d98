//! Hostile plans of any size, for the "Fast on any input" rows of BENCHMARKS.md (issue 14).
//!
//! ```sh
//! cargo run --release --example hostile -- cycle 200000 > cycle.plan        # 200k items in one cycle
//! cargo run --release --example hostile -- figures 50000000 > figures.plan  # a 50 MB prose line of figures
//! cargo run --release --example hostile -- figure-lines 50000000 > fl.plan # the same text, one figure a line
//! cargo run --release --example hostile -- junk 50000000 > junk.plan        # a 50 MB line of junk
//! cargo run --release --example hostile -- owner 50000000 > owner.plan      # a 50 MB owner name
//! cargo run --release --example hostile -- owner-reference 50000000 > o.plan # and a near miss of it
//! cargo run --release --example hostile -- owners 1000000 > owners.plan     # a group of a million owners
//! cargo run --release --example hostile -- garbage 100000000 > g.plan       # 100 MB of lines of garbage
//! cargo run --release --example hostile -- errors 2000000 > e.plan          # a line of syntax errors
//! cargo run --release --example hostile -- braces 1000000 > b.plan          # a million `{`
//! ```
//!
//! `tests/hostile.rs` includes this file (`#[path]`) and runs the same inputs at small sizes.

use std::io::Write;

/// The plan header every input starts with.
pub const HEADER: &str = "plan \"Hostile\" {\n  period 2020\n}\nunit 个\ndepartment d1 \"One\"\n";

/// `items` items in one dependency cycle: `c0` needs `c1`, …, the last needs `c0`.
pub fn cycle(items: usize) -> String {
    let mut out = String::with_capacity(HEADER.len() + items * 48);
    out.push_str(HEADER);
    out.push_str("section s \"S\" {\n");
    for index in 0..items {
        let next = (index + 1) % items.max(1);
        out.push_str(&format!(
            "  item c{index} \"C\" {{\n    lead d1\n    needs c{next}\n  }}\n"
        ));
    }
    out.push_str("}\n");
    out
}

/// One item whose text is a single line of about `bytes` bytes, a figure with a declared unit
/// every few characters (`增长5个，`), none bound to a target.
pub fn figures(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    out.push_str(HEADER);
    out.push_str("section s \"S\" {\n");
    item_with_figures(&mut out, 0, bytes);
    out.push_str("}\n");
    out
}

/// The same figures as [`figures`], spread over items of one text line of about 1 KB each (the
/// case that was always fast).
pub fn figure_lines(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    out.push_str(HEADER);
    out.push_str("section s \"S\" {\n");
    let mut item = 0;
    while out.len() < bytes {
        let until = out.len() + 1000;
        item_with_figures(&mut out, item, until);
        item += 1;
    }
    out.push_str("}\n");
    out
}

/// An item `a{index}` whose text of figures ends when `out` is `until` bytes long.
fn item_with_figures(out: &mut String, index: usize, until: usize) {
    out.push_str(&format!(
        "  item a{index} \"A\" {{\n    lead d1\n    text \""
    ));
    let mut figure = 0usize;
    while out.len() < until {
        out.push_str(&format!("增长{}个，", figure % 1000));
        figure += 1;
    }
    out.push_str("\"\n  }\n");
}

/// A plan followed by one line of about `bytes` bytes of text that is not a statement.
pub fn junk(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    out.push_str(HEADER);
    let pattern = "@#$ 垃圾 %^&* junk ~!? ";
    while out.len() < bytes {
        out.push_str(pattern);
    }
    out.push('\n');
    out
}

/// A department whose name is about `bytes` bytes long and that leads nothing.
pub fn owner(bytes: usize) -> String {
    let name: String = "部门".repeat(bytes / 6 + 1);
    let mut out = String::with_capacity(name.len() + 256);
    out.push_str(HEADER);
    out.push_str(&format!("department x{name} \"Long\"\n"));
    out
}

/// Two owners whose names are about `bytes / 2` bytes each: a department that leads nothing, and
/// an undeclared one, nearly the same, that leads an item ("did you mean").
pub fn owner_reference(bytes: usize) -> String {
    let name: String = "部门".repeat(bytes / 12 + 1);
    let mut out = String::with_capacity(2 * name.len() + 256);
    out.push_str(HEADER);
    out.push_str(&format!("department x{name} \"Long\"\n"));
    out.push_str(&format!(
        "section s \"S\" {{\n  item a \"A\" {{\n    lead y{name}\n  }}\n}}\n"
    ));
    out
}

/// `owners` departments, all members of one group that leads an item (the check is clean).
pub fn owners(owners: usize) -> String {
    let mut out = String::from(HEADER);
    for index in 0..owners {
        out.push_str(&format!("department o{index}\n"));
    }
    out.push_str("group everyone = d1");
    for index in 0..owners {
        out.push_str(&format!(", o{index}"));
    }
    out.push_str("\nsection m \"M\" {\n  item c \"C\" {\n    lead everyone\n  }\n}\n");
    out
}

/// About `bytes` bytes of lines that are not statements.
pub fn garbage(bytes: usize) -> String {
    let mut out = String::from(HEADER);
    let mut line = 0usize;
    while out.len() < bytes {
        out.push_str(&format!("this is not a statement {line} {{ ] }}\n"));
        line += 1;
    }
    out
}

/// One line of about `bytes` bytes that is a syntax error every few characters.
pub fn errors(bytes: usize) -> String {
    let mut out = String::from(HEADER);
    while out.len() < bytes {
        out.push_str("}{ ?!");
    }
    out.push('\n');
    out
}

/// `count` opening braces.
pub fn braces(count: usize) -> String {
    format!("{HEADER}{}\n", "{".repeat(count))
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let kind = args.next().unwrap_or_default();
    let size: Option<usize> = args.next().and_then(|n| n.replace('_', "").parse().ok());
    let text = match (kind.as_str(), size) {
        ("cycle", Some(n)) => cycle(n),
        ("figures", Some(n)) => figures(n),
        ("figure-lines", Some(n)) => figure_lines(n),
        ("junk", Some(n)) => junk(n),
        ("owner", Some(n)) => owner(n),
        ("owner-reference", Some(n)) => owner_reference(n),
        ("owners", Some(n)) => owners(n),
        ("garbage", Some(n)) => garbage(n),
        ("errors", Some(n)) => errors(n),
        ("braces", Some(n)) => braces(n),
        _ => {
            eprintln!(
                "usage: hostile cycle|figures|figure-lines|junk|owner|owner-reference|owners|garbage|errors|braces SIZE  (plan on stdout)"
            );
            std::process::exit(2);
        }
    };
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("hostile: cannot write: {error}");
        std::process::exit(2);
    }
}
