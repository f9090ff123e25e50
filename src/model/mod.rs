//! Domain types: what a count, a case and a person are, with parsers for the values gogen writes.
//! Nothing here knows about CSV columns or PDFs.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

mod exceptions;
mod keys;
mod kind;

pub use exceptions::{EXCEPTIONS_HEADER, Exception, ExceptionCode, Held, REVIEW_HEADER};
pub use keys::{CaseNumbers, CourtId, CourtSlug, PersonRef};
pub use kind::Kind;

/// Lower-case hexadecimal, for SHA-256 digests.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a row came from: the input file (as the user named it) and its 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    pub file: String,
    pub line: u64,
}

/// What a determination leads to (see `forms/determinations.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    Dismiss,
    Reduce,
    Challenge,
    Review,
}

/// The relief a petition asks for on one count, once the sentence is taken into account.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Remedy {
    /// Sentence completed, conduct now legal: dismiss as legally invalid and seal (§ 11361.8(e)/(f)).
    DismissSeal,
    /// Sentence completed: redesignate the felony as a misdemeanor (§ 11361.8(f)).
    Redesignate,
    /// Still serving: recall and resentence or dismiss (§ 11361.8(b)).
    Resentence,
}

impl Remedy {
    pub fn for_route(route: Route, still_serving: bool) -> Option<Remedy> {
        match (route, still_serving) {
            (Route::Dismiss | Route::Reduce, true) => Some(Remedy::Resentence),
            (Route::Dismiss, false) => Some(Remedy::DismissSeal),
            (Route::Reduce, false) => Some(Remedy::Redesignate),
            _ => None,
        }
    }

    /// Whether an omnibus motion may ask for it. A count still being served needs a petition with
    /// findings about the person (§ 11361.8(b)), so its case is filed on its own.
    pub fn in_omnibus(self) -> bool {
        !matches!(self, Remedy::Resentence)
    }
}

/// Level of the conviction: felony, misdemeanor or infraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Level {
    Felony,
    Misdemeanor,
    Infraction,
}

impl Level {
    /// From `CONV_STAT_DESCR`, falling back to `OFFENSE_TOC` when it is blank (gogen's rule).
    pub fn from_gogen(conv_stat: &str, toc: &str) -> Option<Level> {
        match conv_stat.trim().to_ascii_uppercase().as_str() {
            "FELONY" | "F" => Some(Level::Felony),
            "MISDEMEANOR" | "M" => Some(Level::Misdemeanor),
            "INFRACTION" | "I" => Some(Level::Infraction),
            "" => match toc.trim().to_ascii_uppercase().as_str() {
                "F" => Some(Level::Felony),
                "M" => Some(Level::Misdemeanor),
                "I" => Some(Level::Infraction),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Level::Felony => "F",
            Level::Misdemeanor => "M",
            Level::Infraction => "I",
        }
    }
}

/// A Prop 64 code section such as `HS 11357(c)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CodeSection {
    /// `11357` … `11360`.
    pub section: String,
    /// Subdivision as written, lower case, e.g. `(c)` or `(a)(1)`; may be empty.
    pub subdivision: String,
}

impl CodeSection {
    /// Parses the code part of gogen's `OFFENSE_DESCR` (`11357(C)HS-POSSESS…`, `11360A HS-…`) or a
    /// comment naming the charge. Only the four Prop 64 sections are accepted.
    pub fn parse(text: &str) -> Option<CodeSection> {
        let code = text.split('-').next().unwrap_or("").trim();
        let start = code.find("1135").or_else(|| code.find("11360"))?;
        let rest = &code[start..];
        let section: String = rest.chars().take(5).collect();
        if !matches!(section.as_str(), "11357" | "11358" | "11359" | "11360") {
            return None;
        }
        // What follows the section up to the code name: `(C)`, `A`, `(A)(1)`.
        let tail = &rest[5..];
        let mut subdivision = String::new();
        for (i, c) in tail.char_indices() {
            if tail[i..].to_ascii_uppercase().starts_with("HS")
                || !(c.is_ascii_alphanumeric() || c == '(' || c == ')')
            {
                break;
            }
            subdivision.push(c.to_ascii_lowercase());
        }
        if !subdivision.is_empty() && !subdivision.starts_with('(') {
            subdivision = format!("({subdivision})");
        }
        // Drop unbalanced leftovers such as a lone "(".
        if subdivision.matches('(').count() != subdivision.matches(')').count() {
            subdivision.clear();
        }
        Some(CodeSection {
            section,
            subdivision,
        })
    }
}

impl fmt::Display for CodeSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HS {}{}", self.section, self.subdivision)
    }
}

/// A court case number as printed on the papers. Junk that gogen passes through (`NULL`, `x`,
/// blanks) is not a case number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseNumber(String);

