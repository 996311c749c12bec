//! `spotter serve`: builds the guide into a private folder, serves it on the loopback
//! interface, rebuilds when a file of the guide changes, and tells open pages to reload.
//!
//! Only files inside that folder are served (a path is a file's or it is a missing page: no
//! `..`, and no link out of the folder is followed); the live-reload script and its event
//! stream live under `/__spotter/`; a request must name this machine (or the interface asked
//! for) as its host, against DNS rebinding; and a build that fails leaves the last good site
//! in place while the errors print in the terminal and show over every open page
//! ([`events`]).

/// The cache of a renderer of `spotter serve`, borrowed apart from its other fields.
macro_rules! cache_mut {
    ($r:ident) => {
        $r.cache
            .as_mut()
            .expect("only a render that keeps a cache makes fingerprints")
    };
}

pub mod affected;
pub mod entry_cache;
pub(crate) mod events;
pub mod fingerprint;
pub mod list_values;
pub mod live;
pub mod moves;
pub mod update;

use std::future::IntoFuture;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::Router;
use tower_http::services::ServeFile;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::pipeline::{Failure, Options};
use crate::serve::events::{events, Live, LIVE_JS};
use crate::serve::live::{LiveSite, Outcome};

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

/// Builds, serves and watches until interrupted.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let ips = interface_addresses(&options.interface, options.port).map_err(ServeError::Usage)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Usage(format!("cannot start the server: {e}")))?;
    let listeners = runtime
        .block_on(bind(&ips, options.port))
        .map_err(ServeError::Usage)?;
    let port = listeners[0].local_addr().map_or(options.port, |a| a.port());
    let url = open_url(&options.interface, &ips, port);
    let hosts = Arc::new(Hosts::new(&options.interface, &ips));
    let site_dir = std::env::temp_dir().join(format!("spotter-serve-{}", std::process::id()));
    let build = Options {
        root: options.root.clone(),
        output: Some(site_dir.clone()),
        base_url: Some(url.clone()),
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
    let live = Live::new();
    let watcher = watch(&options.root, site, live.clone());
    eprintln!(
        "built {files} pages in {} ms; serving {} at {url} (Ctrl-C to stop)",
        built.as_millis(),
        options.root.display()
    );
    if matches!(*hosts, Hosts::Any) {
        eprintln!(
            "note: listening on every network interface ({}), for any host name: whoever can \
             reach this machine can read the guide",
            options.interface
        );
    }
    let app = router(&site_dir, live, hosts);
    // Open pages hold their event streams forever, so a graceful shutdown would wait for
    // them: on a signal the server is simply dropped. Answers go out as soon as written: with
    // Nagle's algorithm a file's body waited for the browser's delayed acknowledgement of its
    // head, 10 to 40 ms a request on a kept-alive connection.
    let result = runtime.block_on(async move {
        let servers = listeners.into_iter().map(|listener| {
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            axum::serve(listener, app.clone()).into_future()
        });
        tokio::select! {
            (served, _, _) = futures_util::future::select_all(servers) => served,
            () = shutdown() => Ok(()),
        }
    });
    drop(watcher);
    remove_site();
    result.map_err(|e| ServeError::Usage(format!("server error: {e}")))
}

/// The addresses `interface` names: an IP address (IPv6 with or without brackets) or a host
/// name, resolved (`localhost` is often both `::1` and `127.0.0.1`).
fn interface_addresses(interface: &str, port: u16) -> Result<Vec<IpAddr>, String> {
    let bare = interface
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(interface);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    let cannot = |why: String| {
        format!(
            "cannot use --interface {interface}: {why}; give an address such as 127.0.0.1 or ::1, \
             or a name of this machine such as localhost"
        )
    };
    let mut ips: Vec<IpAddr> = (bare, port)
        .to_socket_addrs()
        .map_err(|e| cannot(e.to_string()))?
        .map(|a| a.ip())
        .collect();
    // The order the resolver gave, each address once.
    let mut seen = std::collections::HashSet::new();
    ips.retain(|ip| seen.insert(*ip));
    if ips.is_empty() {
        return Err(cannot("the name has no address".into()));
    }
    Ok(ips)
}

/// Listens on each of `ips` at `port` (with port 0, on the port the first was given). Fails
/// only if none can be listened on; the addresses of a name that cannot are warned about,
/// since a browser may try one of them first and find another server there.
async fn bind(ips: &[IpAddr], port: u16) -> Result<Vec<tokio::net::TcpListener>, String> {
    let mut listeners: Vec<tokio::net::TcpListener> = Vec::new();
    let mut failures = Vec::new();
    for ip in ips {
        let port = listeners
            .first()
            .and_then(|l| l.local_addr().ok())
            .map_or(port, |a| a.port());
        let addr = SocketAddr::new(*ip, port);
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listeners.push(listener),
            Err(e) => failures.push(format!("cannot listen on {addr}: {e}")),
        }
    }
    if listeners.is_empty() {
        return Err(failures
            .into_iter()
            .next()
            .unwrap_or_else(|| "no address to listen on".into()));
    }
    for failure in failures {
        eprintln!("warning: {failure}");
    }
    Ok(listeners)
}

