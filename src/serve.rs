//! `spotter serve`: builds the guide into a private folder, serves it on the loopback
//! interface, rebuilds when a file of the guide changes, and tells open pages to reload.
//!
//! Pages are served only from that folder (the static-file service refuses paths that leave
//! it), the live-reload script and its event stream live under `/__spotter/`, and a build that
//! fails leaves the last good site in place while the errors print in the terminal.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tower_http::services::ServeDir;

use crate::diagnostics::Diagnostics;
use crate::live::{LiveSite, Outcome};
use crate::pipeline::{Failure, Options};

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The guide folder.
    pub root: PathBuf,
    /// The address to bind (127.0.0.1 unless told otherwise).
    pub interface: String,
    /// The port.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
}

/// Why serving could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The address cannot be bound, or the options are wrong (exit status 2).
    Usage(String),
    /// The first build failed (exit status 1).
    Content(Diagnostics),
}

/// The script every served page loads: reload when the server says the site changed.
const LIVE_RELOAD_JS: &str = r#"(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__spotter/events");
  source.addEventListener("reload", function () { window.location.reload(); });
})();
"#;

/// Builds, serves and watches until interrupted.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let addr: SocketAddr = format!("{}:{}", options.interface, options.port)
        .parse()
        .map_err(|_| {
            ServeError::Usage(format!(
                "cannot use {}:{} as an address",
                options.interface, options.port
            ))
        })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Usage(format!("cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| ServeError::Usage(format!("cannot listen on {addr}: {e}")))?;
    let addr = listener.local_addr().unwrap_or(addr);
    let site_dir = std::env::temp_dir().join(format!("spotter-serve-{}", std::process::id()));
    let build = Options {
        root: options.root.clone(),
        output: Some(site_dir.clone()),
        base_url: Some(format!("http://{addr}/")),
        drafts: options.drafts,
    };
    let started = Instant::now();
    let remove_site = || {
        let _ = std::fs::remove_dir_all(&site_dir);
        let _ = std::fs::remove_dir_all(crate::output::replaced_dir(&site_dir));
    };
    // Left by an earlier process that had this one's id: the folders are Spotter's own.
    remove_site();
    let (site, files) = match LiveSite::build(build) {
        Ok((site, files, warnings)) => {
            print_warnings(warnings);
            (site, files)
        }
        Err(Failure::Usage(m)) => return Err(ServeError::Usage(m)),
        Err(Failure::Content(d)) => {
            remove_site();
            return Err(ServeError::Content(d));
        }
    };
    let built = started.elapsed();

    // Watching before saying so: an edit saved once the line is out is not missed.
    let (reload, _) = broadcast::channel::<()>(16);
    let watcher = watch(&options.root, site, reload.clone());
    eprintln!(
        "built {files} pages in {} ms; serving {} at http://{addr}/ (Ctrl-C to stop)",
        built.as_millis(),
        options.root.display()
    );
    let app = router(&site_dir, reload);
    // Open pages hold their event streams forever, so a graceful shutdown would wait for
    // them: on a signal the server is simply dropped.
    let result = runtime.block_on(async move {
        tokio::select! {
            served = axum::serve(listener, app).into_future() => served,
            () = shutdown() => Ok(()),
        }
    });
    drop(watcher);
    remove_site();
    result.map_err(|e| ServeError::Usage(format!("server error: {e}")))
}

/// Resolves on Ctrl-C or a termination signal, so the private site folder is always removed.
async fn shutdown() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// The routes: the live-reload script and events, then the site's files.
fn router(site_dir: &Path, reload: broadcast::Sender<()>) -> Router {
    let events = move || {
        let rx = reload.subscribe();
        async move {
            let stream = futures_util::stream::unfold(rx, |mut rx| async move {
                loop {
                    match rx.recv().await {
                        Ok(()) => {
                            return Some((
                                Ok::<Event, std::convert::Infallible>(
                                    Event::default().event("reload").data("reload"),
                                ),
                                rx,
                            ))
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    }
                }
            });
            Sse::new(stream).keep_alive(KeepAlive::default())
        }
    };
    let not_found = site_dir.join("404.html");
    Router::new()
        .route(
            "/__spotter/live.js",
            get(|| async {
                (
                    [
                        ("content-type", "text/javascript; charset=utf-8"),
                        ("cache-control", "no-store"),
                    ],
                    LIVE_RELOAD_JS,
                )
                    .into_response()
            }),
        )
        .route("/__spotter/events", get(events))
        .fallback_service(
            ServeDir::new(site_dir)
                .append_index_html_on_directories(true)
                .not_found_service(tower_http::services::ServeFile::new(not_found)),
        )
        .layer(axum::middleware::map_response(never_cached))
}

/// Marks every answer as not to be kept: a page reloaded after an edit in the same second as
/// the build before it has the same `Last-Modified`, and a browser revalidating its copy was
/// told it had not changed.
async fn never_cached(mut response: axum::response::Response) -> axum::response::Response {
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    headers.remove(axum::http::header::LAST_MODIFIED);
    response
}

/// The folders of a guide that a build reads (besides `site.yaml` beside them).
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Watches the guide on a thread of its own; on each change (after a short quiet spell, so a
/// save that touches several files is one rebuild) updates the site and signals the pages.
///
/// The guide's folder is watched for `site.yaml` and for its source folders coming and going;
/// each source folder that is there is watched whole, and watched again whenever it is
/// created, moved in or replaced (a folder's watch ends when it is removed or moved away).
/// Nothing else is watched: not the output, not `public/` or dot-folders, whose changes
/// (the server's own writes among them) would only cost watches and rebuilds.
fn watch(
    root: &Path,
    mut site: LiveSite,
    reload: broadcast::Sender<()>,
) -> Option<Arc<Mutex<notify::RecommendedWatcher>>> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "warning: cannot watch for changes ({e}); the site will not rebuild by itself"
            );
            return None;
        }
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if let Err(e) = watcher.watch(&root, RecursiveMode::NonRecursive) {
        eprintln!("warning: cannot watch {}: {e}", root.display());
    }
    for part in SOURCE_FOLDERS {
        watch_source_folder(&mut watcher, &root.join(part));
    }
    let watcher = Arc::new(Mutex::new(watcher));
    // The thread ends when the watcher is dropped, which closes the channel.
    let weak = Arc::downgrade(&watcher);
    std::thread::spawn(move || {
        let site_dir = std::fs::canonicalize(site.dir()).unwrap_or_else(|_| site.dir().into());
        let follow = |event: &notify::Result<notify::Event>| {
            let folders = folders_to_watch(event, &root);
            if let (false, Some(watcher)) = (folders.is_empty(), weak.upgrade()) {
                let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
                for folder in folders {
                    watch_source_folder(&mut watcher, &folder);
                }
            }
            if let Err(e) = event {
                eprintln!("warning: {e}; changes may be missed until serve is restarted");
            }
        };
        while let Ok(first) = rx.recv() {
            // Times are from the save's first event, so they count the quiet spell too.
            let started = Instant::now();
            follow(&first);
            let mut changed: Vec<PathBuf> = relevant_paths(&first, &root, &site_dir);
            let mut quiet = quiet_after(&first);
            while let Ok(next) = rx.recv_timeout(quiet) {
                follow(&next);
                changed.extend(relevant_paths(&next, &root, &site_dir));
                quiet = quiet_after(&next);
            }
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            let ms = || started.elapsed().as_millis();
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            match site.update(&changed) {
                Outcome::Bodies { pages } => {
                    let _ = reload.send(());
                    eprintln!("updated {pages} page{} in {} ms", plural(pages), ms());
                }
                Outcome::Pages {
                    pages,
                    of,
                    written,
                    warnings,
                } => {
                    print_warnings(warnings);
                    let _ = reload.send(());
                    eprintln!(
                        "updated {pages} of {of} pages in {} ms ({written} file{} changed)",
                        ms(),
                        plural(written)
                    );
                }
                Outcome::Rebuilt {
                    kept,
                    written,
                    warnings,
                } => {
                    print_warnings(warnings);
                    let _ = reload.send(());
                    let kept = if kept > 0 {
                        format!("{kept} page{} unchanged, ", plural(kept))
                    } else {
                        String::new()
                    };
                    eprintln!(
                        "rebuilt in {} ms ({kept}{written} file{} changed)",
                        ms(),
                        plural(written)
                    );
                }
                Outcome::Failed(d) => {
                    print_warnings(d);
                    eprintln!("the build failed; still serving the last good site");
                }
                Outcome::Error(m) => eprintln!("error: {m}"),
            }
        }
    });
    Some(watcher)
}

