//! What the pages of a served site hear from it, over one event stream each
//! (`/__spotter/events`, read by [`LIVE_JS`]): `reload` after an update, and `errors` while the
//! guide does not build, with the diagnostics the terminal shows, which the page puts over
//! itself until the guide builds again (and it reloads). A page opened while the guide is
//! broken hears the errors as soon as it connects.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use tokio::sync::broadcast;

use crate::diagnostics::Diagnostics;

/// The script every served page loads.
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// What the pages are told.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LiveEvent {
    /// The site changed: reload.
    Reload,
    /// The guide does not build: this report (JSON, see [`report`]) says why.
    Errors(Arc<str>),
}

/// The pages' event streams, and why the guide does not build, if it does not.
#[derive(Clone)]
pub(crate) struct Live {
    sender: broadcast::Sender<LiveEvent>,
    failed: Arc<Mutex<Option<Arc<str>>>>,
}

impl Live {
    pub(crate) fn new() -> Live {
        Live {
            sender: broadcast::channel(16).0,
            failed: Arc::default(),
        }
    }

    /// The site was brought up to date: the pages reload (and show no errors).
    pub(crate) fn updated(&self) {
        let mut failed = self.lock();
        *failed = None;
        let _ = self.sender.send(LiveEvent::Reload);
    }

    /// The guide has errors (`diags`), or the site could not be written (`diags` holds that
    /// as an error): the pages show them.
    pub(crate) fn failed(&self, diags: &Diagnostics) {
        let report: Arc<str> = report(diags).into();
        let mut failed = self.lock();
        *failed = Some(report.clone());
        let _ = self.sender.send(LiveEvent::Errors(report));
    }

    /// A new page's stream: the errors of now, if there are any, then every event from now on.
    fn subscribe(&self) -> (Option<LiveEvent>, broadcast::Receiver<LiveEvent>) {
        // Under the lock, so that no event falls between the two.
        let failed = self.lock();
        let now = failed.clone().map(LiveEvent::Errors);
        (now, self.sender.subscribe())
    }

    fn lock(&self) -> MutexGuard<'_, Option<Arc<str>>> {
        self.failed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The JSON the pages read: how many errors and warnings, and each diagnostic as the terminal
/// prints it (file:line:col, message, the line, the hint), in the order it prints them.
pub(crate) fn report(diags: &Diagnostics) -> String {
    let errors = diags.error_count();
    let sorted = diags.clone().sorted();
    let diagnostics: Vec<serde_json::Value> = (sorted.iter())
        .map(|d| serde_json::json!({"severity": d.severity.name(), "text": d.to_string()}))
        .collect();
    serde_json::json!({
        "errors": errors,
        "warnings": sorted.len() - errors,
        "diagnostics": diagnostics,
    })
    .to_string()
}

/// `/__spotter/events`: the page's stream.
pub(crate) async fn events(State(live): State<Live>) -> impl IntoResponse {
    let (now, rx) = live.subscribe();
    let first = futures_util::stream::iter(now.map(|e| Ok(event(e))));
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(e) => return Some((Ok::<Event, std::convert::Infallible>(event(e)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    use futures_util::StreamExt;
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

fn event(e: LiveEvent) -> Event {
    match e {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Errors(report) => Event::default().event("errors").data(&*report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn the_report_is_the_terminal_text_of_each_diagnostic() {
        let text = "---\ntitle: <b>Row</b>\n---\n";
        let mut diags = Diagnostics::new();
        diags.push(Diagnostic::warning("content/b.md", "late"));
        diags.push(
            Diagnostic::error("content/a.md", "unknown muscle \"<script>\"")
                .at(text, 2, 8)
                .with_hint("did you mean \"rhomboids\"?"),
        );
        let report: serde_json::Value = serde_json::from_str(&report(&diags)).unwrap();
        assert_eq!(report["errors"], 1);
        assert_eq!(report["warnings"], 1);
        let first = &report["diagnostics"][0];
        assert_eq!(first["severity"], "error");
        let text = first["text"].as_str().unwrap();
        assert!(
            text.starts_with("content/a.md:2:8: error: unknown muscle \"<script>\""),
            "{text}"
        );
        assert!(text.contains("title: <b>Row</b>"), "{text}");
        assert!(text.contains("hint: did you mean \"rhomboids\"?"), "{text}");
        assert_eq!(report["diagnostics"][1]["severity"], "warning");
    }

    #[test]
    fn a_page_that_connects_while_the_guide_is_broken_hears_why_first() {
        let live = Live::new();
        let (now, _) = live.subscribe();
        assert_eq!(now, None);
        let mut diags = Diagnostics::new();
        diags.push(Diagnostic::error("content/a.md", "broken"));
        live.failed(&diags);
        let (now, mut rx) = live.subscribe();
        assert!(matches!(now, Some(LiveEvent::Errors(r)) if r.contains("broken")));
        live.updated();
        assert_eq!(rx.try_recv().unwrap(), LiveEvent::Reload);
        assert_eq!(live.subscribe().0, None);
    }
}
