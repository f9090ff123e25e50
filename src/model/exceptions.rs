//! What becomes of a row that is not filed: an exception (`exceptions.csv`) or a row held for a
//! person to review (`review.csv`).

use serde::Serialize;

use super::{Case, Count, PersonRef};

/// Why a row or a document cannot be filed: the `code` column of `exceptions.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionCode {
    UnreadableRow,
    NoSubjectId,
    NameTooLong,
    Unprintable,
    UnknownCounty,
    NoCaseNumber,
    BadDate,
    BadCodeSection,
    BadLevel,
    Duplicate,
    RenderFailed,
    /// A contacts row that cannot be read: its person is unmailable.
    UnreadableContact,
    /// A second contacts row for one person: the first is used.
    DuplicateContact,
    /// A line of a decisions file that names no count of the input.
    DecisionUnmatched,
    /// A document that fails preflight (what a court's e-filing system would refuse): held back
    /// from the court's package with the rest of its filing.
    PreflightFailed,
    /// A document held back with its filing: another document of it failed preflight, or the
    /// filing is larger than the court's largest envelope.
    FilingHeld,
}

impl std::fmt::Display for ExceptionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => f.write_str(&s),
            _ => Err(std::fmt::Error),
        }
    }
}

/// A row or a document that cannot be filed (`exceptions.csv`).
#[derive(Clone, Debug, Serialize)]
pub struct Exception {
    pub source: String,
    pub line: u64,
    pub person_ref: PersonRef,
    pub case_number: String,
    pub code: ExceptionCode,
    pub message: String,
}

/// A row held for a human (`review.csv`). Its court, case number and count are what a decisions
/// file names it by.
#[derive(Clone, Debug, Serialize)]
pub struct Held {
    pub source: String,
    pub line: u64,
    pub person_ref: PersonRef,
    /// The court's slug; empty when the row's county is none of the 58.
    pub court: String,
    pub case_number: String,
    /// The count's number in its case; `None` when the row cannot be filed as it is (no court,
    /// case number, date, code section or level).
    pub count: Option<usize>,
    pub determination: String,
    pub reason: String,
}

impl Held {
    /// A count of `case` held with `reason`, named as a decisions file names it: the court's
    /// slug, the case's first number and the count's number.
    pub fn count(
        person_ref: &PersonRef,
        court: &str,
        case: &Case,
        count: &Count,
        reason: String,
    ) -> Held {
        Held {
            source: count.source.file.clone(),
            line: count.source.line,
            person_ref: person_ref.clone(),
            court: court.to_string(),
            case_number: case
                .numbers
                .0
                .first()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            count: Some(count.n),
            determination: count.determination.clone(),
            reason,
        }
    }
}

pub const EXCEPTIONS_HEADER: [&str; 6] = [
    "source",
    "line",
    "person_ref",
    "case_number",
    "code",
    "message",
];
pub const REVIEW_HEADER: [&str; 8] = [
    "source",
    "line",
    "person_ref",
    "court",
    "case_number",
    "count",
    "determination",
    "reason",
];
