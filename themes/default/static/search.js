/* search.js: the site's search (default Spotter theme).
 *
 * The box in every page's header answers as one types: the best matches from the site's
 * search index (/search-index.json, read from this site when the box is first focused), grouped by
 * kind, with a link to every result on /search/?q=. Enter opens that page, which lists them
 * all. Without JavaScript the box is a form that lands on the exercise list.
 *
 * Matching: every word typed must match the entry somewhere; where it matches weighs what it
 * scores (the title most, then other names, muscles and equipment, tags, the summary, the words
 * of the text). A word matches a name that starts with it, or contains it once it is 4
 * letters or more. Plain ES2017, no dependencies, nothing from another host.
 */
(function () {
  'use strict';

  const KINDS = [
    ['exercise', 'Exercises'], ['workout', 'Workouts'], ['program', 'Programs'], ['muscle', 'Muscles'],
    ['equipment', 'Equipment'], ['post', 'Posts'], ['page', 'Pages']
  ];
  const FIELDS = [['title', 10], ['aliases', 7], ['muscles', 5], ['equipment', 5], ['tags', 3], ['summary', 2], ['words', 1]];

  const form = document.querySelector('form.site-search');
  const pageForm = document.querySelector('form[data-search-page]');
  const results = document.getElementById('search-results');
  const indexUrl = (form && form.dataset.index) || (results && results.dataset.index);
  if (!indexUrl) return;

  let loading = null;
  function load () {
    if (!loading) {
      loading = fetch(indexUrl, { credentials: 'same-origin' })
        .then((r) => (r.ok ? r.json() : []))
        .then(prepare)
        .catch(() => []);
    }
    return loading;
  }

  const lower = (s) => (s || '').toString().toLowerCase();
  const words = (s) => lower(s).split(/[^\p{L}\p{N}'-]+/u).filter(Boolean);

  // Each entry's fields as lists of words; muscles and equipment by every name they go by.
  function prepare (entries) {
    if (!Array.isArray(entries)) return [];
    const names = new Map();
    entries.forEach((e) => {
      if (e.kind === 'muscle' || e.kind === 'equipment') {
        const slug = (e.url || '').split('/').filter(Boolean).pop();
        names.set(e.kind + ':' + slug, [e.title].concat(e.aliases || []).join(' '));
      }
    });
    return entries.map((e) => ({
      entry: e,
      title: words(e.title),
      aliases: words((e.aliases || []).join(' ')),
      muscles: words((e.muscles || []).map((m) => names.get('muscle:' + m) || m).join(' ')),
      equipment: words((e.equipment || []).map((q) => names.get('equipment:' + q) || q).join(' ')),
      tags: words((e.tags || []).join(' ')),
      summary: words(e.summary),
      words: words(e.words)
    }));
  }

  function wordScore (list, q) {
    let best = 0;
    for (const w of list) {
      if (w === q) return 1;
      if (w.startsWith(q)) best = Math.max(best, 0.8);
      else if (q.length >= 4 && w.includes(q)) best = Math.max(best, 0.5);
    }
    return best;
  }

  function score (p, terms) {
    let total = 0;
    for (const q of terms) {
      let best = 0;
      for (const [field, weight] of FIELDS) best = Math.max(best, weight * wordScore(p[field], q));
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }

  /** The entries matching `query`, best first, by kind. */
  function search (prepared, query) {
    const terms = words(query);
    const groups = new Map(KINDS.map(([k]) => [k, []]));
    if (!terms.length) return groups;
    for (const p of prepared) {
      const s = score(p, terms);
      if (s > 0 && groups.has(p.entry.kind)) groups.get(p.entry.kind).push([s, p.entry]);
    }
    for (const list of groups.values()) {
      list.sort((a, b) => b[0] - a[0] || a[1].title.localeCompare(b[1].title));
    }
    return groups;
  }

  function el (name, attrs, text) {
    const node = document.createElement(name);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The results as headed lists, `per` of each kind at most (all with 0). */
  function render (groups, per) {
    const frag = document.createDocumentFragment();
    let n = 0;
    for (const [kind, heading] of KINDS) {
      const list = groups.get(kind);
      if (!list.length) continue;
      n += list.length;
      const section = el('section', { class: 'search-group' });
      section.appendChild(el('h2', {}, heading + ' (' + list.length + ')'));
      const ul = el('ul', { class: 'search-list' });
      for (const [, e] of per ? list.slice(0, per) : list) {
        const li = el('li');
        const a = el('a', { href: e.url }, e.title);
        li.appendChild(a);
        if (e.summary) li.appendChild(el('span', { class: 'search-summary' }, e.summary));
        ul.appendChild(li);
      }
      section.appendChild(ul);
      frag.appendChild(section);
    }
    return [frag, n];
  }

  const searchPage = (q) => (form ? form.dataset.search : window.location.pathname) + '?q=' + encodeURIComponent(q);

  // The header box: answers as one types.
  if (form) {
    const input = form.querySelector('input[name="q"]');
    const panel = document.getElementById('site-search-results');
    let timer = null;
    let asked = '';
    // What a screen reader hears as results come and go: the box is a searchbox, whose
    // panel of links is told by this status rather than by aria-expanded (not allowed there).
    const status = document.getElementById('site-search-status');
    const say = (text) => { if (status) status.textContent = text; };
    const close = () => { panel.hidden = true; say(''); };
    const show = () => {
      const q = input.value.trim();
      asked = q;
      if (!q) return close();
      load().then((prepared) => {
        if (asked !== q) return;
        const [frag, n] = render(search(prepared, q), 4);
        panel.textContent = '';
        if (n === 0) panel.appendChild(el('p', { class: 'search-none' }, 'Nothing matches “' + q + '”.'));
        else panel.appendChild(frag);
        panel.appendChild(el('a', { class: 'search-all', href: searchPage(q) }, n ? 'All ' + n + ' results for “' + q + '”' : 'Search page'));
        panel.hidden = false;
        say(n ? n + ' result' + (n === 1 ? '' : 's') + ' for “' + q + '”: press the down arrow to reach them' : 'Nothing matches “' + q + '”.');
      });
    };
    input.addEventListener('focus', load, { once: true });
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(show, 60); });
    form.addEventListener('submit', (ev) => {
      const q = input.value.trim();
      if (!q) return;
      ev.preventDefault();
      window.location.href = searchPage(q);
    });
    form.addEventListener('keydown', (ev) => {
      const links = Array.from(panel.querySelectorAll('a'));
      const at = links.indexOf(document.activeElement);
      if (ev.key === 'Escape') { close(); input.focus(); } else if (ev.key === 'ArrowDown' && links.length) {
        ev.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus();
      } else if (ev.key === 'ArrowUp' && links.length) {
        ev.preventDefault(); if (at <= 0) input.focus(); else links[at - 1].focus();
      }
    });
    document.addEventListener('click', (ev) => { if (!form.contains(ev.target)) close(); });
  }

  // The search page: every result for ?q=.
  if (pageForm && results) {
    const input = pageForm.querySelector('input[name="q"]');
    const status = document.getElementById('search-status');
    const run = () => {
      const q = input.value.trim();
      load().then((prepared) => {
        const [frag, n] = render(search(prepared, q), 0);
        results.textContent = '';
        results.appendChild(frag);
        status.textContent = q ? (n ? n + ' result' + (n === 1 ? '' : 's') + ' for “' + q + '”' : 'Nothing matches “' + q + '”.') : '';
      });
    };
    input.value = new URLSearchParams(window.location.search).get('q') || '';
    pageForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const q = input.value.trim();
      try { window.history.replaceState(null, '', searchPage(q)); } catch (e) { /* file:// */ }
      run();
    });
    let timer = null;
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 120); });
    run();
  }
})();
