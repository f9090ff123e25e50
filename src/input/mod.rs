//! Input: everything a run reads, read once and checked before anything is written — the
//! eligibility results (through a column profile), the contacts, the office config and the forms.

mod config;
mod contacts;
mod decisions;
mod decode;
mod efiling;
mod forms;
mod previous;
mod results;

use sha2::{Digest, Sha256};

pub use config::{
    Config, CourtConfig, CourtOffice, Deceased, Filing, LegalHelp, Office, Procedure,
    PublicDefender, Signature, Signer,
};
pub use contacts::{Contact, ContactCounts, ContactIssue, Contacts, ContactsProfile, Recipient};
pub use decisions::{DecisionLine, Decisions};
pub use decode::Encoding;
pub use efiling::{
    ByteSize, CharSet, Codes, Components, Efiling, EfilingForms, EfilingOverride, FileNameRule,
    FilingAction, Parties, commented as commented_efiling,
};
pub use forms::{
    ADDRESS_LINE_INCHES, Court, DocumentDef, Envelope, Forms, Relief, Titles, Track, WaveWords,
};
pub use previous::Previous;
pub use results::{Field, Input, Profile, Record, RowIssue};

use crate::assets::Assets;
use crate::error::Error;
use crate::model::hex;
use crate::settings::Settings;

/// The profiles tried, in order, when the user names none.
const BUILT_IN_PROFILES: [&str; 2] = ["forms/profiles/gogen.toml", "forms/profiles/canonical.toml"];

/// The contacts profile used when the user names none.
const CONTACTS_PROFILE: &str = "forms/profiles/contacts.toml";

/// What a run has read: its forms, its office, its results and its contacts.
pub struct Loaded {
    pub forms: Forms,
    pub config: Config,
    pub config_sha256: Option<String>,
    pub contacts: Contacts,
    pub contacts_sha256: Option<String>,
    /// The SHA-256 of `--contacts-profile`, when one is given.
    pub contacts_profile_sha256: Option<String>,
    /// One per input file, in the order given, with the case-key prefix of the profile that read it.
    pub inputs: Vec<(Input, Option<usize>)>,
    /// A reviewer's decisions (`--decisions`).
    pub decisions: Option<Decisions>,
    /// The earlier run a later wave follows (`--previous`).
    pub previous: Option<Previous>,
}

impl Loaded {
    /// The input files' names and hashes, for the report and the run key.
    pub fn files(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter().map(|(i, _)| i)
    }

    /// Lets go of the raw rows once they are grouped: at county scale they are a lot to keep.
    pub fn drop_rows(&mut self) {
        for (input, _) in &mut self.inputs {
            input.records = Vec::new();
        }
    }
}

/// Reads a config file (`file`, named `shown` in messages), or takes the sample office when there
/// is none.
pub fn config(
    assets: &Assets,
    forms: &Forms,
    file: Option<(&std::path::Path, &str)>,
) -> Result<(Config, Option<String>), Error> {
    match file {
        Some((file, shown)) => {
            let (sha, text) = text_with_sha(file)?;
            Ok((Config::parse(&text, shown, forms)?, Some(sha)))
        }
        None => Ok((Config::sample(assets, forms)?, None)),
    }
}

/// The assets, with the user's edited templates and forms over the embedded ones.
pub fn assets(settings: &Settings) -> Result<Assets, Error> {
    Assets::with_overrides(
        settings
            .sources
            .templates
            .as_ref()
            .map(|t| settings.file(t))
            .as_deref(),
    )
}

