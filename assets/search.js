// The search page: queries the Pagefind index built by `edition build` (pagefind/ beside this
// site's pages) and shows each hit as document title, section and a snippet with the hit marked.
// The index carries, after each name, the register's other spellings between ⟨ ⟩ and a
// misprint's correction between ⟪ ⟫. A snippet shows the text as printed: the spellings are
// dropped and a hit on one of them marks the printed name before it; a correction is shown as
// the editors' ("[corrected: Trotsky]").
// A classic script (not a module) so that it runs from file:// too, where it can only say that
// the index needs HTTP: browsers refuse modules and Pagefind's files from disk.

(() => {
const here = document.currentScript.src;
const FILTER_ORDER = ["Book", "Document", "Type", "Mentions", "Year"];
const PAGE = 20;
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusEl = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const filtersEl = document.getElementById("search-filters");

const baseTitle = document.title;
let pagefind = null;
let results = [];
let shown = 0;
let serial = 0;

function selectedFilters() {
  const out = {};
  for (const box of filtersEl.querySelectorAll("input[type=checkbox]:checked")) {
    (out[box.name] ||= []).push(box.value);
  }
  return out;
}

function pagefindFilters(selected) {
  // values within one filter widen the search (any of them); filters narrow it (all of them)
  const out = {};
  for (const [name, values] of Object.entries(selected)) out[name] = { any: values };
  return out;
}

function sortedValues(name, counts) {
  const values = Object.keys(counts);
  if (name === "Year") return values.sort((a, b) => Number(a) - Number(b));
  if (name === "Document") {
    // in the edition's order, as on the home page
    const order = Object.values(labels.documents);
    return values.sort((a, b) => (order.indexOf(a) + 1 || 1e9) - (order.indexOf(b) + 1 || 1e9));
  }
  return values.sort((a, b) => a.localeCompare(b));
}

function renderFilters(all, selected) {
  filtersEl.replaceChildren();
  const box = document.createElement("details");
  box.className = "search-filters-box";
  box.open = window.matchMedia("(min-width: 50rem)").matches || Object.keys(selected).length > 0;
  const summary = document.createElement("summary");
  summary.textContent = "Filters";
  box.append(summary);
  const names = [...FILTER_ORDER.filter((n) => n in all), ...Object.keys(all).filter((n) => !FILTER_ORDER.includes(n))];
  for (const name of names) {
    const fs = document.createElement("fieldset");
    fs.className = `filter filter-${name.toLowerCase()}`;
    const legend = document.createElement("legend");
    legend.textContent = name;
    fs.append(legend);
    for (const value of sortedValues(name, all[name])) {
      const id = `f-${name}-${value}`.replace(/[^\w-]+/g, "-");
      const label = document.createElement("label");
      const cb = document.createElement("input");
      cb.type = "checkbox";
      cb.name = name;
      cb.value = value;
      cb.id = id;
      cb.checked = (selected[name] || []).includes(value);
      const text = document.createElement("span");
      // "Persons" → "a person", "Organisations" → "an organisation"
      const one = value.replace(/s$/, "").toLowerCase();
      text.textContent = name === "Mentions" ? `${/^[aeiou]/.test(one) ? "an" : "a"} ${one}` : value;
      const count = document.createElement("span");
      count.className = "count";
      count.dataset.filter = name;
      count.dataset.value = value;
      label.append(cb, " ", text, " ", count);
      fs.append(label);
    }
    box.append(fs);
  }
  filtersEl.append(box);
  filtersEl.hidden = false;
}

function updateCounts(counts) {
  // with a search on, a value none of its results has is left out (unless it is chosen)
  const searching = Object.keys(counts).length > 0;
  for (const el of filtersEl.querySelectorAll(".count")) {
    const n = (counts[el.dataset.filter] || {})[el.dataset.value] || 0;
    el.textContent = searching ? `(${n})` : "";
    const label = el.closest("label");
    label.hidden = searching && n === 0 && !label.querySelector("input").checked;
  }
}

// An excerpt is Pagefind's text with <mark> around hits: rebuild it from text and marks only,
// so nothing else in it can become markup.
function snippet(excerpt) {
  const tpl = document.createElement("template");
  tpl.innerHTML = excerpt;
  const root = document.createElement("span");
  let mode = "";          // "", "also" (inside ⟨ ⟩) or "corr" (inside ⟪ ⟫)
  let corr = null;
  let hitInAlso = false;
  const markLastWord = () => {
    // the printed name the spellings belong to is the last word before them
    const last = root.lastChild;
    if (!last || last.nodeType !== Node.TEXT_NODE) return;
    const m = last.textContent.match(/^(.*?)(\S+)(\s*)$/s);
    if (!m) return;
    last.textContent = m[1];
    const mark = document.createElement("mark");
    mark.textContent = m[2];
    root.append(mark, m[3]);
  };
  const put = (s, isMark) => {
    for (const part of s.split(/([⟨⟩⟪⟫])/)) {
      if (part === "⟨") { mode = "also"; hitInAlso = false; }
      else if (part === "⟩") { if (hitInAlso) markLastWord(); mode = ""; }
      else if (part === "⟪") {
        mode = "corr";
        corr = document.createElement("span");
        corr.className = "also corr";
        const i = document.createElement("i");
        i.textContent = "corrected:";
        corr.append("[", i, " ");
        root.append(corr);
      } else if (part === "⟫") { if (corr) corr.append("]"); corr = null; mode = ""; }
      else if (!part) continue;
      else if (mode === "also") { if (isMark) hitInAlso = true; }
      else {
        const target = mode === "corr" && corr ? corr : root;
        if (isMark) {
          const m = document.createElement("mark");
          m.textContent = part;
          target.append(m);
        } else if (target === root && root.lastChild && root.lastChild.nodeType === Node.TEXT_NODE) {
          root.lastChild.textContent += part;
        } else target.append(part);
      }
    }
  };
  for (const node of tpl.content.childNodes) put(node.textContent || "", node.nodeName === "MARK");
  if (corr) corr.append("]");
  // spellings dropped leave doubled spaces
  for (const n of root.childNodes) if (n.nodeType === Node.TEXT_NODE) n.textContent = n.textContent.replace(/ {2,}/g, " ");
  return root;
}

let labels = { documents: {}, sections: {}, registers: {}, text_dir: "_text" };

function describe(d) {
  // passages are stored as /_text/DOC/ANCHOR.html, register entries at their own address
  const parts = d.url.replace(/^\//, "").split("/");
  if (parts[0] === labels.text_dir && parts.length === 3) {
    const doc = parts[1];
    const anchor = decodeURIComponent(parts[2].replace(/\.html$/, ""));
    const link = anchor === "_" ? `${doc}.html` : `${doc}.html#${anchor}`;
    return { link, title: labels.documents[doc] || doc, section: labels.sections[link] || "" };
  }
  return { link: parts.join("/"), title: d.meta.title || parts.join("/"), section: labels.registers[parts[0]] || "" };
}

async function showMore() {
  const batch = results.slice(shown, shown + PAGE);
  const my = serial;
  list.setAttribute("aria-busy", "true");
  const data = await Promise.all(batch.map((r) => r.data()));
  if (my !== serial) return;
  for (const d of data) {
    const li = document.createElement("li");
    li.className = "search-result";
    const h = document.createElement("h2");
    const a = document.createElement("a");
    const what = describe(d);
    a.href = what.link; // from the site's root, where this page is too
    const title = document.createElement("span");
    title.className = "result-title";
    title.textContent = what.title;
    a.append(title);
    if (what.section) {
      const sec = document.createElement("span");
      sec.className = "result-section";
      sec.textContent = what.section;
      a.append(" ", sec);
    }
    h.append(a);
    const p = document.createElement("p");
    p.className = "result-snippet";
    p.append(snippet(d.excerpt));
    li.append(h, p);
    list.append(li);
  }
  shown += batch.length;
  more.hidden = shown >= results.length;
  list.setAttribute("aria-busy", "false");
}

function remember(q, selected) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [name, values] of Object.entries(selected)) for (const v of values) params.append(name, v);
  const qs = params.toString();
  history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
}

async function run() {
  const q = input.value.trim();
  const selected = selectedFilters();
  remember(q, selected);
  document.title = q ? `“${q}” — ${baseTitle}` : baseTitle;
  const my = ++serial;
  list.setAttribute("aria-busy", "true");
  if (!q && !Object.keys(selected).length) {
    list.replaceChildren();
    more.hidden = true;
    statusEl.textContent = "";
    updateCounts({});
    list.setAttribute("aria-busy", "false");
    return;
  }
  const search = await pagefind.search(q || null, { filters: pagefindFilters(selected) });
  if (my !== serial || !search) return;
  results = search.results;
  shown = 0;
  list.replaceChildren();
  // counts for the words searched, whatever the filters are: the hits in each document, year…
  updateCounts(search.totalFilters || search.filters || {});
  const n = results.length;
  const what = q ? ` for “${q}”` : "";
  statusEl.textContent = n ? `${n} result${n === 1 ? "" : "s"}${what}` : `No results${what}`;
  await showMore();
}

let timer = 0;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 250);
}

async function start() {
  try {
    const base = new URL("../pagefind/", here);
    pagefind = await import(new URL("pagefind.js", base).href);
    labels = await (await fetch(new URL("labels.json", base))).json();
    // exact spellings above longer words that merely start with them (Shliapnikov before Shliapnikova)
    await pagefind.options({ excerptLength: 36, ranking: { termSimilarity: 10 } });
    await pagefind.init();
  } catch (err) {
    statusEl.textContent = "The search index could not be loaded. Read the edition over HTTP (edition serve), not from disk.";
    list.setAttribute("aria-busy", "false");
    return;
  }
  const params = new URLSearchParams(location.search);
  const selected = {};
  for (const [k, v] of params) if (k !== "q") (selected[k] ||= []).push(v);
  renderFilters(await pagefind.filters(), selected);
  input.value = params.get("q") || "";
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  input.addEventListener("input", soon);
  filtersEl.addEventListener("change", run);
  more.addEventListener("click", () => {
    const first = list.children.length;
    showMore().then(() => list.children[first]?.querySelector("a")?.focus());
  });
  document.body.classList.add("search-ready");
  await run();
}

start();
})();
