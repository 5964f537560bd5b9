/* Explorador de metas: facets with counts, free text, vigencia, sorting, the state in
 * the URL and a CSV of the selection, over assets/explorador/metas.json (metas.js offline).
 *
 * Why no library: the candidates on npm do not fit. Grid.js and Tabulator draw
 * their own widgets (Tabulator an ARIA grid of <div>s, and a large bundle) and
 * neither has facets with counts or accent-insensitive search; TanStack Table is
 * headless, so the rendering would be ours anyway, plus a bundler; List.js is
 * little maintained. What this page needs is small: a native <table>, checkboxes in
 * <fieldset>s and one loop. Plain HTML keeps it usable by keyboard and screen reader.
 *
 * Performance (10,000 metas): texts are folded once, while the browser is idle; one
 * pass over the metas filters them and counts every facet (a meta that fails
 * exactly one facet still counts for that facet's values, so the counts say what
 * checking a value would give), comparing small integers; only the first PAGE rows
 * are rendered, "Mostrar más" adds more (laying out table rows costs the most).
 * `fold` comes from texto.js, loaded before this script.
 *
 * The page comes with the first rows of the unfiltered table (explorer.first_rows), so they are
 * seen before the data loads; row() draws the same markup, with the page's PAGE and DESCRIPTION_CUT.
 *
 * No column of the contract is named here (only the explorer's own fields: estado, url, what the previous
 * period says): the data describes its fields (`campos`) and names those the page needs for their meaning
 * (`papeles`, generator/site/explorer.py); the page's template says which field each facet filters, each
 * column shows and the vigencia runs between (explorador.html.j2).
 */

const collator = new Intl.Collator("es", { numeric: true, sensitivity: "base" });
const number = new Intl.NumberFormat("es-MX");

const root = document.querySelector("[data-explorador]");
const form = root.querySelector("form");
const results = root.querySelector("section");
const textInput = form.elements.q;
const dateInput = form.elements.fecha;
const summary = root.querySelector("[data-resumen]");
const activeBadge = root.querySelector("[data-activos]");
const emptyState = root.querySelector("[data-vacio]");
const table = root.querySelector("[data-tabla]");
const body = root.querySelector("[data-filas]");
const moreButton = root.querySelector("[data-mas]");
const downloadButton = root.querySelector("[data-descargar]");
const jsonButton = root.querySelector("[data-descargar-json]");
const PAGE = Number(root.dataset.pagina);
const DESCRIPTION_CUT = Number(root.dataset.corte);

