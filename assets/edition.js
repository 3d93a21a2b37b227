// Progressive enhancements of the reading edition. Every link works without this script:
// note calls jump to the notes, names to their register pages, tables come sorted by name.
(() => {
  // ---- Popovers: a note's text beside its call; a short card for a tagged name ----
  let pop = null;
  const hide = () => { if (pop) { pop.remove(); pop = null; } };
  const place = (anchor) => {
    document.body.appendChild(pop);
    const r = anchor.getBoundingClientRect();
    pop.style.top = `${window.scrollY + r.bottom + 6}px`;
    const left = window.scrollX + r.left - 40;
    pop.style.left = `${Math.max(8, Math.min(left, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8))}px`;
  };
  const showNote = (ref) => {
    hide();
    const note = document.getElementById(ref.getAttribute('href').slice(1));
    if (!note) return;
    const body = note.querySelector('.note-body');
    pop = document.createElement('div');
    pop.className = 'note-popover';
    pop.setAttribute('role', 'tooltip');
    pop.innerHTML = body ? body.innerHTML : note.innerHTML;
    place(ref);
  };
  const cardsEl = document.getElementById('entity-cards');
  const cards = cardsEl ? JSON.parse(cardsEl.textContent) : {};
  const showCard = (a) => {
    hide();
    const c = cards[a.dataset.ref];
    if (!c) return;
    pop = document.createElement('div');
    pop.className = 'entity-card';
    pop.setAttribute('role', 'tooltip');
    const h = document.createElement('p');
    h.className = 'card-name';
    h.textContent = c.name + (c.dates ? ` (${c.dates})` : '');
    pop.appendChild(h);
    if (c.desc) {
      const d = document.createElement('p');
      d.textContent = c.desc;
      pop.appendChild(d);
    }
    place(a);
  };
  const target = (e) => e.target.closest && (e.target.closest('a.noteref') || e.target.closest('a.entity'));
  const show = (a) => (a.classList.contains('noteref') ? showNote(a) : showCard(a));
  document.addEventListener('mouseover', (e) => { const a = target(e); if (a) show(a); });
  document.addEventListener('mouseout', (e) => { if (target(e)) hide(); });
  document.addEventListener('focusin', (e) => { const a = target(e); if (a) show(a); else hide(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); });

  // ---- Register tables: sort by name (transliterated surname) or by number of mentions ----
  document.querySelectorAll('table[data-sortable]').forEach((table) => {
    const body = table.tBodies[0];
    table.querySelectorAll('button[data-sort]').forEach((btn) => {
      btn.addEventListener('click', () => {
        const key = btn.dataset.sort;
        const th = btn.closest('th');
        const asc = th.getAttribute('aria-sort') !== 'ascending';
        const rows = [...body.rows];
        rows.sort((a, b) => {
          const x = key === 'count' ? Number(a.dataset.count) - Number(b.dataset.count)
            : key === 'date' ? a.dataset.date.localeCompare(b.dataset.date)  // ISO values sort as text
            : a.dataset.name.localeCompare(b.dataset.name);
          return (asc ? x : -x) || a.dataset.name.localeCompare(b.dataset.name);
        });
        rows.forEach((r) => body.appendChild(r));
        table.querySelectorAll('th').forEach((t) => t.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      });
    });
  });
})();