/// The address to open the guide at: the name given, or the address (a wildcard's loopback
/// address, which this machine's browser can open), IPv6 in brackets.
fn open_url(interface: &str, ips: &[IpAddr], port: u16) -> String {
    let bare = interface
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(interface);
    match bare.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) if ip.is_unspecified() => format!("http://127.0.0.1:{port}/"),
        Ok(IpAddr::V6(ip)) if ip.is_unspecified() => format!("http://[::1]:{port}/"),
        Ok(ip) => format!("http://{}/", SocketAddr::new(ip, port)),
        Err(_) if ips.iter().any(|ip| ip.is_unspecified()) => {
            format!("http://127.0.0.1:{port}/")
        }
        Err(_) => format!("http://{}:{port}/", bare.to_ascii_lowercase()),
    }
}

/// The host names `serve` answers to. A page on another site can have its own name resolve
/// to this machine (DNS rebinding) and then read what is served, as the same origin: the
/// `Host` a browser sends then names that site, and is refused.
#[derive(Debug)]
enum Hosts {
    /// Listening on every interface (0.0.0.0 or ::), as asked: any name.
    Any,
    /// This machine's loopback names and the interface's name and addresses, lowercase,
    /// IPv6 addresses in brackets.
    Names(Vec<String>),
}

impl Hosts {
    fn new(interface: &str, ips: &[IpAddr]) -> Hosts {
        if ips.iter().any(|ip| ip.is_unspecified()) {
            return Hosts::Any;
        }
        let mut names: Vec<String> = vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
        let bare = interface
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(interface);
        if bare.parse::<IpAddr>().is_err() {
            names.push(bare.trim_end_matches('.').to_ascii_lowercase());
        }
        for ip in ips {
            names.push(match ip {
                IpAddr::V4(ip) => ip.to_string(),
                IpAddr::V6(ip) => format!("[{ip}]"),
            });
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(n.clone()));
        Hosts::Names(names)
    }

    /// Whether `authority` (a `Host` header's value, or a request target's authority) names
    /// this server. The port is not compared: a name is what a rebinding page cannot fake,
    /// and a tunnel or a forwarded port (`ssh -L 8080:localhost:1111`) brings another one.
    fn allows(&self, authority: &str) -> bool {
        let Hosts::Names(names) = self else {
            return true;
        };
        let Ok(authority) = authority.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        if authority.as_str().contains('@') {
            return false;
        }
        let host = authority.host().trim_end_matches('.').to_ascii_lowercase();
        let host = match host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .and_then(|h| h.parse::<std::net::Ipv6Addr>().ok())
        {
            // `[0:0::1]` is `[::1]`.
            Some(ip) => format!("[{ip}]"),
            None => host,
        };
        names.contains(&host)
    }

    /// What a refused request is told.
    fn refusal(&self) -> String {
        let names = match self {
            Hosts::Any => String::new(),
            Hosts::Names(names) => names.join(", "),
        };
        format!(
            "421 Misdirected Request: spotter serve answers only requests for {names}; \
             to serve other names, see --interface in `spotter serve --help`\n"
        )
    }
}

