//! The mail run: the letters that can be mailed, in mailing order (by group, then ZIP, then name),
//! cut into print files, and the lists a mail room works from: `mail/mailing-list.csv` and
//! `mail/unmailable.csv`. Sees finished letters and their addresses, never templates.

use std::collections::HashSet;
use std::ops::Range;

use super::ManifestRow;
use super::join::{self, Part};
use crate::error::Error;
use crate::model::PersonRef;
use crate::output::{OutputDir, Writes, Written};
use crate::plan::{Mail, Unmailable};

/// Letters per print file: a box of paper, and a file a print shop opens without trouble.
const LETTERS_PER_PRINT_FILE: usize = 500;

const MAILING_LIST_HEADER: [&str; 10] = [
    "sequence",
    "person_ref",
    "name",
    "address",
    "zip",
    "pages",
    "language",
    "letter",
    "group",
    "print_file",
];

#[derive(serde::Serialize)]
struct MailRow<'a> {
    sequence: usize,
    person_ref: &'a str,
    name: &'a str,
    address: String,
    zip: &'a str,
    /// As printed: padded to an even count.
    pages: usize,
    language: &'a str,
    letter: &'a str,
    group: &'a str,
    print_file: String,
}

pub struct MailRun<'a> {
    rows: Vec<MailRow<'a>>,
    /// Each print file's path and the rows it holds.
    files: Vec<(String, Range<usize>)>,
}

