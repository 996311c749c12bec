// Served pages only (`spotter serve`): reload when the site changed; while the guide does
// not build, show why over the page, as the terminal does, until it builds again.
(function () {
  if (!window.EventSource) return;
  var source = new EventSource("/__spotter/events");
  var shown = null;

  source.addEventListener("reload", function () { window.location.reload(); });
  source.addEventListener("errors", function (event) {
    var report;
    try { report = JSON.parse(event.data); } catch (e) { return; }
    show(report);
  });

  function hide() {
    if (shown) shown.remove();
    shown = null;
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    // Text only: what a guide's files say is never read as HTML.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(report) {
    hide();
    var host = el("spotter-build-errors");
    var root = host.attachShadow({ mode: "open" });
    var style = el("style");
    style.textContent = [
      ":host { all: initial; }",
      ".backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;",
      "  background: rgba(20, 20, 20, 0.72); padding: 1rem; box-sizing: border-box; }",
      ".panel { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem; border-radius: 0.5rem;",
      "  background: #fff; color: #1a1a1a; font: 16px/1.45 system-ui, sans-serif;",
      "  border-top: 0.4rem solid #b3261e; box-shadow: 0 0.5rem 2rem rgba(0, 0, 0, 0.4); }",
      "h2 { font-size: 1.15rem; margin: 0 0 0.25rem; color: #b3261e; }",
      "p { margin: 0 0 0.75rem; }",
      ".diagnostic { margin: 0 0 0.75rem; padding: 0.6rem 0.75rem; border-radius: 0.25rem;",
      "  background: #f4f1ee; color: #1a1a1a; font: 14px/1.4 ui-monospace, monospace; }",
      ".diagnostic .head { margin: 0; font-weight: 700; white-space: pre-wrap; overflow-wrap: anywhere; }",
      ".diagnostic pre { margin: 0.25rem 0 0; overflow-x: auto; font: inherit; white-space: pre; }",
      ".diagnostic.warning { border-left: 0.3rem solid #8a5a00; }",
      ".diagnostic.error { border-left: 0.3rem solid #b3261e; }",
      "button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 0.25rem; cursor: pointer;",
      "  border: 1px solid #555; background: #fff; color: #1a1a1a; }",
      "button:focus-visible { outline: 3px solid #1a57c6; outline-offset: 2px; }",
      "@media (prefers-color-scheme: dark) {",
      "  .panel { background: #1e1e1e; color: #eee; border-top-color: #ff8a80; }",
      "  h2 { color: #ff8a80; }",
      "  .diagnostic { background: #2b2b2b; color: #eee; }",
      "  .diagnostic.error { border-left-color: #ff8a80; }",
      "  .diagnostic.warning { border-left-color: #ffcc66; }",
      "  button { background: #2b2b2b; color: #eee; border-color: #aaa; }",
      "}"
    ].join("\n");
    root.appendChild(style);

    var backdrop = el("div", { "class": "backdrop" });
    var panel = el("div", {
      "class": "panel", role: "alertdialog", "aria-modal": "true",
      "aria-labelledby": "spotter-errors-title", "aria-describedby": "spotter-errors-note"
    });
    var errors = report.errors, warnings = report.warnings;
    var title = errors + (errors === 1 ? " error" : " errors") + " in the guide";
    if (warnings) title += ", " + warnings + (warnings === 1 ? " warning" : " warnings");
    panel.appendChild(el("h2", { id: "spotter-errors-title" }, title));
    panel.appendChild(el("p", { id: "spotter-errors-note" },
      "This page is the last good build. Fix the file and save: the page reloads once the guide builds."));
    report.diagnostics.forEach(function (d) {
      // The first line (file:line:col: error: message) wraps; the line quoted and its caret
      // keep their columns, scrolled sideways when long.
      var box = el("div", { "class": "diagnostic " + d.severity });
      var lines = d.text.split("\n");
      box.appendChild(el("p", { "class": "head" }, lines[0]));
      if (lines.length > 1) box.appendChild(el("pre", { tabindex: "0" }, lines.slice(1).join("\n")));
      panel.appendChild(box);
    });
    var close = el("button", { type: "button" }, "Hide until the next save");
    close.addEventListener("click", hide);
    panel.appendChild(close);
    backdrop.appendChild(panel);
    root.appendChild(backdrop);
    root.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
    document.documentElement.appendChild(host);
    shown = host;
    close.focus();
  }
})();
