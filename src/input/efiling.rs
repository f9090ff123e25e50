//! E-filing settings per court (`forms/efiling.toml`, overridden under `[courts.<slug>.efiling]`
//! in the office config): the codes an e-filing service provider enters for each filing and the
//! limits each court's package is kept within. Codes are data: every court has its own lists.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Court;
use crate::assets::Assets;
use crate::error::Error;
use crate::model::Kind;

const FILE: &str = "forms/efiling.toml";

/// A court's e-filing settings, every one of them set.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Efiling {
    /// The court location code.
    pub location: String,
    pub case_category: String,
    pub case_type: String,
    pub filer_type: String,
    pub filing_action: FilingAction,
    pub largest_file: ByteSize,
    pub largest_envelope: ByteSize,
    pub file_names: FileNameRule,
    pub parties: Parties,
    pub components: Components,
    /// The filing code and document type of each kind of document filed.
    pub documents: BTreeMap<Kind, Codes>,
}

/// What the provider is asked to do with a filing (EfileProxyServer's `filing_action`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FilingAction {
    Efile,
    EfileAndServe,
    Serve,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileNameRule {
    /// The longest name, in characters.
    pub longest: usize,
    pub characters: CharSet,
}

impl FileNameRule {
    /// What is wrong with `name` under this rule, if anything.
    pub fn problem(&self, name: &str) -> Option<String> {
        let length = name.chars().count();
        if length > self.longest {
            return Some(format!(
                "file name has {length} characters; the court takes at most {}",
                self.longest
            ));
        }
        let bad: String = name.chars().filter(|&c| !self.characters.has(c)).collect();
        (!bad.is_empty()).then(|| {
            format!(
                "file name has characters the court does not take ({bad:?}); it takes {}",
                self.characters
            )
        })
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Parties {
    pub people_type: String,
    pub people_name: String,
    pub defendant_type: String,
}

/// Filing components: of the document that leads a filing, and of those attached to it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    pub lead: String,
    pub attachment: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Codes {
    pub filing_code: String,
    pub document_type: String,
}

/// A number of bytes, written "25 MB", "500 KB", "1.5 MB" or "1200000 bytes" (decimal units, as
/// e-filing systems state their limits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

impl FromStr for ByteSize {
    type Err = String;

    fn from_str(text: &str) -> Result<ByteSize, String> {
        let t = text.trim();
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (number, unit) = (&t[..split], t[split..].trim());
        let scale: u64 = match unit.to_ascii_lowercase().as_str() {
            "" | "b" | "byte" | "bytes" => 1,
            "kb" => 1_000,
            "mb" => 1_000_000,
            "gb" => 1_000_000_000,
            _ => 0,
        };
        match number.parse::<f64>() {
            Ok(n) if scale > 0 && n.is_finite() && n > 0.0 => {
                Ok(ByteSize((n * scale as f64).round() as u64))
            }
            _ => Err(format!(
                "`{text}` is not a size; write it like \"25 MB\", \"500 KB\" or \"1200000 bytes\""
            )),
        }
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        for (scale, unit) in [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "KB")] {
            if n >= scale && n.is_multiple_of(scale) {
                return write!(f, "{} {unit}", n / scale);
            }
        }
        if n >= 1_000_000 {
            write!(f, "{:.1} MB", n as f64 / 1e6)
        } else {
            write!(f, "{n} bytes")
        }
    }
}

impl Serialize for ByteSize {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ByteSize, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bytes(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Bytes(n) if n > 0 => Ok(ByteSize(n)),
            Raw::Bytes(_) => Err(serde::de::Error::custom("a size must be more than 0 bytes")),
            Raw::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// The characters a file name may use: single characters and ranges (`A-Za-z0-9._-`), as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharSet {
    written: String,
    ranges: Vec<(char, char)>,
}

impl CharSet {
    pub fn has(&self, c: char) -> bool {
        self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
    }
}

impl FromStr for CharSet {
    type Err = String;

