//! The render stage: jobs in, each document rendered and written (or taken from an interrupted
//! earlier run), with what became of it.

use std::sync::Mutex;

use serde_json::Value;

use super::exhibit::Pages;
use super::{DocError, Rendered, Renderer};
use crate::error::Error;
use crate::model::{Exception, ExceptionCode};
use crate::output::{OutputDir, Written};
use crate::package::join::{self, Part};
use crate::parallel;
use crate::plan::{Data, Doc, Job};
use crate::progress::{Progress, Stage};

/// A document of the plan after the render stage: written, or the exception that says why not.
pub struct Made {
    pub doc: Doc,
    pub result: Result<Written, Exception>,
}

/// A document whose data is this many times 4 KB (a notice of about 600 rows) is heavy: seconds
/// of work and tens of MB while it is made, so it is made first (see `parallel::run`).
const HEAVY_WEIGHT: usize = 32;

/// Typst's memory and time grow with the length of one table; a paper with more rows than this is
/// rendered in parts, page numbers running on, and the parts joined.
const ROWS_PER_PART: usize = 400;

struct Item {
    doc: Doc,
    weight: usize,
    /// Taken when the document is made: at Los Angeles scale the data of documents already made
    /// would be hundreds of MB held until the run ends.
    data: Mutex<Option<Data>>,
}

