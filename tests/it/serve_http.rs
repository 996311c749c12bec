//! `spotter serve` run as a user runs it: the binary on a port of its own, asked over HTTP with
//! requests written byte for byte (so that nothing normalises a path or a `Host` header on the
//! way). It answers only requests that name this machine; a path that cannot be a file of the
//! site gets the site's 404 page, and no link leads out of the site; `--interface` takes names
//! and IPv6 addresses; and it keeps watching the guide when its folders are replaced, moved
//! away and back, or created after it started.
//!
//! Each server gets TMPDIR set to a scratch folder, where its private site folder is
//! (TMPDIR/spotter-serve-PID), and is killed when its guard is dropped. Waits for a rebuild
//! poll the page and give up after [`REBUILD_WAIT`].

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{copy_dir, tests_dir, write, TempDir};

/// How long a change may take to show.
const REBUILD_WAIT: Duration = Duration::from_secs(20);

const PAGE: &str = "/exercises/push-up/";
const EXERCISE: &str = "content/exercises/push-up.md";

/// A running `spotter serve`, killed on drop.
struct Server {
    child: Child,
    /// What it printed on stderr so far.
    stderr: Arc<Mutex<String>>,
    /// The address it said to open.
    url: String,
    port: u16,
    /// Its private site folder.
    site: PathBuf,
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
    let site = tmp.join(format!("spotter-serve-{}", child.id()));
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
                url,
                port,
                site,
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
    /// The header lines, lowercase.
    head: String,
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
        head: head.to_ascii_lowercase(),
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

// ---- Which requests are answered -------------------------------------------------------------

/// One of each kind of route: a page, a static file, the live-reload script, the event stream,
/// a missing page; and what each answers a request that names this machine.
const ROUTES: [(&str, u16); 5] = [
    (PAGE, 200),
    ("/style.css", 200),
    ("/__spotter/live.js", 200),
    ("/__spotter/events", 200),
    ("/no-such-page/", 404),
];

/// A page elsewhere that has its own name point at this machine (DNS rebinding) sends its own
/// name as `Host`: every route refuses it, and no answer lets another origin read it.
#[test]
fn requests_for_other_host_names_are_refused_on_every_route() {
    let (tmp, guide) = scratch("serve-hosts");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    let port = server.port;
    let refused = [
        Some("evil.example".to_string()),
        Some(format!("evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("127.0.0.1.nip.io:{port}")),
        Some(format!("10.0.0.1:{port}")),
        Some(format!("localhost@evil.example:{port}")),
        Some(String::new()),
        None,
    ];
    let answered = [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        "[::1]".to_string(),
        format!("LocalHost.:{port}"),
    ];
    let origin = "Origin: http://evil.example\r\n";
    for (route, status) in ROUTES {
        for host in &refused {
            let answer = get_as(&server, route, host.as_deref(), origin);
            assert_eq!(answer.status, 421, "{route} for Host {host:?}: {answer:#?}");
            assert!(
                answer.body.contains("localhost, 127.0.0.1, [::1]")
                    && answer.body.contains("--interface"),
                "{route} for Host {host:?}: {answer:#?}"
            );
            assert!(
                answer.head.contains("content-type: text/plain"),
                "{answer:#?}"
            );
        }
        for host in &answered {
            let answer = get_as(&server, route, Some(host), origin);
            assert_eq!(
                answer.status, status,
                "{route} for Host {host}: {answer:#?}"
            );
            assert!(
                !answer.head.contains("access-control-"),
                "{route} allows other origins: {answer:#?}"
            );
        }
        // The target's own authority, which wins over `Host`.
        let absolute = format!("http://evil.example:{port}{route}");
        let answer = get_as(&server, &absolute, Some(&format!("127.0.0.1:{port}")), "");
        assert_eq!(answer.status, 421, "{absolute}: {answer:#?}");
    }
}

/// An address of this machine's IPv6 loopback, with or without brackets, and a name
/// (`localhost`) are addresses to listen on; the address to open is printed as a browser takes
/// it.
#[test]
fn the_interface_can_be_ipv6_or_a_name() {
    let (tmp, guide) = scratch("serve-interface");
    let ipv6 = std::net::TcpListener::bind("[::1]:0").is_ok();
    if ipv6 {
        for interface in ["::1", "[::1]"] {
            let server = start(&guide, &tmp.join("tmp"), &["--interface", interface]);
            assert_eq!(server.url, format!("http://[::1]:{}/", server.port));
            let request = format!(
                "GET {PAGE} HTTP/1.1\r\nHost: [::1]:{}\r\nConnection: close\r\n\r\n",
                server.port
            );
            let answer = send(&format!("[::1]:{}", server.port), &request, true);
            assert_eq!(answer.status, 200, "{answer:#?}");
        }
    } else {
        eprintln!("this machine has no IPv6 loopback: only `localhost` is tried");
    }
    let server = start(&guide, &tmp.join("tmp"), &["--interface", "localhost"]);
    assert_eq!(server.url, format!("http://localhost:{}/", server.port));
    let request = format!(
        "GET {PAGE} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    );
    let loopback = ["127.0.0.1", "[::1]"]
        .iter()
        .map(|ip| format!("{ip}:{}", server.port))
        .find(|addr| TcpStream::connect(addr).is_ok())
        .expect("listening on a loopback address");
    assert_eq!(send(&loopback, &request, true).status, 200);
    assert_eq!(
        get_as(&server, PAGE, Some("evil.example"), "").status,
        421,
        "a name as interface still refuses others"
    );
}

/// Listening on every interface was asked for: any name is answered, and serve says so.
#[test]
fn a_wildcard_interface_answers_any_host_name() {
    let (tmp, guide) = scratch("serve-wildcard");
    let server = start(&guide, &tmp.join("tmp"), &["--interface", "0.0.0.0"]);
    assert_eq!(server.url, format!("http://127.0.0.1:{}/", server.port));
    let answer = get_as(&server, PAGE, Some("guide.lan.example"), "");
    assert_eq!(answer.status, 200, "{answer:#?}");
    let said = server.stderr.lock().unwrap().clone();
    assert!(
        said.contains("listening on every network interface"),
        "{said}"
    );
}

// ---- Which paths are files -------------------------------------------------------------------

/// A path that cannot be a file of the site (too long, too deep, leaving the site, with a NUL,
/// badly encoded) is a missing page: 404 with the site's 404 page, never an error.
#[test]
fn paths_that_cannot_be_files_answer_404() {
    let (tmp, guide) = scratch("serve-paths");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    let not_found_page = "Page not found";
    let paths = [
        format!("/{}", "a/".repeat(5000)),
        format!("/exercises/{}", "push-up/".repeat(5000)),
        format!("/{}", "x".repeat(300)),
        format!("/{}/", "x".repeat(60_000)),
        "/exercises/push-up/../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/..%2f..%2f..%2fetc%2fpasswd".to_string(),
        "/exercises%2fpush-up/".to_string(),
        "/%00".to_string(),
        "/index.html%00".to_string(),
        "/exercises/%00/".to_string(),
        "/%zz".to_string(),
        "/%".to_string(),
        "/%C3%28".to_string(),
        "/%FF%FE/".to_string(),
        "/style.css/index.html".to_string(),
        "/__spotter/../index.html".to_string(),
    ];
    for path in &paths {
        let answer = get(&server, path);
        let shown: String = path.chars().take(60).collect();
        assert_eq!(answer.status, 404, "{shown}: {}", answer.head);
        assert!(
            answer.body.contains(not_found_page),
            "{shown} did not get the site's 404 page: {}",
            answer.head
        );
        assert!(!answer.body.contains("root:"), "{shown}");
    }
    // What is there still is.
    assert_eq!(get(&server, PAGE).status, 200);
    assert_eq!(get(&server, "/exercises/./push-up/").status, 200);
    assert_eq!(get(&server, "/exercises//push-up/index.html").status, 200);
    let folder = get(&server, "//exercises//push-up?a=1");
    assert_eq!(folder.status, 307, "{folder:#?}");
    assert!(
        folder
            .head
            .contains("location: /exercises/push-up/?a=1\r\n"),
        "{folder:#?}"
    );
}

/// A link in the site's folder that leads out of it is not followed; one that stays inside is.
#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_not_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, guide) = scratch("serve-links");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    let secret = "secret-outside-the-site";
    write(tmp.join("outside/secret.txt"), secret);
    write(tmp.join("outside/index.html"), secret);
    symlink(tmp.join("outside/secret.txt"), server.site.join("leak.txt")).unwrap();
    symlink(tmp.join("outside"), server.site.join("leak")).unwrap();
    symlink(
        "../../../outside/secret.txt",
        server.site.join("exercises/up.txt"),
    )
    .unwrap();
    symlink("robots.txt", server.site.join("robots-again.txt")).unwrap();
    for path in [
        "/leak.txt",
        "/leak/secret.txt",
        "/leak/",
        "/leak",
        "/exercises/up.txt",
    ] {
        let answer = get(&server, path);
        assert_eq!(answer.status, 404, "{path}: {answer:#?}");
        assert!(!answer.body.contains(secret), "{path}: {answer:#?}");
    }
    let inside = get(&server, "/robots-again.txt");
    assert_eq!(inside.status, 200, "{inside:#?}");
    assert_eq!(
        inside.body,
        fs::read_to_string(server.site.join("robots.txt")).unwrap()
    );
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
}

// ---- How fast it answers ---------------------------------------------------------------------

/// Pages asked one after another on one connection, as a browser asks a page's files, come
/// back without waiting on TCP's delayed acknowledgements (10 to 40 ms each while Nagle's
/// algorithm held a body back behind its head).
#[test]
fn answers_on_a_kept_alive_connection_are_not_held_back() {
    let (tmp, guide) = scratch("serve-nodelay");
    let server = start(&guide, &tmp.join("tmp"), &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let request = format!(
        "GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    );
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut ask = || {
        stream.write_all(request.as_bytes()).unwrap();
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let mut body = vec![0; length.expect("a Content-Length")];
        reader.read_exact(&mut body).unwrap();
        assert!(String::from_utf8_lossy(&body).contains("Push-up"));
    };
    ask();
    let started = Instant::now();
    let times = 20;
    for _ in 0..times {
        ask();
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(250),
        "{times} pages took {took:?} on one connection"
    );
}