    fn from_str(text: &str) -> Result<CharSet, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut ranges = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            // A hyphen between two characters makes a range; first or last, it is itself.
            if i + 2 < chars.len() && chars[i + 1] == '-' {
                let (a, b) = (chars[i], chars[i + 2]);
                if a > b {
                    return Err(format!(
                        "`{a}-{b}` in `{text}` is not a range (write it low-high)"
                    ));
                }
                ranges.push((a, b));
                i += 3;
            } else {
                ranges.push((chars[i], chars[i]));
                i += 1;
            }
        }
        if ranges.is_empty() {
            return Err("no characters given".into());
        }
        Ok(CharSet {
            written: text.to_string(),
            ranges,
        })
    }
}

impl fmt::Display for CharSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

impl Serialize for CharSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.written)
    }
}

impl<'de> Deserialize<'de> for CharSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CharSet, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A court's `[courts.<slug>.efiling]` table in the office config: any of the settings, the rest
/// taken from `forms/efiling.toml`. Checked when the config is read, by resolving it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct EfilingOverride(pub toml::Table);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EfilingFile {
    defaults: toml::Table,
    #[serde(default)]
    courts: BTreeMap<String, toml::Table>,
}

/// `forms/efiling.toml`: the defaults, and any court's own values.
pub struct EfilingForms {
    defaults: toml::Table,
    courts: BTreeMap<String, toml::Table>,
}

impl EfilingForms {
    /// Reads `forms/efiling.toml` and checks that the defaults, and each court's values over them,
    /// are complete settings for every court listed.
    pub fn load(assets: &Assets, courts: &[Court]) -> Result<EfilingForms, Error> {
        let shown = assets.shown(FILE);
        let file: EfilingFile =
            toml::from_str(assets.text(FILE)?).map_err(|e| Error::config(&shown, e))?;
        let forms = EfilingForms {
            defaults: file.defaults,
            courts: file.courts,
        };
        for slug in forms.courts.keys() {
            if !courts.iter().any(|c| &c.slug == slug) {
                return Err(Error::config(
                    &shown,
                    format!("[courts.{slug}]: no such court in forms/courts.toml"),
                ));
            }
        }
        for court in courts {
            forms.resolve(court, None).map_err(|e| {
                let table = if forms.courts.contains_key(&court.slug) {
                    format!("[courts.{}]", court.slug)
                } else {
                    "[defaults]".to_string()
                };
                Error::config(&shown, format!("{table}: {e}"))
            })?;
        }
        Ok(forms)
    }

    /// The settings of `court`: the config's values (`over`) over the forms' for the court, over
    /// the defaults. The error says what is missing or wrong.
    pub fn resolve(
        &self,
        court: &Court,
        over: Option<&EfilingOverride>,
    ) -> Result<Efiling, String> {
        self.settings(Some(court), over)
    }

    /// The shipped defaults alone: for a file of no known court.
    pub fn defaults(&self) -> Result<Efiling, String> {
        self.settings(None, None)
    }

    fn settings(
        &self,
        court: Option<&Court>,
        over: Option<&EfilingOverride>,
    ) -> Result<Efiling, String> {
        let mut table = self.defaults.clone();
        if let Some(own) = court.and_then(|c| self.courts.get(&c.slug)) {
            merge(&mut table, own);
        }
        if let Some(over) = over {
            merge(&mut table, &over.0);
        }
        let mut settings = Efiling::deserialize(toml::Value::Table(table)).map_err(|e| {
            let message = e.to_string();
            message.trim().to_string()
        })?;
        if let Some(court) = court {
            settings.location = settings.location.replace("{county}", &court.county);
        }
        for kind in Kind::DOCUMENTS
            .into_iter()
            .filter(|k| k.filing_role().is_some())
        {
            if !settings.documents.contains_key(&kind) {
                return Err(format!(
                    "[documents.{kind}] is missing: every document filed needs its filing_code and document_type"
                ));
            }
        }
        if let Some(kind) = settings
            .documents
            .keys()
            .find(|k| k.filing_role().is_none())
        {
            return Err(format!(
                "[documents.{kind}]: a {kind} is not filed with the court"
            ));
        }
        Ok(settings)
    }
}

