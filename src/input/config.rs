//! The user's config file (TOML): the office, the signer and per-court settings. Without one, the
//! embedded sample office is used and every page is stamped "SAMPLE — NOT FOR FILING".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Efiling, EfilingOverride, Forms};
use crate::assets::Assets;
use crate::error::Error;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    pub address: Vec<String>,
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// The neutral sender name in the letter's return address.
    #[serde(default = "default_return_name")]
    pub return_name: String,
    /// The number people call about their letter; the office phone when not given.
    #[serde(default)]
    pub help_phone: String,
    #[serde(default)]
    pub fax: String,
    /// The elected head of the office, in whose name the deputy signs ("By:"); when not given, the
    /// signer signs alone.
    #[serde(default)]
    pub elected_name: String,
    #[serde(default = "default_elected_title")]
    pub elected_title: String,
    #[serde(default)]
    pub elected_bar_number: String,
    /// Free legal help the letters point to (a public defender's clean-slate line, legal aid).
    #[serde(default)]
    pub legal_help: Option<LegalHelp>,
}

fn default_elected_title() -> String {
    "District Attorney".into()
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalHelp {
    pub name: String,
    pub phone: String,
}

/// The public defender a court's challenged cases are served on (§ 11361.9).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PublicDefender {
    /// "Office of the Public Defender, County of <County>" when not given.
    #[serde(default)]
    pub name: String,
    /// Blank lines in the proof of service, to fill in by hand, when not given.
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub email: String,
}

/// How the People's papers are signed: "/s/" for e-filing (CRC 2.257), a line for wet ink.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    #[default]
    Electronic,
    WetInk,
}

/// Which procedure the papers follow. Until July 1, 2020 the People reviewed the cases DOJ
/// identified and gave the court notice of those they did and did not challenge (§ 11361.9);
/// after it, they move for relief under § 11361.8 and file no challenge notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Procedure {
    ReviewFrame,
    Motion,
}

impl Procedure {
    /// The last day of the § 11361.9 review: the prosecution's deadline to challenge.
    pub fn review_deadline() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 7, 1).unwrap_or_default()
    }

    pub fn for_date(as_of: NaiveDate) -> Procedure {
        if as_of <= Procedure::review_deadline() {
            Procedure::ReviewFrame
        } else {
            Procedure::Motion
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Procedure::ReviewFrame => "review-frame",
            Procedure::Motion => "motion",
        }
    }
}

/// What to do with the cases of a person DOJ reports deceased.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deceased {
    /// Hold them for review: no paper says the person "completed the sentence".
    #[default]
    Hold,
    /// File them, the papers saying the person is reported deceased.
    File,
}

/// The office's choices that are not about one court.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Chosen by the as-of date when not given.
    #[serde(default)]
    pub procedure: Option<Procedure>,
    #[serde(default)]
    pub deceased: Deceased,
}

