//! Jurisdiction data from `forms/`: the courts, the statutes, what each determination routes to,
//! and the list of documents. Data, not code: a county edits these files, not Rust.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::efiling::EfilingForms;
use crate::assets::Assets;
use crate::error::Error;
use crate::model::{CourtId, Kind, Remedy, Route};

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Court {
    pub county: String,
    pub slug: String,
    #[serde(default)]
    pub courthouse: String,
    #[serde(default)]
    pub address: Vec<String>,
}

impl Court {
    /// "Superior Court of California, County of <County>".
    pub fn official_name(&self) -> String {
        format!("Superior Court of California, County of {}", self.county)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statute {
    pub section: String,
    pub title: String,
    pub title_es: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeterminationRule {
    value: String,
    route: Route,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDef {
    pub kind: Kind,
    pub template: String,
    /// No longer used (what a document is per follows from its kind); accepted so that a
    /// documents.toml exported by an earlier version still loads.
    #[serde(default, rename = "scope")]
    _scope: Option<serde::de::IgnoredAny>,
    pub file: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub footer: Option<String>,
}

/// A case's paper (`forms/papers.toml`): what it is called and cites, by the relief it asks for.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// "petition" or "application", as the order refers to it.
    pub paper: String,
    pub title: String,
    pub cite: String,
}

/// The words for one count's relief (`forms/papers.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relief {
    pub label: String,
    pub short: String,
    pub letter: String,
    pub letter_es: String,
}

/// Which paper a case gets, from the set of reliefs on its counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaperKind {
    Resentence,
    DismissAndRedesignate,
    Redesignate,
    Dismiss,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PapersFile {
    papers: std::collections::BTreeMap<PaperKind, Paper>,
    reliefs: std::collections::BTreeMap<Remedy, Relief>,
}

/// A window of the envelope, in inches from the top-left corner of the folded sheet's first panel.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clearance {
    pub inches: f64,
}

/// `forms/envelope.toml`: where the windows are, how much clear space the address needs.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub return_window: Window,
    pub recipient_window: Window,
    pub clearance: Clearance,
    pub private_below: f64,
}

/// The recipient block's line pitch in the letter template: 11 pt type, single-spaced.
pub const ADDRESS_LINE_INCHES: f64 = 14.3 / 72.0;

impl Envelope {
    /// Where the letter prints a window's block: inside it by the clearance, in whole points.
    pub fn block(&self, w: Window) -> (u64, u64, u64) {
        let c = self.clearance.inches;
        let pt = |inches: f64| (inches * 72.0).round().max(0.0) as u64;
        (pt(w.left + c), pt(w.top + c), pt(w.width - 2.0 * c))
    }

    /// How many address lines fit in the recipient window with the clearance kept above and below.
    pub fn max_address_lines(&self) -> usize {
        ((self.recipient_window.height - 2.0 * self.clearance.inches) / ADDRESS_LINE_INCHES).floor()
            as usize
    }
}

#[derive(Deserialize)]
struct CourtsFile {
    court: Vec<Court>,
}
#[derive(Deserialize)]
struct StatutesFile {
    statute: Vec<Statute>,
}
#[derive(Deserialize)]
struct DeterminationsFile {
    determination: Vec<DeterminationRule>,
}
#[derive(Deserialize)]
struct DocumentsFile {
    document: Vec<DocumentDef>,
}
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaglinesFile {
    lines: Vec<String>,
}

pub struct Forms {
    pub courts: Vec<Court>,
    by_county: HashMap<String, usize>,
    pub statutes: Vec<Statute>,
    routes: HashMap<String, Route>,
    pub documents: Vec<DocumentDef>,
    papers: PapersFile,
    pub envelope: Envelope,
    /// For a letter whose reader speaks neither English nor Spanish: a line per language saying
    /// whom to call, `{phone}` standing for the help line.
    pub taglines: Vec<String>,
    /// E-filing settings: the defaults and any court's own (`forms/efiling.toml`).
    pub efiling: EfilingForms,
}

fn load<T: serde::de::DeserializeOwned>(assets: &Assets, path: &str) -> Result<T, Error> {
    toml::from_str(assets.text(path)?).map_err(|e| Error::config(&assets.shown(path), e))
}