/// Refuses a request whose `Host` (or absolute request target) names another server.
async fn check_host(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get(axum::http::header::HOST)
        .map(|h| h.to_str().map(|h| hosts.allows(h)).unwrap_or(false));
    let target = request.uri().authority().map(|a| hosts.allows(a.as_str()));
    let allowed = match (header, target) {
        (None, None) => matches!(*hosts, Hosts::Any),
        (header, target) => header.unwrap_or(true) && target.unwrap_or(true),
    };
    if allowed {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        hosts.refusal(),
    )
        .into_response()
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

/// The routes: the live-reload script and events, then the site's files; all of them only
/// for requests that name this server.
fn router(site_dir: &Path, live: Live, hosts: Arc<Hosts>) -> Router {
    Router::new()
        .route(
            "/__spotter/live.js",
            get(|| async {
                (
                    [
                        ("content-type", "text/javascript; charset=utf-8"),
                        ("cache-control", "no-store"),
                    ],
                    LIVE_JS,
                )
                    .into_response()
            }),
        )
        .route("/__spotter/events", get(events).with_state(live))
        .fallback(site_file)
        .with_state(Arc::new(site_dir.to_path_buf()))
        .layer(axum::middleware::map_response(never_cached))
        .layer(axum::middleware::from_fn_with_state(hosts, check_host))
}

/// Answers with the file of the site the request's path names, or with the site's 404 page.
async fn site_file(State(site_dir): State<Arc<PathBuf>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let dir = Arc::clone(&site_dir);
    let found = tokio::task::spawn_blocking(move || find(&dir, &path))
        .await
        .unwrap_or(Found::Missing);
    match found {
        Found::File(file) => match ServeFile::new(file).try_call(request).await {
            Ok(response) if response.status() != StatusCode::NOT_FOUND => response.map(Body::new),
            // Gone, or unreadable, since it was found.
            _ => not_found(&site_dir).await,
        },
        Found::Folder(location) => {
            let location = match request.uri().query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response()
        }
        Found::Missing => not_found(&site_dir).await,
    }
}

/// The site's 404 page with status 404 (a bare 404 if the site has none).
async fn not_found(site_dir: &Path) -> Response {
    let dir = site_dir.to_path_buf();
    let page = tokio::task::spawn_blocking(move || match find(&dir, "/404.html") {
        Found::File(file) => std::fs::read(file).ok(),
        _ => None,
    })
    .await
    .ok()
    .flatten();
    match page {
        Some(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "404 Not Found\n",
        )
            .into_response(),
    }
}

/// What a request's path names in the site.
#[derive(Debug, PartialEq)]
enum Found {
    /// A file, by its real path (inside the site).
    File(PathBuf),
    /// A folder named without its final `/`: where to send the browser (the path with one).
    Folder(String),
    /// Nothing the site has: a missing file, or a path that cannot be one (`..`, a NUL, a
    /// name too long, a link that leads out of the site).
    Missing,
}

/// The file of the site in `site_dir` that the request path `path` (as sent, percent-encoded)
/// names: a folder's `index.html` when it ends with `/`. Every segment must decode to a
/// plain file name (not `..`, no `/`, NUL or invalid UTF-8), and the file, links resolved,
/// must be inside the site. Not tower-http's `ServeDir`, which does the rest of this: it follows
/// links out of the folder, and builds a folder's redirect from the raw path, so `//name`
/// would send the browser to another host.
fn find(site_dir: &Path, path: &str) -> Found {
    let Some(rest) = path.strip_prefix('/') else {
        return Found::Missing;
    };
    let mut file = site_dir.to_path_buf();
    let mut segments = Vec::new();
    for raw in rest.split('/') {
        let Ok(name) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
            return Found::Missing;
        };
        if name.is_empty() || name == "." {
            continue;
        }
        let mut parts = Path::new(name.as_ref()).components();
        let plain = matches!(parts.next(), Some(Component::Normal(n)) if n == name.as_ref())
            && parts.next().is_none();
        if !plain || name.contains(['/', '\0']) {
            return Found::Missing;
        }
        file.push(name.as_ref());
        segments.push(raw);
    }
    let Ok(site) = std::fs::canonicalize(site_dir) else {
        return Found::Missing;
    };
    let inside = |path: &Path| -> Option<(PathBuf, std::fs::Metadata)> {
        let real = std::fs::canonicalize(path).ok()?;
        if !real.starts_with(&site) {
            return None;
        }
        let meta = std::fs::metadata(&real).ok()?;
        Some((real, meta))
    };
    let Some((real, meta)) = inside(&file) else {
        return Found::Missing;
    };
    if meta.is_file() {
        return Found::File(real);
    }
    if !meta.is_dir() {
        return Found::Missing;
    }
    if !path.ends_with('/') {
        // Built from the segments, so `//host` cannot make it lead to another site.
        return Found::Folder(format!("/{}/", segments.join("/")));
    }
    match inside(&real.join("index.html")) {
        Some((index, meta)) if meta.is_file() => Found::File(index),
        _ => Found::Missing,
    }
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
    live: Live,
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
                    live.updated();
                    eprintln!("updated {pages} page{} in {} ms", plural(pages), ms());
                }
                Outcome::Pages {
                    pages,
                    of,
                    written,
                    warnings,
                } => {
                    print_warnings(warnings);
                    live.updated();
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
                    live.updated();
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
                    live.failed(&d);
                    print_warnings(d);
                    eprintln!("the build failed; still serving the last good site");
                }
                Outcome::Error(m) => {
                    live.failed(&[Diagnostic::error(&site_dir, &m)].into_iter().collect());
                    eprintln!("error: {m}");
                }
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
/// under `content/` only Markdown, pictures, clips and folders (the rest of `content/` is not
/// read). When the
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
            if first == "content" && !name.ends_with(".md") && !is_media(name) {
                // A folder: there, or gone (its files went with it) unless a file was removed.
                return p.is_dir() || (!p.exists() && !removed_file);
            }
            true
        })
        .cloned()
        .collect()
}