/// How long to wait for another event after `event` before updating. A file closed after
/// writing, renamed into place or removed is a finished change: the wait is then short, to
/// catch the other files of a save of several. After anything else (a file truncated, half
/// written, created, renamed away), more of the same save is likely to follow.
fn quiet_after(event: &notify::Result<notify::Event>) -> Duration {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    use notify::EventKind;
    let finished = event.as_ref().is_ok_and(|e| {
        matches!(
            e.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
                | EventKind::Remove(_)
        )
    });
    Duration::from_millis(if finished { 5 } else { 30 })
}

/// Watches the source folder `dir` whole, if it is there: again after it was replaced, in
/// which case the watches of what was there before have ended.
fn watch_source_folder(watcher: &mut notify::RecommendedWatcher, dir: &Path) {
    use notify::{RecursiveMode, Watcher};
    if !dir.is_dir() {
        return;
    }
    match watcher.watch(dir, RecursiveMode::Recursive) {
        Ok(()) => {}
        // Gone again already: its return is another event.
        Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {}
        Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
    }
}

/// The source folders an event says came (created, moved in, replaced), and all of them when
/// the watcher lost events and they must be looked at again.
fn folders_to_watch(event: &notify::Result<notify::Event>, root: &Path) -> Vec<PathBuf> {
    let Ok(event) = event else {
        return Vec::new();
    };
    if event.need_rescan() {
        return SOURCE_FOLDERS.iter().map(|f| root.join(f)).collect();
    }
    if !matches!(
        event.kind,
        notify::EventKind::Create(_)
            | notify::EventKind::Modify(notify::event::ModifyKind::Name(_))
    ) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter(|p| p.parent() == Some(root))
        .filter(|p| {
            SOURCE_FOLDERS
                .iter()
                .any(|f| p.file_name() == Some(f.as_ref()))
        })
        .cloned()
        .collect()
}