/** 2022-11-04 → «4 nov. 2022» with the data's month abbreviations, as every listing of the site writes a date (text.fecha_corta). */
function shortDate(iso, months) {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${months[month - 1]} ${year}`;
}

function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function visuallyHidden(text) {
  return element("span", { className: "visualmente-oculto", textContent: text });
}

/* ---- the data ---- */

/** What a record's value is in a readable meta, by the field's kind: a list an array, a flag one of its two values. */
const DECODE = {
  text: (raw) => raw ?? "",
  date: (raw) => raw ?? "",
  list: (raw) => raw ?? [],
  flag: (raw, field) => field.valores[raw === 1 ? 1 : 0],
};

/** The JSON's compact records as readable metas, each value under the name of its column of metas.csv, as the
 * data describes its fields (`campos`: a field's kind is text unless it says otherwise): no record key is spelled
 * here. A field that another decides (`segun`) is in no record: its value is the one the data gives (`por`) for the
 * other's. */
function prepare(data) {
  const stored = data.campos.filter((field) => !field.segun);
  const decided = data.campos.filter((field) => field.segun);
  return data.metas.map((record, index) => {
    const meta = { index };
    for (const field of stored) meta[field.nombre] = DECODE[field.tipo || "text"](record[field.clave], field);
    for (const field of decided) meta[field.nombre] = field.por[meta[field.segun]] ?? "";
    // Against the previous period (generator/model/continuity.py): whether it continues a meta, and whether a rule fired.
    const fired = [meta.verificacion_promedio_10, meta.verificacion_nivel_esperado].includes(data.observacion);
    meta.entrePeriodos = [meta.meta_antecesora ? "continua" : "sin_anterior", ...(fired ? ["observacion"] : [])];
    return meta;
  });
}

const cancelled = (meta) => meta.estado === "cancelada";

/** A field's values in a meta: a list's items, or its one value. */
const valuesOf = (meta, field) => [meta[field.nombre]].flat();

/** A field's value as the page writes it: a list's items joined with «; », a value with a label by its label. */
const shown = (field, value) => (Array.isArray(value) ? value.join("; ") : field.etiquetas?.[value] || value);

/** At most DESCRIPTION_CUT characters, cut as explorer.shown_description cuts (code points, as Python counts them). */
function cut(text) {
  const characters = [...text];
  return characters.length > DESCRIPTION_CUT ? characters.slice(0, DESCRIPTION_CUT - 3).join("").trimEnd() + "…" : text;
}

function idOf(facet, value) {
  if (!facet.ids.has(value)) facet.ids.set(value, facet.ids.size);
  return facet.ids.get(value);
}

const ACROSS_PERIODS = { continua: "Continúa una meta del periodo anterior", sin_anterior: "Sin meta anterior", observacion: "Con observación entre periodos" };

/* Each facet: the values of a meta (`of`), their order, labels and details. The page declares them (data-facetas) and
 * the field each filters says its values' order, labels (`etiquetas`) and names (`nombres`, shown under the value). The
 * script adds its own, «Entre periodos», where some meta continues one. */
function facetsOf(fields, metas) {
  const declared = JSON.parse(form.querySelector("[data-facetas]").dataset.facetas).map((facet) => {
    const field = fields[facet.campo];
    const [none, noneLabel] = facet.vacia || [];
    const labels = { ...field.etiquetas, ...(none && { [none]: noneLabel }) };
    return {
      key: facet.clave, title: facet.titulo, long: facet.largo,
      of: (m) => {
        const values = valuesOf(m, field);
        return values.length || !none ? values : [none];
      },
      order: [...(none ? [none] : []), ...(field.orden || Object.keys(field.etiquetas || {}))],
      label: (v) => labels[v],
      detail: field.nombres && ((v) => field.nombres[v]),
    };
  });
  const across = metas.some((m) => m.meta_antecesora)
    ? [{ key: "entre", title: "Entre periodos", of: (m) => m.entrePeriodos, order: Object.keys(ACROSS_PERIODS), label: (v) => ACROSS_PERIODS[v] }]
    : [];
  return [...declared, ...across];
}

/* The table's columns, as their headings in explorador.html.j2 declare them: the key, the fields a cell shows and how,
 * and the heading's words, which label a card's cells on a phone. */
function columnsOf(fields) {
  return [...table.querySelectorAll("th[data-columna]")].map((th) => ({
    key: th.dataset.columna, th, arrow: th.querySelector(".orden__flecha"), label: th.querySelector("button").firstChild.textContent.trim(),
    how: th.dataset.como, fields: th.dataset.campo.split(" ").map((name) => fields[name]),
  }));
}

/** The CSV of a selection, as the data describes it (`csv` in generator/site/explorer.py): its columns, fields
 * of `campos` in the order of metas.csv, and the rule that marks a text a spreadsheet would run as a formula. */
function csvWriter(data) {
  const formula = new RegExp(data.csv.formula);
  const names = data.csv.columnas.map((key) => data.campos.find((field) => field.clave === key).nombre);
  const text = (value) => (Array.isArray(value) ? value.join("; ") : String(value));
  // RFC 4180, every field quoted as in the site's CSVs; a leading ' keeps spreadsheets from running a formula.
  const cell = (text) => `"${(formula.test(text) ? "'" + text : text).replace(/"/g, '""')}"`;
  return (metas) => {
    const lines = [names, ...metas.map((m) => names.map((name) => text(m[name])))];
    return "\uFEFF" + lines.map((cells) => cells.map(cell).join(",")).join("\r\n") + "\r\n";
  };
}