/// Renders and writes `jobs` on `threads` threads. A document that cannot be made is an exception
/// in its `Made`; a template that fails stops the stage (`Err`).
pub fn render(
    renderer: &Renderer,
    out: &OutputDir,
    jobs: Vec<Job>,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Vec<Made>, Error> {
    let items: Vec<Item> = jobs
        .into_iter()
        .map(|j| Item {
            weight: j.weight(),
            doc: j.doc,
            data: Mutex::new(Some(j.data)),
        })
        .collect();
    progress.start(Stage::Render, items.len() as u64);
    let results = parallel::run(
        threads,
        &items,
        |item| item.weight >= HEAVY_WEIGHT,
        |item| {
            let data = item.data.lock().unwrap_or_else(|e| e.into_inner()).take();
            let made = render_one(renderer, out, &item.doc, data);
            progress.step();
            made
        },
    )?;
    progress.finish();
    items
        .into_iter()
        .zip(results)
        .map(|(item, result)| {
            Ok(Made {
                doc: item.doc,
                result: result?,
            })
        })
        .collect()
}

/// Renders and writes one document, or takes it from an interrupted earlier run.
fn render_one(
    renderer: &Renderer,
    out: &OutputDir,
    doc: &Doc,
    data: Option<Data>,
) -> Result<Result<Written, Exception>, Error> {
    if let Some(w) = out.done.get(&doc.path) {
        return Ok(Ok(w.clone()));
    }
    let data = data.map(|d| d.value()).unwrap_or(Value::Null);
    match render_in_parts(renderer, doc, data) {
        Ok(rendered) => Ok(Ok(out.write_document(
            &doc.path,
            &rendered.pdf,
            rendered.pages,
        )?)),
        Err(DocError::Document { code, reason }) => Ok(Err(not_made(doc, code, &reason))),
        Err(DocError::Template(e)) => Err(e),
    }
}

/// The exception for a document that could not be made; the person's other documents still are.
fn not_made(doc: &Doc, code: ExceptionCode, reason: &str) -> Exception {
    Exception {
        source: String::new(),
        line: 0,
        person_ref: doc.person_ref.clone().unwrap_or_default(),
        case_number: doc.case_numbers.to_string(),
        code,
        message: format!("the {} {reason}", doc.kind),
    }
}

fn render_in_parts(renderer: &Renderer, doc: &Doc, mut data: Value) -> Result<Rendered, DocError> {
    if let Some(pages) = renderer.metrics.lay_out(&mut data) {
        return render_exhibit(renderer, doc, data, &pages);
    }
    // The rows are taken out, not copied: a county's notice holds tens of MB of them.
    let rows = match data.get_mut("rows").and_then(Value::as_array_mut) {
        Some(rows) if rows.len() > ROWS_PER_PART => std::mem::take(rows),
        _ => return renderer.render(&doc.template, &data, &doc.path, &doc.title),
    };
    let chunks: Vec<&[Value]> = rows.chunks(ROWS_PER_PART).collect();
    let mut parts = Vec::with_capacity(chunks.len());
    let mut next_page = 1;
    for (i, chunk) in chunks.iter().enumerate() {
        data["rows"] = Value::Array(chunk.to_vec());
        data["part"] = serde_json::json!({ "first": i == 0, "last": i + 1 == chunks.len(), "first_page": next_page });
        let part = renderer.render(&doc.template, &data, &format!("{}#{i}", doc.path), "")?;
        next_page += part.pages;
        parts.push(part);
    }
    join_parts(doc, parts)
}

/// An omnibus paper: the motion or order, then Exhibit A, its rows laid out on `pages`. A long
/// exhibit is made in parts of whole pages, each knowing the exhibit's page count. Should Typst
/// take more pages than laid out, the paper is made once more with the count it took.
fn render_exhibit(
    renderer: &Renderer,
    doc: &Doc,
    mut data: Value,
    pages: &Pages,
) -> Result<Rendered, DocError> {
    let rows = match data.get_mut("rows").and_then(Value::as_array_mut) {
        Some(rows) => std::mem::take(rows),
        None => Vec::new(),
    };
    // Parts of whole pages, of at least ROWS_PER_PART rows but the last.
    let mut cuts = vec![0];
    for &(start, _) in &pages.starts {
        if start - cuts[cuts.len() - 1] >= ROWS_PER_PART {
            cuts.push(start);
        }
    }
    cuts.push(rows.len());
    let mut of = pages.total;
    for attempt in 0..2 {
        let mut parts = Vec::with_capacity(cuts.len() - 1);
        let mut next_page = 1;
        for (i, range) in cuts.windows(2).enumerate() {
            let mut chunk = rows[range[0]..range[1]].to_vec();
            if let Some(Value::Object(first)) = chunk.first_mut() {
                first.remove("page_break");
            }
            data["rows"] = Value::Array(chunk);
            data["part"] = serde_json::json!({ "first": i == 0, "last": i + 2 == cuts.len(), "first_page": next_page });
            data["exhibit"]["pages"] = Value::from(of);
            // A single part is the paper, titled as its caption.
            let part = renderer.render(
                &doc.template,
                &data,
                &format!("{}#{i}", doc.path),
                &doc.title,
            )?;
            next_page = part.last_number + 1;
            parts.push(part);
        }
        let took = next_page - 1;
        if took == of || attempt == 1 {
            return join_parts(doc, parts);
        }
        of = took;
    }
    unreachable!("the second attempt returns")
}

/// One PDF of a paper's parts (a single part is the paper).
fn join_parts(doc: &Doc, mut parts: Vec<Rendered>) -> Result<Rendered, DocError> {
    if parts.len() == 1
        && let Some(whole) = parts.pop()
    {
        return Ok(whole);
    }
    let last_number = parts.last().map_or(0, |p| p.last_number);
    let parts = parts.into_iter().map(|part| {
        Ok(Part {
            pdf: part.pdf,
            bookmark: None,
            pad_to_even: false,
            restart_labels: false,
        })
    });
    let mut pdf = Vec::new();
    let title = if doc.title.is_empty() {
        doc.kind.name()
    } else {
        &doc.title
    };
    let pages = join::join(parts, title, &mut pdf).map_err(|e| DocError::Document {
        code: ExceptionCode::RenderFailed,
        reason: format!("could not be made: joining its parts failed: {e}"),
    })?;
    Ok(Rendered {
        pdf,
        pages,
        last_number,
    })
}

/// Renders one sample document of every kind before a batch starts: a template error stops the
/// run here, naming the template, before anything is written.
pub fn precheck(renderer: &Renderer, samples: &[Job]) -> Result<(), Error> {
    for job in samples {
        match renderer.render(
            &job.doc.template,
            &job.data.value(),
            &job.doc.path,
            &job.doc.title,
        ) {
            Err(DocError::Template(e)) => return Err(e),
            // Typst failing on the sample record fails on everyone's: the template reaches a bug.
            Err(DocError::Document {
                code: ExceptionCode::RenderFailed,
                reason,
            }) => {
                return Err(Error::Template {
                    template: renderer
                        .assets()
                        .shown(&format!("templates/{}", job.doc.template)),
                    message: format!("the {} {reason}", job.doc.kind),
                });
            }
            _ => {}
        }
    }
    Ok(())
}
