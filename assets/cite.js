// Citations of a document and of its paragraphs: the sentence to copy, BibTeX and CSL-JSON.
// Loaded by edition.js only when a reader asks for one. The address is the one the reader sees,
// unless edition.toml names where the edition is published.
let data = null;
let el = null;

const today = () => new Date().toISOString().slice(0, 10);
const pageUrl = (frag) => {
  const base = data.url || location.href.split('#')[0];
  return frag ? `${base}#${frag}` : base;
};

export const citation = (frag, n) => {
  const who = data.authors.length ? `${data.authors.join(', ')}, ` : '';
  const trans = data.translator ? ` trans. ${data.translator},` : '';
  const para = n ? `, para. ${n}` : '';
  return `${who}“${data.title},”${trans} in ${data.edition}, ed. ${data.editors}, version ${data.version} (${data.date})${para}, ${pageUrl(frag)} (accessed ${today()}).`;
};

export const copy = async (text, button) => {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select and copy the text above';
  }
};

export const fillPara = (a, box) => {
  const id = a.getAttribute('href').slice(1);
  const n = (/-p(\d+)$/.exec(id) || [])[1] || '';
  const url = pageUrl(id);
  const text = citation(id, n);
  const b1 = el('button', { type: 'button', className: 'copy', textContent: 'Copy the link' });
  b1.addEventListener('click', () => copy(url, b1));
  const b2 = el('button', { type: 'button', className: 'copy', textContent: 'Copy the citation' });
  b2.addEventListener('click', () => copy(text, b2));
  box.append(el('p', { className: 'popover-head', textContent: `Paragraph ${n}` }),
    el('p', { className: 'cite-url' }, el('a', { href: `#${id}`, textContent: url })), el('p', {}, b1),
    el('p', { className: 'cite-text', textContent: text }), el('p', {}, b2));
};

const bibtex = () => {
  const esc = (v) => v.replace(/([&%$#_{}])/g, '\\$1');
  const f = [['title', data.title], ['author', data.authors.join(' and ')], ['translator', data.translator],
    ['booktitle', data.edition], ['editor', data.editors], ['edition', `version ${data.version}`],
    ['year', data.date.slice(0, 4)], ['date', data.date], ['url', pageUrl('')], ['urldate', today()],
    ['note', data.original ? `Originally published: ${data.original}` : '']];
  return `@incollection{${data.id},\n${f.filter(([, v]) => v).map(([k, v]) => `  ${k} = {${esc(v)}}`).join(',\n')}\n}\n`;
};

const csl = () => {
  const names = (xs) => xs.filter(Boolean).map((x) => ({ literal: x }));
  const parts = (d) => ({ 'date-parts': [d.split('-').map(Number)] });
  const item = { id: data.id, type: 'chapter', title: data.title, author: names(data.authors),
    translator: names([data.translator]), 'container-title': data.edition, editor: names([data.editors]),
    version: data.version, issued: parts(data.date), URL: pageUrl(''), accessed: parts(today()) };
  if (data.original) item.note = `Originally published: ${data.original}`;
  return `${JSON.stringify([item], null, 1)}\n`;
};

export const download = (a) => {
  const bib = a.dataset.citeFormat === 'bibtex';
  const blob = new Blob([bib ? bibtex() : csl()], { type: bib ? 'application/x-bibtex' : 'application/vnd.citationstyles.csl+json' });
  const link = el('a', { href: URL.createObjectURL(blob), download: a.getAttribute('href').split('/').pop() });
  document.body.append(link);
  link.click();
  link.remove();
};

export const init = (citeData, make) => {
  data = citeData;
  el = make;
  return { citation, copy, fillPara, download };
};