/** «(103 vigentes, 1 cancelada)» when a selection has cancelled metas: the other pages count only the vigentes. */
function cancelledNote(rows) {
  const canceladas = rows.filter(cancelled).length;
  if (!canceladas) return "";
  const vigentes = rows.length - canceladas;
  return ` (${number.format(vigentes)} ${vigentes === 1 ? "vigente" : "vigentes"}, ${number.format(canceladas)} ${canceladas === 1 ? "cancelada" : "canceladas"})`;
}

/* ---- the explorer ---- */

class Explorer {
  constructor(data) {
    this.metas = prepare(data);
    this.csv = csvWriter(data);
    this.formula = new RegExp(data.csv.formula);
    this.roles = data.papeles;
    const illustrative = this.metas.filter((m) => m[this.roles.ilustrativa]).length;
    this.mixed = illustrative > 0 && illustrative < this.metas.length;
    this.rootUrl = new URL(root.dataset.root, location.href);
    const fields = Object.fromEntries(data.campos.map((field) => [field.nombre, field]));
    this.facets = facetsOf(fields, this.metas);
    // Each meta's facet values as small integers (ids in order of appearance): the filter's loop compares numbers.
    for (const facet of this.facets) facet.ids = new Map();
    for (const meta of this.metas) {
      meta.ids = this.facets.map((facet) => {
        const ids = facet.of(meta).map((value) => idOf(facet, value));
        return ids.length > 1 ? [...new Set(ids)] : ids;
      });
    }
    this.columns = columnsOf(fields);
    this.searched = data.campos.filter((field) => field.buscado);
    this.named = data.campos.filter((field) => field.nombres);
    this.vigencia = [dateInput.dataset.desde, dateInput.dataset.hasta];
    this.months = data.meses;
    this.state = { q: "", fecha: "", orden: "", selected: Object.fromEntries(this.facets.map((f) => [f.key, new Set()])) };
    this.ordered = this.metas;
    this.rows = [];
    this.shown = 0;
  }

