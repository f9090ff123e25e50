//! `templates export DIR` and `templates fields [KIND]`.

use crate::assets::Assets;
use crate::cli::TemplatesAction;
use crate::error::Error;
use crate::fields;

pub fn templates(action: TemplatesAction) -> Result<(), Error> {
    match action {
        TemplatesAction::Export { dir } => {
            let written = Assets::export(&dir)?;
            eprintln!(
                "wrote {} files under {}; edit them and pass --templates {}",
                written.len(),
                dir.display(),
                dir.display()
            );
        }
        TemplatesAction::Fields { kind } => {
            let kind = kind
                .map(|k| {
                    k.parse().map_err(|e: String| {
                        Error::Usage(format!(
                            "{e}; choose a document kind such as petition or letter"
                        ))
                    })
                })
                .transpose()?;
            print!("{}", fields::describe(kind));
        }
    }
    Ok(())
}
