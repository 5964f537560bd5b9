/* "Mis metas" on the home page: an accessible autocomplete over the cargos' names.
 *
 * The widget is accessible-autocomplete 3.0.1 (GOV.UK, MIT; vendored in
 * assets/vendor/accessible-autocomplete/ from the npm package's dist/): a tested
 * ARIA combobox. Its options are the links the page already lists, so without
 * JavaScript the list is the widget. Matching ignores accents and case: every word
 * typed must appear in the name; names that start with the first word come first.
 * Picking a cargo opens its page (the hint above the field says so).
 */

const widget = document.querySelector("[data-mis-metas]");
const form = widget.querySelector("form");
const notice = widget.querySelector("[data-aviso]");
const suggestions = widget.querySelector("[data-sugerencias]");
const similar = widget.querySelector("[data-parecidos]");
const CLOSEST = 5;
// Words that say nothing about which cargo it is.
const STOPWORDS = new Set(["de", "del", "la", "las", "el", "los", "y", "e", "en", "a", "al", "con", "por", "para"]);
// `fold`: texto.js, loaded before this script.

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const cargos = [...widget.querySelectorAll(".mis-metas__lista a")].map((link) => {
  const nombre = link.textContent.trim();
  return { nombre, href: link.href, folded: fold(nombre) };
});

function matches(query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const found = cargos.filter((c) => words.every((w) => c.folded.includes(w)));
  const first = words[0] || "";
  return [...found.filter((c) => c.folded.startsWith(first)), ...found.filter((c) => !c.folded.startsWith(first))];
}

// A word without its ending of gender or number: «ejecutivo» and «ejecutiva», «distritales» and «distrital».
function stem(word) {
  return word.length > 4 ? word.replace(/(es|[aeos])$/, "") : word;
}

function significant(text) {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w && !STOPWORDS.has(w)).map(stem);
}

for (const cargo of cargos) cargo.words = significant(cargo.nombre);

/* The cargos whose names share the most words with the query, the shorter names first among equals. */
function closest(query) {
  const words = significant(query);
  if (!words.length) return [];
  const scored = cargos.map((cargo) => {
    const shared = words.filter((w) => cargo.words.some((c) => c.startsWith(w) || (w.length >= 4 && w.startsWith(c)))).length;
    return { cargo, shared };
  });
  return scored
    .filter((s) => s.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.cargo.words.length - b.cargo.words.length || a.cargo.nombre.localeCompare(b.cargo.nombre, "es"))
    .slice(0, CLOSEST)
    .map((s) => ({ ...s.cargo, parecido: true }));
}

function offer(found) {
  similar.replaceChildren(
    ...found.map((cargo) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = cargo.href;
      link.textContent = cargo.nombre;
      li.append(link);
      return li;
    }),
  );
  widget.querySelector("[data-parecidos-titulo]").hidden = !found.length;
  similar.hidden = !found.length;
  suggestions.hidden = false;
}

function open(cargo) {
  if (cargo) location.href = cargo.href;
}

accessibleAutocomplete({
  element: widget.querySelector("[data-campo]"),
  id: "mis-metas-cargo",
  source: (query, populate) => {
    const found = matches(query);
    populate(found.length ? found : closest(query));
  },
  autoselect: true,
  confirmOnBlur: false,
  displayMenu: "overlay",
  menuAttributes: { "aria-labelledby": "mis-metas-etiqueta" },
  templates: {
    inputValue: (cargo) => (cargo ? cargo.nombre : ""),
    // The library inserts it as HTML: the name escaped, and a word of ours for a name that only looks like it.
    suggestion: (cargo) => (cargo ? escapeHtml(cargo.nombre) + (cargo.parecido ? ' <span class="mis-metas__parecido">(parecido)</span>' : "") : ""),
  },
  onConfirm: open,
  tNoResults: () => "Ningún cargo coincide",
  tStatusQueryTooShort: (n) => `Escriba ${n} o más caracteres para ver sugerencias`,
  tStatusNoResults: () => "Ningún cargo coincide",
  tStatusSelectedOption: (option, length, index) => `${option}, ${index + 1} de ${length}, resaltado`,
  tStatusResults: (length, selected) =>
    (matches(input.value).length ? `${length} ${length === 1 ? "cargo coincide" : "cargos coinciden"}.` : `Ningún cargo coincide; ${length === 1 ? "hay uno parecido" : `hay ${length} parecidos`}.`) + ` ${selected}`,
  tAssistiveHint: () => "Cuando haya sugerencias, revíselas con las flechas arriba y abajo y elija con Intro: se abrirá la página con las metas de ese cargo. En pantallas táctiles, explore tocando o deslizando.",
});

const input = document.getElementById("mis-metas-cargo");

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const found = matches(input.value);
  const exact = found.find((c) => c.folded === fold(input.value.trim()));
  if (exact || found.length === 1) return open(exact || found[0]);
  suggestions.hidden = true;
  if (!input.value.trim()) {
    notice.textContent = "Escriba parte del nombre de su cargo o puesto.";
  } else if (found.length) {
    notice.textContent = `${found.length} cargos coinciden: elija uno en la lista.`;
  } else {
    const near = closest(input.value);
    notice.textContent = near.length ? `Ningún cargo se llama «${input.value.trim()}».` : `Ningún cargo se llama «${input.value.trim()}» ni se le parece.`;
    offer(near);
    return; // the field keeps its text; focused again, it would open its list over the suggestions
  }
  input.focus();
});

form.hidden = false;
