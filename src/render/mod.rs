//! Render: a job's data → Handlebars → Typst source → PDF bytes. Knows nothing of CSV or of the
//! output folder; the only module that imports `typst` and `handlebars`.

mod documents;
mod exhibit;
mod numbers;
mod templates;
mod world;

use chrono::NaiveDate;
use serde_json::Value;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst::syntax::DiagSpanKind;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use crate::assets::Assets;
use crate::error::Error;
use crate::model::ExceptionCode;
use crate::settings::PdfStandard;
pub use documents::{Made, precheck, render};
use templates::Templates;
pub use templates::typst_text;
use world::Base;

/// Evicting Typst's memoisation caches takes a global lock; doing it every few documents keeps
/// memory flat without serialising the threads.
const EVICT_EVERY: usize = 32;
const EVICT_AGE: usize = 4;
static EVICT_TICK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// CPU time spent inside Typst (compile, PDF export and evicting its caches), in nanoseconds, for
/// timings.json: everything else the run does is overhead to keep small.
static TYPST_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Seconds of CPU time spent inside Typst so far, summed over threads.
pub fn typst_seconds() -> f64 {
    TYPST_NANOS.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9
}

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = thread_cpu_nanos();
    let r = f();
    TYPST_NANOS.fetch_add(
        thread_cpu_nanos().saturating_sub(start),
        std::sync::atomic::Ordering::Relaxed,
    );
    r
}

/// This thread's CPU time. Not the wall clock: a thread waiting inside Typst for a task the other
/// thread runs, or taken off its core, would count that time twice or count another program's.
fn thread_cpu_nanos() -> u64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// A finished document.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The number its last page shows (a part of a long paper continues the numbers before it).
    pub last_number: usize,
}

/// Everything shared by all documents of a run, built once.
pub struct Renderer {
    templates: Templates,
    base: Base,
    /// To lay Exhibit A out on pages.
    metrics: exhibit::Metrics,
    assets: Assets,
    standard: PdfStandard,
}

impl Renderer {
    pub fn new(assets: Assets, as_of: NaiveDate, standard: PdfStandard) -> Result<Renderer, Error> {
        let base = Base::new(&assets, as_of);
        Ok(Renderer {
            templates: Templates::compile(&assets)?,
            metrics: exhibit::Metrics::new(base.fonts()),
            base,
            assets,
            standard,
        })
    }

    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// The Typst source a template makes from `data`.
    pub fn source(&self, template: &str, data: &Value) -> Result<String, Error> {
        self.templates.fill(template, data, &self.assets)
    }

    /// Renders one document. `ident` must be stable (the output path) so that runs are reproducible.
    /// `title`, unless empty, is the PDF's title (the caption's, which e-filing systems compare
    /// with the title entered for it), whatever the template sets.
    /// An error here concerns this document only, except for template errors.
    pub fn render(
        &self,
        template: &str,
        data: &Value,
        ident: &str,
        title: &str,
    ) -> Result<Rendered, DocError> {
        let result = contained(|| {
            self.layout(template, data).and_then(|mut document| {
                if !title.is_empty() {
                    document.info_mut().title = Some(title.into());
                }
                let options = PdfOptions {
                    ident: Smart::Custom(ident.to_string()),
                    timestamp: Some(Timestamp::new_utc(self.base.today())),
                    standards: match self.standard {
                        PdfStandard::Plain => PdfStandards::default(),
                        PdfStandard::A2b => {
                            PdfStandards::new(&[typst_pdf::PdfStandard::A_2b]).unwrap_or_default()
                        }
                        PdfStandard::A2bUa1 => PdfStandards::new(&[
                            typst_pdf::PdfStandard::A_2b,
                            typst_pdf::PdfStandard::Ua_1,
                        ])
                        .unwrap_or_default(),
                    },
                    // Letters are read on screen by the people they are sent to, some with screen
                    // readers: they keep their tags. Court papers are filed and printed as
                    // text-searchable PDFs; tagging them cost 6 % of a run's work and 17 % of its
                    // bytes. PDF/UA tags everything.
                    tagged: self.standard == PdfStandard::A2bUa1 || template.starts_with("letter"),
                    ..PdfOptions::default()
                };
                timed(|| typst_pdf::pdf(&document, &options))
                    .map(|pdf| Rendered {
                        pdf,
                        pages: document.pages().len(),
                        last_number: document.pages().last().map_or(0, |p| p.number as usize),
                    })
                    .map_err(|d| DocError::Template(self.typst_error(template, None, &d)))
            })
        });
        // Keep memory flat: compiled results of other people's documents are never reused. A long
        // document leaves a lot behind, so it is evicted at once. Evicting is Typst's bookkeeping
        // (4 % of a run's CPU), so it is timed as Typst's.
        let long = result.as_ref().is_ok_and(|r| r.pages > 8);
        if long
            || EVICT_TICK
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .is_multiple_of(EVICT_EVERY)
        {
            timed(|| typst::comemo::evict(EVICT_AGE));
        }
        result
    }