/// Reads every file a run needs. Any error here stops the run before anything is written.
pub fn load(settings: &Settings, forms: Forms, assets: &Assets) -> Result<Loaded, Error> {
    let sources = &settings.sources;
    let config_file = sources
        .config
        .as_ref()
        .map(|p| (settings.file(p), p.display().to_string()));
    let (config, config_sha256) = config(
        assets,
        &forms,
        config_file.as_ref().map(|(f, s)| (f.as_path(), s.as_str())),
    )?;
    let profiles: Vec<Profile> = match &sources.profile {
        Some(path) => vec![Profile::parse(
            &text_with_sha(&settings.file(path))?.1,
            &path.display().to_string(),
        )?],
        None => BUILT_IN_PROFILES
            .iter()
            .map(|p| {
                assets
                    .text(p)
                    .and_then(|t| Profile::parse(t, &assets.shown(p)))
            })
            .collect::<Result<_, _>>()?,
    };
    let mut inputs = Vec::new();
    for path in &sources.inputs {
        inputs.push(read_results(
            &settings.file(path),
            &path.display().to_string(),
            &profiles,
        )?);
    }
    let (contacts_profile, contacts_profile_sha256) = match &sources.contacts_profile {
        Some(path) => {
            let (sha, text) = text_with_sha(&settings.file(path))?;
            (
                ContactsProfile::parse(&text, &path.display().to_string())?,
                Some(sha),
            )
        }
        None => (
            ContactsProfile::parse(
                assets.text(CONTACTS_PROFILE)?,
                &assets.shown(CONTACTS_PROFILE),
            )?,
            None,
        ),
    };
    let (contacts, contacts_sha256) = match &sources.contacts {
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = std::fs::read(settings.file(path))
                .map_err(|e| Error::input(&shown, format!("cannot read it: {e}")))?;
            (
                Contacts::read(&shown, &bytes, &contacts_profile)?,
                Some(hex(&Sha256::digest(&bytes))),
            )
        }
        None => (Contacts::default(), None),
    };
    let decisions = match &sources.decisions {
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = std::fs::read(settings.file(path))
                .map_err(|e| Error::input(&shown, format!("cannot read it: {e}")))?;
            Some(Decisions::read(&shown, bytes, &forms)?)
        }
        None => None,
    };
    let previous = match &sources.previous {
        Some(dir) => Some(previous::read(
            &settings.file(dir),
            &dir.display().to_string(),
            settings.as_of,
        )?),
        None => None,
    };
    Ok(Loaded {
        forms,
        config,
        config_sha256,
        contacts,
        contacts_sha256,
        contacts_profile_sha256,
        inputs,
        decisions,
        previous,
    })
}

/// Reads one results file with the first profile whose columns it has; else the first profile's
/// error (gogen's, the usual case). A fault of the file itself is not retried.
fn read_results(
    file: &std::path::Path,
    shown: &str,
    profiles: &[Profile],
) -> Result<(Input, Option<usize>), Error> {
    let raw =
        std::fs::read(file).map_err(|e| Error::input(shown, format!("cannot read it: {e}")))?;
    let sha256 = hex(&Sha256::digest(&raw));
    let bytes = decode::gunzip(shown, raw)?;
    let mut first_err = None;
    for profile in profiles {
        match results::read_bytes(shown, &bytes, profile) {
            // The hash is the file's as given, compressed or not.
            Ok(input) => return Ok((Input { sha256, ..input }, profile.case_key_prefix)),
            Err(e @ Error::Columns { .. }) => {
                first_err.get_or_insert(e);
            }
            Err(e) => return Err(first_err.unwrap_or(e)),
        }
    }
    Err(first_err.unwrap_or_else(|| Error::input(shown, "no profile to read it with".into())))
}

/// The example results and contacts compiled into the program: `preview`'s sample and the record
/// every template is checked against before a run.
pub fn example() -> Result<(Input, Option<usize>, Contacts), Error> {
    let profile = Profile::parse(
        include_str!("../../forms/profiles/gogen.toml"),
        "gogen.toml",
    )?;
    let input = results::read_bytes(
        "example",
        include_bytes!("../../examples/prop64-results.csv"),
        &profile,
    )?;
    let contacts = Contacts::read(
        "example contacts",
        include_bytes!("../../examples/contacts.csv"),
        &ContactsProfile::parse(
            include_str!("../../forms/profiles/contacts.toml"),
            "contacts.toml",
        )?,
    )?;
    Ok((input, profile.case_key_prefix, contacts))
}

fn text_with_sha(path: &std::path::Path) -> Result<(String, String), Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::config(&path.display().to_string(), format!("cannot read it: {e}")))?;
    Ok((hex(&Sha256::digest(text.as_bytes())), text))
}
