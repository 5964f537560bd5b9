/* The one way the site's scripts compare texts (explorador.js, buscar.js, mis-metas.js), as generator/common/text.py
 * `fold` does. A classic script (the explorer and «Mis metas» load it before theirs, also in the copy opened from the
 * disk) and an ES module alike (buscar.js imports it): either way it sets the global `fold`. */
(() => {
  // Characters that show nothing (text.py _INVISIBLE_RANGES) and letters of other scripts drawn like Latin ones
  // (text.py _LOOKALIKES, each pair «look-alike, Latin»): copies, which tests/test_text_js.py checks against the Python.
  const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2060-\u2064\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E0FFF}]/gu;
  const LOOKALIKES = new Map(
    ("АA ВB ЕE КK МM НH ОO РP СC ТT УY ХX ЅS ІI ЈJ ԚQ ԜW ҮY ҺH ӀI аa вb еe кk мm нh оo рp сc тt уy хx ѕs іi јj ԁd ԛq ԝw үy һh ӏl ɡg " +
     "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX αa ιi κk νv οo ρp υu χx").split(" ").map((pair) => [...pair]),
  );
  const LOOKALIKE = new RegExp(`[${[...LOOKALIKES.keys()].join("")}]`, "gu");
  const CASE_FOLDED = { "ß": "ss", "ς": "σ" }; // where Python's casefold goes beyond lower case, once NFKD has run

  /** The key under which texts are compared, as text.py `fold` makes it: compatibility decomposition (NFKD: «ﬁ» is
   * «fi», «²» is «2»), without combining marks (accents, tilde, diaeresis), invisible characters and look-alike
   * letters, case-folded. They differ on other scripts: Python drops only the marks that have a combining class,
   * this every mark (\p{M}: also the vowel signs of Indic scripts and the enclosing marks); Cherokee and the
   * Cyrillic variants U+1C80–U+1C88 case-fold otherwise; and each follows its own version of Unicode.
   * tests/test_text_js.py runs both over the Latin, Greek, Cyrillic, punctuation and full-width blocks. */
  globalThis.fold = function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").replace(INVISIBLE, "").replace(LOOKALIKE, (c) => LOOKALIKES.get(c))
      .toLowerCase().replace(/[ßς]/g, (c) => CASE_FOLDED[c]);
  };
})();
