//! Bytes to text for files from other systems: gzip undone (found by its magic bytes, not its
//! name), and the text encoding found per file — UTF-8 with or without a byte order mark, or
//! Windows-1252 (a superset of Latin-1's printable characters, as Windows exports write it).

use std::io::Read;

use serde::Serialize;

use crate::error::Error;

/// The text encoding a file was read in, as named in `summary.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Windows1252 => "Windows-1252",
        })
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The bytes of a file, uncompressed when they are gzip (every member of a multi-member file).
pub fn gunzip(shown: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .read_to_end(&mut out)
        .map_err(|e| Error::input(shown, format!("cannot uncompress it (gzip): {e}")))?;
    Ok(out)
}

/// Windows-1252's characters for 0x80–0x9F; `None` where the code page defines none.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

fn cp1252(b: u8) -> Option<char> {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => Some(char::from(b)),
    }
}

/// The whole file as text, and the encoding it was found in. A file that is neither UTF-8 nor
/// Windows-1252 (UTF-16, a spreadsheet's binary format, bytes the code page does not define) is
/// refused, naming the line of the first byte that does not fit.
pub fn text(shown: &str, bytes: &[u8]) -> Result<(String, Encoding), Error> {
    let line_of = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::input(
            shown,
            format!(
                "line {}: a NUL byte; the file is not text in UTF-8 or Windows-1252 (UTF-16, or a spreadsheet not saved as CSV?); save it as CSV in UTF-8",
                line_of(at)
            ),
        ));
    }
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(body) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(Error::input(
                shown,
                format!(
                    "line {}: not UTF-8, although the file starts with a UTF-8 byte order mark; save it again as UTF-8",
                    line_of(3 + e.valid_up_to())
                ),
            )),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Encoding::Utf8));
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for (at, &b) in bytes.iter().enumerate() {
        match cp1252(b) {
            Some(c) => out.push(c),
            None => {
                return Err(Error::input(
                    shown,
                    format!(
                        "line {}: byte 0x{b:02X} is neither UTF-8 nor Windows-1252; save the file as UTF-8 (or Windows-1252) CSV",
                        line_of(at)
                    ),
                ));
            }
        }
    }
    Ok((out, Encoding::Windows1252))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_per_file() {
        assert_eq!(
            text("t", b"a,b\n").unwrap(),
            ("a,b\n".into(), Encoding::Utf8)
        );
        assert_eq!(
            text("t", "\u{feff}Pe\u{f1}a\n".as_bytes()).unwrap(),
            ("Pe\u{f1}a\n".into(), Encoding::Utf8Bom)
        );
        // 0xF1 is ñ, 0x92 the right single quote (not a C1 control, as Latin-1 would read it).
        assert_eq!(
            text("t", b"Pe\xF1a,O\x92Neil\n").unwrap(),
            ("Pe\u{f1}a,O\u{2019}Neil\n".into(), Encoding::Windows1252)
        );
        let e = text("t", b"a\nb\x81\n").unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("0x81"), "{e}");
        let e = text("t", b"\xFF\xFEa\x00,\x00").unwrap_err().to_string();
        assert!(e.contains("NUL"), "{e}");
        let e = text("t", b"\xEF\xBB\xBFa\n\xF1").unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn gzip_by_content() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"a,b\n").unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(gunzip("t", bytes).unwrap(), b"a,b\n");
        assert_eq!(gunzip("t", b"a,b\n".to_vec()).unwrap(), b"a,b\n");
        assert!(gunzip("t", vec![0x1f, 0x8b, 0, 0]).is_err());
    }
}
