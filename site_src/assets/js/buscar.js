/* /buscar/: the portal's search, over Pagefind's JavaScript API (pagefind/pagefind.js, written by
 * the build; its address comes from the page, data-pagefind, as every address of the site).
 *
 * - Each result says what it is (Meta, Cargo o puesto, Área normativa, Acuerdo, Periodo, Página:
 *   the metadata «tipo» of every page) and the reader can show one kind only, with how many of
 *   each there are.
 * - A result reads as prose: the excerpt a page gives for it (metadata «extracto»: a meta's description,
 *   an área's or a cargo's metas counted), its words that match the query marked; below it, when neither
 *   it nor the title holds the query, a meta's área and cargos (metadata «ficha») if they do, else the
 *   page's text around its best-weighted matches. Pages without an excerpt show that text alone. A page of illustrative data says so (metadata «ilustrativo»). Every text goes in through
 *   textContent, never as HTML.
 * - The query comes from ?q= (the header's search form submits there) and goes back into the
 *   address with the kind (?tipo=), so a search can be shared.
 * - With no result, the page offers the lists of cargos, áreas and acuerdos and the explorer.
 * - The header's box on any other page (pagina.js) boots Pagefind here as soon as the visitor is in it,
 *   and on Enter draws this page in place of the one they are on (showInPlace): the results come
 *   without the reload that would boot Pagefind again.
 */

import "./texto.js"; // the global `fold`, shared with the explorer and «Mis metas»

const PAGE = 10; // results shown at a time
const COUNTED = 200; // results whose kind is read (one small file each) to count and filter by kind
const EXCERPT_WORDS = 30;
// Words a query holds that are not marked in a result: everywhere, they say nothing of why it was found.
const UNMARKED = new Set(["a", "al", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "o", "para", "por", "que", "se", "su", "sus", "un", "una", "y"]);
const REORDERED = PAGE; // the first results, read before any is shown, where titles that hold the query come first
const OTHER = "Página";
// Among the first results whose title holds every word of the query, the broader kind first:
// «organizacion electoral» opens with the área normativa, then its cargos, then metas.
const KIND_ORDER = ["Área normativa", "Cargo o puesto", "Acuerdo", "Periodo", "Meta", OTHER];

const loading = new Map(); // Pagefind, once per document, by the address of its bundle

/* Pagefind's API, loaded and started (the worker, its WebAssembly and the index's entry) once. */
export function loadPagefind(address) {
  const bundle = new URL(address, location.href);
  if (!loading.has(bundle.href)) {
    loading.set(bundle.href, import(bundle.href).then(async (module) => {
      // Results link from the site's root, the folder above the bundle (the site may live under a sub-path);
      // a page's title weighs more than its body: «DEOE-12» brings the meta of that número first.
      await module.options({ baseUrl: new URL("../", bundle).pathname, ranking: { metaWeights: { title: 8 } } });
      module.init();
      return module;
    }));
  }
  return loading.get(bundle.href);
}

/* The results page's HTML (fetched by the caller from `address`) drawn in place of the page's container,
 * the header's title with it; its address goes into history and the search starts on it. The rest of
 * the document stays (the visitor is in the header's box), its addresses made absolute first: they were
 * written relative to the page left (the header's links, the icon and feeds in <head>). */
export function showInPlace(html, address) {
  const next = new DOMParser().parseFromString(html, "text/html");
  const container = next.querySelector(".md-container");
  const root = container && container.querySelector("[data-buscar]");
  if (!root) throw new Error(`${address} no es la página de búsqueda`);
  const absolute = (element, attribute) => element.setAttribute(attribute, new URL(element.getAttribute(attribute), document.baseURI).href);
  for (const element of document.querySelectorAll("[href], [src], form[action]")) {
    if (element.closest(".md-container")) continue; // replaced below
    for (const attribute of ["href", "src", "action"]) if (element.hasAttribute(attribute)) absolute(element, attribute);
  }
  const topic = '[data-md-component="header-topic"]';
  document.querySelector(topic).replaceWith(document.adoptNode(next.querySelector(topic)));
  document.querySelector(".md-container").replaceWith(document.adoptNode(container));
  document.title = next.title;
  history.pushState(null, "", address);
  scrollTo(0, 0);
  start(root);
}

