//! Progress bars for long commands (`fetch` of many feeds, `retag`, `feeds import`,
//! `export`): done and total, rate and time left, drawn on standard error. They are drawn only
//! on a terminal and with text logs; piped or under `--log-format json` nothing is drawn.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many units a command is quick enough to need no bar.
const WORTH_A_BAR: u64 = 20;

/// A bar over `total` units of work, or nothing where none should be drawn.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar counting `unit`s (`feeds`, `items`) up to `total`; drawn when `allowed` (text
    /// logs), the total is worth it, and standard error is a terminal.
    pub fn start(total: u64, unit: &str, allowed: bool) -> Progress {
        if !allowed || total < WORTH_A_BAR {
            return Progress {
                bar: ProgressBar::hidden(),
            };
        }
        let template = format!(
            "{{bar:30}} {{human_pos}}/{{human_len}} {unit} {{msg}} · {{per_sec:0}} · {{eta}} left"
        );
        // The template is fixed above; a fault in it would show as a plain bar, not a failure.
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(style);
        // Drawn at once, so that even work that ends within the first tick shows what it did.
        bar.tick();
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress { bar }
    }

    /// `n` more units done.
    pub fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    /// A short note after the count (`12 new items`).
    pub fn note(&self, text: String) {
        self.bar.set_message(text);
    }

    /// Runs `print` with the bar cleared, so that lines written meanwhile are not torn.
    pub fn above<R>(&self, print: impl FnOnce() -> R) -> R {
        self.bar.suspend(print)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
