//! Progress on a terminal: one bar per stage on stderr, drawn only when stderr is a terminal.

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::{Progress, Stage};

pub struct Bar {
    quiet: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        Bar {
            quiet,
            bar: Mutex::new(None),
        }
    }

    fn current(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.bar.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Progress for Bar {
    fn start(&self, stage: Stage, total: u64) {
        if self.quiet {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let what = if stage == Stage::Render {
            " documents"
        } else {
            ""
        };
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{spinner}} {} {{pos}}/{{len}}{what} [{{bar:30}}] {{per_sec}} eta {{eta}}",
            stage.label()
        )) {
            bar.set_style(style.progress_chars("=> "));
        }
        *self.current() = Some(bar);
    }

    fn step(&self) {
        if let Some(bar) = self.current().as_ref() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current().take() {
            bar.finish_and_clear();
        }
    }
}
