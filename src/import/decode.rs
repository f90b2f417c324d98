//! Bytes to text: UTF-8, or GB18030/GBK (detected, or named with `--encoding`).

use std::fmt;

/// The encodings `--encoding` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8 (a BOM is allowed).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK (read as GB18030, its superset).
    #[value(name = "gbk", alias = "cp936")]
    Gbk,
    /// GB18030.
    #[value(name = "gb18030")]
    Gb18030,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
            Encoding::Gb18030 => "GB18030",
        })
    }
}

/// Why bytes are not a text document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary(&'static str),
    Malformed { encoding: Encoding, offset: usize },
    LooksUtf8,
    Unknown,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "the file is empty (no text to import)"),
            DecodeError::Binary(what) => write!(f, "not a text document: {what}"),
            DecodeError::Malformed { encoding, offset } => write!(
                f,
                "not valid {encoding}: bad byte sequence at byte {offset}; give the right `--encoding` (utf-8, gbk, gb18030)"
            ),
            DecodeError::LooksUtf8 => write!(
                f,
                "`--encoding gbk` was given, but the file is UTF-8 (reading it as GBK would garble it); drop `--encoding` or give `--encoding utf-8`"
            ),
            DecodeError::Unknown => write!(
                f,
                "the text is neither UTF-8 nor GB18030/GBK; convert it to UTF-8 or give `--encoding`"
            ),
        }
    }
}

/// What binary formats start with, to name them in the error.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF") {
        return Some("a PDF file (save the document as .docx or text)");
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some("a legacy Word .doc file (save it as .docx)");
    }
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("an image");
    }
    let controls = bytes
        .iter()
        .take(8192)
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
        .count();
    if bytes.contains(&0) && !bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF])
        || controls * 20 > bytes.len().min(8192)
    {
        return Some("the file holds binary data (NUL or control bytes)");
    }
    None
}

/// Decodes a text document; returns the text and the encoding it was read in.
pub fn decode(bytes: &[u8], given: Option<Encoding>) -> Result<(String, Encoding), DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    // UTF-16 with a BOM (Windows Notepad's "Unicode").
    if given.is_none()
        && let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if !had_errors {
            return Ok((text.into_owned(), Encoding::Utf8));
        }
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(DecodeError::Binary(kind));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match given {
        Some(Encoding::Utf8) => match std::str::from_utf8(bytes) {
            Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
            Err(error) => Err(DecodeError::Malformed {
                encoding: Encoding::Utf8,
                offset: error.valid_up_to(),
            }),
        },
        Some(encoding @ (Encoding::Gbk | Encoding::Gb18030)) => {
            if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
                return Err(DecodeError::LooksUtf8);
            }
            gb18030(bytes, encoding)
        }
        None => {
            if let Ok(text) = std::str::from_utf8(bytes) {
                return Ok((text.to_string(), Encoding::Utf8));
            }
            match gb18030(bytes, Encoding::Gb18030) {
                Ok((text, _)) if looks_chinese(&text) => Ok((text, Encoding::Gb18030)),
                _ => Err(DecodeError::Unknown),
            }
        }
    }
}

fn gb18030(bytes: &[u8], encoding: Encoding) -> Result<(String, Encoding), DecodeError> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok((text, encoding)),
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(DecodeError::Malformed {
            encoding,
            offset: read.saturating_sub(bad as usize),
        }),
        encoding_rs::DecoderResult::OutputFull => {
            // The buffer was sized for the worst case; decode again with room to spare.
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(DecodeError::Malformed {
                    encoding,
                    offset: 0,
                })
            } else {
                Ok((text.into_owned(), encoding))
            }
        }
    }
}

/// Whether decoded text is mostly CJK among its non-ASCII characters (GB18030 decodes almost any
/// byte string, so a garbled decode shows as rare characters).
fn looks_chinese(text: &str) -> bool {
    let mut wide = 0usize;
    let mut common = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        wide += 1;
        if ('\u{4e00}'..='\u{9fa5}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
            || ('\u{2010}'..='\u{201f}').contains(&c)
        {
            common += 1;
        }
    }
    wide > 0 && common * 10 >= wide * 9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("一、突出规范为基");
        let (text, encoding) = decode(&bytes, None).expect("decodes");
        assert_eq!(text, "一、突出规范为基");
        assert_eq!(encoding, Encoding::Gb18030);
    }

    #[test]
    fn utf8_named_as_gbk_is_refused() {
        assert_eq!(
            decode("一、突出".as_bytes(), Some(Encoding::Gbk)),
            Err(DecodeError::LooksUtf8)
        );
    }
}