impl CaseNumber {
    pub fn parse(text: &str) -> Option<CaseNumber> {
        let t = text.trim();
        let junk = t.is_empty()
            || t.len() > 40
            || matches!(
                t.to_ascii_uppercase().as_str(),
                "NULL" | "NONE" | "N/A" | "NA" | "X" | "-" | "0"
            )
            || !t.chars().any(|c| c.is_ascii_digit())
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '));
        (!junk).then(|| CaseNumber(t.to_string()))
    }

    /// Every real case number in gogen's `Case Number` cell (`NULL  ; 140192; 140193`), in order,
    /// without repeats.
    pub fn parse_list(text: &str) -> Vec<CaseNumber> {
        let mut out: Vec<CaseNumber> = Vec::new();
        for n in text.split(';').filter_map(CaseNumber::parse) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A form safe to put in a file name.
    pub fn file_stem(&self) -> String {
        self.0
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A date as the DOJ file writes it (`YYYYMMDD`) or as gogen's output does (`MM/DD/YYYY`).
/// Impossible dates (`13/45/1999`, `00000000`, gogen's `01/01/0001`) are `None`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let d = if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        NaiveDate::parse_from_str(t, "%Y%m%d").ok()
    } else if t.contains('-') {
        NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
    } else {
        NaiveDate::parse_from_str(t, "%m/%d/%Y").ok()
    }?;
    (1900..=2100)
        .contains(&chrono::Datelike::year(&d))
        .then_some(d)
}

/// A sentence length from `SENT_LENGTH` + `SENT_TIME_CODE` (D/M/Y).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub days: u32,
    pub months: u32,
    pub years: u32,
}

impl Sentence {
    pub fn parse(length: &str, code: &str) -> Option<Sentence> {
        let n: u32 = length.trim().parse().ok()?;
        match code.trim().to_ascii_uppercase().as_str() {
            "D" => Some(Sentence {
                days: n,
                ..Default::default()
            }),
            "M" => Some(Sentence {
                months: n,
                ..Default::default()
            }),
            "Y" => Some(Sentence {
                years: n,
                ..Default::default()
            }),
            _ => None,
        }
    }

    /// Both sentences, served one after the other.
    pub fn plus(self, other: Sentence) -> Sentence {
        Sentence {
            days: self.days.saturating_add(other.days),
            months: self.months.saturating_add(other.months),
            years: self.years.saturating_add(other.years),
        }
    }

    pub fn is_zero(self) -> bool {
        self == Sentence::default()
    }

    /// The day the sentence ends when it started on `start`.
    pub fn end(self, start: NaiveDate) -> NaiveDate {
        let months = self.years.saturating_mul(12).saturating_add(self.months);
        start
            .checked_add_months(chrono::Months::new(months))
            .and_then(|d| d.checked_add_days(chrono::Days::new(self.days as u64)))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// A person's name, from gogen's `LAST,FIRST M`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub last: String,
    pub first: String,
}

impl Name {
    pub fn parse(text: &str) -> Name {
        // Newlines and control characters never belong in a name on a court paper.
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        match clean.split_once(',') {
            Some((last, first)) => Name {
                last: squash(last),
                first: squash(first),
            },
            None => Name {
                last: squash(&clean),
                first: String::new(),
            },
        }
    }

