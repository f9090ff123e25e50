//! The user's config file (TOML): the office, the signer and per-court settings. Without one, the
//! embedded sample office is used and every page is stamped "SAMPLE — NOT FOR FILING".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Forms;
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

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CourtConfig {
    #[serde(default)]
    pub filing: Filing,
    /// Whether an omnibus paper's Exhibit A has a date-of-birth column (courts match records by
    /// it); `exhibit_dob = false` leaves it out. Unset means yes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exhibit_dob: Option<bool>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub office: Office,
    pub signer: Signer,
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
        for slug in config.courts.keys() {
            if forms.court_by_slug(slug).is_none() {
                return Err(Error::config(
                    shown,
                    format!(
                        "[courts.{slug}]: no such court; a court's slug is its county in lower case with hyphens, e.g. los-angeles"
                    ),
                ));
            }
        }
        if config.office.help_phone.is_empty() {
            config.office.help_phone = config.office.phone.clone();
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

    /// Whether the court's omnibus exhibit lists dates of birth (yes unless its table says not).
    pub fn exhibit_dob(&self, slug: &str) -> bool {
        self.courts
            .get(slug)
            .and_then(|c| c.exhibit_dob)
            .unwrap_or(true)
    }
}