impl<'a> MailRun<'a> {
    /// Puts the mailable ones of the `letters` written (each with where it is mailed) in mailing
    /// order and cuts them into print files.
    pub fn new(
        unmailable: &[Unmailable],
        letters: impl IntoIterator<Item = (&'a ManifestRow, &'a Mail)>,
    ) -> MailRun<'a> {
        let unmailable: HashSet<&PersonRef> = unmailable.iter().map(|u| &u.person_ref).collect();
        let mut rows: Vec<MailRow> = Vec::new();
        for (m, to) in letters {
            let Some(person) = m.person_ref.as_ref().filter(|p| !unmailable.contains(p)) else {
                continue;
            };
            let lines = &to.recipient[..];
            rows.push(MailRow {
                sequence: 0,
                person_ref: person.as_str(),
                name: lines.first().map_or("", String::as_str),
                address: lines
                    .iter()
                    .skip(1)
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(" | "),
                zip: to.zip.as_str(),
                // Duplex printing never puts two people on one sheet.
                pages: m.pages + m.pages % 2,
                language: if to.spanish { "es" } else { "en" },
                letter: &m.path,
                group: to.group.as_str(),
                print_file: String::new(),
            });
        }
        rows.sort_by(|a, b| {
            (a.group, a.zip, a.name, a.person_ref).cmp(&(b.group, b.zip, b.name, b.person_ref))
        });
        let mut files = Vec::new();
        let mut start = 0;
        while start < rows.len() {
            let group = rows[start].group;
            let end = rows[start..]
                .iter()
                .position(|r| r.group != group)
                .map_or(rows.len(), |n| start + n);
            for (f, from) in (start..end).step_by(LETTERS_PER_PRINT_FILE).enumerate() {
                let rel = if end - start > LETTERS_PER_PRINT_FILE {
                    format!("mail/print-{group}-{:02}.pdf", f + 1)
                } else {
                    format!("mail/print-{group}.pdf")
                };
                files.push((rel, from..(from + LETTERS_PER_PRINT_FILE).min(end)));
            }
            start = end;
        }
        for (rel, range) in &files {
            for r in &mut rows[range.clone()] {
                r.print_file = rel.clone();
            }
        }
        for (i, r) in rows.iter_mut().enumerate() {
            r.sequence = i + 1;
        }
        MailRun { rows, files }
    }

    /// How many print files the run has.
    pub fn print_files(&self) -> usize {
        self.files.len()
    }

    /// Writes print file `i`: its letters joined, each padded to an even page count.
    pub fn print(&self, out: &OutputDir, i: usize) -> Result<Written, Error> {
        let (rel, range) = &self.files[i];
        let rows = &self.rows[range.clone()];
        let parts = rows.iter().map(|r| {
            let pdf = std::fs::read(out.root().join(r.letter))
                .map_err(|e| format!("cannot read {}: {e}", r.letter))?;
            Ok(Part {
                pdf,
                bookmark: Some(r.person_ref.to_string()),
                pad_to_even: true,
                restart_labels: true,
            })
        });
        let (written, pages) =
            out.write_streamed(rel, Writes::Forward, |w| join::join(parts, "mail run", w))?;
        Ok(Written { pages, ..written })
    }

    /// Writes `mail/mailing-list.csv` and `mail/unmailable.csv`.
    pub fn lists(&self, out: &OutputDir, unmailable: &[Unmailable]) -> Result<[Written; 2], Error> {
        Ok([
            out.write_csv("mail/mailing-list.csv", &MAILING_LIST_HEADER, &self.rows)?,
            out.write_csv(
                "mail/unmailable.csv",
                &["person_ref", "reason", "source", "line"],
                unmailable,
            )?,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseNumbers, CourtSlug, Kind};

    fn letter(n: usize, group: &str, zip: &str, pages: usize) -> (ManifestRow, Mail) {
        let mail = Mail {
            group: CourtSlug::new(group),
            recipient: vec![
                format!("Person {n:04}"),
                "1 Main St".into(),
                format!("Town, CA {zip}"),
            ],
            zip: zip.into(),
            spanish: n.is_multiple_of(3),
        };
        let person = PersonRef::of_subject(&format!("{n:04}"));
        let row = ManifestRow {
            path: format!("letters/{person}.pdf"),
            kind: Kind::Letter,
            court: None,
            person_ref: Some(person),
            person_name: String::new(),
            case_numbers: CaseNumbers::default(),
            pages,
            bytes: 1,
            sha256: String::new(),
            title: String::new(),
        };
        (row, mail)
    }

    #[test]
    fn letters_go_in_mailing_order_into_print_files_of_at_most_500() {
        // 1,001 letters in one group (ZIPs in reverse of person order), 2 in another, 1 unmailable.
        let mut made: Vec<(ManifestRow, Mail)> = (0..1001)
            .map(|n| letter(n, "alameda", &format!("9{:04}", 2000 - n), 1 + n % 2))
            .collect();
        made.extend([
            letter(2000, "fresno", "93701", 2),
            letter(2001, "fresno", "93650", 3),
            letter(2002, "fresno", "93650", 1),
        ]);
        let refs: Vec<PersonRef> = made
            .iter()
            .map(|(m, _)| m.person_ref.clone().unwrap())
            .collect();
        let unmailable = [Unmailable {
            person_ref: refs[1003].clone(),
            reason: "no address".into(),
            source: String::new(),
            line: None,
            deceased: false,
        }];
        let run = MailRun::new(&unmailable, made.iter().map(|(m, mail)| (m, mail)));

        let files: Vec<(&str, usize)> = run
            .files
            .iter()
            .map(|(rel, r)| (rel.as_str(), r.len()))
            .collect();
        assert_eq!(
            files,
            [
                ("mail/print-alameda-01.pdf", 500),
                ("mail/print-alameda-02.pdf", 500),
                ("mail/print-alameda-03.pdf", 1),
                ("mail/print-fresno.pdf", 2)
            ]
        );
        assert_eq!(
            run.rows.iter().map(|r| r.sequence).collect::<Vec<_>>(),
            (1..=1003).collect::<Vec<_>>()
        );
        // By ZIP within a group: the last person of alameda has the lowest ZIP.
        assert_eq!(
            (run.rows[0].person_ref, run.rows[0].zip),
            (refs[1000].as_str(), "91000")
        );
        assert_eq!(
            (run.rows[1001].person_ref, run.rows[1002].person_ref),
            (refs[1002].as_str(), refs[1001].as_str())
        );
        assert!(
            run.rows
                .iter()
                .all(|r| r.pages % 2 == 0 && r.print_file.starts_with("mail/print-"))
        );
        assert_eq!(run.rows[500].print_file, "mail/print-alameda-02.pdf");
        assert_eq!(run.rows[1].address, "1 Main St | Town, CA 91001");
        assert!(!run.rows.iter().any(|r| r.person_ref == refs[1003].as_str()));
    }
}
