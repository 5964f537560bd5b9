/* On every page: the print footer shows the page's address as the reader opened it. */
document.querySelectorAll(".pie-impresion__url").forEach((element) => { element.textContent = location.href; });
