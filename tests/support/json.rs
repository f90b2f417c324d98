//! Looking into planc's JSON outputs.

use serde_json::Value;

/// The first element of the array `list` whose `key` is `value`; the test fails, showing the
/// list, when there is none.
pub fn entry<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|items| items.iter().find(|item| item[key] == value))
        .unwrap_or_else(|| panic!("no element with {key} = {value:?} in {list:#}"))
}

/// The string `key` of each element of the array `list` (the test fails when `list` is not an
/// array).
pub fn strings<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list:#}"))
        .iter()
        .filter_map(|item| item[key].as_str())
        .collect()
}