impl Forms {
    pub fn load(assets: &Assets) -> Result<Forms, Error> {
        let courts = load::<CourtsFile>(assets, "forms/courts.toml")?.court;
        let by_county = courts
            .iter()
            .enumerate()
            .map(|(i, c)| (normalise_county(&c.county), i))
            .collect();
        let routes = load::<DeterminationsFile>(assets, "forms/determinations.toml")?
            .determination
            .into_iter()
            .map(|r| (r.value.trim().to_string(), r.route))
            .collect();
        let documents = load::<DocumentsFile>(assets, "forms/documents.toml")?.document;
        for kind in Kind::DOCUMENTS {
            let def = documents.iter().find(|d| d.kind == kind);
            // Every document filed with a court has a title: its caption's, and its e-filing
            // title (the letter is not filed).
            let titled = kind.filing_role().is_some();
            let problem = match def {
                None => "has no entry",
                Some(d) if titled && d.title.is_none() => "needs a `title`",
                _ => continue,
            };
            return Err(Error::config(
                &assets.shown("forms/documents.toml"),
                format!("the document `{kind}` {problem}"),
            ));
        }
        let papers: PapersFile = load(assets, "forms/papers.toml")?;
        let shown = assets.shown("forms/papers.toml");
        if papers.papers.len() != 4 || papers.reliefs.len() != 3 {
            return Err(Error::config(
                &shown,
                "expected the four [papers.…] tables and the three [reliefs.…] tables as shipped",
            ));
        }
        let efiling = EfilingForms::load(assets, &courts)?;
        Ok(Forms {
            efiling,
            courts,
            by_county,
            statutes: load::<StatutesFile>(assets, "forms/statutes.toml")?.statute,
            routes,
            documents,
            papers,
            envelope: load(assets, "forms/envelope.toml")?,
            taglines: load::<TaglinesFile>(assets, "forms/taglines.toml")?.lines,
        })
    }

    /// The court of a county as gogen writes it (`LOS ANGELES`, `San Joaquin`).
    pub fn court_of(&self, county: &str) -> Option<CourtId> {
        self.by_county
            .get(&normalise_county(county))
            .copied()
            .map(CourtId)
    }

    pub fn court_by_slug(&self, slug: &str) -> Option<CourtId> {
        self.courts.iter().position(|c| c.slug == slug).map(CourtId)
    }

    pub fn court(&self, id: CourtId) -> &Court {
        &self.courts[id.0]
    }

    /// What a determination routes to; `None` for a value the table does not know.
    pub fn route(&self, determination: &str) -> Option<Route> {
        self.routes.get(determination.trim()).copied()
    }

    /// The plain description of a code section (`11357`), if `forms/statutes.toml` has one.
    pub fn statute(&self, section: &str) -> Option<&Statute> {
        self.statutes.iter().find(|s| s.section == section)
    }

    /// A document's entry; `Forms::load` made sure every kind has one.
    pub fn document(&self, kind: Kind) -> &DocumentDef {
        self.documents
            .iter()
            .find(|d| d.kind == kind)
            .unwrap_or_else(|| unreachable!("forms/documents.toml is checked on load"))
    }

    /// A document's title, with `{title}` standing for `paper_title`.
    pub fn title(&self, kind: Kind, paper_title: &str) -> String {
        self.document(kind)
            .title
            .as_deref()
            .unwrap_or_default()
            .replace("{title}", paper_title)
    }

    pub fn paper(&self, kind: PaperKind) -> &Paper {
        &self.papers.papers[&kind]
    }

    pub fn relief(&self, remedy: Remedy) -> &Relief {
        &self.papers.reliefs[&remedy]
    }
}

fn normalise_county(county: &str) -> String {
    county
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_forms_load_and_cover_the_58_courts() {
        let forms = Forms::load(&Assets::embedded()).unwrap();
        assert_eq!(forms.courts.len(), 58);
        let la = forms.court_of("LOS ANGELES").unwrap();
        assert_eq!(forms.court(la).slug, "los-angeles");
        assert_eq!(
            forms.court_of(" san  joaquin "),
            forms.court_by_slug("san-joaquin")
        );
        assert_eq!(forms.court_of("NARNIA"), None);
        assert_eq!(forms.route("Eligible for Dismissal"), Some(Route::Dismiss));
        assert_eq!(forms.route("Not eligible"), Some(Route::Challenge));
        assert_eq!(forms.route(""), Some(Route::Review));
        assert_eq!(forms.route("Test is Eligible"), None);
        assert_eq!(
            forms.envelope.block(forms.envelope.recipient_window),
            (74, 146, 270)
        );
        assert_eq!(forms.envelope.max_address_lines(), 4);
        for d in &forms.documents {
            assert!(
                Assets::embedded()
                    .text(&format!("templates/{}", d.template))
                    .is_ok(),
                "{}",
                d.template
            );
        }
    }
}
