// Progressive enhancements of the reading edition. Every link works without this script: note
// calls lead to the notes and back, names to their register pages, ¶ to the paragraph; tables
// come sorted by name. No inline script or handler anywhere (the pages carry a CSP).
(() => {
  const html = document.documentElement;
  html.classList.add('js');
  const siteRoot = new URL('../', document.currentScript ? document.currentScript.src : location.href);
  const store = {
    get: (k, d) => { try { return localStorage.getItem(`edition.${k}`) ?? d; } catch { return d; } },
    set: (k, v) => { try { localStorage.setItem(`edition.${k}`, v); } catch { /* private mode */ } },
  };
  const el = (tag, props = {}, ...kids) => {
    const e = Object.assign(document.createElement(tag), props);
    kids.forEach((k) => e.append(k));
    return e;
  };

  // ---- Reading settings: highlighting of names and dates, printed or corrected text ----
  const settings = { hl: '', reading: 'printed' };
  const apply = () => {
    html.dataset.hl = settings.hl;
    html.dataset.reading = settings.reading;
  };
  Object.keys(settings).forEach((k) => { settings[k] = store.get(k, settings[k]); });
  apply();
  document.querySelectorAll('.reading-tools').forEach((tools) => {
    tools.hidden = false;
    tools.querySelectorAll('select[data-setting]').forEach((sel) => {
      const k = sel.dataset.setting;
      if ([...sel.options].some((o) => o.value === settings[k])) sel.value = settings[k];
      sel.addEventListener('change', () => { settings[k] = sel.value; store.set(k, sel.value); apply(); });
    });
  });

  // ---- One popover at a time: a preview (hover, focus) or opened in place (click, tap, key) ----
  let pop = null;      // {box, owner, modal}
  let hideTimer = 0;
  let returning = false; // focus coming back to a call is not a request for its preview
  const close = (returnFocus) => {
    clearTimeout(hideTimer);
    if (!pop) return;
    const { box, owner, modal } = pop;
    pop = null;
    box.remove();
    owner.removeAttribute('aria-expanded');
    owner.removeAttribute('aria-controls');
    if (modal && returnFocus) {
      returning = true;
      owner.focus({ preventScroll: true });
      returning = false;
    }
  };
  const later = () => { clearTimeout(hideTimer); hideTimer = setTimeout(() => { if (pop && !pop.modal) close(false); }, 350); };
  const place = (box, anchor) => {
    // in the text right after its owner, so that Tab from inside goes on from there
    anchor.after(box);
    const r = anchor.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    box.style.maxWidth = `${Math.min(26 * 16, width - 16)}px`;
    // below the call, or above it when it would run off the bottom of the window
    const h = box.offsetHeight;
    const above = r.bottom + 6 + h > window.innerHeight && r.top - 6 - h >= 0;
    box.style.top = `${window.scrollY + (above ? r.top - 6 - h : r.bottom + 6)}px`;
    const left = window.scrollX + Math.max(8, Math.min(r.left - 40, width - box.offsetWidth - 8));
    box.style.left = `${left}px`;
  };
  // content: a function filling the box; modal: focus moves in and Escape brings it back
  const open = (owner, cls, label, fill, modal) => {
    if (pop && pop.owner === owner && (pop.modal || !modal)) { clearTimeout(hideTimer); return; }
    close(false);
    const box = el('div', { className: `popover ${cls}`, id: 'popover' });
    if (modal) {
      box.setAttribute('role', 'dialog');
      box.setAttribute('aria-label', label);
      box.tabIndex = -1;
      const x = el('button', { type: 'button', className: 'popover-close', textContent: '×' });
      x.setAttribute('aria-label', 'Close');
      x.addEventListener('click', () => close(true));
      box.append(x);
    } else {
      box.setAttribute('role', 'tooltip');
    }
    fill(box);
    box.addEventListener('focusout', (e) => {
      if (pop && pop.box === box && modal && !box.contains(e.relatedTarget) && e.relatedTarget !== owner) close(false);
    });
    place(box, owner);
    owner.setAttribute('aria-expanded', 'true');
    owner.setAttribute('aria-controls', box.id);
    pop = { box, owner, modal };
    if (modal) box.focus({ preventScroll: true });
  };

  // Notes
  const noteOf = (call) => document.getElementById(call.getAttribute('href').slice(1));
  const fillNote = (call) => (box) => {
    const note = noteOf(call);
    const head = el('p', { className: 'popover-head', textContent: call.getAttribute('aria-label') });
    const content = el('div', { className: 'popover-body' });
    content.innerHTML = note ? note.innerHTML : '';
    content.querySelectorAll('[id]').forEach((n) => n.removeAttribute('id'));
    content.querySelectorAll('.nl, [role=doc-backlink]').forEach((n) => n.remove());
    box.append(head, content);
    const all = el('a', { href: call.getAttribute('href'), className: 'popover-more', textContent: 'in the list of notes' });
    box.append(all);
  };
  document.querySelectorAll('a.noteref').forEach((call) => {
    const note = noteOf(call);
    if (note) call.setAttribute('aria-describedby', note.id);
  });

  // Name cards, from one file for the whole site, fetched when first wanted
  const KIND = { persons: 'per', organisations: 'org', places: 'pla', events: 'evt' };
  let cards = null;
  const loadCards = () => {
    cards = cards || fetch(new URL('data/cards.json', siteRoot)).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
    return cards;
  };
  const refOf = (a) => {
    const m = /(?:^|\/)(persons|organisations|places|events)\/([^/]+)\.html$/.exec(a.getAttribute('href') || '');
    return m ? `${KIND[m[1]]}:${decodeURIComponent(m[2])}` : null;
  };
  const fillCard = (a, c) => (box) => {
    box.append(el('p', { className: 'card-name', textContent: c.name + (c.dates ? ` (${c.dates})` : '') }));
    if (c.desc) box.append(el('p', { className: 'card-desc', textContent: c.desc }));
    if (c.mentions) {
      box.append(el('p', { className: 'card-count',
        textContent: `${c.mentions} mention${c.mentions === 1 ? '' : 's'} in ${c.docs} document${c.docs === 1 ? '' : 's'} of the edition` }));
    }
    box.append(el('a', { className: 'card-link', href: a.href, textContent: 'Register entry and every mention' }));
  };
  const showCard = (a, modal) => {
    const ref = refOf(a);
    if (!ref) return;
    loadCards().then((all) => {
      const c = all[ref];
      if (!c) { if (modal) location.href = a.href; return; }
      open(a, 'entity-card', c.name, fillCard(a, c), modal);
    });
  };
  const isName = (a) => a.closest('.tei-document') && refOf(a);

  // Misprints: the printed reading with the editors' correction, by keyboard and touch
  document.querySelectorAll('.choice').forEach((c) => {
    const sic = c.querySelector('.sic').textContent;
    const corr = c.querySelector('.corr').textContent;
    const label = `misprint: printed “${sic}”, corrected by the editors “${corr}”`;
    c.removeAttribute('title');
    if (c.querySelector('a')) {
      // a misprint inside a name keeps the name's link; a small button beside it gives the correction
      const mark = el('button', { type: 'button', className: 'choice-mark', textContent: '°' });
      mark.setAttribute('aria-label', label);
      c.after(mark);
      return;
    }
    c.tabIndex = 0;
    c.setAttribute('role', 'button');
    c.setAttribute('aria-label', label);
  });
  const fillChoice = (owner) => (box) => {
    const c = owner.classList.contains('choice-mark') ? owner.previousElementSibling : owner;
    box.append(el('p', { className: 'popover-head', textContent: 'Misprint' }),
      el('p', {}, 'As printed: ', el('q', { textContent: c.querySelector('.sic').textContent })),
      el('p', {}, 'Corrected by the editors: ', el('q', { textContent: c.querySelector('.corr').textContent })));
  };

  // Paragraph permalinks: the ¶ after each citable paragraph (ids DOC-pN); the citation code
  // (cite.js) is fetched only when a reader asks for a citation
  document.querySelectorAll('.tei-document p[id], .tei-document li[id]').forEach((p) => {
    const n = /-p(\d+)$/.exec(p.id);
    if (!n || p.closest('.footnotes')) return;
    const a = el('a', { className: 'pl', href: `#${p.id}`, textContent: '¶' });
    a.setAttribute('aria-label', `paragraph ${n[1]}: link and citation`);
    p.append(' ', a);
  });
  const citeData = (() => {
    const d = document.getElementById('cite-data');
    try { return d ? JSON.parse(d.textContent) : null; } catch { return null; }
  })();
  let citeModule = null;
  const cite = () => {
    citeModule = citeModule || import(new URL('assets/cite.js', siteRoot).href).then((m) => m.init(citeData, el));
    return citeModule;
  };
  const fillPara = (a) => (box) => cite().then((c) => { c.fillPara(a, box); box.focus({ preventScroll: true }); });
  if (citeData) {
    const main = document.getElementById('citation');
    // the citation on the page names the address the reader sees when edition.toml gives none
    if (main && !citeData.url) cite().then((c) => { main.textContent = c.citation('', ''); });
    document.querySelectorAll('button.copy[data-copy]').forEach((b) => {
      b.hidden = false;
      b.addEventListener('click', () => cite().then((c) => c.copy(document.getElementById(b.dataset.copy).textContent, b)));
    });
    document.querySelectorAll('a[data-cite-format]').forEach((a) => {
      a.addEventListener('click', (e) => { e.preventDefault(); cite().then((c) => c.download(a)); });
    });
  }

  // ---- Which element opens which popover ----
  const kindOf = (t) => {
    if (!t || !t.closest) return null;
    const call = t.closest('a.noteref');
    if (call && noteOf(call)) return ['note', call];
    const choice = t.closest('.choice-mark') || t.closest('.choice[role=button]');
    if (choice) return ['choice', choice];
    const pl = t.closest('a.pl');
    if (pl) return ['para', pl];
    const a = t.closest('a[href]');
    if (a && isName(a)) return ['name', a];
    return null;
  };
  const show = ([kind, target], modal) => {
    if (kind === 'note') open(target, 'note-popover', target.getAttribute('aria-label'), fillNote(target), modal);
    else if (kind === 'choice') open(target, 'choice-popover', 'Misprint', fillChoice(target), modal);
    else if (kind === 'para') { if (modal) open(target, 'cite-popover', 'Cite this paragraph', fillPara(target), true); }
    else if (kind === 'name') showCard(target, modal);
  };

  let lastPointer = 'mouse';
  document.addEventListener('pointerdown', (e) => { lastPointer = e.pointerType; }, true);
  const inside = (node) => pop && node && (pop.box.contains(node) || pop.owner.contains(node));
  // hover intent: a pointer passing over a name on its way into an open preview opens nothing
  let intent = 0;
  document.addEventListener('pointerover', (e) => {
    if (e.pointerType !== 'mouse') return;
    clearTimeout(intent);
    if (inside(e.target)) { clearTimeout(hideTimer); return; }
    const k = kindOf(e.target);
    if (k) intent = setTimeout(() => { clearTimeout(hideTimer); show(k, false); }, pop ? 400 : 150);
  });
  document.addEventListener('pointerout', (e) => {
    if (e.pointerType !== 'mouse') return;
    if (!inside(e.relatedTarget)) clearTimeout(intent);
    if (pop && !pop.modal && inside(e.target) && !inside(e.relatedTarget)) later();
  });
  document.addEventListener('focusin', (e) => {
    if (returning || (pop && pop.box.contains(e.target))) return;
    const k = kindOf(e.target);
    if (k && k[0] !== 'para') show(k, false);
    else if (pop && !pop.modal) close(false);
  });
  document.addEventListener('click', (e) => {
    if (pop && pop.box.contains(e.target)) return;
    const k = kindOf(e.target);
    if (!k) { if (pop) close(false); return; }
    const [kind, target] = k;
    // a name followed by mouse or keyboard goes to its page; a tap opens its card first
    if (kind === 'name' && lastPointer !== 'touch') return;
    if (kind === 'name' && pop && pop.owner === target && pop.modal) return;
    e.preventDefault();
    if (kind === 'para') history.replaceState(null, '', target.getAttribute('href'));
    if (pop && pop.owner === target && pop.modal) { close(true); return; }
    show(k, true);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && pop) { e.preventDefault(); close(true); return; }
    // Space on a link, Enter or Space on the misprint spans (buttons click by themselves)
    if (e.target.tagName === 'BUTTON') return;
    if (e.key === ' ' || (e.key === 'Enter' && e.target.classList && e.target.classList.contains('choice'))) {
      const k = kindOf(e.target);
      if (k && k[0] !== 'name' && e.target === k[1]) {
        e.preventDefault();
        lastPointer = 'keyboard';
        show(k, true);
      }
    }
  });
  // keyboard users get focus into an opened popover, out again with Tab past its end
  document.addEventListener('keydown', (e) => { if (e.key !== 'Escape' && e.key !== ' ') lastPointer = 'keyboard'; }, true);

  // ---- Contents: folded on narrow screens ----
  document.querySelectorAll('nav.toc details').forEach((d) => {
    if (window.matchMedia('(max-width: 60rem)').matches) d.open = false;
  });

  // ---- Arriving at a mention or a note: show where ----
  const arrive = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const t = id && document.getElementById(id);
    if (t && t.matches('a[href]')) t.focus({ preventScroll: false });
  };
  window.addEventListener('hashchange', arrive);
  arrive();

  // ---- Register tables: their sorting code is loaded where there is a table to sort ----
  if (document.querySelector('table[data-sortable]')) import(new URL('assets/sort.js', siteRoot).href);
})();
