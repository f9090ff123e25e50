//! Contacts: who gets a letter where. Joined on `subject_id`, else `cii_number`; addresses are
//! normalised to USPS Publication 28 style (upper case, no punctuation but the ZIP+4 hyphen,
//! two-letter state, unit designator at the end of the delivery line).

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::Error;
use crate::model::Person;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub subject_id: String,
    pub cii_number: String,
    pub name: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub language: String,
}

#[derive(Default)]
pub struct Contacts {
    by_subject: HashMap<String, Contact>,
    by_cii: HashMap<String, Contact>,
}

/// Where and how one person's letter goes.
pub struct Recipient {
    /// The address block, normalised; just the name when there is no usable address.
    pub lines: Vec<String>,
    /// `Err(reason)` when the letter cannot be mailed.
    pub mailable: Result<(), String>,
    pub zip: String,
    pub spanish: bool,
    /// Reads neither English nor Spanish: the letter carries the taglines.
    pub other_language: bool,
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
    pub fn parse(bytes: &[u8], shown: &str) -> Result<Contacts, Error> {
        let shown = shown.to_string();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(body);
        let headers = reader
            .headers()
            .map_err(|e| Error::input(&shown, e.to_string()))?
            .clone();
        for required in ["address1", "city", "state", "zip"] {
            if !headers.iter().any(|h| h == required) {
                return Err(Error::input(
                    &shown,
                    format!(
                        "required column `{required}` not found; the contacts header is subject_id,cii_number,name,address1,address2,city,state,zip,language"
                    ),
                ));
            }
        }
        if !headers
            .iter()
            .any(|h| h == "subject_id" || h == "cii_number")
        {
            return Err(Error::input(
                &shown,
                "neither `subject_id` nor `cii_number` column: contacts cannot be joined to people"
                    .into(),
            ));
        }
        let mut contacts = Contacts::default();
        for (i, row) in reader.deserialize::<Contact>().enumerate() {
            let contact = row.map_err(|e| Error::input(&shown, format!("line {}: {e}", i + 2)))?;
            if !contact.subject_id.is_empty() {
                contacts
                    .by_subject
                    .entry(contact.subject_id.clone())
                    .or_insert_with(|| contact.clone());
            }
            if !contact.cii_number.is_empty() {
                contacts
                    .by_cii
                    .entry(contact.cii_number.clone())
                    .or_insert(contact);
            }
        }
        Ok(contacts)
    }

    fn find(&self, person: &Person) -> Option<&Contact> {
        self.by_subject.get(&person.subject_id).or_else(|| {
            (!person.cii.is_empty())
                .then(|| self.by_cii.get(&person.cii))
                .flatten()
        })
    }

    pub fn recipient(&self, person: &Person) -> Recipient {
        let name = upper_clean(&person.name.display());
        let contact = self.find(person);
        let language = contact
            .map(|c| c.language.trim().to_lowercase())
            .unwrap_or_default();
        let spanish = matches!(
            language.as_str(),
            "es" | "spa" | "spanish" | "español" | "espanol"
        );
        let english = language.is_empty() || matches!(language.as_str(), "en" | "eng" | "english");
        let other_language = !spanish && !english;
        let address = match contact {
            None => Err("no contact for this person".to_string()),
            Some(c) => normalise(c),
        };
        match address {
            Ok((lines, zip)) => {
                let mut all = vec![name];
                all.extend(lines);
                Recipient {
                    lines: all,
                    mailable: Ok(()),
                    zip,
                    spanish,
                    other_language,
                }
            }
            Err(reason) => Recipient {
                lines: vec![name],
                mailable: Err(reason),
                zip: String::new(),
                spanish,
                other_language,
            },
        }
    }
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
