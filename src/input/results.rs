//! Reading eligibility results: CSV in, records with their file and line out. Columns are found by
//! header name through a profile (`forms/profiles/*.toml`); this module knows nothing of PDFs.

use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::model::{Source, hex};

/// The values clearpress takes from a row. The profile says which column each comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    SubjectId,
    CiiNumber,
    Name,
    Dob,
    County,
    CaseKey,
    /// The count's number within its case, where the case key does not identify counts.
    CountNumber,
    CaseNumber,
    Offense,
    OffenseComment,
    Level,
    LevelCode,
    ConvictionDate,
    SentenceLength,
    SentenceUnit,
    Determination,
    Reason,
    #[serde(rename = "after_2016")]
    After2016,
    Deceased,
}

const FIELDS: usize = Field::Deceased as usize + 1;

/// Without these a row cannot be filed, so a file that lacks their column is refused.
const REQUIRED: [Field; 7] = [
    Field::SubjectId,
    Field::Name,
    Field::County,
    Field::CaseNumber,
    Field::Offense,
    Field::ConvictionDate,
    Field::Determination,
];

/// The column a field comes from: one header name, or a list meaning, row by row, the first of
/// them that the file has and the row fills in.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Columns {
    One(String),
    Any(Vec<String>),
}

impl Columns {
    pub(super) fn names(&self) -> Vec<&str> {
        match self {
            Columns::One(n) => vec![n.as_str()],
            Columns::Any(ns) => ns.iter().map(String::as_str).collect(),
        }
    }
}

/// A column mapping, as in `forms/profiles/gogen.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default)]
    classified_if_any: Vec<String>,
    #[serde(default)]
    refuse_if_only: Vec<String>,
    #[serde(default)]
    refuse_hint: String,
    /// Only the first N characters of the case key identify a case (gogen's `CNT_ORDER[0..6]`).
    #[serde(default)]
    pub case_key_prefix: Option<usize>,
    columns: BTreeMap<Field, Columns>,
}

impl Profile {
    pub fn parse(text: &str, file: &str) -> Result<Profile, Error> {
        toml::from_str(text).map_err(|e| Error::config(file, e))
    }
}

/// One data row, with the values the profile maps (empty where the file has no such column).
#[derive(Clone, Debug)]
pub struct Record {
    pub source: Source,
    values: [String; FIELDS],
    /// False for context rows that carry no determination (arrests, other counties' rows).
    pub classified: bool,
}

impl Record {
    pub fn get(&self, field: Field) -> &str {
        self.values[field as usize].trim()
    }
}

/// A problem with one row, reported with its file and line.
#[derive(Clone, Debug)]
pub struct RowIssue {
    pub source: Source,
    pub message: String,
}

/// Everything read from one input file.
pub struct Input {
    pub path: String,
    pub sha256: String,
    pub records: Vec<Record>,
    /// Rows that could not be read as a record at all (wrong number of fields).
    pub broken: Vec<RowIssue>,
    /// Rows that were read, but with a repair the user should know about.
    pub warnings: Vec<RowIssue>,
    /// Whether the file has a column for `Field`; used to tell "blank" from "not given".
    pub has_after_2016: bool,
}

impl Input {
    pub fn rows_read(&self) -> u64 {
        (self.records.len() + self.broken.len()) as u64
    }
}