/// Whether the file `name` may be a picture or a clip a page shows, by its extension (which
/// pages show is for the update to tell).
fn is_media(name: &str) -> bool {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    ["jpg", "jpeg", "png", "webp", "gif", "mp4", "webm"].contains(&ext.as_str())
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

    /// A scratch folder, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(label: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("spotter-serve-unit-{label}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(std::fs::canonicalize(&dir).unwrap())
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn paths_name_files_of_the_site_only() {
        let scratch = Scratch::new("find");
        let site = scratch.0.join("site");
        std::fs::create_dir_all(site.join("exercises/push-up")).unwrap();
        std::fs::write(site.join("index.html"), "home").unwrap();
        std::fs::write(site.join("exercises/push-up/index.html"), "push-up").unwrap();
        std::fs::write(site.join("style.css"), "css").unwrap();
        std::fs::write(scratch.0.join("secret.txt"), "secret").unwrap();
        let file = |rel: &str| Found::File(site.join(rel));
        assert_eq!(find(&site, "/"), file("index.html"));
        assert_eq!(find(&site, "/style.css"), file("style.css"));
        assert_eq!(find(&site, "/%73tyle.css"), file("style.css"));
        assert_eq!(
            find(&site, "/./exercises//push-up/"),
            file("exercises/push-up/index.html")
        );
        assert_eq!(
            find(&site, "//exercises//push-up"),
            Found::Folder("/exercises/push-up/".into())
        );
        for path in [
            "",
            "/missing",
            "/exercises/",
            "/style.css/x",
            "/..",
            "/exercises/../index.html",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/exercises%2fpush-up/",
            "/%00",
            "/style.css%00",
            "/%C3%28",
            &format!("/{}", "x".repeat(300)),
            &format!("/{}", "a/".repeat(5000)),
        ] {
            assert_eq!(find(&site, path), Found::Missing, "{path:?}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(scratch.0.join("secret.txt"), site.join("out.txt")).unwrap();
            symlink(&scratch.0, site.join("up")).unwrap();
            symlink("style.css", site.join("again.css")).unwrap();
            assert_eq!(find(&site, "/out.txt"), Found::Missing);
            assert_eq!(find(&site, "/up/secret.txt"), Found::Missing);
            assert_eq!(find(&site, "/up/site/style.css"), file("style.css"));
            assert_eq!(find(&site, "/again.css"), file("style.css"));
        }
    }

    #[test]
    fn only_this_machines_names_are_answered() {
        let loopback = Hosts::new("127.0.0.1", &["127.0.0.1".parse().unwrap()]);
        for host in [
            "localhost:1111",
            "localhost",
            "LOCALHOST.:1111",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:1111",
            "[::1]",
            "[0:0::1]:1111",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "127.0.0.2:1111",
            "[::2]:1111",
            "user@localhost:1111",
            "::1",
            "localhost:1111/x",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let lan = Hosts::new("guide.lan", &["192.168.1.5".parse().unwrap()]);
        for host in ["guide.lan:1111", "192.168.1.5:1111", "localhost:1111"] {
            assert!(lan.allows(host), "{host}");
        }
        assert!(!lan.allows("evil.example:1111"));
        let any = Hosts::new("0.0.0.0", &["0.0.0.0".parse().unwrap()]);
        assert!(any.allows("evil.example:1111"));
    }

    #[test]
    fn the_url_to_open_brackets_ipv6_and_keeps_names() {
        let ip = |s: &str| vec![s.parse::<IpAddr>().unwrap()];
        assert_eq!(interface_addresses("::1", 1).unwrap(), ip("::1"));
        assert_eq!(interface_addresses("[::1]", 1).unwrap(), ip("::1"));
        assert!(interface_addresses("localhost", 1)
            .unwrap()
            .iter()
            .all(|ip| ip.is_loopback()));
        assert!(interface_addresses("no such host!", 1).is_err());
        assert_eq!(open_url("::1", &ip("::1"), 1111), "http://[::1]:1111/");
        assert_eq!(open_url("[::1]", &ip("::1"), 1111), "http://[::1]:1111/");
        assert_eq!(
            open_url("127.0.0.1", &ip("127.0.0.1"), 80),
            "http://127.0.0.1:80/"
        );
        assert_eq!(
            open_url("0.0.0.0", &ip("0.0.0.0"), 1111),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(open_url("::", &ip("::"), 1111), "http://[::1]:1111/");
        assert_eq!(
            open_url("LocalHost", &ip("127.0.0.1"), 1111),
            "http://localhost:1111/"
        );
    }

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
        // Pictures and clips beside pages, written or removed; not other files.
        for path in ["content/exercises/start.JPG", "content/clip.webm"] {
            assert!(changed(write, path), "{path}");
            assert!(changed(EventKind::Remove(RemoveKind::File), path), "{path}");
        }
        assert!(!changed(
            EventKind::Remove(RemoveKind::File),
            "content/notes.txt"
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
