// Register tables: sort by name (transliterated surname), by number of mentions or by date.
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
          : key === 'date' ? (a.dataset.date || '9999').localeCompare(b.dataset.date || '9999')
            : a.dataset.name.localeCompare(b.dataset.name);
        return (asc ? x : -x) || a.dataset.name.localeCompare(b.dataset.name);
      });
      rows.forEach((r) => body.appendChild(r));
      table.querySelectorAll('th').forEach((t) => t.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    });
  });
});
