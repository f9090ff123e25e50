//! What a file of a run is: the `kind` column of `manifest.csv`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Every kind of file a run lists. The first nine are documents rendered from a template (see
/// `forms/documents.toml`); the rest are made from documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Petition,
    Order,
    Letter,
    NoticeUnchallenged,
    NoticeChallenged,
    Transmittal,
    CourtIndex,
    OmnibusMotion,
    OmnibusOrder,
    /// A court's documents joined into one PDF volume.
    Combined,
    /// A court's zip.
    Package,
    /// A print file of the mail run.
    MailRun,
    /// A CSV or JSON list.
    Data,
}

impl Kind {
    pub const DOCUMENTS: [Kind; 9] = [
        Kind::Petition,
        Kind::Order,
        Kind::Letter,
        Kind::NoticeUnchallenged,
        Kind::NoticeChallenged,
        Kind::Transmittal,
        Kind::CourtIndex,
        Kind::OmnibusMotion,
        Kind::OmnibusOrder,
    ];

    /// The manifest's name of the kind.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Petition => "petition",
            Kind::Order => "order",
            Kind::Letter => "letter",
            Kind::NoticeUnchallenged => "notice-unchallenged",
            Kind::NoticeChallenged => "notice-challenged",
            Kind::Transmittal => "transmittal",
            Kind::CourtIndex => "court-index",
            Kind::OmnibusMotion => "omnibus-motion",
            Kind::OmnibusOrder => "omnibus-order",
            Kind::Combined => "combined",
            Kind::Package => "package",
            Kind::MailRun => "mail-run",
            Kind::Data => "data",
        }
    }

    /// The order a clerk reads a court's package in: cover letter, notices, omnibus papers, then
    /// each petition followed by its order.
    pub fn filing_rank(self) -> u8 {
        match self {
            Kind::Transmittal => 0,
            Kind::NoticeUnchallenged => 1,
            Kind::NoticeChallenged => 2,
            Kind::OmnibusMotion => 3,
            Kind::OmnibusOrder => 4,
            Kind::Petition | Kind::Order => 5,
            _ => 9,
        }
    }
}

/// The filings a court's documents are e-filed in (`courts/<slug>/envelopes.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FilingGroup {
    /// A case's petition, its proposed order attached.
    Case,
    /// The omnibus motion (with its exhibit), its proposed order attached.
    Omnibus,
    /// A § 11361.9 notice, on its own.
    Notice,
    /// The transmittal letter, the court's index attached.
    Transmittal,
}

impl Kind {
    /// The filing a document of this kind goes in, and whether it leads it; `None` for what is
    /// not filed (letters, the combined volumes and zips made of documents, lists).
    pub fn filing_role(self) -> Option<(FilingGroup, bool)> {
        match self {
            Kind::Petition => Some((FilingGroup::Case, true)),
            Kind::Order => Some((FilingGroup::Case, false)),
            Kind::OmnibusMotion => Some((FilingGroup::Omnibus, true)),
            Kind::OmnibusOrder => Some((FilingGroup::Omnibus, false)),
            Kind::NoticeUnchallenged | Kind::NoticeChallenged => Some((FilingGroup::Notice, true)),
            Kind::Transmittal => Some((FilingGroup::Transmittal, true)),
            Kind::CourtIndex => Some((FilingGroup::Transmittal, false)),
            Kind::Letter | Kind::Combined | Kind::Package | Kind::MailRun | Kind::Data => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(text: &str) -> Result<Kind, String> {
        Kind::DOCUMENTS
            .into_iter()
            .chain([Kind::Combined, Kind::Package, Kind::MailRun, Kind::Data])
            .find(|k| k.name() == text)
            .ok_or_else(|| format!("unknown kind `{text}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names_and_parse_back() {
        for k in Kind::DOCUMENTS.into_iter().chain([
            Kind::Combined,
            Kind::Package,
            Kind::MailRun,
            Kind::Data,
        ]) {
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::from(k.name())
            );
            assert_eq!(k.name().parse::<Kind>(), Ok(k));
        }
        assert!("petiton".parse::<Kind>().is_err());
    }
}
