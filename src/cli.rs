//! The command line, as clap structures. Nothing here runs anything.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::settings::{PdfStandard, Shard};

/// Turns Prop 64 eligibility results (Code for America's gogen CSV) into court filing packages
/// and mail-ready letters.
///
/// Example: clearpress render Prop64_Results.csv --config office.toml --as-of 2026-12-01 --out filing
#[derive(Parser, Debug)]
#[command(name = "clearpress", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Make every petition, order, notice, letter and court package for the given results.
    Render(RenderArgs),
    /// Join the folders of `render --shard K/N` runs (all N of them) into the output one run
    /// would have written: the same files, byte for byte, plus the court packages and mail run.
    Merge(MergeArgs),
    /// Validate the inputs and report what render would do, without writing anything.
    Check(InputArgs),
    /// Check PDFs as a court's e-filing system would, before they are sent: text that can be
    /// extracted on every page, fonts embedded, not encrypted, no JavaScript, form fields or
    /// attached files, US Letter pages, bookmarks in combined volumes, the court's size and
    /// file-name limits, and a title that matches the caption. One line per problem, naming the
    /// file and the page; exit 1 if there is any.
    ///
    /// Example: clearpress preflight filing-2026-12 --config office.toml
    Preflight(PreflightArgs),
    /// Re-hash every file listed in DIR/manifest.csv; report missing, changed and unexpected files.
    Verify {
        /// The output folder of a render run.
        dir: PathBuf,
    },
    /// Write the embedded forms and templates to DIR for editing, or list the fields a template
    /// may use.
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// Render one document of KIND from fictional sample data, to see a template change.
    Preview(PreviewArgs),
    /// Write fictional gogen-shaped results and contacts of any size, for benchmarks and trials.
    Synth {
        /// How many people.
        #[arg(long, default_value_t = 1000)]
        people: usize,
        /// The same seed gives the same files.
        #[arg(long, default_value_t = 64)]
        seed: u64,
        /// Folder to write Prop64_Results.csv and contacts.csv into.
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
        /// Put every case in this county (e.g. "Los Angeles") instead of spreading them over four.
        #[arg(long, value_name = "NAME")]
        county: Option<String>,
    },
    /// Write a commented config file to fill in.
    ///
    /// Example: clearpress init office.toml --court los-angeles --court san-joaquin
    Init {
        /// Where to write it.
        #[arg(default_value = "clearpress.toml")]
        file: PathBuf,
        /// A court to file in (its slug: its county in lower case with hyphens). Its table is
        /// written with its e-filing settings, commented, to confirm with its e-filing provider.
        /// May be given several times.
        #[arg(long = "court", value_name = "SLUG")]
        courts: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum TemplatesAction {
    /// Write every embedded form definition and template under DIR.
    Export { dir: PathBuf },
    /// Print the fields a template may use, with what each means: every template's, or KIND's
    /// (petition, order, letter, notice-unchallenged, notice-challenged, transmittal,
    /// court-index, omnibus-motion, omnibus-order).
    Fields { kind: Option<String> },
}

#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Result files: Prop64_Results*.csv, All_Results*.csv or doj_results_convictions_*.csv
    /// (several allowed, e.g. one per county run). Columns are found by header name.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Contacts CSV for the letters: subject_id,cii_number,name,address1,address2,city,state,zip,language
    #[arg(long, value_name = "FILE")]
    pub contacts: Option<PathBuf>,
    /// A column-mapping profile for a contacts export with its own headers: separate name
    /// columns, a single street column, ZIP+4 apart (copy forms/profiles/contacts.toml).
    #[arg(long, value_name = "FILE")]
    pub contacts_profile: Option<PathBuf>,
    /// Config TOML (office, signer, per-court filing mode). Without it, a sample office is used
    /// and every page is stamped "SAMPLE — NOT FOR FILING". `clearpress init` writes one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date of the run: it decides whether a sentence is still being served, and is printed
    /// on the papers. The same inputs and date give byte-identical files. Default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// A column-mapping profile for another engine's CSV (see forms/profiles/). Default: gogen,
    /// or the canonical format when the header is canonical.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// A folder of edited templates and forms (from `templates export`); any file found there
    /// replaces the embedded one.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A reviewer's decisions, a CSV: court,case_number,count,decision,reviewer,note (and
    /// optionally person_ref). decision is dismiss-seal, redesignate, resentence, challenge,
    /// exclude or hold; a held row decided is filed. `review.csv` with those columns added is one.
    /// Example: --decisions decisions.csv
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The output folder. It must be empty or new (or an earlier run of the same inputs, with --resume).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// How many documents to render at once. Default: one per CPU core.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Finish a run that was interrupted, keeping the documents it already wrote.
    #[arg(long)]
    pub resume: bool,
    /// PDF flavour: 1.7 (default), a-2b (PDF/A-2b, for archives and e-filing) or a-2b-ua-1
    /// (PDF/A-2b and PDF/UA-1, accessible).
    #[arg(long, default_value = "1.7", value_name = "STANDARD")]
    pub pdf_standard: PdfStandard,
    /// No progress bar and no summary on stderr (errors are still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Render only share K of N (1-based, e.g. 2/3): a deterministic part of the documents, by
    /// court then person, for running on several machines. Join the N folders with `merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// The output folder of an earlier run: file only what it did not (counts new to the input,
    /// or whose relief changed), as a supplemental filing. Example: --previous filing-2026-12
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The output folders of all N `render --shard K/N` runs.
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
    /// The output folder. It must be empty or new.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Threads for the court packages. Default: one per CPU core.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct PreflightArgs {
    /// PDFs, or folders: an output folder of `render` (its courts' documents, volumes and
    /// indexes are checked, with the titles its envelopes.json gives), or any folder of PDFs.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Config TOML whose [courts.<slug>.efiling] limits apply; without it, forms/efiling.toml's.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The court whose limits apply (its slug). Default: the court whose folder a file is in
    /// (courts/<slug>/), else the shipped defaults.
    #[arg(long, value_name = "SLUG")]
    pub court: Option<String>,
    /// A folder of edited templates and forms, as for render (its forms/efiling.toml applies).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct PreviewArgs {
    /// petition, order, letter, letter-es, notice-unchallenged, notice-challenged, transmittal,
    /// court-index, omnibus-motion or omnibus-order
    pub kind: String,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Also write each page as a PNG next to the PDF (FILE-1.png, FILE-2.png, …).
    #[arg(long)]
    pub png: bool,
    /// A folder of edited templates and forms, as for render.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Config TOML; without it the sample office is used.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}
