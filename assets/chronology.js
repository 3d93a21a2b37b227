// The chronology's filters: by document, by event named next to the date, by text or notes.
// Without JavaScript the form stays hidden and every date is listed. The choice is kept in the
// address (?doc=…&event=…&where=…) so that it survives a reload and can be shared.
(() => {
  'use strict';
  const form = document.getElementById('chrono-filters');
  if (!form) return;
  const status = document.getElementById('chrono-status');
  const entries = [...document.querySelectorAll('.timeline .chrono-entry')];
  const selects = [...form.querySelectorAll('select')];
  const total = entries.length;

  const matches = (li, want) => {
    if (want.doc && li.dataset.doc !== want.doc) return false;
    if (want.where && li.dataset.where !== want.where) return false;
    if (want.event) {
      const events = li.dataset.events ? li.dataset.events.split(' ') : [];
      if (want.event === '*' ? events.length === 0 : !events.includes(want.event)) return false;
    }
    return true;
  };

  const apply = () => {
    const want = {};
    selects.forEach((s) => { want[s.name] = s.value; });
    let shown = 0;
    entries.forEach((li) => {
      const ok = matches(li, want);
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    // A month or year with nothing left to show is hidden with its heading.
    document.querySelectorAll('.timeline .chrono-month, .timeline .chrono-year').forEach((sec) => {
      sec.hidden = !sec.querySelector('.chrono-entry:not([hidden])');
    });
    // Links to a year with nothing left to show are hidden too.
    document.querySelectorAll('.years-nav a').forEach((a) => {
      const year = document.getElementById(a.hash.slice(1));
      a.hidden = !year || year.hidden;
    });
    const chosen = selects.filter((s) => s.value)
      .map((s) => `${s.labels[0].textContent.toLowerCase()}: ${s.selectedOptions[0].textContent.replace(/ \(\d+\)$/, '')}`);
    status.textContent = chosen.length
      ? `Showing ${shown} of ${total} dates (${chosen.join('; ')}).`
      : `Showing all ${total} dates.`;
    const params = new URLSearchParams();
    selects.forEach((s) => { if (s.value) params.set(s.name, s.value); });
    const query = params.toString();
    history.replaceState(null, '', (query ? `?${query}` : location.pathname) + location.hash);
  };

  const params = new URLSearchParams(location.search);
  selects.forEach((s) => {
    const v = params.get(s.name);
    if (v !== null && [...s.options].some((o) => o.value === v)) s.value = v;
    s.addEventListener('change', apply);
  });
  form.addEventListener('reset', () => setTimeout(apply));
  form.addEventListener('submit', (e) => e.preventDefault());
  form.hidden = false;
  apply();
})();
