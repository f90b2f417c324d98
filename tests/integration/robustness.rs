//! Arbitrary input never panics: random text, random bytes, truncated and mutated plans.

use crate::support::check::check_text;
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};
use proptest::prelude::*;

fn check_bytes(bytes: Vec<u8>) -> bool {
    let mut fs = MemoryFileSystem::new();
    fs.insert("plan.plan", bytes);
    match load(
        &fs,
        std::path::Path::new("plan.plan"),
        LoadOptions::default(),
    ) {
        Ok(loaded) => {
            let checked = planc::check::check(loaded);
            // Rendering every diagnostic must not panic either.
            let _ = planc::diagnostic::report::human(
                &checked.diagnostics,
                &checked.sources,
                planc::diagnostic::report::Style {
                    color: false,
                    width: 80,
                },
            );
            true
        }
        Err(_) => false,
    }
}

const BUNDLED: &str = include_str!("../fixtures/all-target-kinds.plan");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}") {
        prop_assert!(check_bytes(text.into_bytes()));
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        prop_assert!(check_bytes(bytes));
    }

    #[test]
    fn plan_like_tokens_never_panic(tokens in proptest::collection::vec(prop_oneof![
        Just("计划"), Just("事项"), Just("部分"), Just("指标"), Just("其中"), Just("{"), Just("}"), Just("\n"),
        Just("\""), Just("44个"), Just("达"), Just("以上"), Just("较"), Just("降低"), Just("1个百分点"), Just("期间 2020"),
        Just("时限 年内"), Just("依赖 a"), Just("周期 x 每季度 1次"), Just("a"), Just("b"), Just(" "), Just("{x.y}"),
        Just("引入 \"plan.plan\""), Just("3-4个"), Just("13万"), Just("\\"), Just("`"), Just("2020-02-30"), Just("Q5")
    ], 0..60)) {
        prop_assert!(check_bytes(tokens.concat().into_bytes()));
    }

    #[test]
    fn truncated_plans_never_panic(cut in 0usize..4000) {
        let bytes = BUNDLED.as_bytes();
        let cut = cut.min(bytes.len());
        prop_assert!(check_bytes(bytes[..cut].to_vec()));
    }

    #[test]
    fn mutated_plans_never_panic(position in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = BUNDLED.as_bytes().to_vec();
        let position = position.min(bytes.len().saturating_sub(1));
        if let Some(slot) = bytes.get_mut(position) {
            *slot = byte;
        }
        prop_assert!(check_bytes(bytes));
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let text = format!("计划 \"深\" {{\n期间 2020\n}}\n{}", "{".repeat(20_000));
    assert!(check_bytes(text.into_bytes()));
}

#[test]
fn invalid_utf8_is_a_diagnostic_with_a_position() {
    let checked = check_text(
        "plan.plan",
        b"plan \"x\" {\n  period 2020\n}\nunit \xff\xfe\n".to_vec(),
    );
    let first = checked.diagnostics.first().expect("a diagnostic");
    assert_eq!(first.message, "the file is not valid UTF-8");
    let span = first.primary_span().expect("a span");
    assert_eq!(checked.sources.position(span).1, 4);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = "\u{feff}计划 \"x\" {\r\n  期间 2020\r\n}\r\n部门 办公室\r\n部分 s \"s\" {\r\n  事项 i \"i\" {\r\n    牵头 办公室\r\n  }\r\n}\r\n";
    let checked = check_text("plan.plan", text);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert_eq!(checked.plan.map(|p| p.items.len()), Some(1));
}

#[test]
fn a_long_dependency_chain_does_not_overflow_the_stack() {
    // Every phase that walks the graph must be iterative: 10,000 items, each needing the one before.
    let mut text = String::from("计划 \"链\" {\n  期间 2020\n}\n部门 办公室\n部分 s \"s\" {\n");
    for index in 0..10_000 {
        text.push_str(&format!("  事项 i{index} \"t\" {{\n    牵头 办公室\n"));
        if index > 0 {
            text.push_str(&format!("    依赖 i{}\n", index - 1));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    let checked = check_text("chain.plan", text);
    // The check schedules the chain too: 10,000 items of at least a working day each do not fit
    // in a year, reported once (not once per item).
    assert_eq!(
        checked.diagnostics.len(),
        1,
        "{:?}",
        checked.diagnostics.first()
    );
    assert_eq!(
        checked.diagnostics[0].code,
        planc::diagnostic::Code::OutsidePeriod
    );
    assert_eq!(checked.plan.map(|p| p.dependencies.len()), Some(9_999));
}