/// The paths of an event that concern the guide's sources: `site.yaml` and what is in the
/// source folders, but not the output, nor editors' swap and hidden files and folders, and
/// under `content/` only Markdown and folders (the rest of `content/` is not read). When the
/// watcher lost events, the guide's folder itself: everything is read again.
fn relevant_paths(
    event: &notify::Result<notify::Event>,
    root: &Path,
    site_dir: &Path,
) -> Vec<PathBuf> {
    let Ok(event) = event else { return Vec::new() };
    if event.need_rescan() {
        return vec![root.to_path_buf()];
    }
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return Vec::new();
    }
    let removed_file = matches!(
        event.kind,
        notify::EventKind::Remove(notify::event::RemoveKind::File)
    );
    event
        .paths
        .iter()
        .filter(|p| {
            if p.starts_with(site_dir) {
                return false;
            }
            let Ok(rel) = p.strip_prefix(root) else {
                return false;
            };
            let names: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let [first, .., name] = names.as_slice() else {
                return names
                    .first()
                    .is_some_and(|n| n == "site.yaml" || SOURCE_FOLDERS.contains(&n.as_str()));
            };
            if !SOURCE_FOLDERS.contains(&first.as_str())
                || names.iter().any(|n| n.starts_with('.'))
                || name.ends_with('~')
                || name.ends_with(".swp")
            {
                return false;
            }
            if first == "content" && !name.ends_with(".md") {
                // A folder: there, or gone (its files went with it) unless a file was removed.
                return p.is_dir() || (!p.exists() && !removed_file);
            }
            true
        })
        .cloned()
        .collect()
}

