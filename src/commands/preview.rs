//! `preview KIND`: one document of the fictional sample, to see a template change.

use crate::cli::PreviewArgs;
use crate::error::Error;
use crate::render::{DocError, Renderer};
use crate::sample;
use crate::settings::PdfStandard;

pub fn preview(args: &PreviewArgs) -> Result<(), Error> {
    let (assets, forms, config) = super::office(args.templates.as_deref(), args.config.as_deref())?;
    let job = sample::find(sample::jobs(&forms, &config)?, &args.kind).ok_or_else(|| {
        Error::Usage(format!(
            "unknown kind `{}`; choose one of: {}",
            args.kind,
            sample::PREVIEW_KINDS.join(", ")
        ))
    })?;
    let renderer = Renderer::new(assets, sample::as_of(), PdfStandard::Plain)?;
    let mut data = job.data.value();
    renderer.lay_out_exhibit(&mut data);
    let doc = renderer
        .render(&job.doc.template, &data, &job.doc.path, &job.doc.title)
        .map_err(doc_error)?;
    std::fs::write(&args.out, &doc.pdf).map_err(|e| Error::output(&args.out, e))?;
    let mut written = vec![args.out.display().to_string()];
    if args.png {
        let stem = args.out.with_extension("");
        for (i, png) in renderer
            .render_png(&job.doc.template, &data, 100.0)
            .map_err(doc_error)?
            .into_iter()
            .enumerate()
        {
            let file = std::path::PathBuf::from(format!("{}-{}.png", stem.display(), i + 1));
            std::fs::write(&file, png).map_err(|e| Error::output(&file, e))?;
            written.push(file.display().to_string());
        }
    }
    eprintln!(
        "{} ({} pages): {}",
        args.kind,
        doc.pages,
        written.join(", ")
    );
    Ok(())
}

fn doc_error(e: DocError) -> Error {
    match e {
        DocError::Template(e) => e,
        DocError::Document { reason, .. } => Error::Template {
            template: "(sample data)".into(),
            message: reason,
        },
    }
}