    /// Lays out Exhibit A when `data` is an omnibus paper's (see `exhibit`): for a preview, which
    /// renders the paper whole.
    pub fn lay_out_exhibit(&self, data: &mut Value) {
        self.metrics.lay_out(data);
    }

    /// Each page as a PNG at `dpi`, for previews and visual checks.
    pub fn render_png(
        &self,
        template: &str,
        data: &Value,
        dpi: f32,
    ) -> Result<Vec<Vec<u8>>, DocError> {
        let document = self.layout(template, data)?;
        document
            .pages()
            .iter()
            .map(|page| {
                let pixmap = typst_render::render(
                    page,
                    &typst_render::RenderOptions {
                        pixel_per_pt: typst::utils::Scalar::new(f64::from(dpi) / 72.0),
                        ..Default::default()
                    },
                );
                pixmap.encode_png().map_err(|e| DocError::Document {
                    code: ExceptionCode::RenderFailed,
                    reason: format!("could not be drawn: PNG encoding failed: {e}"),
                })
            })
            .collect()
    }

    /// Refuses taglines (`forms/taglines.toml`) that the bundled fonts cannot print.
    pub fn check_taglines(&self, forms: &crate::input::Forms) -> Result<(), Error> {
        for (i, line) in forms.taglines.iter().enumerate() {
            if let Some(c) = self.unprintable(line) {
                let message = format!(
                    "line {} of the taglines: the character {c:?} (U+{:04X}) is not in the bundled fonts",
                    i + 1,
                    c as u32
                );
                return Err(Error::config(
                    &self.assets.shown("forms/taglines.toml"),
                    message,
                ));
            }
        }
        Ok(())
    }

    /// The first character of `text` that no bundled font has.
    pub fn unprintable(&self, text: &str) -> Option<char> {
        // Coverage first: nearly every character is covered, and for ASCII that is one bit.
        text.chars()
            .find(|&c| !self.base.covers(c) && !c.is_whitespace() && !c.is_control())
    }

    /// Handlebars, then Typst layout, then the page numbers.
    fn layout(&self, template: &str, data: &Value) -> Result<PagedDocument, DocError> {
        let source = self.source(template, data).map_err(DocError::Template)?;
        if let Some(c) = self.unprintable(&source) {
            return Err(DocError::Document {
                code: ExceptionCode::Unprintable,
                reason: format!(
                    "could not be printed: the name or address has a character the bundled fonts lack (U+{:04X})",
                    c as u32
                ),
            });
        }
        // Parsing the source is the first step of Typst's compile, so it is timed with it.
        let (world, compiled) = timed(|| {
            let world = self.base.document(source);
            let compiled = typst::compile::<PagedDocument>(&world);
            (world, compiled)
        });
        compiled
            .output
            .map(numbers::write)
            .map_err(|d| DocError::Template(self.typst_error(template, Some(&world.main), &d)))
    }