  start() {
    this.readUrl();
    this.buildFacets();
    this.connectHeader();
    this.sort();
    form.hidden = false;
    results.hidden = false;
    const wide = matchMedia("(min-width: 60em)").matches;
    form.querySelector(".explorador__panel").open = wide;
    for (const facet of this.facets) facet.details.open = wide && (!facet.long || this.state.selected[facet.key].size > 0);

    let timer;
    textInput.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.setText(), 150);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(timer);
      this.setText();
    });
    dateInput.addEventListener("change", () => {
      this.state.fecha = dateInput.value;
      this.update();
    });
    form.addEventListener("change", (event) => {
      const box = event.target;
      if (box.type !== "checkbox") return;
      const selected = this.state.selected[box.name];
      if (box.checked) selected.add(box.value);
      else selected.delete(box.value);
      this.update();
    });
    form.addEventListener("reset", () => setTimeout(() => this.clear())); // after the form has cleared its fields
    root.querySelector("[data-limpiar]").addEventListener("click", () => form.reset());
    moreButton.addEventListener("click", () => this.showMore());
    downloadButton.addEventListener("click", () => this.download("csv"));
    jsonButton?.addEventListener("click", () => this.download("json"));
    this.update();
    root.dataset.listo = ""; // the filters work from now on (the tests wait for it)
    this.foldWhenIdle();
  }

  setText() {
    this.state.q = textInput.value.trim();
    this.update();
  }

  clear() {
    this.state.q = "";
    this.state.fecha = "";
    for (const selected of Object.values(this.state.selected)) selected.clear();
    this.update();
  }

  /* State ⇄ URL: ?q=…&fecha=AAAA-MM-DD&orden=[-]columna&area=DEOE&area=DERFE… */

  readUrl() {
    const params = new URLSearchParams(location.search);
    this.state.q = params.get("q") || "";
    this.state.fecha = /^\d{4}-\d{2}-\d{2}$/.test(params.get("fecha") || "") ? params.get("fecha") : "";
    const orden = params.get("orden") || "";
    this.state.orden = this.columns.some((c) => c.key === orden.replace(/^-/, "")) ? orden : "";
    for (const facet of this.facets) for (const value of params.getAll(facet.key)) this.state.selected[facet.key].add(value);
    textInput.value = this.state.q;
    dateInput.value = this.state.fecha;
  }

  writeUrl() {
    const params = new URLSearchParams();
    if (this.state.q) params.set("q", this.state.q);
    if (this.state.fecha) params.set("fecha", this.state.fecha);
    if (this.state.orden) params.set("orden", this.state.orden);
    for (const facet of this.facets) for (const value of this.state.selected[facet.key]) params.append(facet.key, value);
    const query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  /* Facets: a <details> with a <fieldset> of checkboxes each, a count beside each value. */

  buildFacets() {
    const container = form.querySelector("[data-facetas]");
    for (const facet of this.facets) {
      for (const value of this.state.selected[facet.key]) idOf(facet, value); // a value from the URL that no meta has: shown, at 0
      const order = facet.order || [];
      const rank = (v) => (order.includes(v) ? order.indexOf(v) : order.length);
      const label = facet.label || ((v) => v);
      const values = [...facet.ids.keys()].sort((a, b) => rank(a) - rank(b) || collator.compare(label(a) || a, label(b) || b));
      facet.entries = []; // by id
      facet.selectedBadge = element("span", { className: "faceta__elegidos" });
      const list = element("ul", { className: "faceta__valores" + (facet.long ? " faceta__valores--largo" : "") });
      for (const value of values) {
        const box = element("input", { type: "checkbox", name: facet.key, value, checked: this.state.selected[facet.key].has(value) });
        const count = element("span", { className: "faceta__cuenta" });
        const text = element("span", { className: "faceta__etiqueta", textContent: label(value) || value });
        if (facet.detail && facet.detail(value)) text.append(element("small", { textContent: facet.detail(value) }));
        const item = element("li", {}, element("label", {}, box, text, count));
        facet.entries[facet.ids.get(value)] = { count, item, shown: -1 };
        list.append(item);
      }
      const fieldset = element("fieldset", {}, element("legend", { className: "visualmente-oculto", textContent: facet.title }), list);
      facet.details = element("details", { className: "faceta" }, element("summary", {}, facet.title, " ", facet.selectedBadge), fieldset);
      container.append(facet.details);
    }
  }

  connectHeader() {
    for (const column of this.columns) {
      const button = column.th.querySelector("button");
      button.disabled = false;
      button.addEventListener("click", () => {
        this.state.orden = this.state.orden === column.key ? "-" + column.key : column.key;
        this.sort();
        this.update();
        button.focus();
      });
    }
  }

  sort() {
    const key = this.state.orden.replace(/^-/, "");
    const column = this.columns.find((c) => c.key === key);
    for (const c of this.columns) {
      const direction = c === column ? (this.state.orden.startsWith("-") ? "descending" : "ascending") : null;
      if (direction) c.th.setAttribute("aria-sort", direction);
      else c.th.removeAttribute("aria-sort");
      c.arrow.textContent = direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : " ⇅";
    }
    if (!column) {
      this.ordered = this.metas;
      return;
    }
    const sign = this.state.orden.startsWith("-") ? -1 : 1;
    // By the values the cells show (labels, lists joined), in full: a cut text by all of it, dates by their ISO form.
    const values = this.metas.map((meta) => column.fields.map((field) => shown(field, meta[field.nombre])).join(" "));
    this.ordered = [...this.metas].sort((a, b) => sign * collator.compare(values[a.index], values[b.index]) || a.index - b.index);
  }

  /** What the free text is matched against, folded once: every field the data marks searched, and the names of the
   * values that have one (the área's). */
  searchText(meta) {
    const names = this.named.flatMap((field) => valuesOf(meta, field).map((value) => field.nombres[value] || ""));
    meta.text ??= fold([...this.searched.flatMap((field) => valuesOf(meta, field)), ...names].join("\n"));
    return meta.text;
  }

  /** Fold every text while the browser is idle, in slices, so the first text query does not wait. */
  foldWhenIdle(from = 0) {
    const idle = window.requestIdleCallback || ((callback) => setTimeout(() => callback({ timeRemaining: () => 8 })));
    idle((deadline) => {
      let i = from;
      while (i < this.metas.length && deadline.timeRemaining() > 1) this.searchText(this.metas[i++]);
      if (i < this.metas.length) this.foldWhenIdle(i);
    });
  }

  /* One pass: the rows that pass every filter, and each facet's counts. */

  filter() {
    const words = fold(this.state.q).split(/\s+/).filter(Boolean);
    const day = this.state.fecha;
    const [from, to] = this.vigencia;
    const wanted = this.facets.map((facet) => {
      const flags = new Uint8Array(facet.ids.size);
      for (const value of this.state.selected[facet.key]) flags[facet.ids.get(value)] = 1;
      return flags;
    });
    const active = this.facets.flatMap((facet, f) => (this.state.selected[facet.key].size ? [f] : []));
    const counts = this.facets.map((facet) => new Int32Array(facet.ids.size));
    const rows = [];
    for (const meta of this.ordered) {
      if (day && (cancelled(meta) || day < meta[from] || day > meta[to])) continue;
      if (words.length) {
        const text = this.searchText(meta);
        if (!words.every((w) => text.includes(w))) continue;
      }
      let failed = -1;
      let failures = 0;
      for (const f of active) {
        if (!meta.ids[f].some((id) => wanted[f][id])) {
          failed = f;
          if (++failures > 1) break;
        }
      }
      if (failures === 0) {
        rows.push(meta);
        for (let f = 0; f < counts.length; f++) for (const id of meta.ids[f]) counts[f][id]++;
      } else if (failures === 1) {
        for (const id of meta.ids[failed]) counts[failed][id]++;
      }
    }
    return { rows, counts };
  }

  update() {
    const { rows, counts } = this.filter();
    this.rows = rows;
    let active = this.state.q ? 1 : 0;
    if (this.state.fecha) active += 1;
    this.facets.forEach((facet, f) => {
      facet.entries.forEach((entry, id) => {
        const n = counts[f][id];
        if (n === entry.shown) return;
        entry.shown = n;
        entry.count.replaceChildren(number.format(n), visuallyHidden(n === 1 ? " meta" : " metas"));
        entry.item.classList.toggle("faceta__valor--cero", n === 0);
      });
      const selected = this.state.selected[facet.key].size;
      facet.selectedBadge.textContent = selected ? `(${selected} ${selected === 1 ? "elegido" : "elegidos"})` : "";
      active += selected;
    });
    activeBadge.textContent = active ? `(${active} ${active === 1 ? "activo" : "activos"})` : "";
    emptyState.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
    downloadButton.disabled = rows.length === 0;
    if (jsonButton) jsonButton.disabled = rows.length === 0;
    body.replaceChildren();
    this.shown = 0;
    this.showMore();
    this.writeUrl();
  }

  showMore() {
    const next = this.rows.slice(this.shown, this.shown + PAGE);
    const fragment = document.createDocumentFragment();
    for (const meta of next) fragment.append(this.row(meta));
    body.append(fragment);
    this.shown += next.length;
    const total = this.rows.length;
    const left = total - this.shown;
    summary.textContent = total === 0
      ? "Ninguna meta coincide."
      : `${number.format(total)} ${total === 1 ? "meta coincide" : "metas coinciden"}` + cancelledNote(this.rows) + (left > 0 ? `; se muestran las primeras ${number.format(this.shown)}.` : ".");
    moreButton.hidden = left <= 0;
    moreButton.textContent = `Mostrar ${number.format(Math.min(PAGE, left))} más (quedan ${number.format(left)})`;
  }

  row(meta) {
    const row = element("tr", {}, ...this.columns.map((column) => this.cell(column, meta)));
    if (cancelled(meta)) row.className = "cancelada";
    return row;
  }

  /** A meta's cell in a column, as its heading declares (`data-como`). On a phone each row is a card (explorador.css):
   * the link is its title and the cut text its body; every other cell is labelled with its column's heading. */
  cell(column, meta) {
    const [field] = column.fields;
    const cell = element("td", { className: column.key });
    if (column.how === "enlace") {
      cell.append(element("a", { href: new URL(meta.url, this.rootUrl).href, textContent: shown(field, meta[field.nombre]) }));
      if (cancelled(meta)) cell.append(" ", element("span", { className: "etiqueta-cancelada", textContent: "cancelada" }));
      // Where real and illustrative metas mix, each illustrative row says so (a page of only illustrative ones says it once).
      if (meta[this.roles.ilustrativa] && this.mixed) cell.append(" ", element("span", { className: "etiqueta-ilustrativa etiqueta-fila", textContent: "ilustrativa" }));
    } else if (column.how === "recorte") {
      cell.textContent = cut(shown(field, meta[field.nombre]));
    } else {
      const values = column.fields.map((f) => this.value(f, meta[f.nombre]));
      cell.append(...values.flatMap((value, i) => (i === 0 ? [value] : [column.how === "intervalo" ? " al " : element("br"), value])));
      cell.dataset.etiqueta = column.label;
    }
    return cell;
  }

  /** A field's value in a cell: a date as <time>, a value with a name (an área's siglas) as <abbr> titled with it. */
  value(field, value) {
    if (field.tipo === "date") return element("time", { dateTime: value, textContent: shortDate(value, this.months) });
    if (field.nombres) return element("abbr", { title: field.nombres[value] || value, textContent: value });
    return shown(field, value);
  }

  /** The selection with every column: the full records of datos/metas.json, fetched the first time they
   * are asked for (the explorer's own data stays light). Offline, or if they cannot be fetched, the CSV
   * has the columns the explorer's data carries. */
  async download(format) {
    let records = null;
    if (root.dataset.completo) {
      try {
        this.full ??= fetch(new URL(root.dataset.completo, location.href)).then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
        const document = await this.full;
        const identity = (m) => this.roles.identidad.map((name) => m[name]).join("\u0000");
        const byKey = new Map(document.metas.map((m) => [identity(m), m]));
        records = this.rows.map((m) => byKey.get(identity(m))).filter(Boolean);
        if (format === "json") {
          const illustrative = records.some((m) => m[this.roles.ilustrativa]);
          // Under the header of datos/metas.json, said of the selection.
          const selection = { [this.roles.ilustrativa]: illustrative, aviso: illustrative ? document.aviso : null, metas: records };
          return save(JSON.stringify(selection, null, 1) + "\n", "application/json", "metas-seleccion.json");
        }
      } catch (error) {
        records = null;
      }
    }
    save(records ? fullCsv(records, this.formula) : this.csv(this.rows), "text/csv;charset=utf-8", "metas-seleccion.csv");
  }
}

