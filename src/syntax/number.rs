//! Numbers as both parsers read them: exact decimals, with `万`/`亿` folded in, and the notations that
//! look like numbers but are not (`1e5`, `0x10`, `13萬`).
//!
//! The lowering (`lower.rs`) reports what these functions find; the fast parser (`fast.rs`) gives up
//! on the same inputs, so the two agree by construction.

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::Span;
use rust_decimal::Decimal;

/// The largest scale (digits after the point) a value can keep.
const MAX_SCALE: usize = 28;

/// Why a written number has no exact value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Its whole part exceeds the largest value, 79228162514264337593543950335.
    TooLarge,
    /// It has more significant digits than can be kept (28 or 29): it would be rounded.
    TooPrecise,
}

/// The exact value of `digits` (`ASCII_DIGIT+ ("." ASCII_DIGIT+)?`) times the magnitude written after
/// it (`万`, `亿` or nothing). Never rounds: a value that cannot be kept exactly is an error.
pub fn exact(digits: &str, magnitude: &str) -> Result<Decimal, NumberError> {
    let shift = match magnitude {
        "亿" => 8,
        "万" => 4,
        _ => 0,
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    // All digits as one integer, and how many of them are after the point once the magnitude is
    // applied.
    let mut all: String = whole.chars().chain(fraction.chars()).collect();
    let mut scale = fraction.len();
    if shift >= scale {
        all.extend(std::iter::repeat_n('0', shift - scale));
        scale = 0;
    } else {
        scale -= shift;
    }
    let significant = all.trim_start_matches('0');
    let mut significant = if significant.is_empty() {
        "0"
    } else {
        significant
    };
    // Trailing zeros after the point carry no value: drop them only when the value needs it.
    while scale > 0 && significant.len() > 1 && significant.ends_with('0') {
        if scale <= MAX_SCALE && significant.len() <= 29 {
            break;
        }
        significant = &significant[..significant.len() - 1];
        scale -= 1;
    }
    let whole_digits = significant.len().saturating_sub(scale);
    let too_large = whole_digits > 29
        || (whole_digits > 0
            && significant[..whole_digits]
                .parse::<u128>()
                .map_or(true, |whole| whole > MAX_MANTISSA));
    if too_large {
        return Err(NumberError::TooLarge);
    }
    if scale > MAX_SCALE || significant.len() > 29 {
        return Err(NumberError::TooPrecise);
    }
    let mantissa = significant
        .parse::<u128>()
        .ok()
        .filter(|m| *m <= MAX_MANTISSA)
        .ok_or(NumberError::TooPrecise)?;
    let mantissa = i128::try_from(mantissa).map_err(|_| NumberError::TooPrecise)?;
    let scale = u32::try_from(scale).map_err(|_| NumberError::TooPrecise)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NumberError::TooPrecise)
}

/// The largest mantissa of a [`Decimal`], 2^96 − 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// The diagnostic for a number [`exact`] rejects; `text` is the number as written.
pub fn number_error(error: NumberError, span: Span, text: &str) -> Diagnostic {
    // The first 25 characters: enough to show 24 and whether there are more.
    let number: String = text.chars().take(25).collect();
    match error {
        NumberError::TooLarge => Problem::NumberTooLarge { number, span }.into(),
        NumberError::TooPrecise => Problem::NumberTooPrecise { number, span }.into(),
    }
}

/// A number written in a notation planc does not read, seen as a number followed by a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notation {
    /// `1e5`, `2.5E-3`: the value in plain digits, when it has an exact one.
    Scientific(Option<String>),
    /// `0x10`: the value, when it fits.
    Hexadecimal(Option<u128>),
    /// `13萬`, `2億`, `1個百分點`: a magnitude or the built-in unit in its Traditional form, and the
    /// Simplified form.
    Traditional(&'static str, &'static str),
}

/// The built-in unit `个百分点` in Traditional (and half-Traditional) spellings.
const TRADITIONAL_POINTS: [&str; 3] = ["個百分點", "個百分点", "个百分點"];

