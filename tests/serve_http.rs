//! `spotter serve` run as a user runs it: the binary on a port of its own, asked over HTTP with
//! requests written byte for byte. It keeps watching the guide when its folders are replaced,
//! moved away and back, or created after it started, and what it writes itself starts no
//! rebuild.
//!
//! Each server gets TMPDIR set to a scratch folder, where its private site folder is
//! (TMPDIR/spotter-serve-PID), and is killed when its guard is dropped. Waits for a rebuild
//! poll the page and give up after [`REBUILD_WAIT`].

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{copy_dir, tests_dir, write, TempDir};

/// How long a change may take to show.
const REBUILD_WAIT: Duration = Duration::from_secs(20);

const PAGE: &str = "/exercises/push-up/";
const EXERCISE: &str = "content/exercises/push-up.md";

/// A running `spotter serve`, killed on drop.
struct Server {
    child: Child,
    /// What it printed on stderr so far.
    stderr: Arc<Mutex<String>>,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scratch folder holding a copy of the serve fixture guide in `guide/`, and `tmp/`.
fn scratch(label: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(label);
    let guide = tmp.join("guide");
    copy_dir(&tests_dir().join("browser/guides/serve"), &guide);
    fs::create_dir_all(tmp.join("tmp")).unwrap();
    (tmp, guide)
}

/// Starts `spotter serve --root GUIDE --port 0 ARGS` with TMPDIR at `tmp` and waits until it
/// says where it serves.
fn start(guide: &Path, tmp: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spotter"))
        .args(["serve", "--root"])
        .arg(guide)
        .args(["--port", "0"])
        .args(args)
        .env("TMPDIR", tmp)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run spotter serve");
    let stderr = Arc::new(Mutex::new(String::new()));
    let pipe = child.stderr.take().unwrap();
    let sink = Arc::clone(&stderr);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut all = sink.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    let started = Instant::now();
    loop {
        let said = stderr.lock().unwrap().clone();
        if let Some(at) = said.find(" at http://") {
            let url = said[at + 4..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            let port = url
                .trim_end_matches('/')
                .rsplit(':')
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("no port in {url}"));
            return Server {
                child,
                stderr,
                port,
            };
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("spotter serve exited ({status}) before serving:\n{said}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "spotter serve did not start within a minute:\n{said}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// An answer, as received.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: String,
}

/// Sends `request` (a whole HTTP/1.1 request, sent as written) to `addr` and reads the answer:
/// to its end, or, with `head_only`, only the head of an event stream (which does not end).
fn send(addr: &str, request: &str, head_only: bool) -> Answer {
    let mut stream =
        TcpStream::connect(addr).unwrap_or_else(|e| panic!("cannot connect to {addr}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => panic!("reading the answer to {request:?}: {e}"),
        }
        if head_only {
            let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
            if let Some((head, _)) = text.split_once("\r\n\r\n") {
                if head.contains("content-type: text/event-stream") {
                    break;
                }
            }
        }
    }
    let text = String::from_utf8_lossy(&got).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer to {request:?}: {text:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Answer {
        status,
        body: body.to_string(),
    }
}

/// `GET target` with `Host: host` (none when `None`) and the extra header lines `extra`.
fn get_as(server: &Server, target: &str, host: Option<&str>, extra: &str) -> Answer {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let request = format!("GET {target} HTTP/1.1\r\n{host}{extra}Connection: close\r\n\r\n");
    send(
        &format!("127.0.0.1:{}", server.port),
        &request,
        target == "/__spotter/events",
    )
}

/// `GET path` as a browser that opened 127.0.0.1 sends it.
fn get(server: &Server, path: &str) -> Answer {
    get_as(
        server,
        path,
        Some(&format!("127.0.0.1:{}", server.port)),
        "",
    )
}

/// Waits until the page at `path` contains `text`.
fn wait_for(server: &Server, path: &str, text: &str, after: &str) {
    let started = Instant::now();
    loop {
        let page = get(server, path);
        if page.body.contains(text) {
            return;
        }
        if started.elapsed() > REBUILD_WAIT {
            panic!(
                "after {after}, {path} did not show {text:?} within {REBUILD_WAIT:?}; \
                 serve printed:\n{}",
                server.stderr.lock().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The fixture's exercise with the title `title`.
fn exercise(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: Push-up for the serve tests.\nmuscles:\n  primary: \
         [pectoralis-major]\nequipment: []\nlevel: beginner\nsets: 3x8-12\n---\nHow to do it.\n"
    )
}

// ---- What is watched -------------------------------------------------------------------------

/// `content/` removed and copied back whole, as `rm -rf content && cp -r ...` does: the new
/// folder is watched, so the edits after it show too.
#[test]
fn content_replaced_wholesale_is_still_watched() {
    let (tmp, guide) = scratch("serve-replace");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    wait_for(&server, PAGE, "Push-up", "starting");
    let staged = tmp.join("staged");
    copy_dir(&guide.join("content"), &staged);
    write(
        staged.join("exercises/push-up.md"),
        exercise("Replaced Push-up"),
    );
    fs::remove_dir_all(guide.join("content")).unwrap();
    copy_dir(&staged, &guide.join("content"));
    wait_for(&server, PAGE, "Replaced Push-up", "replacing content/");
    write(guide.join(EXERCISE), exercise("Edited Push-up"));
    wait_for(
        &server,
        PAGE,
        "Edited Push-up",
        "editing the replaced content/",
    );
    // Replaced again, by a rename this time.
    fs::rename(guide.join("content"), tmp.join("old-content")).unwrap();
    fs::rename(&staged, guide.join("content")).unwrap();
    wait_for(&server, PAGE, "Replaced Push-up", "renaming over content/");
    write(guide.join(EXERCISE), exercise("Edited Again"));
    wait_for(
        &server,
        PAGE,
        "Edited Again",
        "editing the renamed content/",
    );
}

/// `content/` moved away and back: still watched.
#[test]
fn content_moved_away_and_back_is_still_watched() {
    let (tmp, guide) = scratch("serve-move");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    wait_for(&server, PAGE, "Push-up", "starting");
    fs::rename(guide.join("content"), guide.join("content-away")).unwrap();
    // Long enough for serve to see it gone (and fail to build without it).
    std::thread::sleep(Duration::from_millis(300));
    fs::rename(guide.join("content-away"), guide.join("content")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    write(guide.join(EXERCISE), exercise("Moved Push-up"));
    wait_for(
        &server,
        PAGE,
        "Moved Push-up",
        "moving content/ away and back",
    );
}

/// `templates/` made after serve started, as `mkdir` and an editor make it, or moved in whole:
/// its overrides apply, and edits to them too.
#[test]
fn templates_created_after_start_apply() {
    let (tmp, guide) = scratch("serve-templates");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    let missing = "/no-such-page/";
    wait_for(&server, missing, "Page not found", "starting");
    let page = |text: &str| format!("<!doctype html><title>{text}</title><p>{text}</p>\n");
    fs::create_dir(guide.join("templates")).unwrap();
    write(guide.join("templates/404.html"), page("First override"));
    wait_for(&server, missing, "First override", "creating templates/");
    write(guide.join("templates/404.html"), page("Edited override"));
    wait_for(
        &server,
        missing,
        "Edited override",
        "editing templates/404.html",
    );
    // Removed, then moved in whole with its file already inside.
    fs::remove_dir_all(guide.join("templates")).unwrap();
    wait_for(&server, missing, "Page not found", "removing templates/");
    write(tmp.join("staged/404.html"), page("Moved-in override"));
    fs::rename(tmp.join("staged"), guide.join("templates")).unwrap();
    wait_for(
        &server,
        missing,
        "Moved-in override",
        "moving templates/ in",
    );
    write(guide.join("templates/404.html"), page("Last override"));
    wait_for(
        &server,
        missing,
        "Last override",
        "editing the moved-in template",
    );
}

/// `site.yaml` is watched, and what serve writes to its own folder starts no rebuild.
#[test]
fn site_yaml_is_watched_and_the_output_is_not() {
    let (tmp, guide) = scratch("serve-site-yaml");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    let yaml = fs::read_to_string(guide.join("site.yaml")).unwrap();
    write(
        guide.join("site.yaml"),
        yaml.replace("Serve Fixture Guide", "Renamed Guide"),
    );
    wait_for(&server, PAGE, "Renamed Guide", "editing site.yaml");
    // A `spotter build` into public/ and a dot-folder's files change nothing.
    let before = server.stderr.lock().unwrap().clone();
    write(guide.join("public/index.html"), "built elsewhere");
    write(guide.join(".git/index"), "a commit");
    write(guide.join("content/.notes/todo.md"), "hidden");
    std::thread::sleep(Duration::from_millis(500));
    let after = server.stderr.lock().unwrap().clone();
    assert_eq!(
        before, after,
        "serve rebuilt after changes outside its sources"
    );
    assert_eq!(get(&server, PAGE).status, 200);
}
