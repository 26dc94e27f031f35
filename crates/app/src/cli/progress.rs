//! Progress for the long operator commands (export, import, the weekly report).
//!
//! On a terminal, stderr shows one live line: a spinner with the time taken
//! and the current stage, or a bar `[=====>    ] 3/12` while items are
//! counted; it is cleared before the command prints its result.
//! When stderr is not a terminal (a log, a pipe, a test), there is no bar:
//! each stage is one plain line on stderr, as the commands always printed.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const SPINNER: &str = "{spinner} {elapsed_precise} {msg}";
const BAR: &str = "{elapsed_precise} [{bar:30}] {pos}/{len} {msg}";

/// A stage display on stderr: live on a terminal, stage lines otherwise.
#[derive(Debug)]
pub(super) struct Progress {
    /// The live line; `None` when stderr is not a terminal.
    bar: Option<ProgressBar>,
    /// Print stage lines when there is no live line.
    log: bool,
}

impl Progress {
    /// A spinner showing `first`, the first stage.
    pub(super) fn stages(first: impl Into<Cow<'static, str>>) -> Progress {
        Progress::start(first.into(), true)
    }

    /// A spinner for a quick command: on a terminal only, nothing in a log.
    pub(super) fn spinner(msg: impl Into<Cow<'static, str>>) -> Progress {
        Progress::start(msg.into(), false)
    }

    fn start(first: Cow<'static, str>, log: bool) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        let p = Progress { bar, log };
        p.stage(first);
        p
    }

    /// Move on to the next stage (back to the spinner if a bar was showing).
    pub(super) fn stage(&self, msg: impl Into<Cow<'static, str>>) {
        let msg = msg.into();
        match &self.bar {
            Some(bar) => {
                // Style first: each call may redraw, and a bar with no length
                // or the old message would show for a frame.
                if bar.length().is_some() {
                    bar.set_style(spinner_style());
                }
                bar.set_message(msg);
                bar.unset_length();
                bar.set_position(0);
            }
            None if self.log => eprintln!("{msg}"),
            None => {}
        }
    }

    /// Count `total` items from 0, described by `msg` (keep it short: the line
    /// must fit a narrow terminal). In a log: one stage line with the total, no bar.
    pub(super) fn bar(&self, total: usize, msg: impl Into<Cow<'static, str>>) {
        let msg = msg.into();
        match &self.bar {
            Some(bar) => {
                // Style last, for the same reason as in `stage`.
                bar.set_message(msg);
                bar.set_length(total as u64);
                bar.set_position(0);
                bar.set_style(bar_style());
            }
            None if self.log => eprintln!("{msg}（共 {total} 项）"),
            None => {}
        }
    }

    /// `done` items done.
    pub(super) fn set_position(&self, done: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    /// Remove the live line; call before printing the result or problems.
    pub(super) fn finish_and_clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    /// On an early return (an error), the line is cleared before the error is printed.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar
            && !bar.is_finished()
        {
            bar.finish_and_clear();
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template(SPINNER).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template(BAR)
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_parse() {
        assert!(ProgressStyle::with_template(SPINNER).is_ok());
        assert!(ProgressStyle::with_template(BAR).is_ok());
    }

    #[test]
    fn a_hidden_progress_counts_and_clears() {
        let p = Progress {
            bar: Some(ProgressBar::hidden()),
            log: false,
        };
        p.bar(3, "整理案卷");
        p.set_position(2);
        assert_eq!(p.bar.as_ref().map(ProgressBar::position), Some(2));
        assert_eq!(p.bar.as_ref().and_then(ProgressBar::length), Some(3));
        p.stage("压缩报送包");
        assert_eq!(p.bar.as_ref().and_then(ProgressBar::length), None);
        p.finish_and_clear();
        assert!(p.bar.as_ref().is_some_and(ProgressBar::is_finished));
    }
}