/* The search on the results page whose root is `root`: its form, kinds, results and address. */
export function start(root) {
  const form = root.querySelector("form");
  const input = root.querySelector("#buscar-q");
  const kinds = root.querySelector("[data-tipos]");
  const status = root.querySelector("[data-estado]");
  const list = root.querySelector("[data-resultados]");
  const more = root.querySelector("[data-mas]");
  const suggestions = root.querySelector("[data-sugerencias]");
  const explorerLink = root.querySelector("[data-explorador-q]");

  const params = new URLSearchParams(location.search);
  const pagefind = loadPagefind(root.dataset.pagefind);
  let current = { query: "", results: [], data: [], shown: 0, token: 0 };

  function selectedKind() {
    const checked = kinds.querySelector("input:checked");
    return checked ? checked.value : "";
  }

  /* While there is a query, the kinds' row and a screen of results keep their room from the start,
   * so that nothing on the page jumps as results, kinds and counts come in (CLS). */
  function reserveRoom() {
    if (root.hasAttribute("data-buscando")) return;
    root.setAttribute("data-buscando", "");
    kinds.style.minHeight = `${kinds.getBoundingClientRect().height}px`;
  }

  function keepInUrl(query, kind) {
    if (query) params.set("q", query);
    else params.delete("q");
    if (kind) params.set("tipo", kind);
    else params.delete("tipo");
    const search = params.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function kindOf(data) {
    return (data.meta && data.meta.tipo) || OTHER;
  }

  /* Does the title hold every word of the query (accents and case aside, «DEOE-12» as one word)? */
  function titleHolds(data, words) {
    const title = fold((data.meta && data.meta.title) || "");
    const tokens = new Set(title.split(/[^\p{L}\p{N}-]+/u).flatMap((t) => [t, ...t.split("-")]));
    return words.every((w) => tokens.has(w));
  }

  /* Pagefind's order, but in the first REORDERED results the pages whose title holds the whole query
   * come first, the broader kinds before: a search for a name finds the page of that name. */
  function reorder(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const head = current.data.slice(0, REORDERED).map((data, i) => ({ data, result: current.results[i], i }));
    const rank = (entry) => (titleHolds(entry.data, words) ? KIND_ORDER.indexOf(kindOf(entry.data)) : KIND_ORDER.length);
    head.sort((a, b) => rank(a) - rank(b) || a.i - b.i);
    current.data.splice(0, head.length, ...head.map((e) => e.data));
    current.results.splice(0, head.length, ...head.map((e) => e.result));
  }

  function queryWords() {
    return fold(current.query).split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  }

  /* A paragraph of `words`, those at the positions `marked` holds in <mark>. */
  function paragraphOf(words, marked, className, before = "", after = "") {
    const paragraph = document.createElement("p");
    paragraph.className = className;
    if (before) paragraph.append(before);
    words.forEach((word, i) => {
      if (i) paragraph.append(" ");
      if (marked.has(i)) {
        const mark = document.createElement("mark");
        mark.textContent = word;
        paragraph.append(mark);
      } else {
        paragraph.append(word);
      }
    });
    if (after) paragraph.append(after);
    return paragraph;
  }

  /* The positions of the words of `words` that match the query (accents and case aside): the same word,
   * or one of four letters or more that begins the other, as Pagefind finds «electorales» by «electoral». */
  function matchesIn(words) {
    const query = queryWords().filter((q) => !UNMARKED.has(q));
    const begins = (long, short) => short.length >= 4 && long.startsWith(short);
    const found = new Set();
    words.forEach((word, i) => {
      const token = fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (token && query.some((q) => token === q || begins(token, q) || begins(q, token))) found.add(i);
    });
    return found;
  }

  /* The page's own excerpt (metadata «extracto»), its words that match the query marked. */
  function givenExcerpt(text) {
    const words = text.split(/\s+/).filter(Boolean);
    const shown = words.slice(0, EXCERPT_WORDS * 2);
    return paragraphOf(shown, matchesIn(shown), "buscar__resultado-extracto", "", shown.length < words.length ? " …" : "");
  }

  /* The words around the page's best-weighted matches, as Pagefind splits its text, the matches marked. */
  function excerpt(data) {
    let words = data.content.split(/[\r\n\s]+/g);
    // The page's title is shown just above: not again.
    let skip = 0;
    const title = ((data.meta && data.meta.title) || "").split(/\s+/).filter(Boolean);
    if (title.length && words.slice(0, title.length).join(" ") === title.join(" ") && words.length > title.length + 5) skip = title.length;
    words = words.slice(skip);
    const shift = (l) => ({ ...l, location: l.location - skip });
    const scored = (data.weighted_locations || []).map(shift).filter((l) => l.location >= 0 && l.location < words.length);
    // The window of the most weighted matches; the earliest of those nearly as good (the page's heading
    // and description come before its details).
    let start = 0;
    const windows = scored.map((candidate) => {
      const from = Math.max(0, candidate.location - Math.floor(EXCERPT_WORDS / 3));
      const score = scored.filter((l) => l.location >= from && l.location < from + EXCERPT_WORDS).reduce((sum, l) => sum + l.balanced_score, 0);
      return { from, score };
    });
    // When the title already holds the query, the page's opening words say best what it is.
    const opening = titleHolds(data, queryWords());
    if (windows.length && !opening) {
      const best = Math.max(...windows.map((w) => w.score));
      start = Math.min(...windows.filter((w) => w.score >= 0.8 * best).map((w) => w.from));
    }
    const marked = new Set((data.locations || []).map((l) => l - skip - start).filter((l) => l >= 0 && l < EXCERPT_WORDS));
    return paragraphOf(words.slice(start, start + EXCERPT_WORDS), marked, "buscar__resultado-extracto", start > 0 ? "… " : "", start + EXCERPT_WORDS < words.length ? " …" : "");
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "buscar__resultado";
    const kind = document.createElement("span");
    kind.className = "buscar__resultado-tipo";
    kind.textContent = kindOf(data);
    const link = document.createElement("a");
    // The second class is the name Pagefind's own UI gave result links, which tests/browser/test_audits.py waits for.
    link.className = "buscar__resultado-titulo pagefind-ui__result-link";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.append(kind);
    if (data.meta && data.meta.ilustrativo) {
      const notice = document.createElement("span");
      notice.className = "etiqueta-ilustrativa buscar__resultado-aviso";
      notice.textContent = data.meta.ilustrativo;
      li.append(" ", notice);
    }
    li.append(link);
    const given = data.meta && data.meta.extracto;
    if (!given) {
      li.append(excerpt(data));
      return li;
    }
    const paragraph = givenExcerpt(given);
    li.append(paragraph);
    // Found by words neither the title nor the excerpt holds (a cargo of a meta, say): where they are.
    const title = ((data.meta && data.meta.title) || "").split(/\s+/);
    if (!paragraph.querySelector("mark") && !matchesIn(title).size && (data.locations || []).length) {
      const ficha = data.meta.ficha && givenExcerpt(data.meta.ficha);
      const context = ficha && ficha.querySelector("mark") ? ficha : excerpt(data);
      context.classList.add("buscar__resultado-contexto");
      li.append(context);
    }
    return li;
  }

  function plural(n, one, many) {
    return `${n.toLocaleString("es-MX")} ${n === 1 ? one : many}`;
  }

  /* The loaded results of the chosen kind. */
  function matching() {
    const kind = selectedKind();
    return current.data.filter((d) => d && (!kind || kindOf(d) === kind));
  }

  function updateCounts() {
    const loaded = current.data.filter(Boolean);
    const counts = {};
    for (const d of loaded) counts[kindOf(d)] = (counts[kindOf(d)] || 0) + 1;
    const complete = loaded.length === Math.min(current.results.length, COUNTED);
    const beyond = current.results.length > COUNTED;
    for (const label of kinds.querySelectorAll("label")) {
      const value = label.querySelector("input").value;
      const n = value ? counts[value] || 0 : current.results.length;
      label.querySelector("[data-cuenta]").textContent = complete ? `(${n.toLocaleString("es-MX")}${value && beyond ? "+" : ""})` : "";
      label.hidden = Boolean(value) && complete && !n && !label.querySelector("input").checked;
    }
    kinds.hidden = !current.results.length;
  }

  function render() {
    const kind = selectedKind();
    const shown = matching();
    list.replaceChildren(...shown.slice(0, current.shown).map(item));
    const total = current.results.length;
    const loading = current.data.filter(Boolean).length < Math.min(total, COUNTED);
    if (!current.query) {
      status.textContent = "";
    } else if (!total) {
      status.textContent = `Ningún resultado para «${current.query}». Pruebe con menos palabras, con otra forma de escribirlas o con el número de la meta (por ejemplo «DEOE-12»).`;
    } else if (kind && !shown.length && !loading) {
      status.textContent = `Ningún resultado de tipo «${kind}» para «${current.query}»; hay ${plural(total, "resultado", "resultados")} de otros tipos.`;
    } else if (kind) {
      status.textContent = `${plural(shown.length, "resultado", "resultados")} de tipo «${kind}» para «${current.query}»${total > COUNTED ? ` entre los ${COUNTED} más pertinentes` : ""}`;
    } else {
      status.textContent = `${plural(total, "resultado", "resultados")} para «${current.query}»`;
    }
    more.hidden = shown.length <= current.shown;
    suggestions.hidden = !current.query || (total > 0 && (shown.length > 0 || loading));
    if (explorerLink) {
      const url = new URL(explorerLink.getAttribute("href"), location.href);
      if (current.query) url.searchParams.set("q", current.query);
      else url.searchParams.delete("q");
      explorerLink.href = url.href;
    }
    updateCounts();
  }

  /* Reads the results' data in order, a batch at a time, until `wanted` of the chosen kind are in
   * (or COUNTED are read); then the rest up to COUNTED in the background, for the counts. */
  async function load(token, wanted) {
    const limit = Math.min(current.results.length, COUNTED);
    for (let start = 0; start < limit; start += PAGE) {
      if (token !== current.token) return;
      const missing = [];
      for (let i = start; i < Math.min(start + PAGE, limit); i++) if (!current.data[i]) missing.push(i);
      if (missing.length) {
        const batch = await Promise.all(missing.map((i) => current.results[i].data()));
        if (token !== current.token) return;
        missing.forEach((i, k) => (current.data[i] = batch[k]));
      }
      if (matching().length >= wanted || start + PAGE >= limit) render();
    }
    if (token === current.token) render();
  }

  async function search(query) {
    const token = ++current.token;
    query = query.trim();
    keepInUrl(query, selectedKind());
    if (!query) {
      current = { query: "", results: [], data: [], shown: 0, token };
      render();
      return;
    }
    status.textContent = `Buscando «${query}»…`;
    reserveRoom();
    const module = await pagefind;
    const found = await module.search(query);
    if (token !== current.token) return;
    const results = found ? [...found.results] : [];
    const head = await Promise.all(results.slice(0, REORDERED).map((r) => r.data()));
    if (token !== current.token) return;
    current = { query, results, data: head, shown: PAGE, token };
    reorder(query);
    render();
    load(token, PAGE);
  }

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  kinds.addEventListener("change", () => {
    current.shown = PAGE;
    keepInUrl(current.query, selectedKind());
    render();
    load(current.token, PAGE);
  });
  more.addEventListener("click", () => {
    current.shown += PAGE;
    render();
    load(current.token, current.shown);
  });

  const initialKind = params.get("tipo");
  const radio = [...kinds.querySelectorAll("input")].find((r) => r.value === initialKind);
  if (radio) radio.checked = true;
  const initial = params.get("q") || "";
  input.value = initial;
  for (const header of document.querySelectorAll(".buscador-cabecera input[name=q]")) header.value = initial;
  if (initial) search(initial);
  else input.focus();
}

const page = document.querySelector("[data-buscar]");
if (page) start(page);