/// Reads one file's bytes, calling it `shown` in messages and reports. A fault that makes the
/// whole file unusable is an `Err`; a bad row is not.
pub fn read_bytes(shown: &str, bytes: &[u8], profile: &Profile) -> Result<Input, Error> {
    let sha256 = hex(&Sha256::digest(bytes));
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::input(
            shown,
            "the file is empty; expected a CSV with a header row".into(),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let line_of_header = 1;
    // The header: the first record.
    if !reader
        .read_byte_record(&mut record)
        .map_err(|e| Error::input(shown, e.to_string()))?
    {
        return Err(Error::input(
            shown,
            "the file is empty; expected a CSV with a header row".into(),
        ));
    }
    let header: Vec<String> = record
        .iter()
        .map(|f| latin1_or_utf8(f).0.trim().to_string())
        .collect();
    let columns = map_columns(shown, &header, profile)?;
    let marker: Vec<usize> = profile
        .classified_if_any
        .iter()
        .filter_map(|name| header.iter().position(|h| h == name))
        .collect();

    let mut input = Input {
        path: shown.to_string(),
        sha256,
        records: Vec::new(),
        broken: Vec::new(),
        warnings: Vec::new(),
        has_after_2016: !columns[Field::After2016 as usize].is_empty(),
    };
    let width = header.len();
    let mut lines = LineCounter::default();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // csv reports a broken record with its position; the reader has moved past it.
                let line = e
                    .position()
                    .map(|p| lines.line_at(body, p.byte()))
                    .unwrap_or(0);
                input.broken.push(RowIssue {
                    source: Source {
                        file: shown.to_string(),
                        line,
                    },
                    message: format!("unreadable CSV record: {e}"),
                });
                continue;
            }
        }
        let line = record
            .position()
            .map(|p| lines.line_at(body, p.byte()))
            .unwrap_or(line_of_header);
        let source = Source {
            file: shown.to_string(),
            line,
        };
        if record.len() == 1
            && record
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue; // a blank line is not a row
        }
        if record.iter().any(|f| looks_like_rows(f, width)) {
            return Err(Error::input(
                shown,
                format!(
                    "line {line}: a quote (\") opened in this row is never closed, so the rows after it were read as one field; close the quote and run again"
                ),
            ));
        }
        if record.len() != width {
            input.broken.push(RowIssue {
                source,
                message: format!(
                    "this row has {} fields, the header has {width}",
                    record.len()
                ),
            });
            continue;
        }
        let mut repaired = false;
        let values: [String; FIELDS] = std::array::from_fn(|i| {
            let mut value = String::new();
            for &c in &columns[i] {
                let (text, was_latin1) = latin1_or_utf8(&record[c]);
                repaired |= was_latin1;
                if !text.trim().is_empty() {
                    return text;
                }
                value = text;
            }
            value
        });
        if repaired {
            input.warnings.push(RowIssue {
                source: source.clone(),
                message: "not valid UTF-8; read as Latin-1 (check the accents on the papers)"
                    .into(),
            });
        }
        let classified = marker.is_empty()
            || marker.iter().any(|&c| {
                record
                    .get(c)
                    .is_some_and(|f| !f.iter().all(u8::is_ascii_whitespace))
            });
        input.records.push(Record {
            source,
            values,
            classified,
        });
    }
    Ok(input)
}

/// 1-based line numbers from byte offsets. (csv's own count is off by one after a CRLF line end.)
#[derive(Default)]
pub(super) struct LineCounter {
    byte: usize,
    newlines: u64,
}

impl LineCounter {
    pub(super) fn line_at(&mut self, body: &[u8], byte: u64) -> u64 {
        let mut start = (byte as usize).min(body.len());
        // A record's position may point at the end of the previous line.
        while start < body.len() && (body[start] == b'\r' || body[start] == b'\n') {
            start += 1;
        }
        if start >= self.byte {
            self.newlines += body[self.byte..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.byte = start;
        }
        self.newlines + 1
    }
}

/// Finds the columns of every field (those of a list that the file has, in the list's order), or
/// refuses the file naming what is missing.
fn map_columns(
    shown: &str,
    header: &[String],
    profile: &Profile,
) -> Result<[Vec<usize>; FIELDS], Error> {
    let find = |name: &str| header.iter().position(|h| h == name);
    let mut columns: [Vec<usize>; FIELDS] = std::array::from_fn(|_| Vec::new());
    for (field, names) in &profile.columns {
        columns[*field as usize] = names.names().into_iter().filter_map(find).collect();
    }
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|f| columns[**f as usize].is_empty())
        .map(|f| match profile.columns.get(f) {
            Some(Columns::One(n)) => n.clone(),
            Some(Columns::Any(ns)) => ns.join(" or "),
            None => format!("{f:?}"),
        })
        .collect();
    if missing.is_empty() {
        return Ok(columns);
    }
    let looks_condensed = !profile.refuse_if_only.is_empty()
        && profile.refuse_if_only.iter().all(|c| find(c).is_some());
    let mut message = format!(
        "required column {} not found in the header",
        quote_list(&missing)
    );
    if looks_condensed && columns[Field::SubjectId as usize].is_empty() {
        message.push_str(&format!("; {}", profile.refuse_hint));
    } else if find(profile_first(profile, Field::SubjectId)).is_none()
        && header
            .first()
            .is_some_and(|h| !h.chars().any(char::is_alphabetic))
    {
        message.push_str(
            "; the first line looks like data, not a header: add the header row the engine writes",
        );
    }
    Err(Error::Columns {
        file: shown.to_string(),
        message,
    })
}

fn profile_first(profile: &Profile, field: Field) -> &str {
    match profile.columns.get(&field) {
        Some(Columns::One(n)) => n,
        Some(Columns::Any(ns)) => ns.first().map(String::as_str).unwrap_or(""),
        None => "",
    }
}

fn quote_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field that spans lines and holds comma-separated text is rows swallowed by an unclosed quote.
pub(super) fn looks_like_rows(field: &[u8], width: usize) -> bool {
    let text = String::from_utf8_lossy(field);
    width > 4 && text.contains('\n') && text.lines().any(|l| l.matches(',').count() >= width / 2)
}

