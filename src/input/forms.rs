//! Jurisdiction data from `forms/`: the courts, the statutes, what each determination routes to,
//! and the list of documents. Data, not code: a county edits these files, not Rust.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::efiling::EfilingForms;
use crate::assets::Assets;
use crate::error::Error;
use crate::input::config::Procedure;
use crate::model::{Count, CourtId, Kind, Remedy, Route};

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

/// The words of one procedure (`forms/papers.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureWords {
    /// What the People's motion title starts with.
    pub prefix: String,
}

/// The citation of one track of § 11361.8 (`forms/papers.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Track {
    pub cite: String,
    pub cite_review: String,
}

impl Track {
    pub fn cite(&self, procedure: Procedure) -> &str {
        match procedure {
            Procedure::ReviewFrame => &self.cite_review,
            Procedure::Motion => &self.cite,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tracks {
    pub serving: Track,
    pub completed: Track,
}

/// The words for one count's relief (`forms/papers.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relief {
    pub motion: String,
    pub order: String,
    pub short: String,
    pub label: String,
    pub column: String,
    pub letter: String,
    pub letter_es: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PapersFile {
    joiner: String,
    procedures: BTreeMap<Procedure, ProcedureWords>,
    tracks: Tracks,
    reliefs: BTreeMap<Remedy, Relief>,
}

/// Why a case is not eligible, in words (`forms/grounds.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ground {
    reason: String,
    words: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroundsFile {
    ground: Vec<Ground>,
}

/// A title and its footer, put together from a document's patterns.
#[derive(Clone, Debug, Default)]
pub struct Titles {
    pub title: String,
    pub footer: String,
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

/// The words of a later wave (`forms/waves.toml`); `{title}` stands for the first filing's title.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaveWords {
    pub amended_petition: String,
    pub amended_order: String,
    pub supplemental: String,
}

pub struct Forms {
    pub courts: Vec<Court>,
    by_county: HashMap<String, usize>,
    pub statutes: Vec<Statute>,
    routes: HashMap<String, Route>,
    pub documents: Vec<DocumentDef>,
    papers: PapersFile,
    grounds: Vec<Ground>,
    pub envelope: Envelope,
    /// For a letter whose reader speaks neither English nor Spanish: a line per language saying
    /// whom to call, `{phone}` standing for the help line.
    pub taglines: Vec<String>,
    pub waves: WaveWords,
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
        if papers.procedures.len() != 2 || papers.reliefs.len() != Remedy::ALL.len() {
            return Err(Error::config(
                &shown,
                "expected the two [procedures.…] tables and the six [reliefs.…] tables as shipped",
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
            grounds: load::<GroundsFile>(assets, "forms/grounds.toml")?.ground,
            envelope: load(assets, "forms/envelope.toml")?,
            taglines: load::<TaglinesFile>(assets, "forms/taglines.toml")?.lines,
            waves: load(assets, "forms/waves.toml")?,
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

    /// A document's title and footer from its patterns, each `{key}` filled in from `fill`; the
    /// footer is the title where the document has no shorter one.
    pub fn titles(&self, kind: Kind, fill: &[(&str, &str)]) -> Titles {
        let def = self.document(kind);
        let put = |pattern: &str| {
            fill.iter().fold(pattern.to_string(), |s, (key, value)| {
                s.replace(&format!("{{{key}}}"), value)
            })
        };
        let title = put(def.title.as_deref().unwrap_or_default());
        let footer = def
            .footer
            .as_deref()
            .map(put)
            .unwrap_or_else(|| title.clone());
        Titles { title, footer }
    }

    pub fn procedure(&self, procedure: Procedure) -> &ProcedureWords {
        &self.papers.procedures[&procedure]
    }

    pub fn tracks(&self) -> &Tracks {
        &self.papers.tracks
    }

    pub fn relief(&self, remedy: Remedy) -> &Relief {
        &self.papers.reliefs[&remedy]
    }

    /// The phrases of several reliefs in one title, each once.
    pub fn joined(&self, phrases: impl IntoIterator<Item = String>) -> String {
        let mut seen: Vec<String> = Vec::new();
        for p in phrases {
            if !seen.contains(&p) {
                seen.push(p);
            }
        }
        seen.join(&self.papers.joiner)
    }

    /// The ground printed for a challenged count: a reviewer's note as written, or the words for
    /// gogen's reason; `None` when neither is known.
    pub fn ground_of<'a>(&'a self, count: &'a Count) -> Option<&'a str> {
        let note = count.reason.trim();
        match count.decided {
            true => (!note.is_empty()).then_some(note),
            false => self.ground(note),
        }
    }

    /// The ground printed for gogen's reason a case is not eligible; `None` when the reason is
    /// blank or not in `forms/grounds.toml`.
    pub fn ground(&self, reason: &str) -> Option<&str> {
        let reason = reason.trim();
        self.grounds
            .iter()
            .find(|g| !reason.is_empty() && g.reason.trim().eq_ignore_ascii_case(reason))
            .map(|g| g.words.as_str())
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
