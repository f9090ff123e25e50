//! The keys documents are filed, paired and mailed by: a court, a person, a case.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::CaseNumber;

/// A court, as an index into the courts of `forms/courts.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CourtId(pub usize);

/// A court's slug (`los-angeles`): its folder and its name in lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CourtSlug(String);

impl CourtSlug {
    pub fn new(slug: &str) -> CourtSlug {
        CourtSlug(slug.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CourtSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A reference that names a person in file names and lists without identifying them to a reader:
/// a hash of the DOJ subject id.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonRef(String);

impl PersonRef {
    pub fn of_subject(subject_id: &str) -> PersonRef {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("clearpress/person/{subject_id}").as_bytes());
        PersonRef(format!("p{}", &super::hex(&digest)[..10]))
    }

    /// A reference as clearpress writes it (`p` and ten hexadecimal digits), read back.
    pub fn parse(text: &str) -> Option<PersonRef> {
        let t = text.trim();
        let hex = t.strip_prefix('p')?;
        (hex.len() == 10 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| PersonRef(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for PersonRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The case numbers a document concerns, in order; written `;`-separated in CSV files.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CaseNumbers(pub Vec<CaseNumber>);

impl CaseNumbers {
    pub fn joined(&self, sep: &str) -> String {
        self.0
            .iter()
            .map(CaseNumber::as_str)
            .collect::<Vec<_>>()
            .join(sep)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What a case's petition and order are filed under: the first number, as in the file name.
    pub fn stem(&self) -> String {
        self.0
            .first()
            .map(CaseNumber::file_stem)
            .unwrap_or_default()
    }
}

impl Serialize for CaseNumbers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.joined(";"))
    }
}

impl<'de> Deserialize<'de> for CaseNumbers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CaseNumbers, D::Error> {
        let text = String::deserialize(d)?;
        Ok(CaseNumbers(CaseNumber::parse_list(&text)))
    }
}

impl fmt::Display for CaseNumbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.joined(";"))
    }
}
