//! Contacts: who gets a letter where. Read row by row, through a column profile
//! (`forms/profiles/contacts.toml`), from UTF-8 or Windows-1252, gzip or not. Joined on
//! `subject_id`, else `cii_number`; the first row for a person is used and any later one is listed.
//! A row that cannot be read makes its person unmailable, never the run stop. Addresses are
//! normalised to USPS Publication 28 style (upper case, no punctuation but the ZIP+4 hyphen,
//! two-letter state, unit designator at the end of the delivery line).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::decode::{self, Encoding};
use super::results::{Columns, LineCounter, looks_like_rows};
use crate::error::Error;
use crate::model::{ExceptionCode, Person, PersonRef, Source};

/// The values clearpress takes from a contacts row. The profile says which column each comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactField {
    SubjectId,
    CiiNumber,
    Name,
    FirstName,
    MiddleName,
    LastName,
    Address1,
    Address2,
    City,
    State,
    Zip,
    /// The four digits of ZIP+4, where an export keeps them in their own column.
    Zip4,
    Language,
}

const CONTACT_FIELDS: usize = ContactField::Language as usize + 1;

/// Without these no letter can be addressed, so a file that lacks their column is refused.
const REQUIRED: [ContactField; 4] = [
    ContactField::Address1,
    ContactField::City,
    ContactField::State,
    ContactField::Zip,
];

/// A contacts column mapping, as in `forms/profiles/contacts.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactsProfile {
    pub name: String,
    columns: BTreeMap<ContactField, Columns>,
}

impl ContactsProfile {
    pub fn parse(text: &str, file: &str) -> Result<ContactsProfile, Error> {
        toml::from_str(text).map_err(|e| Error::config(file, e))
    }

    fn names(&self, field: ContactField) -> String {
        match self.columns.get(&field) {
            Some(c) => c
                .names()
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" or "),
            None => format!("{field:?} (not in the profile)"),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Contact {
    pub subject_id: String,
    pub cii_number: String,
    /// The name as the export writes it (one column, or first, middle and last joined). Letters
    /// are addressed with the name of the court record.
    pub name: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub language: String,
}

/// Why a contacts row could not be read (no person data in it: safe in a message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// The row has another number of fields than the header.
    Width { fields: usize, header: usize },
    /// A cell holds a control character or a replacement character (text damaged before export).
    Cell { column: String },
    /// Neither a subject id nor a CII number: the row names nobody.
    NoId,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Width { fields, header } => write!(
                f,
                "contacts row cannot be read: it has {fields} fields, the header has {header}"
            ),
            Unreadable::Cell { column } => write!(
                f,
                "contacts row cannot be read: column `{column}` holds a control or damaged character"
            ),
            Unreadable::NoId => write!(
                f,
                "contacts row has neither a subject id nor a CII number, so it is nobody's"
            ),
        }
    }
}

/// One data row of the contacts file.
#[derive(Clone, Debug)]
struct Row {
    line: u64,
    read: Result<Contact, Unreadable>,
}

/// How the contacts rows were used: `contacts_rows = contacts_used + contacts_unmatched +
/// contacts_broken + contacts_duplicates` (`summary.json`).
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct ContactCounts {
    pub contacts_rows: usize,
    /// Read, and the contact of a person in the input.
    pub contacts_used: usize,
    /// Read, but for nobody in the input (another run's people): not an error.
    pub contacts_unmatched: usize,
    /// Could not be read; their people are unmailable.
    pub contacts_broken: usize,
    /// A second (third…) row for a subject; the first is used.
    pub contacts_duplicates: usize,
}

/// A contacts row to list in `exceptions.csv`.
#[derive(Clone, Debug)]
pub struct ContactIssue {
    pub source: Source,
    pub person_ref: PersonRef,
    pub code: ExceptionCode,
    pub message: String,
}

#[derive(Default)]
pub struct Contacts {
    file: String,
    encoding: Option<Encoding>,
    rows: Vec<Row>,
    by_subject: HashMap<String, usize>,
    by_cii: HashMap<String, usize>,
    /// Rows that repeat a subject, by the row used instead.
    duplicates: BTreeMap<usize, Vec<usize>>,
}