/// Whether an amount written as `amount` (digits and any magnitude) directly followed, without a
/// space, by the unit `unit` is really a number in another notation.
pub fn notation(amount: &str, unit: &str) -> Option<Notation> {
    let plain = !amount.ends_with(['万', '亿']);
    let mut chars = unit.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if plain && (first == 'e' || first == 'E') {
        let exponent = rest.strip_prefix(['+', '-']).unwrap_or(rest);
        if exponent.starts_with(|c: char| c.is_ascii_digit()) {
            let sign = if rest.starts_with('-') { "-" } else { "" };
            let exponent: String = exponent.chars().take_while(char::is_ascii_digit).collect();
            let plain = format!("{amount}e{sign}{exponent}");
            let value = Decimal::from_scientific(&plain)
                .ok()
                .filter(|_| exponent.len() <= 2)
                .map(|value| value.normalize().to_string());
            return Some(Notation::Scientific(value));
        }
    }
    if plain && amount == "0" && (first == 'x' || first == 'X') {
        let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        if !hex.is_empty() {
            return Some(Notation::Hexadecimal(u128::from_str_radix(&hex, 16).ok()));
        }
    }
    if plain {
        match first {
            '萬' => return Some(Notation::Traditional("萬", "万")),
            '億' => return Some(Notation::Traditional("億", "亿")),
            _ => {}
        }
    }
    TRADITIONAL_POINTS
        .into_iter()
        .find(|points| unit == *points)
        .map(|points| Notation::Traditional(points, "个百分点"))
}

/// The diagnostic for a number in another notation; `span` covers the amount and the unit.
pub fn notation_error(notation: &Notation, span: Span, amount: &str, unit: &str) -> Diagnostic {
    let token: String = unit
        .char_indices()
        .take_while(|(index, c)| {
            *index == 0
                || c.is_ascii_hexdigit()
                || (*index == 1 && matches!(c, '+' | '-'))
                || c.is_ascii_digit()
        })
        .map(|(_, c)| c)
        .take(24)
        .collect();
    let written = format!("{amount}{token}");
    match notation {
        Notation::Scientific(value) => Problem::Scientific {
            written,
            digits: value.clone(),
            span,
        }
        .into(),
        Notation::Hexadecimal(value) => Problem::Hexadecimal {
            written,
            digits: *value,
            span,
        }
        .into(),
        Notation::Traditional(traditional, simplified) => Problem::TraditionalUnit {
            traditional: traditional.to_string(),
            simplified: simplified.to_string(),
            amount: amount.to_string(),
            span,
        }
        .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn value(text: &str) -> Decimal {
        Decimal::from_str(text).expect("a test value")
    }

    #[test]
    fn exact_values() {
        assert_eq!(exact("14310", ""), Ok(value("14310")));
        assert_eq!(exact("1.5", "万"), Ok(value("15000")));
        assert_eq!(exact("0.00001", "亿"), Ok(value("1000")));
        assert_eq!(exact("007.50", ""), Ok(value("7.5")));
        assert_eq!(exact("79228162514264337593543950335", ""), Ok(Decimal::MAX));
        assert_eq!(
            exact("7922816251426433759354395033.5", ""),
            Ok(value("7922816251426433759354395033.5"))
        );
        // Trailing zeros past the 28th place are no loss.
        assert_eq!(
            exact("1.000000000000000000000000000000000", ""),
            Ok(Decimal::ONE)
        );
        // 29 places, but times 万 only 25.
        assert_eq!(
            exact("0.00000000000000000000000000001", "万"),
            Ok(value("0.0000000000000000000000001"))
        );
    }

    #[test]
    fn inexact_values_are_errors() {
        assert_eq!(
            exact("1.00000000000000000000000000001", ""),
            Err(NumberError::TooPrecise)
        );
        assert_eq!(
            exact("79228162514264337593543950336", ""),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            exact("123456789012345678901234567890", ""),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            exact("79228162514264337593543950335", "万"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(
            exact("7922816251426433759354395033.51", ""),
            Err(NumberError::TooPrecise)
        );
        assert_eq!(
            exact(&format!("1{}", "0".repeat(400)), ""),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn notations() {
        assert_eq!(notation("1", "e400个"), Some(Notation::Scientific(None)));
        assert_eq!(
            notation("2.5", "E-3"),
            Some(Notation::Scientific(Some("0.0025".into())))
        );
        assert_eq!(
            notation("1.5", "e5个"),
            Some(Notation::Scientific(Some("150000".into())))
        );
        assert_eq!(
            notation("0", "x10个"),
            Some(Notation::Hexadecimal(Some(16)))
        );
        assert_eq!(
            notation("13", "萬人次"),
            Some(Notation::Traditional("萬", "万"))
        );
        assert_eq!(
            notation("1", "個百分點"),
            Some(Notation::Traditional("個百分點", "个百分点"))
        );
        assert_eq!(notation("1", "eV"), None);
        assert_eq!(notation("10", "x10"), None);
        assert_eq!(notation("13万", "e5"), None);
    }
}
