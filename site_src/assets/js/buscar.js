/* /buscar/: Pagefind's default UI (pagefind/pagefind-ui.js, written by the build) in
 * Spanish. The query comes from ?q= (the header's search form submits there) and
 * goes back into the address as it changes, so a search can be shared. Pagefind
 * finds its bundle, and so the site's root, from the address of pagefind-ui.js, so
 * results link right under any sub-path. */

const params = new URLSearchParams(location.search);

// Pagefind fetches its code, its WebAssembly and the index's entry on the first search; start
// that when the page opens, so the first result comes sooner. The UI imports the same module,
// and so the same loaded instance.
// Its address comes from the page (data-pagefind), as every address of the site (generator/urls.py).
import(new URL(document.currentScript.dataset.pagefind, location.href).href).then((pagefind) => pagefind.init());

function keepInUrl(term) {
  const query = term.trim();
  if (query) params.set("q", query);
  else params.delete("q");
  const search = params.toString();
  history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  return term;
}

const ui = new PagefindUI({
  element: "#buscador",
  showImages: false,
  showSubResults: false,
  excerptLength: 30,
  debounceTimeoutMs: 100, // after each key, before searching (300 ms by default); the search runs in a worker
  autofocus: !params.get("q"),
  processTerm: keepInUrl,
  translations: {
    placeholder: "Por ejemplo: DEOE-12, padrón, vocal distrital",
    search_label: "Buscar en el portal",
    clear_search: "Borrar",
    load_more: "Ver más resultados",
    filters_label: "Filtros",
    zero_results: "Ningún resultado para «[SEARCH_TERM]». Pruebe con menos palabras, con otra forma de escribirlas o con el número de la meta (por ejemplo «DEOE-12»).",
    many_results: "[COUNT] resultados para «[SEARCH_TERM]»",
    one_result: "[COUNT] resultado para «[SEARCH_TERM]»",
    alt_search: "Ningún resultado para «[SEARCH_TERM]». Se muestran los resultados de «[DIFFERENT_TERM]».",
    search_suggestion: "Ningún resultado para «[SEARCH_TERM]». Pruebe una de estas búsquedas:",
    searching: "Buscando «[SEARCH_TERM]»…",
  },
});

document.querySelector("#buscador input").id = "buscar-q"; // for the page's <label>

const initial = params.get("q");
if (initial) ui.triggerSearch(initial);
for (const input of document.querySelectorAll(".buscador-cabecera input[name=q]")) input.value = initial || "";
