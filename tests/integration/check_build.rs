//! `planc check` sees what `planc build` sees: for generated plans, broken ones included
//! (deadlines a chain makes impossible, windows a dependency pushes past their end, durations
//! longer than their window or the period, zero durations, recurrences that do not fit in their
//! item, months named twice, cycles), `check` exits 0 exactly when `build` succeeds, and both
//! exit 1 otherwise.

use crate::support::check::push_timing;
use crate::support::{Planc, temp_dir};

use proptest::prelude::*;
use std::path::Path;

#[derive(Debug, Clone, Default)]
struct Spec {
    duration: Option<u16>,
    due_month: Option<u8>,
    window: Option<(u8, u8)>,
    /// (target item, start-to-start); the target may come later (a cycle is possible).
    deps: Vec<(usize, bool)>,
    recur: Option<u8>,
    sub: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::option::of(prop_oneof![0u16..30, 200u16..300]),
        proptest::option::of(1u8..=12),
        proptest::option::of((1u8..=12, 0u8..4)),
        proptest::collection::vec((0usize..100, prop::bool::weighted(0.2)), 0..3),
        proptest::option::of(0u8..8),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(duration, due_month, window, deps, recur, sub)| Spec {
            duration,
            due_month,
            window: window.map(|(a, len)| (a, (a + len).min(12))),
            deps,
            recur,
            sub,
        })
}

/// The recurrences tried: ordinary ones and ones that cannot fit (6 times a week, a month
/// outside a short window, a month named twice).
const RECURRENCES: [&str; 8] = [
    "每月 1次",
    "每季度 1次",
    "全年 2次 于 4月, 10月",
    "每周 6次",
    "全年 1次 于 3月",
    "每周 1次",
    "全年 2次 于 5月, 5月",
    "全年 3次",
];

fn text(specs: &[Spec]) -> String {
    let mut t = String::from(
        "计划 \"p\" {\n  期间 2020\n}\n计量单位 次\n部门 O0 容量 1\n部门 O1\n部分 s \"s\" {\n",
    );
    for (i, s) in specs.iter().enumerate() {
        t.push_str(&format!(
            "  事项 T{i} \"事项{i}\" {{\n    牵头 O{}\n",
            i % 2
        ));
        push_timing(&mut t, s.duration, s.due_month, s.window);
        let mut seen = Vec::new();
        for &(target, ss) in &s.deps {
            let target = target % specs.len();
            if target == i || seen.contains(&target) {
                continue;
            }
            seen.push(target);
            let kind = if ss { " 开始" } else { "" };
            t.push_str(&format!("    后于 T{target}{kind}\n"));
        }
        if let Some(r) = s.recur {
            t.push_str(&format!(
                "    周期 R{i} \"周期{i}\" {}\n",
                RECURRENCES[r as usize % RECURRENCES.len()]
            ));
        }
        if s.sub {
            t.push_str(&format!(
                "    事项 T{i}s \"子项{i}\" {{\n      牵头 O0\n      工期 3 工作日\n    }}\n"
            ));
        }
        t.push_str("  }\n");
    }
    t.push_str("}\n");
    t
}

fn planc(args: &[&str]) -> (i32, String) {
    let output = Planc::new().args(args).env("NO_COLOR", "1").output();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn agree(dir: &Path, case: usize, text: &str) -> Result<(i32, i32), TestCaseError> {
    let file = dir.join(format!("case{case}.plan"));
    std::fs::write(&file, text).expect("write the plan");
    let out = dir.join(format!("out{case}"));
    let _ = std::fs::remove_dir_all(&out);
    let file = file.to_string_lossy().into_owned();
    let (check, check_says) = planc(&["check", &file]);
    let (build, build_says) = planc(&["build", &file, "-o", &out.to_string_lossy()]);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&file);
    prop_assert!(
        (check == 0) == (build == 0),
        "check exited {check}, build exited {build}:\n{text}\n{check_says}\n{build_says}"
    );
    prop_assert!(
        check == 0 || check == 1,
        "check exited {check}: {check_says}"
    );
    prop_assert!(
        build == 0 || build == 1,
        "build exited {build}: {build_says}"
    );
    Ok((check, build))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn check_passes_exactly_when_build_succeeds(specs in proptest::collection::vec(spec(), 1..8)) {
        let dir = temp_dir("generated");
        let case = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as usize)
            .unwrap_or(0);
        agree(&dir, case, &text(&specs))?;
    }
}

/// The property is not vacuous: the generator makes plans of both kinds.
#[test]
fn the_generator_makes_clean_and_broken_plans() {
    let dir = temp_dir("kinds");
    let clean = text(&[
        Spec {
            duration: Some(5),
            recur: Some(0),
            sub: true,
            ..Spec::default()
        },
        Spec {
            window: Some((5, 6)),
            deps: vec![(0, false)],
            ..Spec::default()
        },
    ]);
    assert_eq!(agree(&dir, 1, &clean).unwrap(), (0, 0));
    // A window its prerequisite pushes past its end.
    let broken = text(&[
        Spec {
            window: Some((5, 6)),
            ..Spec::default()
        },
        Spec {
            window: Some((3, 4)),
            deps: vec![(0, false)],
            ..Spec::default()
        },
    ]);
    assert_eq!(agree(&dir, 2, &broken).unwrap(), (1, 1));
    // Six times a week.
    let broken = text(&[Spec {
        recur: Some(3),
        ..Spec::default()
    }]);
    assert_eq!(agree(&dir, 3, &broken).unwrap(), (1, 1));
}