/// Where and how one person's letter goes.
pub struct Recipient {
    /// The address block, normalised; just the name when there is no usable address.
    pub lines: Vec<String>,
    /// `Err(reason)` when the letter cannot be mailed.
    pub mailable: Result<(), String>,
    /// The contacts row the address came from (or could not be read from).
    pub from: Option<Source>,
    pub zip: String,
    pub spanish: bool,
    /// Reads neither English nor Spanish: the letter carries the taglines.
    pub other_language: bool,
}

/// Language values (lower case, first word) that mean Spanish, and English; anything else gets
/// the English letter with the taglines.
const SPANISH: [&str; 8] = [
    "es",
    "spa",
    "spanish",
    "español",
    "espanol",
    "castellano",
    "esp",
    "sp",
];
const ENGLISH: [&str; 6] = ["en", "eng", "english", "inglés", "ingles", "engl"];

/// The language word of a free-text value: "Spanish (Mexico)" → "spanish", "es-MX" → "es".
fn language_word(text: &str) -> String {
    text.trim()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase()
}

const UNIT_DESIGNATORS: [&str; 12] = [
    "APT", "UNIT", "STE", "SUITE", "#", "RM", "ROOM", "FL", "SPC", "TRLR", "BLDG", "LOT",
];

const STATES: [(&str, &str); 52] = [
    ("ALABAMA", "AL"),
    ("ALASKA", "AK"),
    ("ARIZONA", "AZ"),
    ("ARKANSAS", "AR"),
    ("CALIFORNIA", "CA"),
    ("COLORADO", "CO"),
    ("CONNECTICUT", "CT"),
    ("DELAWARE", "DE"),
    ("DISTRICT OF COLUMBIA", "DC"),
    ("FLORIDA", "FL"),
    ("GEORGIA", "GA"),
    ("HAWAII", "HI"),
    ("IDAHO", "ID"),
    ("ILLINOIS", "IL"),
    ("INDIANA", "IN"),
    ("IOWA", "IA"),
    ("KANSAS", "KS"),
    ("KENTUCKY", "KY"),
    ("LOUISIANA", "LA"),
    ("MAINE", "ME"),
    ("MARYLAND", "MD"),
    ("MASSACHUSETTS", "MA"),
    ("MICHIGAN", "MI"),
    ("MINNESOTA", "MN"),
    ("MISSISSIPPI", "MS"),
    ("MISSOURI", "MO"),
    ("MONTANA", "MT"),
    ("NEBRASKA", "NE"),
    ("NEVADA", "NV"),
    ("NEW HAMPSHIRE", "NH"),
    ("NEW JERSEY", "NJ"),
    ("NEW MEXICO", "NM"),
    ("NEW YORK", "NY"),
    ("NORTH CAROLINA", "NC"),
    ("NORTH DAKOTA", "ND"),
    ("OHIO", "OH"),
    ("OKLAHOMA", "OK"),
    ("OREGON", "OR"),
    ("PENNSYLVANIA", "PA"),
    ("RHODE ISLAND", "RI"),
    ("SOUTH CAROLINA", "SC"),
    ("SOUTH DAKOTA", "SD"),
    ("TENNESSEE", "TN"),
    ("TEXAS", "TX"),
    ("UTAH", "UT"),
    ("VERMONT", "VT"),
    ("VIRGINIA", "VA"),
    ("WASHINGTON", "WA"),
    ("WEST VIRGINIA", "WV"),
    ("WISCONSIN", "WI"),
    ("WYOMING", "WY"),
    ("PUERTO RICO", "PR"),
];

