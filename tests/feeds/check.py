#!/usr/bin/env python3
"""Feed checks: builds the bundled guide and checks what machines read from it.

    python3 tests/feeds/check.py            # spotter from $SPOTTER_BIN or target/debug/spotter

- /atom.xml parses with feedparser without complaint (bozo 0); its entries are the blog posts of
  content/blog (titles and dates from their front matter or file names, drafts left out),
  newest first; each entry links to an absolute URL under base_url whose page exists in the
  output, has content, and is published on the post's date;
- /atom.xml and /sitemap.xml are well-formed XML (xmllint --noout);
- every <loc> of /sitemap.xml is absolute under base_url and names a page of the output;
- /robots.txt names the sitemap by its absolute URL.

The guide is built twice: as site.yaml says, and with --base-url set to a URL with a path, so
that the base URL is seen to reach every absolute link. Prints one line per check and ends with
`N passed, M failed`; exits 1 when any check failed.
"""

import datetime
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPOTTER = os.environ.get("SPOTTER_BIN") or os.path.join(ROOT, "target", "debug", "spotter")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok      {what}")
    else:
        failed += 1
        print(f"FAILED  {what}" + (f"\n        {detail}" if detail else ""))
    return ok


def unquote(value):
    """A YAML scalar as these front matters write it: plain, 'single' or "double" quoted."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return json.loads(value)
        except ValueError:
            return value[1:-1]
    return re.sub(r"\s+#.*$", "", value)


def front_matter(path):
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read().replace("\r\n", "\n")
    m = re.match(r"---\n(.*?)\n---(\n|$)", text, re.S)
    if not m:
        raise ValueError(f"{path}: no front matter")
    fields = {}
    for line in m.group(1).split("\n"):
        km = re.match(r"([A-Za-z_]+):\s*(.*)$", line)
        if km and km.group(2).strip():
            fields[km.group(1)] = unquote(km.group(2))
    return fields


def blog_posts(guide):
    """(date, title, slug) of every published post, newest first."""
    folder = os.path.join(guide, "content", "blog")
    posts = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md") or name.startswith("_"):
            continue
        fm = front_matter(os.path.join(folder, name))
        if fm.get("draft", "").lower() == "true":
            continue
        stem = name[:-3]
        prefix = re.match(r"(\d{4}-\d{2}-\d{2})-(.+)$", stem)
        date = fm.get("date") or (prefix.group(1) if prefix else None)
        slug = fm.get("slug") or (prefix.group(2) if prefix else stem)
        posts.append((date, fm["title"], slug))
    posts.sort(key=lambda p: p[0], reverse=True)
    return posts


def site_base_url(guide):
    with open(os.path.join(guide, "site.yaml"), encoding="utf-8-sig") as fh:
        for line in fh:
            m = re.match(r"base_url:\s*(.+)$", line.rstrip("\n"))
            if m:
                url = unquote(m.group(1))
                return url if url.endswith("/") else url + "/"
    return "http://127.0.0.1:1111/"


def page_exists(out, base_url, url):
    """Whether the absolute `url` under `base_url` names a file of the output folder."""
    if not url.startswith(base_url):
        return False
    rel = url[len(base_url):].split("#")[0].split("?")[0]
    path = os.path.normpath(os.path.join(out, rel))
    if path != out and not path.startswith(out + os.sep):
        return False
    if rel == "" or rel.endswith("/"):
        path = os.path.join(path, "index.html")
    return os.path.isfile(path)


class LinkCollector(html.parser.HTMLParser):
    """Every href and src in a piece of HTML."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def content_links(body):
    collector = LinkCollector()
    collector.feed(body)
    return collector.urls


def check_content_links(label, out, base_url, title, raw_entry, entry):
    """Links to the site in an entry's content name existing pages, and are absolute."""
    if raw_entry is None:
        check(False, f"{label} entry \"{title}\" is found again when parsed without URL resolution")
        return
    site_host = urllib.parse.urlsplit(base_url).netloc
    content = (raw_entry.get("content") or [{}])[0]
    body, xml_base = content.get("value", ""), content.get("base") or base_url
    broken, relative = [], []
    for href in content_links(body):  # entities decoded, as a browser reads the attribute
        if href.startswith("#") or href.startswith("mailto:"):
            continue
        url = urllib.parse.urljoin(xml_base, href)  # RFC 3986, against the entry's xml:base
        if urllib.parse.urlsplit(url).netloc != site_host:
            continue  # another host: the author's business
        if not re.match(r"https?://", href):
            relative.append(href)
        if not page_exists(out, base_url, url):
            broken.append(f"{href} -> {url}")
    check(not broken, f"{label} entry \"{title}\": every link to the site in its content (resolved against xml:base) names a page",
          f"broken: {broken[:5]}")
    # What a reader gets: feedparser resolves relative links itself. Root-relative links lean on
    # xml:base, which many readers ignore, and feedparser mis-resolves entity-escaped ones
    # (href="&#x2F;exercises&#x2F;x&#x2F;" becomes https://host/base/&#x2F;exercises..., that is
    # https://host/base//exercises/x/ once read): the links must still name pages.
    mangled = []
    for href in content_links("".join(c.get("value", "") for c in entry.get("content", []))):
        if href.startswith("#") or href.startswith("mailto:"):
            continue
        if urllib.parse.urlsplit(href).netloc == site_host and not page_exists(out, base_url, href):
            mangled.append(href)
    check(not mangled, f"{label} entry \"{title}\": links to the site in its content work in a feed reader (feedparser)",
          f"{len(mangled)} broken, e.g. {mangled[:3]}; the content has {len(relative)} relative links to the site, "
          f"e.g. {relative[:2]} (absolute URLs work in every reader)")