    /// A Typst error as a user can act on it: the template, the message and where it points.
    fn typst_error(
        &self,
        template: &str,
        main: Option<&typst::syntax::Source>,
        diagnostics: &[SourceDiagnostic],
    ) -> Error {
        let first = diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .or(diagnostics.first());
        let Some(d) = first else {
            return Error::Template {
                template: self.assets.shown(&format!("templates/{template}")),
                message: "Typst failed without a message".into(),
            };
        };
        let mut file = self.assets.shown(&format!("templates/{template}"));
        let mut at = String::new();
        let located = match d.span.get() {
            DiagSpanKind::Number { id, num, sub_range } => {
                let src = match main {
                    Some(m) if m.id() == id => Some(m),
                    _ => self.base.source(id),
                };
                if let Some(name) = self.base.file_name(id) {
                    file = self.assets.shown(&name);
                }
                src.and_then(|s| s.range(num, sub_range).map(|r| (s, r)))
            }
            _ => None,
        };
        if let Some((src, range)) = located {
            let line = src
                .lines()
                .byte_to_line(range.start)
                .map(|l| l + 1)
                .unwrap_or(0);
            let snippet: String = src.text()[range].chars().take(60).collect();
            at = format!(" (Typst line {line}, at `{snippet}`)");
        }
        let hints: String = d.hints.iter().map(|h| format!("; hint: {}", h.v)).collect();
        Error::Template {
            template: file,
            message: format!("Typst error: {}{at}{hints}", d.message),
        }
    }
}

/// Why one document could not be made.
#[derive(Debug)]
pub enum DocError {
    /// The template is at fault: it would fail for everyone, so the run stops.
    Template(Error),
    /// This document alone cannot be made (a character no bundled font has, a failure inside
    /// Typst): `code` for exceptions.csv, `reason` to follow "the petition …".
    Document { code: ExceptionCode, reason: String },
}

thread_local! {
    /// Set while this thread makes a document, whose panics `contained` turns into an exception.
    static IN_DOCUMENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// One document's Typst work: a panic inside Typst (a bug of Typst's that some text can reach)
/// fails this document only, not the batch.
fn contained<T>(work: impl FnOnce() -> Result<T, DocError>) -> Result<T, DocError> {
    let outer = IN_DOCUMENT.replace(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    IN_DOCUMENT.set(outer);
    result.unwrap_or_else(|_| {
        Err(DocError::Document {
            code: ExceptionCode::RenderFailed,
            reason:
                "could not be made: Typst failed on it (an internal error); make this one by hand"
                    .into(),
        })
    })
}

/// Panic messages are never printed: Typst's can quote the text it was setting, a person's name.
/// A panic while a document is made is listed in exceptions.csv instead; any other prints where
/// it happened. With `RUST_BACKTRACE` set, Rust's own report, for developers.
pub fn withhold_panic_messages() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        if !IN_DOCUMENT.get() {
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "clearpress: internal error{at} (its message is withheld: it may quote a person's data)"
            );
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_minimal_document_and_keeps_data_literal() {
        let assets = Assets::embedded();
        let r = Renderer::new(
            assets,
            NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
            PdfStandard::Plain,
        )
        .unwrap();
        let base = &r.base;
        let src = format!(
            "Hello {} end",
            typst_text("#read(\"/etc/passwd\") $x$ *b* <x> {{x}} \\ \"q\"")
        );
        let world = base.document(src);
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .expect("compiles");
        assert_eq!(doc.pages().len(), 1);
        assert!(base.covers('A') && base.covers('~') && !base.covers('\u{7}'));
        assert!(base.covers('é') && base.covers('Ñ') && !base.covers('龍') && !base.covers('ह'));
    }
}
