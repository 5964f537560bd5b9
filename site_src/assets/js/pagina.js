/* On every page: the print footer shows the page's address as the reader opened it. */
document.querySelectorAll(".pie-impresion__url").forEach((element) => { element.textContent = location.href; });

/* «Cómo citar esta página»: the page's address (when the build did not know it) and the day of reading
 * go into the citation here, so that builds stay the same; the button copies the text. */
const URL_TOKEN = "[dirección de esta página]";
const DATE_TOKEN = "[fecha de consulta]";
// As Intl.DateTimeFormat("es-MX", {month: "long"}) names them, without the ~100 ms a slow phone spends
// loading that locale's data on every page.
const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
document.querySelectorAll("[data-cita]").forEach((cita) => {
  const address = location.href.split("#")[0].split("?")[0];
  const today = new Date();
  const iso = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, "0"), String(today.getDate()).padStart(2, "0")].join("-");
  const long = `${today.getDate()} de ${MONTHS[today.getMonth()]} de ${today.getFullYear()}`;
  const text = cita.querySelector("[data-cita-texto]");
  text.textContent = text.textContent.replace(URL_TOKEN, address).replace(DATE_TOKEN, long);
  cita.querySelectorAll("[data-cita-formato]").forEach((code) => {
    code.textContent = code.textContent.replace(URL_TOKEN, address).replace(DATE_TOKEN, iso);
  });
  const button = cita.querySelector("[data-cita-copiar]");
  const notice = cita.querySelector("[data-cita-aviso]");
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(text.textContent).then(
      () => { notice.textContent = "Cita copiada."; },
      () => { notice.textContent = "No se pudo copiar: seleccione el texto y cópielo."; },
    );
  });
});

/* Tables that become a card per row on a phone (portal.css): each cell gets its column's heading as a
 * label, read from the table's head (a heading over several columns joins its sub-headings). */
document.querySelectorAll("table.tabla, table.listado-metas").forEach((table) => {
  const labels = [];
  table.querySelectorAll("thead tr").forEach((row) => {
    let column = 0;
    row.querySelectorAll("th").forEach((th) => {
      while (labels[column] && labels[column].taken > 0) { labels[column].taken -= 1; column += 1; }
      const span = Number(th.getAttribute("colspan") || 1);
      const down = Number(th.getAttribute("rowspan") || 1);
      for (let i = 0; i < span; i += 1) {
        const own = th.textContent.trim();
        const before = labels[column + i] ? labels[column + i].text + ", " : "";
        labels[column + i] = { text: before ? before + own.toLowerCase() : own, taken: down - 1 };
      }
      column += span;
    });
  });
  table.querySelectorAll("tbody tr, tfoot tr").forEach((row) => {
    [...row.children].forEach((cell, index) => {
      if (index > 0 && labels[index] && !cell.dataset.etiqueta) {
        cell.dataset.etiqueta = labels[index].text;
      }
    });
  });
});

/* The results drawn in place share one document with the page they replaced, in history too: when Back
 * or Forward lands on the address of a page other than the one drawn, that page is loaded. */
let drawn = location.pathname;
addEventListener("popstate", () => {
  if (location.pathname !== drawn) location.reload();
});

/* The header's search box, on every page but the results page (which has its own): from the moment the
 * visitor is in it, Pagefind boots and the results page is fetched (buscar.js); on Enter the results page
 * is drawn here, without the reload that would boot Pagefind again. An empty box, or anything that fails,
 * submits the form as it is. The copy read from the disk has no such box: its form goes to the explorer. */
const headerSearch = document.querySelector(".buscador-cabecera[data-buscar-js]");
if (headerSearch && !document.querySelector("[data-buscar]")) {
  const box = headerSearch.querySelector("input[name=q]");
  let prepared;
  const prepare = () => (prepared ??= Promise.all([
    import(new URL(headerSearch.dataset.buscarJs, location.href).href).then((search) => {
      search.loadPagefind(headerSearch.dataset.pagefind);
      return search;
    }),
    fetch(headerSearch.action).then((response) => (response.ok ? response.text() : Promise.reject(new Error(response.statusText)))),
  ]));
  box.addEventListener("focus", prepare);
  headerSearch.addEventListener("submit", (event) => {
    if (!box.value.trim()) return;
    event.preventDefault();
    const address = new URL(headerSearch.action);
    address.search = new URLSearchParams(new FormData(headerSearch)).toString();
    prepare()
      .then(([search, html]) => {
        search.showInPlace(html, address.href);
        drawn = address.pathname;
      })
      .catch(() => headerSearch.submit());
  });
}