impl Contacts {
    /// Reads a contacts file's bytes (gzip or not), calling it `shown` in messages. A fault of
    /// the whole file (its encoding, a missing column, an unclosed quote) is an `Err`; a bad row
    /// is not.
    pub fn read(shown: &str, bytes: &[u8], profile: &ContactsProfile) -> Result<Contacts, Error> {
        let bytes = decode::gunzip(shown, bytes.to_vec())?;
        let (text, encoding) = decode::text(shown, &bytes)?;
        let body = text.as_bytes();
        if body.iter().all(u8::is_ascii_whitespace) {
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
            .map(|f| String::from_utf8_lossy(f).trim().to_lowercase())
            .collect();
        let columns = map_columns(shown, &header, profile)?;
        let width = header.len();
        let mut contacts = Contacts {
            file: shown.to_string(),
            encoding: Some(encoding),
            ..Contacts::default()
        };
        let mut lines = LineCounter::default();
        loop {
            let line = match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => record
                    .position()
                    .map(|p| lines.line_at(body, p.byte()))
                    .unwrap_or(1),
                Err(e) => {
                    let line = e
                        .position()
                        .map(|p| lines.line_at(body, p.byte()))
                        .unwrap_or(0);
                    contacts.rows.push(Row {
                        line,
                        read: Err(Unreadable::Width {
                            fields: 0,
                            header: width,
                        }),
                    });
                    continue;
                }
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
            let cell = |field: ContactField| -> &str {
                columns[field as usize]
                    .and_then(|c| record.get(c))
                    .and_then(|f| std::str::from_utf8(f).ok())
                    .map(str::trim)
                    .unwrap_or("")
            };
            // The ids are taken even from a broken row, so that its person is known unmailable.
            let subject_id = cell(ContactField::SubjectId).to_string();
            let cii_number = cell(ContactField::CiiNumber).to_string();
            let read = if record.len() != width {
                Err(Unreadable::Width {
                    fields: record.len(),
                    header: width,
                })
            } else if let Some(c) = columns.iter().flatten().find(|&&c| {
                std::str::from_utf8(&record[c])
                    .map(|s| {
                        s.chars()
                            .any(|ch| (ch.is_control() && ch != '\t') || ch == '\u{FFFD}')
                    })
                    .unwrap_or(true)
            }) {
                Err(Unreadable::Cell {
                    column: header[*c].clone(),
                })
            } else if subject_id.is_empty() && cii_number.is_empty() {
                Err(Unreadable::NoId)
            } else {
                let name = match cell(ContactField::Name) {
                    "" => [
                        ContactField::FirstName,
                        ContactField::MiddleName,
                        ContactField::LastName,
                    ]
                    .map(cell)
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" "),
                    n => n.to_string(),
                };
                let zip = match (cell(ContactField::Zip), cell(ContactField::Zip4)) {
                    (z, "") => z.to_string(),
                    (z, four) => format!("{z}-{four}"),
                };
                Ok(Contact {
                    subject_id: subject_id.clone(),
                    cii_number: cii_number.clone(),
                    name,
                    address1: cell(ContactField::Address1).to_string(),
                    address2: cell(ContactField::Address2).to_string(),
                    city: cell(ContactField::City).to_string(),
                    state: cell(ContactField::State).to_string(),
                    zip,
                    language: cell(ContactField::Language).to_string(),
                })
            };
            contacts.add(Row { line, read }, &subject_id, &cii_number);
        }
        Ok(contacts)
    }

    /// Files the row under its ids; a subject seen before makes it a duplicate of the first row.
    fn add(&mut self, row: Row, subject_id: &str, cii_number: &str) {
        let i = self.rows.len();
        self.rows.push(row);
        let earlier = if !subject_id.is_empty() {
            self.by_subject.get(subject_id).copied()
        } else if !cii_number.is_empty() {
            self.by_cii.get(cii_number).copied()
        } else {
            None
        };
        if let Some(first) = earlier {
            self.duplicates.entry(first).or_default().push(i);
            return;
        }
        if !subject_id.is_empty() {
            self.by_subject.insert(subject_id.to_string(), i);
        }
        if !cii_number.is_empty() {
            self.by_cii.entry(cii_number.to_string()).or_insert(i);
        }
    }