    /// `FIRST M LAST`, as printed in captions and letters.
    pub fn display(&self) -> String {
        if self.first.is_empty() {
            self.last.clone()
        } else {
            format!("{} {}", self.first, self.last)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.last.is_empty() && self.first.is_empty()
    }

    /// As `display`, for print: see `breakable`.
    pub fn printed(&self) -> String {
        breakable(&self.display())
    }
}

/// Text for print, where a word may be longer than its column: a caption line holds about 24
/// capitals, so a word of more than 20 characters gets a zero-width break opportunity every 16, and
/// wraps instead of running off the page. Shorter words, all but the rarest names, are left alone:
/// what a reader copies out of the PDF is the name as written.
pub fn breakable(text: &str) -> String {
    const LONG: usize = 20;
    const EVERY: usize = 16;
    let mut out = String::with_capacity(text.len() + text.len() / EVERY * 3);
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if piece.chars().count() <= LONG {
            out.push_str(piece);
            continue;
        }
        for (j, c) in piece.chars().enumerate() {
            if j > 0 && j % EVERY == 0 {
                out.push('\u{200B}');
            }
            out.push(c);
        }
    }
    out
}

/// One classified count: one row of gogen output that carries a determination.
#[derive(Clone, Debug)]
pub struct Count {
    pub source: Source,
    pub count_order: String,
    pub section: CodeSection,
    pub level: Level,
    pub convicted: NaiveDate,
    pub sentence: Sentence,
    pub reason: String,
    pub route: Route,
}

/// One court case of one person: the counts of one court event (`CNT_ORDER[0..6]`).
#[derive(Clone, Debug)]
pub struct Case {
    pub court: CourtId,
    pub numbers: CaseNumbers,
    /// The name on this case's rows; an AKA when it differs from the person's primary name.
    pub name: Name,
    pub counts: Vec<Count>,
}

impl Case {
    pub fn numbers_joined(&self, sep: &str) -> String {
        self.numbers.joined(sep)
    }
    pub fn convicted(&self) -> NaiveDate {
        self.counts
            .iter()
            .map(|c| c.convicted)
            .min()
            .unwrap_or(NaiveDate::MIN)
    }
}

/// One person (`SUBJECT_ID`) with all their cases across courts.
#[derive(Clone, Debug)]
pub struct Person {
    pub subject_id: String,
    /// A stable reference that identifies the person in file names and lists without naming them.
    pub person_ref: PersonRef,
    pub cii: String,
    pub name: Name,
    pub dob: Option<NaiveDate>,
    pub deceased: bool,
    pub cases: Vec<Case>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_sections_as_gogen_writes_them() {
        let p = |s| CodeSection::parse(s).map(|c| c.to_string());
        assert_eq!(
            p("11357(C)HS-POSSESS MARIJUANA").as_deref(),
            Some("HS 11357(c)")
        );
        assert_eq!(
            p("11359(C) HS-CULTIVATE CANNABIS").as_deref(),
            Some("HS 11359(c)")
        );
        assert_eq!(
            p("11358 HS-CULTIVATE CANNABIS").as_deref(),
            Some("HS 11358")
        );
        assert_eq!(p("11360A HS-TRANSPORT").as_deref(), Some("HS 11360(a)"));
        assert_eq!(p("11360(A)(1) HS-SELL").as_deref(), Some("HS 11360(a)(1)"));
        assert_eq!(p("11359 - Should be flagged").as_deref(), Some("HS 11359"));
        assert_eq!(p("503 VC-TAKE CAR"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn case_numbers_drop_junk_and_keep_each_real_number() {
        let l = CaseNumber::parse_list("NULL  ; 140192; 140193");
        assert_eq!(
            l.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
            ["140192", "140193"]
        );
        assert!(CaseNumber::parse_list("x").is_empty());
        assert!(CaseNumber::parse_list("").is_empty());
        assert!(CaseNumber::parse_list("#read(\"/etc/passwd\")").is_empty());
        assert_eq!(
            CaseNumber::parse("BA-123/45").unwrap().file_stem(),
            "BA-123-45"
        );
        assert_eq!(CaseNumber::parse_list("398765; 398765").len(), 1);
    }

    #[test]
    fn dates_both_formats_and_impossible_ones() {
        assert_eq!(parse_date("19790601"), NaiveDate::from_ymd_opt(1979, 6, 1));
        assert_eq!(
            parse_date("06/01/1979"),
            NaiveDate::from_ymd_opt(1979, 6, 1)
        );
        assert_eq!(parse_date("13/45/1999"), None);
        assert_eq!(parse_date("00000000"), None);
        assert_eq!(parse_date("01/01/0001"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn sentences_and_remedies() {
        let s = Sentence::parse("6", "M")
            .unwrap()
            .plus(Sentence::parse("90", "D").unwrap());
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        assert_eq!(s.end(start), NaiveDate::from_ymd_opt(2020, 9, 29).unwrap());
        assert_eq!(Sentence::parse("x", "M"), None);
        assert_eq!(
            Remedy::for_route(Route::Dismiss, false),
            Some(Remedy::DismissSeal)
        );
        assert_eq!(
            Remedy::for_route(Route::Reduce, false),
            Some(Remedy::Redesignate)
        );
        assert_eq!(
            Remedy::for_route(Route::Reduce, true),
            Some(Remedy::Resentence)
        );
        assert_eq!(Remedy::for_route(Route::Challenge, false), None);
    }

    #[test]
    fn names() {
        let n = Name::parse("BIRD, BIG");
        assert_eq!(n.display(), "BIG BIRD");
        assert_eq!(
            Name::parse("SKYWALKER,LUKE S").display(),
            "LUKE S SKYWALKER"
        );
        assert_eq!(Name::parse("O'NEIL,\nANNE").display(), "ANNE O'NEIL");
        // Names print as written, but for a word longer than a caption line: it may break, and
        // reads the same without its breaks.
        let long =
            Name::parse("KEIHANAIKUKAUAKAHIHULIHEKAHAUNAELE,WOLFESCHLEGELSTEINHAUSENBERGERDORFF");
        assert_eq!(
            Name::parse("MUÑOZ-GARCÍA,JOSÉ ÁNGEL").printed(),
            "JOSÉ ÁNGEL MUÑOZ-GARCÍA"
        );
        assert_eq!(long.printed().replace('\u{200B}', ""), long.display());
        assert!(
            long.printed()
                .split([' ', '\u{200B}'])
                .all(|w| w.chars().count() <= 16)
        );
        assert_eq!(Level::from_gogen("", "F"), Some(Level::Felony));
        assert_eq!(
            Level::from_gogen("MISDEMEANOR", "F"),
            Some(Level::Misdemeanor)
        );
    }
}