/// `over`'s values in `base`, tables merged key by key.
fn merge(base: &mut toml::Table, over: &toml::Table) {
    for (key, value) in over {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The config's `[courts.<slug>.efiling]` tables for `settings`, every line commented out: what
/// `clearpress init` writes for a court, to confirm and uncomment.
pub fn commented(slug: &str, settings: &Efiling) -> String {
    #[derive(Serialize)]
    struct Courts<'a> {
        courts: BTreeMap<&'a str, Court<'a>>,
    }
    #[derive(Serialize)]
    struct Court<'a> {
        efiling: &'a Efiling,
    }
    let text = toml::to_string(&Courts {
        courts: BTreeMap::from([(slug, Court { efiling: settings })]),
    })
    .unwrap_or_default();
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            // The [courts.<slug>] table itself is written by the caller.
            if l.starts_with('[') {
                format!("\n# {l}\n")
            } else {
                format!("# {l}\n")
            }
        })
        .collect::<String>()
        .trim_start()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Forms;

    #[test]
    fn sizes_and_character_sets_read_as_written() {
        assert_eq!("25 MB".parse(), Ok(ByteSize(25_000_000)));
        assert_eq!("1.5mb".parse(), Ok(ByteSize(1_500_000)));
        assert_eq!("20 KB".parse(), Ok(ByteSize(20_000)));
        assert_eq!("1200 bytes".parse(), Ok(ByteSize(1200)));
        assert!("25 MiB".parse::<ByteSize>().is_err() && "MB".parse::<ByteSize>().is_err());
        assert!("0 MB".parse::<ByteSize>().is_err());
        assert_eq!(ByteSize(25_000_000).to_string(), "25 MB");
        assert_eq!(ByteSize(26_214_400).to_string(), "26.2 MB");
        assert_eq!(ByteSize(1234).to_string(), "1234 bytes");
        let set: CharSet = "A-Za-z0-9._-".parse().unwrap();
        assert!(set.has('q') && set.has('-') && set.has('.') && set.has('7'));
        assert!(!set.has(' ') && !set.has('é') && !set.has('/'));
        assert!("z-a".parse::<CharSet>().is_err());
        let rule = FileNameRule {
            longest: 12,
            characters: set,
        };
        assert_eq!(rule.problem("a-1_b.pdf"), None);
        assert!(rule.problem("a b.pdf").unwrap().contains("\" \""));
        assert!(
            rule.problem("abcdefghij.pdf")
                .unwrap()
                .contains("14 characters")
        );
    }

    #[test]
    fn a_court_takes_the_configs_values_over_the_defaults() {
        let assets = Assets::embedded();
        let forms = Forms::load(&assets).unwrap();
        let court = forms.court(forms.court_by_slug("san-joaquin").unwrap());
        let defaults = forms.efiling.resolve(court, None).unwrap();
        assert_eq!(defaults.location, "San Joaquin");
        assert_eq!(defaults.largest_file, ByteSize(25_000_000));
        let over: EfilingOverride = toml::from_str(
            "largest_file = \"20 KB\"\n[documents.petition]\nfiling_code = \"PET64\"\n",
        )
        .unwrap();
        let mine = forms.efiling.resolve(court, Some(&over)).unwrap();
        assert_eq!(mine.largest_file, ByteSize(20_000));
        assert_eq!(mine.documents[&Kind::Petition].filing_code, "PET64");
        assert_eq!(mine.documents[&Kind::Petition].document_type, "Petition");
        assert_eq!(mine.case_type, defaults.case_type);
        let typo: EfilingOverride = toml::from_str("largest_fiel = \"1 MB\"").unwrap();
        let e = forms.efiling.resolve(court, Some(&typo)).unwrap_err();
        assert!(e.contains("largest_fiel"), "{e}");
        let letter: EfilingOverride =
            toml::from_str("[documents.letter]\nfiling_code = \"x\"\ndocument_type = \"y\"")
                .unwrap();
        assert!(forms.efiling.resolve(court, Some(&letter)).is_err());
        // What `init` writes reads back, uncommented, as the same settings.
        let text = commented("san-joaquin", &mine);
        assert!(text.lines().all(|l| l.is_empty() || l.starts_with("# ")));
        let uncommented: String = text
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let back: toml::Table = toml::from_str(&uncommented).unwrap();
        let table = back["courts"]["san-joaquin"]["efiling"].as_table().unwrap();
        let again = forms
            .efiling
            .resolve(court, Some(&EfilingOverride(table.clone())))
            .unwrap();
        assert_eq!(again, mine);
    }
}