    /// The encoding the file was read in; `None` without a contacts file.
    pub fn encoding(&self) -> Option<Encoding> {
        self.encoding
    }

    fn source(&self, row: usize) -> Source {
        Source {
            file: self.file.clone(),
            line: self.rows[row].line,
        }
    }

    /// The row a person's letter is addressed from: by subject id, else by CII number.
    fn find(&self, person: &Person) -> Option<usize> {
        self.by_subject
            .get(&person.subject_id)
            .copied()
            .or_else(|| {
                (!person.cii.is_empty())
                    .then(|| self.by_cii.get(&person.cii).copied())
                    .flatten()
            })
    }

    /// The contact a person's letter is addressed from, if its row could be read: for a front
    /// end that shows it next to the court record.
    pub fn contact(&self, person: &Person) -> Option<&Contact> {
        self.find(person)
            .and_then(|r| self.rows[r].read.as_ref().ok())
    }

    /// How the rows were used by `people`, the people of the input.
    pub fn counts(&self, people: &[Person]) -> ContactCounts {
        let used: HashSet<usize> = people.iter().filter_map(|p| self.find(p)).collect();
        let duplicates: usize = self.duplicates.values().map(Vec::len).sum();
        let repeated: HashSet<usize> = self.duplicates.values().flatten().copied().collect();
        let broken = (0..self.rows.len())
            .filter(|i| !repeated.contains(i) && self.rows[*i].read.is_err())
            .count();
        let used_read = used.iter().filter(|i| self.rows[**i].read.is_ok()).count();
        ContactCounts {
            contacts_rows: self.rows.len(),
            contacts_used: used_read,
            contacts_unmatched: self.rows.len() - duplicates - broken - used_read,
            contacts_broken: broken,
            contacts_duplicates: duplicates,
        }
    }

    /// What `exceptions.csv` lists of the contacts of `person`, who gets a letter: the row that
    /// could not be read, and the rows that repeat it.
    pub fn issues_of(&self, person: &Person) -> Vec<ContactIssue> {
        let Some(row) = self.find(person) else {
            return Vec::new();
        };
        let mut issues = Vec::new();
        if let Err(why) = &self.rows[row].read {
            issues.push(ContactIssue {
                source: self.source(row),
                person_ref: person.person_ref.clone(),
                code: ExceptionCode::UnreadableContact,
                message: why.to_string(),
            });
        }
        for &d in self.duplicates.get(&row).into_iter().flatten() {
            issues.push(ContactIssue {
                source: self.source(d),
                person_ref: person.person_ref.clone(),
                code: ExceptionCode::DuplicateContact,
                message: format!(
                    "another contacts row for this person; the first, line {}, is used",
                    self.rows[row].line
                ),
            });
        }
        issues
    }

    /// Rows that name nobody, or could not be read far enough to know whom they name: listed in
    /// `exceptions.csv` without a person, as they may be anyone's.
    pub fn orphans(&self) -> Vec<ContactIssue> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                r.read.is_err()
                    && !self.by_subject.values().any(|v| v == i)
                    && !self.by_cii.values().any(|v| v == i)
                    && !self.duplicates.values().flatten().any(|v| v == i)
            })
            .map(|(i, r)| ContactIssue {
                source: self.source(i),
                person_ref: PersonRef::default(),
                code: ExceptionCode::UnreadableContact,
                message: r
                    .read
                    .as_ref()
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default(),
            })
            .collect()
    }

    pub fn recipient(&self, person: &Person) -> Recipient {
        let name = upper_clean(&person.name.display());
        let row = self.find(person);
        let contact = row.map(|r| &self.rows[r].read);
        let language = contact
            .and_then(|c| c.as_ref().ok())
            .map(|c| language_word(&c.language))
            .unwrap_or_default();
        let spanish = SPANISH.contains(&language.as_str());
        let english = language.is_empty() || ENGLISH.contains(&language.as_str());
        let other_language = !spanish && !english;
        let address = match contact {
            None => Err("no contact for this person".to_string()),
            Some(Err(why)) => Err(why.to_string()),
            Some(Ok(c)) => normalise(c),
        };
        let from = row.map(|r| self.source(r));
        match address {
            Ok((lines, zip)) => {
                let mut all = vec![name];
                all.extend(lines);
                Recipient {
                    lines: all,
                    mailable: Ok(()),
                    from,
                    zip,
                    spanish,
                    other_language,
                }
            }
            Err(reason) => Recipient {
                lines: vec![name],
                mailable: Err(reason),
                from,
                zip: String::new(),
                spanish,
                other_language,
            },
        }
    }
}

