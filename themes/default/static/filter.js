/* filter.js: the exercise filter of /exercises/ (default Spotter theme).
 *
 * Progressive enhancement: the page lists every exercise; this script shows the filter form
 * (hidden in the HTML so that no dead controls appear without JavaScript) and hides the list
 * items that do not match.
 *
 * Each item carries data-muscles, data-equipment, data-level and data-text. Rules:
 *   muscle          an exercise that works ANY ticked muscle;
 *   equipment I own an exercise whose EVERY piece of equipment is ticked (bodyweight, "none",
 *                   always matches); with nothing ticked this filter is off;
 *   level           exact match;
 *   text            substring of data-text (lowercased names of the exercise, its muscles and
 *                   its equipment).
 * The muscle and equipment boxes sit in a <details> that is open on wide screens and closed on
 * phones (its summary counts the boxes ticked), so that the results come first there. An empty
 * list says which filter empties it: the one without which most exercises would show.
 * The filter lives in the URL query (?muscle=a&muscle=b&own=c&level=beginner&q=row), so a
 * filtered view can be shared and survives a reload; the owned equipment is also kept in
 * localStorage and used when the URL says nothing about it. Plain ES2017, no dependencies.
 */
(function () {
  'use strict';

  const form = document.getElementById('exercise-filter');
  const list = document.getElementById('exercise-list');
  if (!form || !list) return;

  const STORE_KEY = 'spotter:owned-equipment';
  const items = Array.from(list.querySelectorAll('li[data-muscles]'));
  const total = items.length;
  const count = document.getElementById('filter-count');
  const empty = document.getElementById('filter-empty');
  const emptyWhy = document.getElementById('filter-empty-why');
  const more = document.getElementById('filter-more');
  const moreCount = document.getElementById('filter-more-count');
  const actions = document.getElementById('filter-actions');
  const search = form.elements.namedItem('q');
  const level = form.elements.namedItem('level');
  const boxes = (name) => Array.from(form.querySelectorAll('input[type="checkbox"][name="' + name + '"]'));
  const words = (s) => (s || '').split(/\s+/).filter(Boolean);

  // The other names of each muscle and piece of equipment, from its box (data-names).
  const names = new Map();
  form.querySelectorAll('input[data-names]').forEach((b) => names.set(b.name + ':' + b.value, b.dataset.names));
  // Pre-split each item's data once; its text is its names and those of its muscles and kit.
  const data = items.map((li) => {
    const muscles = words(li.dataset.muscles);
    const equipment = words(li.dataset.equipment);
    const text = [(li.dataset.text || '').toLowerCase()]
      .concat(muscles.map((m) => names.get('muscle:' + m) || m))
      .concat(equipment.map((q) => names.get('own:' + q) || q))
      .join(' ');
    return { li, muscles, equipment, level: li.dataset.level || '', text };
  });

  function readStore () {
    try {
      const v = JSON.parse(window.localStorage.getItem(STORE_KEY) || '[]');
      return Array.isArray(v) ? v.map(String) : [];
    } catch (e) {
      return [];
    }
  }

  function writeStore (owned) {
    try {
      if (owned.length) window.localStorage.setItem(STORE_KEY, JSON.stringify(owned));
      else window.localStorage.removeItem(STORE_KEY);
    } catch (e) { /* storage may be disabled: the URL still carries the filter */ }
  }

  function current () {
    return {
      muscles: boxes('muscle').filter((b) => b.checked).map((b) => b.value),
      own: boxes('own').filter((b) => b.checked).map((b) => b.value),
      level: level ? level.value : '',
      q: search ? search.value.trim().toLowerCase() : ''
    };
  }

  function matches (d, s) {
    if (s.muscles.length && !d.muscles.some((m) => s.muscles.includes(m))) return false;
    if (s.own.length && !d.equipment.every((e) => e === 'none' || s.own.includes(e))) return false;
    if (s.level && d.level !== s.level) return false;
    if (s.q && !d.text.includes(s.q)) return false;
    return true;
  }

  function updateUrl (s) {
    const params = new URLSearchParams(window.location.search);
    ['muscle', 'own', 'level', 'q'].forEach((k) => params.delete(k));
    s.muscles.forEach((m) => params.append('muscle', m));
    s.own.forEach((e) => params.append('own', e));
    if (s.level) params.set('level', s.level);
    if (s.q) params.set('q', s.q);
    const query = params.toString();
    const url = window.location.pathname + (query ? '?' + query : '') + window.location.hash;
    try {
      window.history.replaceState(null, '', url);
    } catch (e) { /* file:// or a sandbox may refuse: filtering still works */ }
  }

  // Which filter empties the list: the one without which most exercises would show.
  function whyEmpty (s) {
    const without = [
      ['q', { q: '' }, 'the search "' + s.q + '"'],
      ['level', { level: '' }, 'the level ' + s.level],
      ['muscles', { muscles: [] }, 'the muscles ticked'],
      ['own', { own: [] }, 'the equipment you own']
    ].filter(([key]) => (Array.isArray(s[key]) ? s[key].length : s[key]))
      .map(([, off, name]) => {
        const t = Object.assign({}, s, off);
        return [data.filter((d) => matches(d, t)).length, name];
      })
      .filter(([n]) => n > 0)
      .sort((a, b) => b[0] - a[0]);
    if (!without.length) return 'No exercise matches these filters, and leaving out any one of them is not enough.';
    const [n, name] = without[0];
    return 'No exercise matches all of these filters: without ' + name + ', ' + n +
      (n === 1 ? ' exercise would show.' : ' exercises would show.');
  }

  let lastText = '';
  function apply (opts) {
    const s = current();
    let shown = 0;
    data.forEach((d) => {
      const ok = matches(d, s);
      d.li.hidden = !ok;
      if (ok) shown += 1;
    });
    const text = shown + ' of ' + total + ' exercise' + (total === 1 ? '' : 's');
    // Only touch the live region when the words change, so screen readers are not flooded.
    if (count && text !== lastText) {
      count.textContent = text;
      lastText = text;
    }
    if (empty) empty.hidden = shown !== 0;
    if (emptyWhy && shown === 0) emptyWhy.textContent = whyEmpty(s);
    if (actions) actions.hidden = !(s.muscles.length || s.own.length || s.level || s.q);
    if (moreCount) {
      const ticked = s.muscles.length + s.own.length;
      moreCount.textContent = ticked ? '(' + ticked + ' ticked)' : '';
    }
    if (!opts || opts.save !== false) {
      writeStore(s.own);
      updateUrl(s);
    }
  }

  // Initial state: the URL first; the remembered equipment when the URL names none.
  function restore () {
    const params = new URLSearchParams(window.location.search);
    const muscles = params.getAll('muscle');
    const own = params.has('own') ? params.getAll('own') : readStore();
    boxes('muscle').forEach((b) => { b.checked = muscles.includes(b.value); });
    boxes('own').forEach((b) => { b.checked = own.includes(b.value); });
    if (level) {
      const l = params.get('level') || '';
      level.value = Array.from(level.options).some((o) => o.value === l) ? l : '';
    }
    if (search) search.value = params.get('q') || '';
  }

  function clearAll () {
    boxes('muscle').concat(boxes('own')).forEach((b) => { b.checked = false; });
    if (level) level.value = '';
    if (search) search.value = '';
    apply();
    if (search) search.focus();
  }

  restore();
  // Open where there is room; on a phone the results come first.
  if (more && window.matchMedia && window.matchMedia('(min-width: 48rem)').matches) more.open = true;
  form.hidden = false;
  form.addEventListener('input', () => apply());
  form.addEventListener('change', () => apply());
  form.addEventListener('submit', (ev) => { ev.preventDefault(); apply(); });
  document.querySelectorAll('[data-clear]').forEach((b) => b.addEventListener('click', clearAll));
  window.addEventListener('popstate', () => { restore(); apply({ save: false }); });
  // Keep the URL as it arrived on load; only the user's changes rewrite it.
  apply({ save: false });
  // The remembered equipment, when it came from storage, belongs in the shared URL too.
  if (!new URLSearchParams(window.location.search).has('own') && current().own.length) updateUrl(current());
})();
