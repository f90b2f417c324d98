//! The synthetic plan shared by `tests/schedule_scale.rs` and `benches/schedule.rs`, so the test
//! and the benchmark measure the same shape. Included with `#[path]`; not a test binary itself.

/// A synthetic plan of `n` items: a start-to-start spine through every even item (a chain of
/// n/2), and each odd item waiting (finish-to-start) for the spine item before it; durations,
/// year-long items, milestones, recurrences and owners with capacities mixed in.
pub fn synthetic(n: usize) -> String {
    let mut text = String::from("计划 \"synthetic\" {\n  期间 2020\n}\n计量单位 次\n");
    for d in 0..20 {
        text.push_str(&format!("部门 D{d} 容量 400\n"));
    }
    for i in 0..n {
        if i % 500 == 0 {
            if i > 0 {
                text.push_str("}\n");
            }
            text.push_str(&format!("部分 S{} \"section {}\" {{\n", i / 500, i / 500));
        }
        text.push_str(&format!(
            "  事项 T{i} \"item {i}\" {{\n    牵头 D{}\n",
            i % 20
        ));
        if i % 2 == 0 {
            if i >= 2 {
                text.push_str(&format!("    后于 T{} 开始\n", i - 2));
            }
        } else {
            text.push_str(&format!("    依赖 T{}\n", i - 1));
        }
        if i % 3 == 0 {
            text.push_str("    工期 5 工作日\n");
        } else {
            text.push_str("    时限 年内\n");
        }
        if i % 100 == 1 {
            text.push_str(&format!("    节点 M{i} \"m\" 时限 Q4 后于 T{i}\n"));
        }
        if i % 250 == 7 {
            text.push_str(&format!("    周期 R{i} \"r\" 每月 1次\n"));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    text
}