/// Finds the column of every field (header names compared in lower case), or refuses the file
/// naming what is missing.
fn map_columns(
    shown: &str,
    header: &[String],
    profile: &ContactsProfile,
) -> Result<[Option<usize>; CONTACT_FIELDS], Error> {
    let mut columns = [None; CONTACT_FIELDS];
    for (field, names) in &profile.columns {
        columns[*field as usize] = names.names().iter().find_map(|n| {
            let n = n.trim().to_lowercase();
            header.iter().position(|h| *h == n)
        });
    }
    let mut missing: Vec<String> = REQUIRED
        .iter()
        .filter(|f| columns[**f as usize].is_none())
        .map(|f| profile.names(*f))
        .collect();
    if columns[ContactField::SubjectId as usize].is_none()
        && columns[ContactField::CiiNumber as usize].is_none()
    {
        missing.insert(
            0,
            format!(
                "{} or {}",
                profile.names(ContactField::SubjectId),
                profile.names(ContactField::CiiNumber)
            ),
        );
    }
    if missing.is_empty() {
        return Ok(columns);
    }
    Err(Error::Columns {
        file: shown.to_string(),
        message: format!(
            "required contacts column {} not found in the header (profile `{}`; map an export's own headers with --contacts-profile FILE)",
            missing.join(", "),
            profile.name
        ),
    })
}

/// Upper case, punctuation removed (Pub 28 § 2), spaces squashed.
fn upper_clean(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '#' || c == '-' || c == '/' || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .filter(|c| *c != '\'')
        .collect();
    kept.to_uppercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The delivery line(s) and last line of an address, or why it cannot be mailed.
fn normalise(c: &Contact) -> Result<(Vec<String>, String), String> {
    let mut line1 = upper_clean(&c.address1);
    let line2 = upper_clean(&c.address2);
    if line1.is_empty() {
        return Err("no street address".into());
    }
    let mut lines = Vec::new();
    if !line2.is_empty() {
        if UNIT_DESIGNATORS.iter().any(|d| line2.starts_with(d)) {
            line1 = format!("{line1} {line2}"); // the unit goes at the end of the delivery line
        } else {
            lines.push(line2);
        }
    }
    lines.insert(0, line1);
    let city = upper_clean(&c.city);
    if city.is_empty() {
        return Err("no city".into());
    }
    let state =
        state_code(&c.state).ok_or_else(|| format!("unknown state `{}`", c.state.trim()))?;
    let zip = zip_code(&c.zip).ok_or_else(|| format!("invalid ZIP `{}`", c.zip.trim()))?;
    lines.push(format!("{city} {state}  {zip}"));
    Ok((lines, zip))
}

fn state_code(text: &str) -> Option<&'static str> {
    let t = upper_clean(text).replace('.', "");
    STATES
        .iter()
        .find(|(name, code)| *name == t || *code == t)
        .map(|(_, code)| *code)
}

