// Note previews: hovering or focusing a note call shows the note beside it; the link still
// jumps to the note list, so nothing depends on this script.
(() => {
  let pop = null;
  const hide = () => { if (pop) { pop.remove(); pop = null; } };
  const show = (ref) => {
    hide();
    const note = document.getElementById(ref.getAttribute('href').slice(1));
    if (!note) return;
    const body = note.querySelector('.note-body');
    pop = document.createElement('div');
    pop.className = 'note-popover';
    pop.setAttribute('role', 'tooltip');
    pop.innerHTML = body ? body.innerHTML : note.innerHTML;
    document.body.appendChild(pop);
    const r = ref.getBoundingClientRect();
    pop.style.top = `${window.scrollY + r.bottom + 6}px`;
    pop.style.left = `${Math.max(8, Math.min(window.scrollX + r.left - 40, window.innerWidth - pop.offsetWidth - 8))}px`;
  };
  document.addEventListener('mouseover', (e) => { const a = e.target.closest('a.noteref'); if (a) show(a); });
  document.addEventListener('mouseout', (e) => { if (e.target.closest('a.noteref')) hide(); });
  document.addEventListener('focusin', (e) => { const a = e.target.closest('a.noteref'); a ? show(a) : hide(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); });
})();