fn print_warnings(diags: Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::Watcher;

    #[test]
    fn the_sources_are_what_the_watcher_follows() {
        use notify::event::{CreateKind, EventKind, ModifyKind, RemoveKind, RenameMode};
        let root = Path::new("/guide");
        let site = Path::new("/tmp/spotter-serve-1");
        let event =
            |kind: EventKind, path: &str| Ok(notify::Event::new(kind).add_path(root.join(path)));
        let create = EventKind::Create(CreateKind::Folder);
        let moved_in = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        for folder in SOURCE_FOLDERS {
            assert_eq!(
                folders_to_watch(&event(create, folder), root),
                vec![root.join(folder)]
            );
            assert_eq!(
                folders_to_watch(&event(moved_in, folder), root),
                vec![root.join(folder)]
            );
            assert_eq!(
                relevant_paths(&event(create, folder), root, site),
                vec![root.join(folder)]
            );
        }
        for other in ["public", ".git", "content/exercises", "notes"] {
            assert!(
                folders_to_watch(&event(create, other), root).is_empty(),
                "{other}"
            );
        }
        let changed = |kind: EventKind, path: &str| {
            !relevant_paths(&event(kind, path), root, site).is_empty()
        };
        let write = EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        assert!(changed(write, "site.yaml"));
        assert!(changed(write, "content/exercises/push-up.md"));
        assert!(changed(write, "templates/404.html"));
        assert!(changed(write, "themes/mine/static/style.css"));
        // A folder of content/ moved away: its pages went with it.
        assert!(changed(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            "content/gone"
        ));
        assert!(!changed(
            EventKind::Remove(RemoveKind::File),
            "content/photo.jpg"
        ));
        for path in [
            "README.md",
            "public/index.html",
            ".git/index",
            "content/.notes/todo.md",
            "templates/.404.html.swp",
            "templates/404.html~",
        ] {
            assert!(!changed(write, path), "{path}");
        }
        let lost = Ok(notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan));
        assert_eq!(relevant_paths(&lost, root, site), vec![root.to_path_buf()]);
        assert_eq!(folders_to_watch(&lost, root).len(), SOURCE_FOLDERS.len());
    }

    /// Saves as editors make them end with an event that is waited on briefly; what starts a
    /// save is waited on longer.
    #[test]
    fn a_finished_save_is_waited_on_briefly() {
        let dir = std::env::temp_dir().join(format!("spotter-quiet-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let dir = std::fs::canonicalize(&dir).unwrap();
        let (tx, rx) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).unwrap();
        watcher
            .watch(&dir, notify::RecursiveMode::NonRecursive)
            .unwrap();
        // Written in place, as most editors save; then written aside and renamed into place,
        // as `sed -i` and others do.
        std::fs::write(dir.join("a.md"), "one").unwrap();
        std::fs::write(dir.join(".b.md.tmp"), "two").unwrap();
        std::fs::rename(dir.join(".b.md.tmp"), dir.join("b.md")).unwrap();
        // Removed, as `rm` and file managers do.
        std::fs::remove_file(dir.join("a.md")).unwrap();
        let mut waits: Vec<(PathBuf, Duration)> = Vec::new();
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(500)) {
            let wait = quiet_after(&event);
            for path in event.unwrap().paths {
                waits.push((path, wait));
            }
        }
        let of = |name: &str| -> Vec<Duration> {
            let path = dir.join(name);
            waits
                .iter()
                .filter(|(p, _)| *p == path)
                .map(|(_, w)| *w)
                .collect()
        };
        let (a, b) = (of("a.md"), of("b.md"));
        assert_eq!(a.first(), Some(&Duration::from_millis(30)), "{waits:?}");
        assert_eq!(
            a.get(a.len() - 2),
            Some(&Duration::from_millis(5)),
            "{waits:?}"
        );
        // The removal.
        assert_eq!(a.last(), Some(&Duration::from_millis(5)), "{waits:?}");
        assert_eq!(b.last(), Some(&Duration::from_millis(5)), "{waits:?}");
        drop(watcher);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