/** Every column of metas.csv, from full records (lists joined with «; », as in the site's CSVs).
 * A column name is a text like any other (an annex's header is the clerk's): quoted with its quotes
 * doubled (RFC 4180) and neutralised like a value, as exports.py writes metas.csv. */
function fullCsv(records, formula) {
  const columns = Object.keys(records[0] || {});
  const text = (value) => (value === null || value === undefined ? "" : Array.isArray(value) ? value.join("; ") : String(value));
  const cell = (value) => {
    const raw = text(value);
    const shown = typeof value === "string" && formula.test(raw) ? "'" + raw : raw;
    return `"${shown.replace(/"/g, '""')}"`;
  };
  const lines = [columns.map(cell), ...records.map((m) => columns.map((c) => cell(m[c])))];
  return "\uFEFF" + lines.map((cells) => cells.join(",")).join("\r\n") + "\r\n";
}

function save(content, type, name) {
  const blob = new Blob([content], { type });
  const link = element("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

/** The data: JSON, fetched; in the offline copy (file://, where fetch is refused) a script that sets a global. */
function load(src) {
  if (!src.endsWith(".js")) {
    return fetch(src).then((response) => {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    });
  }
  return new Promise((resolve, reject) => {
    const script = element("script", { src, onload: () => resolve(window.metasDelPortal), onerror: () => reject(new Error(`no se cargó ${src}`)) });
    document.head.append(script);
  });
}

// The page's rows are those of the unfiltered table: with a query in the address they stay hidden (tema.js,
// explorador.css) until update() draws the selection.
if (location.search) {
  summary.textContent = "Cargando las metas…";
} else {
  summary.append(" Cargando los filtros…");
}
load(root.dataset.src)
  .then((data) => new Explorer(data).start())
  .catch((error) => {
    root.querySelector("[data-error]").hidden = false;
    results.hidden = true;
    console.error(error);
  });
