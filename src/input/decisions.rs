//! A reviewer's decisions (`--decisions FILE`): for a count of a case, what to file and who
//! decided it. Read and checked here, before anything is written; `decide` applies them.
//!
//! The columns are found by name: `court`, `case_number`, `decision` and `reviewer`, and the
//! optional `count`, `note` and `person_ref`. Any other column is ignored, so `review.csv` with
//! `decision`, `reviewer` and `note` added is a decisions file.

use sha2::{Digest, Sha256};

use super::decode;
use super::forms::Forms;
use super::results::LineCounter;
use crate::error::Error;
use crate::model::{CaseNumber, CourtId, Decision, PersonRef, hex};

/// A decisions file, read.
#[derive(Debug)]
pub struct Decisions {
    /// The file as the user named it.
    pub file: String,
    /// Of the file as given, compressed or not.
    pub sha256: String,
    pub lines: Vec<DecisionLine>,
}

/// One decision: a line of the file.
#[derive(Clone, Debug)]
pub struct DecisionLine {
    pub line: u64,
    pub court: CourtId,
    pub case_number: CaseNumber,
    /// The count's number in its case; `None` for every count of the case.
    pub count: Option<usize>,
    /// Only this person's counts of the case (a case may have co-defendants).
    pub person_ref: Option<PersonRef>,
    pub decision: Decision,
    pub reviewer: String,
    /// Why; for a challenge, the ground printed on the notice.
    pub note: String,
}

const REQUIRED: [&str; 4] = ["court", "case_number", "decision", "reviewer"];

impl Decisions {
    /// Reads the file's bytes (gzip or not; UTF-8 or Windows-1252). Every problem is named with
    /// its line, all at once; none of them is printed with a reviewer's name or note.
    pub fn read(shown: &str, raw: Vec<u8>, forms: &Forms) -> Result<Decisions, Error> {
        let sha256 = hex(&Sha256::digest(&raw));
        let bytes = decode::gunzip(shown, raw)?;
        let (text, _) = decode::text(shown, &bytes)?;
        let body = text.as_bytes();
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::input(shown, e.to_string()))?
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let missing: Vec<String> = REQUIRED
            .iter()
            .filter(|c| col(c).is_none())
            .map(|c| format!("`{c}`"))
            .collect();
        if !missing.is_empty() {
            return Err(Error::input(
                shown,
                format!(
                    "required column {} not found in the header (a decisions file has court,case_number,count,decision,reviewer,note and may have person_ref)",
                    missing.join(", ")
                ),
            ));
        }
        let at = |name: &str| col(name).unwrap_or(usize::MAX);
        let (court, case, decision, reviewer) = (
            at("court"),
            at("case_number"),
            at("decision"),
            at("reviewer"),
        );
        let (count, note, person) = (at("count"), at("note"), at("person_ref"));

