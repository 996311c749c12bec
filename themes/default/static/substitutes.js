/* substitutes.js: an exercise page's substitutes, those you can do first (default Spotter theme).
 *
 * Progressive enhancement: the page lists the substitutes closest first. When the exercise
 * filter of /exercises/ remembers the equipment you own (localStorage, the key below), this
 * script moves first the substitutes whose EVERY piece of equipment you own (bodyweight,
 * "none", always counts), keeping the page's order within each group, marks them ("You have what it needs"), and says so
 * in the note above the list. With nothing remembered, the list stays as it is.
 * Plain ES2017, no dependencies.
 */
(function () {
  'use strict';

  const STORE_KEY = 'spotter:owned-equipment';
  const list = document.getElementById('substitute-list');
  if (!list) return;

  let owned = [];
  try {
    const v = JSON.parse(window.localStorage.getItem(STORE_KEY) || '[]');
    owned = Array.isArray(v) ? v.map(String) : [];
  } catch (e) {
    return; /* storage may be disabled: keep the page's order */
  }
  if (!owned.length) return;

  const items = Array.from(list.children);
  const doable = (li) => (li.dataset.equipment || '').split(' ').filter(Boolean)
    .every((q) => q === 'none' || owned.includes(q));
  const can = items.filter(doable);
  const cannot = items.filter((li) => !doable(li));
  can.concat(cannot).forEach((li) => list.appendChild(li));
  can.forEach((li) => {
    const mark = document.createElement('span');
    mark.className = 'badge substitute-have';
    mark.textContent = 'You have what it needs';
    li.querySelector('p').before(' ', mark);
  });
  const note = document.getElementById('substitutes-note');
  if (note) {
    note.textContent = can.length
      ? 'Other exercises for the same muscles: first those you have the equipment for (as ticked in the exercise finder), then the rest, closest first.'
      : 'Other exercises for the same muscles, closest first. None of them uses only the equipment you ticked in the exercise finder.';
  }
})();