/// `90012`, `90012-1234`, or nine digits; anything else is not a ZIP.
fn zip_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (five, four) = match digits.split_once('-') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None if digits.len() == 9 => (digits[..5].to_string(), digits[5..].to_string()),
        None => (digits.clone(), String::new()),
    };
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if five.len() != 5
        || !all_digits(&five)
        || five == "00000"
        || !(four.is_empty() || (four.len() == 4 && all_digits(&four)))
    {
        return None;
    }
    Some(if four.is_empty() {
        five
    } else {
        format!("{five}-{four}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(a1: &str, a2: &str, city: &str, state: &str, zip: &str) -> Contact {
        Contact {
            address1: a1.into(),
            address2: a2.into(),
            city: city.into(),
            state: state.into(),
            zip: zip.into(),
            ..Default::default()
        }
    }

    fn default_profile() -> ContactsProfile {
        ContactsProfile::parse(
            include_str!("../../forms/profiles/contacts.toml"),
            "contacts.toml",
        )
        .unwrap()
    }

    #[test]
    fn row_by_row_first_wins_and_broken_rows_are_kept() {
        let csv = "SUBJECT_ID,cii_number,name,address1,address2,city,state,zip,language\n\
                   1,,A,1 A St,,Fresno,CA,93701,Spanish (Mexico)\n\
                   2,,B,2 B St,,Fresno,CA\n\
                   1,,A,9 Z St,,Fresno,CA,93702,en\n\
                   ,,C,3 C St,,Fresno,CA,93703,\n\
                   4,,D,4 D\u{1}St,,Fresno,CA,93704,\n";
        let c = Contacts::read("c.csv", csv.as_bytes(), &default_profile()).unwrap();
        assert_eq!(c.rows.len(), 5);
        assert_eq!(c.by_subject["1"], 0);
        assert_eq!(c.duplicates[&0], [2]);
        assert_eq!(
            c.rows[1].read.as_ref().unwrap_err(),
            &Unreadable::Width {
                fields: 7,
                header: 9
            }
        );
        assert_eq!(c.rows[3].read.as_ref().unwrap_err(), &Unreadable::NoId);
        assert!(matches!(c.rows[4].read, Err(Unreadable::Cell { .. })));
        assert_eq!(c.rows[1].line, 3);
        assert_eq!(c.orphans().len(), 1);
        assert_eq!(language_word(" Spanish (Mexico)"), "spanish");
        assert_eq!(language_word("es-MX"), "es");
    }

    #[test]
    fn a_profile_joins_name_columns_and_zip4() {
        let profile = ContactsProfile::parse(
            r#"
name = "export"
[columns]
cii_number = "CII"
first_name = "First"
last_name = "Last"
address1 = "Street"
city = "City"
state = "ST"
zip = "Zip"
zip4 = "Plus4"
"#,
            "export.toml",
        )
        .unwrap();
        let csv =
            "cii , Last,First,street,city,st,zip,plus4\nA1,Peña,Rosa,1 A St,Fresno,CA,93701,1234\n";
        let c = Contacts::read("e.csv", csv.as_bytes(), &profile).unwrap();
        let row = c.rows[0].read.as_ref().unwrap();
        assert_eq!(row.name, "Rosa Peña");
        assert_eq!(row.zip, "93701-1234");
        assert_eq!(c.by_cii["A1"], 0);
        let e = Contacts::read("e.csv", b"cii,street,city,st\n", &profile)
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("`Zip`") && !e.contains("`City`"), "{e}");
    }

    #[test]
    fn pub28_style() {
        let (lines, zip) = normalise(&contact(
            "123 Main St.",
            "Apt. 4",
            "Los Angeles",
            "california",
            "90012-1234",
        ))
        .unwrap();
        assert_eq!(lines, ["123 MAIN ST APT 4", "LOS ANGELES CA  90012-1234"]);
        assert_eq!(zip, "90012-1234");
        let (lines, _) = normalise(&contact("9 Elm Ave", "", "Fresno", "Ca", "937011234")).unwrap();
        assert_eq!(lines[1], "FRESNO CA  93701-1234");
        assert!(
            normalise(&contact("9 Elm Ave", "", "Fresno", "CA", "9370"))
                .unwrap_err()
                .contains("ZIP")
        );
        assert!(
            normalise(&contact("9 Elm Ave", "", "Fresno", "Narnia", "93701"))
                .unwrap_err()
                .contains("state")
        );
        assert!(normalise(&contact("", "", "Fresno", "CA", "93701")).is_err());
    }
}