/// Decodes UTF-8, or Latin-1 when the bytes are not UTF-8 (old exports); says which.
fn latin1_or_utf8(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (bytes.iter().map(|&b| b as char).collect(), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gogen() -> Profile {
        Profile::parse(
            include_str!("../../forms/profiles/gogen.toml"),
            "gogen.toml",
        )
        .unwrap()
    }

    const HEAD: &str = "SUBJECT_ID,PRI_NAME,STP_ORI_CNTY_NAME,CNT_ORDER,Case Number,OFFENSE_DESCR,STP_EVENT_DATE,Eligibility Determination,Eligibility Reason\n";

    #[test]
    fn bom_crlf_and_lines() {
        let text = format!(
            "\u{feff}{}1,\"A,B\",SACRAMENTO,101001001000,123,11357 HS-X,19800101,Eligible for Dismissal,r\r\n\r\n2,\"C,D\",SACRAMENTO,101001001000,124,11357 HS-X,19800101,Eligible for Dismissal,r\r\n",
            HEAD.replace('\n', "\r\n")
        );
        let input = read_bytes("t.csv", text.as_bytes(), &gogen()).unwrap();
        assert_eq!(input.records.len(), 2);
        assert_eq!(input.records[0].source.line, 2);
        assert_eq!(input.records[1].source.line, 4);
        assert_eq!(input.records[1].get(Field::Name), "C,D");
        assert!(input.broken.is_empty());
    }

    #[test]
    fn ragged_rows_and_latin1_are_row_problems() {
        let mut bytes = HEAD.as_bytes().to_vec();
        bytes.extend_from_slice(b"1,\"MU\xD1OZ,ANA\",SACRAMENTO,101001001000,123,11357 HS-X,19800101,Eligible for Dismissal,r\n");
        bytes.extend_from_slice(b"2,short,row\n");
        let input = read_bytes("t.csv", &bytes, &gogen()).unwrap();
        assert_eq!(input.records.len(), 1);
        assert_eq!(input.records[0].get(Field::Name), "MUÑOZ,ANA");
        assert_eq!(input.warnings.len(), 1);
        assert_eq!(input.broken.len(), 1);
        assert_eq!(input.broken[0].source.line, 3);
        assert_eq!(input.rows_read(), 2);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any bytes after a valid header: no panic, and every data line is a record or a broken row.
        #[test]
        fn arbitrary_bytes_never_panic(body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut bytes = HEAD.as_bytes().to_vec();
            bytes.extend_from_slice(&body);
            let _ = read_bytes("fuzz.csv", &bytes, &gogen());
        }

        /// Any text in a quoted name comes back as written.
        #[test]
        fn quoted_names_round_trip(name in "[^\"\\x00]{0,60}") {
            let row = format!("{HEAD}1,\"{name}\",SACRAMENTO,101001001000,123,11357 HS-X,19800101,Eligible for Dismissal,r\n");
            let input = read_bytes("t.csv", row.as_bytes(), &gogen());
            if let Ok(input) = input {
                proptest::prop_assert_eq!(input.records.len(), 1);
                proptest::prop_assert_eq!(input.records[0].get(Field::Name), name.trim());
            }
        }
    }

    #[test]
    fn a_blank_event_date_falls_back_to_the_date_of_conviction_row_by_row() {
        let head = "SUBJECT_ID,PRI_NAME,STP_ORI_CNTY_NAME,CNT_ORDER,Case Number,OFFENSE_DESCR,STP_EVENT_DATE,Date of Conviction,Eligibility Determination\n";
        let text = format!(
            "{head}1,\"A,B\",SACRAMENTO,101001001000,123,11357 HS-X,,06/12/1995,Eligible for Dismissal\n2,\"C,D\",SACRAMENTO,101001001000,124,11357 HS-X,19800101,06/12/1995,Eligible for Dismissal\n"
        );
        let input = read_bytes("t.csv", text.as_bytes(), &gogen()).unwrap();
        assert_eq!(input.records[0].get(Field::ConvictionDate), "06/12/1995");
        assert_eq!(input.records[1].get(Field::ConvictionDate), "19800101");
    }

    #[test]
    fn file_level_faults() {
        let err = |bytes: &[u8]| {
            read_bytes("t.csv", bytes, &gogen())
                .err()
                .unwrap()
                .to_string()
        };
        assert!(err(b"").contains("empty"));
        assert!(err(b"\xEF\xBB\xBF\n").contains("empty"));
        let e = err(b"CII_NUMBER,PRI_NAME,Eligibility Determination\n1,\"A,B\",x\n");
        assert!(
            e.contains("`SUBJECT_ID`") && e.contains("Prop64_Results"),
            "{e}"
        );
        let unclosed = format!(
            "{HEAD}1,\"A,B,SACRAMENTO,101001001000,123,11357 HS-X,19800101,Eligible for Dismissal,r\n2,\"C,D\",SACRAMENTO,101001001000,124,11357 HS-X,19800101,Eligible for Dismissal,r\n"
        );
        let e = err(unclosed.as_bytes());
        assert!(e.contains("line 2") && e.contains("never closed"), "{e}");
        // A header alone is a valid, empty result.
        assert_eq!(
            read_bytes("t.csv", HEAD.as_bytes(), &gogen())
                .unwrap()
                .rows_read(),
            0
        );
    }
}
