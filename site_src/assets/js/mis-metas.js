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

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

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

function open(cargo) {
  if (cargo) location.href = cargo.href;
}

accessibleAutocomplete({
  element: widget.querySelector("[data-campo]"),
  id: "mis-metas-cargo",
  source: (query, populate) => populate(matches(query)),
  autoselect: true,
  confirmOnBlur: false,
  displayMenu: "overlay",
  menuAttributes: { "aria-labelledby": "mis-metas-etiqueta" },
  templates: {
    inputValue: (cargo) => (cargo ? cargo.nombre : ""),
    suggestion: (cargo) => escapeHtml(cargo.nombre), // the library inserts it as HTML
  },
  onConfirm: open,
  tNoResults: () => "Ningún cargo coincide",
  tStatusQueryTooShort: (n) => `Escriba ${n} o más caracteres para ver sugerencias`,
  tStatusNoResults: () => "Ningún cargo coincide",
  tStatusSelectedOption: (option, length, index) => `${option}, ${index + 1} de ${length}, resaltado`,
  tStatusResults: (length, selected) => `${length} ${length === 1 ? "cargo coincide" : "cargos coinciden"}. ${selected}`,
  tAssistiveHint: () => "Cuando haya sugerencias, revíselas con las flechas arriba y abajo y elija con Intro: se abrirá la página con las metas de ese cargo. En pantallas táctiles, explore tocando o deslizando.",
});

const input = document.getElementById("mis-metas-cargo");

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const found = matches(input.value);
  const exact = found.find((c) => c.folded === fold(input.value.trim()));
  if (exact || found.length === 1) return open(exact || found[0]);
  notice.textContent = input.value.trim()
    ? (found.length ? `${found.length} cargos coinciden: elija uno en la lista.` : "Ningún cargo coincide. Pruebe con otra palabra o vea la lista completa debajo.")
    : "Escriba parte del nombre de su cargo o puesto.";
  input.focus();
});

form.hidden = false;