def xmllint(path):
    res = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    return res.returncode == 0, res.stderr.strip()


def check_build(guide, work, base_url_arg=None):
    base_url = base_url_arg or site_base_url(guide)
    if not base_url.endswith("/"):
        base_url += "/"
    label = f"[{base_url}]"
    out = os.path.join(work, "public-" + re.sub(r"[^A-Za-z0-9]+", "-", base_url))
    cmd = [SPOTTER, "build", "--root", guide, "--output", out]
    if base_url_arg:
        cmd += ["--base-url", base_url_arg]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if not check(res.returncode == 0, f"{label} spotter build exits 0", res.stderr[-2000:]):
        return

    # --- atom.xml
    atom = os.path.join(out, "atom.xml")
    if not check(os.path.isfile(atom), f"{label} /atom.xml is written"):
        return
    ok, err = xmllint(atom)
    check(ok, f"{label} /atom.xml is well-formed (xmllint)", err)
    feed = feedparser.parse(atom)
    check(feed.bozo == 0, f"{label} feedparser reads /atom.xml without complaint (bozo 0)",
          repr(feed.get("bozo_exception")))
    check(feed.version == "atom10", f"{label} /atom.xml is Atom 1.0", feed.version)

    raw = feedparser.parse(atom, resolve_relative_uris=False)
    raw_by_id = {e.get("id"): e for e in raw.entries}

    posts = blog_posts(guide)
    want_titles = [t for _, t, _ in posts]
    got_titles = [e.get("title") for e in feed.entries]
    check(got_titles == want_titles, f"{label} feed entries are the {len(posts)} blog posts, newest first",
          f"expected {want_titles}\n        got      {got_titles}")

    for (date, title, slug), entry in zip(posts, feed.entries):
        link = entry.get("link", "")
        check(link.startswith(base_url) and page_exists(out, base_url, link),
              f"{label} entry \"{title}\" links to an existing page under base_url", f"link {link!r}")
        check(link == f"{base_url}blog/{slug}/", f"{label} entry \"{title}\" links to /blog/{slug}/", f"link {link!r}")
        body = "".join(c.get("value", "") for c in entry.get("content", []))
        check(len(body.strip()) > 0, f"{label} entry \"{title}\" has content")
        check_content_links(label, out, base_url, title, raw_by_id.get(entry.get("id")), entry)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        got_date = datetime.date(*stamp[:3]).isoformat() if stamp else None
        check(got_date == date, f"{label} entry \"{title}\" is dated {date}", f"got {got_date}")
        check(bool(entry.get("id")), f"{label} entry \"{title}\" has an id")

    feed_links = [l.get("href", "") for l in feed.feed.get("links", [])]
    check(f"{base_url}atom.xml" in feed_links, f"{label} the feed links to itself at {base_url}atom.xml", repr(feed_links))

    # --- sitemap.xml
    sitemap = os.path.join(out, "sitemap.xml")
    if not check(os.path.isfile(sitemap), f"{label} /sitemap.xml is written"):
        return
    ok, err = xmllint(sitemap)
    check(ok, f"{label} /sitemap.xml is well-formed (xmllint)", err)
    try:
        locs = [el.text or "" for el in ET.parse(sitemap).getroot().iter(f"{SITEMAP_NS}loc")]
    except ET.ParseError as e:
        check(False, f"{label} /sitemap.xml parses", str(e))
        return
    check(len(locs) > 0, f"{label} /sitemap.xml lists pages", "no <loc>")
    outside = [l for l in locs if not l.startswith(base_url)]
    check(not outside, f"{label} every sitemap <loc> ({len(locs)}) is absolute under base_url", f"not: {outside[:5]}")
    missing = [l for l in locs if l.startswith(base_url) and not page_exists(out, base_url, l)]
    check(not missing, f"{label} every page the sitemap lists exists in the output", f"missing: {missing[:5]}")
    check(len(set(locs)) == len(locs), f"{label} the sitemap lists no page twice",
          f"{[l for l in set(locs) if locs.count(l) > 1][:5]}")
    for must in ["", "exercises/", "workouts/", "blog/"] + [f"blog/{slug}/" for _, _, slug in posts]:
        check(base_url + must in locs, f"{label} the sitemap lists {base_url + must}")

    # --- robots.txt
    robots = os.path.join(out, "robots.txt")
    if not check(os.path.isfile(robots), f"{label} /robots.txt is written"):
        return
    with open(robots, encoding="utf-8") as fh:
        lines = [l.strip() for l in fh.read().splitlines()]
    named = [l.split(":", 1)[1].strip() for l in lines if l.lower().startswith("sitemap:")]
    check(f"{base_url}sitemap.xml" in named, f"{label} /robots.txt names the sitemap {base_url}sitemap.xml",
          f"Sitemap lines: {named}")


def main():
    if not os.path.isfile(SPOTTER):
        print(f"error: no spotter binary at {SPOTTER}: run cargo build or set SPOTTER_BIN", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    work = tempfile.mkdtemp(prefix="spotter-feeds-")
    try:
        check_build(ROOT, work)
        check_build(ROOT, work, "https://feeds.example.net/upper-back/")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