fn default_return_name() -> String {
    "Records Unit".into()
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: String,
    pub title: String,
    pub bar_number: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Filing {
    #[default]
    PerCase,
    Omnibus,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CourtConfig {
    #[serde(default)]
    pub filing: Filing,
    /// This court's office and signer, where they differ from `[office]` and `[signer]`.
    #[serde(default)]
    pub office: Option<Office>,
    #[serde(default)]
    pub signer: Option<Signer>,
    #[serde(default)]
    pub public_defender: PublicDefender,
    #[serde(default)]
    pub signature: Signature,
    /// Print the CII number under the case number, for the court and DOJ to match the record.
    #[serde(default = "yes")]
    pub print_cii: bool,
    /// The court's e-filing settings over `forms/efiling.toml` (`[courts.<slug>.efiling]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efiling: Option<EfilingOverride>,
    /// Whether an omnibus paper's Exhibit A has a date-of-birth column (courts match records by
    /// it); `exhibit_dob = false` leaves it out.
    #[serde(default = "yes")]
    pub exhibit_dob: bool,
}

fn yes() -> bool {
    true
}

impl Default for CourtConfig {
    fn default() -> CourtConfig {
        CourtConfig {
            filing: Filing::default(),
            office: None,
            signer: None,
            public_defender: PublicDefender::default(),
            signature: Signature::default(),
            print_cii: true,
            efiling: None,
            exhibit_dob: true,
        }
    }
}

/// Who files in one court, and how: the court's table resolved against the defaults.
pub struct CourtOffice<'a> {
    pub office: &'a Office,
    pub signer: &'a Signer,
    pub court: &'a CourtConfig,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub office: Office,
    pub signer: Signer,
    #[serde(default)]
    pub policy: Policy,
    #[serde(default)]
    pub courts: BTreeMap<String, CourtConfig>,
    /// True for the embedded sample: every page is stamped.
    #[serde(skip)]
    pub sample: bool,
}

impl Config {
    /// Parses a config file; `shown` names it in messages (TOML errors carry line and column).
    pub fn parse(text: &str, shown: &str, forms: &Forms) -> Result<Config, Error> {
        let mut config: Config = toml::from_str(text).map_err(|e| Error::config(shown, e))?;
        for (slug, court) in &config.courts {
            let Some(id) = forms.court_by_slug(slug) else {
                return Err(Error::config(
                    shown,
                    format!(
                        "[courts.{slug}]: no such court; a court's slug is its county in lower case with hyphens, e.g. los-angeles"
                    ),
                ));
            };
            if let Some(over) = &court.efiling {
                forms
                    .efiling
                    .resolve(forms.court(id), Some(over))
                    .map_err(|e| Error::config(shown, format!("[courts.{slug}.efiling]: {e}")))?;
            }
        }
        let offices = std::iter::once(&mut config.office)
            .chain(config.courts.values_mut().filter_map(|c| c.office.as_mut()));
        for office in offices {
            if office.help_phone.is_empty() {
                office.help_phone = office.phone.clone();
            }
        }
        Ok(config)
    }

    pub fn sample(assets: &Assets, forms: &Forms) -> Result<Config, Error> {
        let path = "forms/sample-config.toml";
        let mut config = Config::parse(assets.text(path)?, &assets.shown(path), forms)?;
        config.sample = true;
        Ok(config)
    }

    pub fn filing(&self, slug: &str) -> Filing {
        self.courts.get(slug).map(|c| c.filing).unwrap_or_default()
    }

    /// Who files in a court: `None` for a court the config has no `[courts.<slug>]` table for,
    /// which this office does not file in. The sample files in every court.
    pub fn court_office(&self, slug: &str) -> Option<CourtOffice<'_>> {
        static SAMPLE_COURT: std::sync::OnceLock<CourtConfig> = std::sync::OnceLock::new();
        let court = match self.courts.get(slug) {
            Some(c) => c,
            None if self.sample => SAMPLE_COURT.get_or_init(CourtConfig::default),
            None => return None,
        };
        Some(CourtOffice {
            office: court.office.as_ref().unwrap_or(&self.office),
            signer: court.signer.as_ref().unwrap_or(&self.signer),
            court,
        })
    }

    /// The office and signer on a court's papers: the court's own, else the defaults.
    pub fn signing(&self, slug: &str) -> (&Office, &Signer) {
        self.court_office(slug)
            .map_or((&self.office, &self.signer), |o| (o.office, o.signer))
    }

    /// Whether the court's omnibus exhibit lists dates of birth (yes unless its table says not).
    pub fn exhibit_dob(&self, slug: &str) -> bool {
        self.court_office(slug).is_none_or(|o| o.court.exhibit_dob)
    }

    /// The procedure the papers follow on `as_of`.
    pub fn procedure(&self, as_of: NaiveDate) -> Procedure {
        self.policy
            .procedure
            .unwrap_or_else(|| Procedure::for_date(as_of))
    }

    /// Whether the config sets any of the court's e-filing settings (else they are the shipped
    /// placeholders, to confirm).
    pub fn has_efiling(&self, slug: &str) -> bool {
        self.courts.get(slug).is_some_and(|c| c.efiling.is_some())
    }

    /// The court's e-filing settings: the config's over the forms'. Checked when the config was
    /// read, so an error here is the forms' (an edited `forms/efiling.toml`).
    pub fn efiling(&self, forms: &Forms, court: crate::model::CourtId) -> Result<Efiling, Error> {
        let c = forms.court(court);
        let over = self.courts.get(&c.slug).and_then(|c| c.efiling.as_ref());
        forms
            .efiling
            .resolve(c, over)
            .map_err(|e| Error::config("forms/efiling.toml", format!("[courts.{}]: {e}", c.slug)))
    }
}