        let mut lines = Vec::new();
        let mut problems: Vec<String> = Vec::new();
        let mut counter = LineCounter::default();
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    problems.push(format!("unreadable CSV: {e}"));
                    break;
                }
            }
            let line = record
                .position()
                .map(|p| counter.line_at(body, p.byte()))
                .unwrap_or(0);
            let get = |i: usize| record.get(i).unwrap_or("").trim();
            // A line with no decision (a row of review.csv not yet decided) is not a decision.
            if get(decision).is_empty() {
                continue;
            }
            let mut bad = |what: String| problems.push(format!("line {line}: {what}"));
            let Ok(d) = get(decision).parse::<Decision>() else {
                bad(format!(
                    "unknown decision `{}`; expected one of {}",
                    clip(get(decision)),
                    Decision::NAMES.join(", ")
                ));
                continue;
            };
            if get(reviewer).is_empty() {
                bad("no reviewer: every decision names who made it".into());
                continue;
            }
            if d == Decision::Challenge && get(note).is_empty() {
                bad("a challenge needs a note: the ground, printed on the notice of challenged cases".into());
                continue;
            }
            let Some(c) = forms
                .court_by_slug(get(court))
                .or_else(|| forms.court_of(get(court)))
            else {
                bad(format!(
                    "court `{}` is neither a court's slug (los-angeles) nor a county's name",
                    clip(get(court))
                ));
                continue;
            };
            let Some(number) = CaseNumber::parse(get(case)) else {
                bad(format!(
                    "case_number `{}` is not a case number",
                    clip(get(case))
                ));
                continue;
            };
            let n = match get(count) {
                "" => None,
                text => match text.parse::<usize>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => {
                        bad(format!(
                            "count `{}`: expected the count's number as in review.csv (1, 2, …), or blank for every count of the case",
                            clip(text)
                        ));
                        continue;
                    }
                },
            };
            let person_ref = match get(person) {
                "" => None,
                text => match PersonRef::parse(text) {
                    Some(p) => Some(p),
                    None => {
                        bad(format!(
                            "person_ref `{}` is not a reference as clearpress writes them (p and ten hexadecimal digits)",
                            clip(text)
                        ));
                        continue;
                    }
                },
            };
            lines.push(DecisionLine {
                line,
                court: c,
                case_number: number,
                count: n,
                person_ref,
                decision: d,
                reviewer: get(reviewer).to_string(),
                note: get(note).to_string(),
            });
        }
        if !problems.is_empty() {
            return Err(Error::input(shown, problems.join(&format!("\n{shown}: "))));
        }
        Ok(Decisions {
            file: shown.to_string(),
            sha256,
            lines,
        })
    }
}

/// At most 40 characters of a cell, for a message.
fn clip(text: &str) -> String {
    let mut s: String = text
        .chars()
        .take(40)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::Assets;

    fn read(text: &str) -> Result<Decisions, Error> {
        let forms = Forms::load(&Assets::embedded()).unwrap();
        Decisions::read("d.csv", text.as_bytes().to_vec(), &forms)
    }

    #[test]
    fn columns_by_name_courts_by_slug_or_county() {
        let d = read(
            "note,reviewer,decision,count,case_number,court,source\n\
             ,A. Reviewer,dismiss-seal,2,BA-1,los-angeles,x\n\
             a ground,A. Reviewer,challenge,,757392,SAN JOAQUIN,x\n\
             ,,,,,,\n\
             ,,,1,9,fresno,undecided row of review.csv\n",
        )
        .unwrap();
        assert_eq!(d.lines.len(), 2);
        assert_eq!(d.lines[0].decision, Decision::DismissSeal);
        assert_eq!((d.lines[0].line, d.lines[0].count), (2, Some(2)));
        assert_eq!(d.lines[1].count, None);
        assert_eq!(d.lines[1].note, "a ground");
        assert_eq!(d.lines[1].line, 3);
    }

    #[test]
    fn every_bad_line_is_named_and_no_reviewer_or_note_is_repeated() {
        let e = read(
            "court,case_number,count,decision,reviewer,note,person_ref\n\
             los-angeles,1,,dismis,Secret Reviewer,secret note,\n\
             los-angeles,1,,hold,,secret note,\n\
             los-angeles,1,,challenge,Secret Reviewer,,\n\
             narnia,1,,hold,Secret Reviewer,,\n\
             los-angeles,NULL,,hold,Secret Reviewer,,\n\
             los-angeles,1,0,hold,Secret Reviewer,,\n\
             los-angeles,1,,hold,Secret Reviewer,,SMITH\n",
        )
        .unwrap_err()
        .to_string();
        for line in 2..=8 {
            assert!(e.contains(&format!("d.csv: line {line}: ")), "{e}");
        }
        assert!(
            e.contains("unknown decision `dismis`") && e.contains("dismiss-seal"),
            "{e}"
        );
        assert!(!e.contains("Secret") && !e.contains("secret"), "{e}");
        let e = read("court,case_number,count\n").unwrap_err().to_string();
        assert!(e.contains("`decision`, `reviewer`"), "{e}");
    }
}
