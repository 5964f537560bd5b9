"""Every finding code, declared once: its kind, its message template and its line in the contract.

`docs/data-contract.md` lists them (section 5) as `python -m generator.contract.codes` prints them, and
a test fails when a code has no broken data set under `tests/data/invalid/<code>/` or no doc line.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
OBSERVACION = "observacion"
AVISO = "aviso"  # a note for whoever builds (e.g. a cargo outside the catalogue)

SEVERITY_LABEL = {ERROR: "Error", OBSERVACION: "Observación", AVISO: "Aviso"}
FORMATS = "CSV (.csv), Excel (.xlsx, .xls) u OpenDocument (.ods)"
# What several reasons of one code end with, said once.
SHEET_FIX = "borre las filas y columnas vacías del final (Ctrl+Fin muestra dónde termina la hoja) y guarde el libro de nuevo"
ANNEX_FIX = "y no se leyó: divídalo en varios archivos o suba el límite configurado."
NO_FORMS = (" no es un anexo de metas: no tiene ningún formulario de meta (una tabla de dos columnas con «Identificador de la meta», "
            "«Cargo/Puesto a evaluar», «Número de la meta»…).")


@dataclass(frozen=True)
class Code:
    code: str
    kind: str  # ERROR | OBSERVACION | AVISO
    template: str  # the message, with {placeholders} filled by `message()`; "" when the code has reasons
    doc: str  # when it happens, for the contract's list
    # A code said in more than one way (a value's type, a file's damage…): a template per reason, chosen by `message()`.
    reasons: dict[str, str] | None = None


_ALL = (
    # --- files and folders
    Code("carpeta_inexistente", ERROR, "la carpeta de datos no existe", "The data folder given does not exist."),
    Code("sin_acuerdos", ERROR, "no hay ningún acuerdo (archivos .yml) en la carpeta", "`data/acuerdos/` holds no `.yml` file."),
    Code("fuera_de_datos", ERROR, "es un enlace que apunta fuera de la carpeta de datos; no se lee", "A file or folder read (a listing, `documento:`, `metas:`) is a link that resolves outside the data folder. Its content is never read nor quoted."),
    Code("archivo_inexistente", ERROR, "el archivo no existe dentro de la carpeta de datos{formats}{hint}", "A `documento:` or `metas:` path that names no file inside the data folder."),
    Code("formato_no_admitido", ERROR, "los archivos «{ext}» no se leen; guarde la tabla como {formats}, o ponga el anexo como lo publica el INE (.pdf o .docx)", "A metas file with an extension other than .csv, .xlsx, .xls, .ods, .pdf or .docx (for example a .doc named in `metas:` or left in `data/metas/`)."),
    Code("anexo_ilegible", ERROR, "", "An annex (PDF or DOCX) that cannot be read as INE publishes it: a PDF without text (a scan), encrypted, cut or empty; a document that is not an annex (no form of meta); over the limits (1,000 pages, 20 million characters by default). The message names the file and what was expected.", {
        "no_se_abre": 'No se pudo leer el archivo «{label}»: {motivo}.',
        "vacio": 'El archivo «{label}» está vacío: se esperaba el anexo de metas en PDF (con texto) o en Word (.docx).',
        "word_antiguo": '«{label}» es un documento de Word antiguo (.doc) o un documento de Office protegido con contraseña: guárdelo sin contraseña como .docx o imprímalo a PDF.',
        "ni_pdf_ni_word": '«{label}» no es un PDF ni un documento de Word (.docx): se esperaba el anexo de metas en uno de esos formatos.',
        "word_danado": 'El documento de Word «{label}» está cortado o dañado: no se puede abrir. Se esperaba el anexo de metas completo (.docx).',
        "pdf_danado": 'El PDF «{label}» está cortado o dañado: no se puede leer completo. Se esperaba el anexo de metas completo, impreso a PDF desde Word.',
        "cifrado": 'El PDF «{label}» está protegido con contraseña: no se puede leer su texto. Se esperaba el anexo sin contraseña (vuelva a imprimirlo a PDF sin protección).',
        "escaneado": 'El PDF «{label}» no tiene texto: parece un documento escaneado (solo imágenes). Se esperaba el anexo impreso a PDF desde Word, con su texto seleccionable, o el documento de Word.',
        "sin_texto": 'El PDF «{label}» no tiene texto: se esperaba el anexo de metas impreso a PDF desde Word.',
        "pdf_sin_formularios": 'El PDF «{label}»' + NO_FORMS,
        "word_sin_formularios": 'El documento de Word «{label}»' + NO_FORMS,
        "demasiadas_paginas": 'El anexo «{label}» es demasiado grande ({count} páginas; el límite es {limit}) ' + ANNEX_FIX,
        "demasiados_caracteres": 'El anexo «{label}» es demasiado grande (más de {limit} caracteres) ' + ANNEX_FIX,
    }),
    Code("archivo_ilegible", ERROR, "", "A file that is not what its extension claims (an XLSX that is a CSV, an XLS that is a web page), is damaged, is not UTF-8 / Windows-1252 text, or is a workbook with a DTD (refused for safety).", {
        "sin_acceso": "el archivo no se puede abrir (permisos o disco)",
        "no_utf8": "el archivo no está en UTF-8: guárdelo como «UTF-8» en su editor",
        "documento_no_utf8": "el documento no está en UTF-8",
        "codificacion": "codificación no reconocida: guarde el archivo como «CSV UTF-8» o Windows-1252",
        "no_es_csv": "el archivo no es un CSV de texto: su contenido es {contenido}; guárdelo como «CSV UTF-8» o cambie la extensión",
        "extension_distinta": "el archivo se llama {suffix} pero su contenido es {contenido}; guárdelo de nuevo desde la hoja de cálculo como {esperado}",
        "demasiadas_partes": "el archivo tiene {entries} partes comprimidas y un libro de hoja de cálculo tiene unas decenas; ábralo y guárdelo de nuevo desde la hoja de cálculo",
        "dtd": "el libro contiene una declaración DTD («<!DOCTYPE»), que no se admite por seguridad; ábralo y guárdelo de nuevo desde la hoja de cálculo",
        "zip_danado": "el libro está dañado o incompleto y no se puede leer; ábralo y guárdelo de nuevo",
        "contrasena": "el libro está protegido con contraseña: guárdelo sin contraseña",
        "libro_danado": "el libro está dañado o incompleto y no se puede leer como {contenido}; ábralo y guárdelo de nuevo",
        "sistema": "el libro no se pudo leer: {motivo}; vuelva a intentarlo",
    }),
    Code("archivo_demasiado_grande", ERROR, "el archivo {size} y el límite es {limit}", "A file over the size limit (50 MB by default; an XLSX or ODS also when uncompressed over four times that; an acuerdo's YAML over 1 MB or 20,000 values; an acuerdo's text over 2,000,000 characters)."),
    Code("archivo_vacio", ERROR, "la tabla no tiene encabezado", "A metas table or catalogue without any row."),
    Code("demasiadas_filas", ERROR, "la tabla tiene más de {limit} filas; divídala o suba el límite", "A table over the row limit (100,000 rows with something written, by default; blank rows do not count, and the row named is the first one over)."),
    Code("demasiadas_columnas", ERROR, "la fila tiene {count} celdas y el límite es {limit}; borre las columnas que sobran", "A row of a table wider than the column limit (1,000 cells by default), checked as the file is read."),
    Code("hoja_demasiado_grande", ERROR, "", "A workbook whose first sheet declares more cells than can be read (`<dimension ref=\"A1:XFD1048576\"/>`: more than 1,000 columns or 16 million cells), or cannot be read within the memory (512 MB) or time (30 s) allowed: a cell far away, a row repeated a million times, millions of shared strings. Workbooks are read in a child process that has those limits.", {
        "dimension": "la hoja dice llegar hasta la celda {end} ({rows} filas por {columns} columnas), más de lo que se puede leer; " + SHEET_FIX,
        "memoria": "leer la primera hoja necesitaría más de {memoria} de memoria; " + SHEET_FIX,
        "tiempo": "leer la primera hoja tardaría más de {segundos} segundos; " + SHEET_FIX,
    }),
    Code("celda_demasiado_larga", ERROR, "la celda tiene {length} caracteres y el límite es {limit}", "A cell or YAML value over the length limit (20,000 characters by default)."),
    # --- YAML
    Code("yaml_invalido", ERROR, "", "An acuerdo's YAML that cannot be read, with the line and a hint in Spanish (a tab: use spaces to indent).", {
        "tabulador": "hay un tabulador al principio de la línea: use espacios para sangrar (YAML no admite tabuladores)",
        "dos_puntos_en_valor": 'hay «: » dentro de un valor: póngalo entre comillas (titulo: "Acuerdo: …") o revise la sangría',
        "falta_dos_puntos": "falta «:» después de una clave, o una línea sigue a la anterior sin la sangría correcta",
        "alias_sin_ancla": "hay un alias (*nombre) sin su ancla (&nombre): escriba el valor completo",
        "ancla_repetida": "hay dos anclas con el mismo nombre (&nombre)",
        "sangria": "la sangría no es coherente: las claves de un mismo nivel deben empezar en la misma columna",
        "lista": "en una lista cada elemento empieza con «- » y la misma sangría",
        "comillas": "unas comillas se abren y no se cierran",
        "corchete": "un corchete «[» o una llave «{{» no se cierra, o falta una coma entre sus elementos",
        "caracter_inicial": "hay un carácter que no puede empezar un valor (como «@» o «`»): ponga el valor entre comillas",
        "clave_compleja": "una clave no es un texto simple: escriba «clave: valor»",
        "etiqueta": "hay una etiqueta (!algo) que este archivo no admite: quítela",
        "varios_documentos": "el archivo tiene más de un documento («---»): deje uno solo",
        "mal_formado": "el YAML está mal formado: revise sangrías, comillas y los «:» de cada clave",
        "no_es_mapa": "el YAML no se puede leer como un mapa de claves y valores",
        "no_es_mapa_de_claves": "el archivo debe ser un mapa de claves y valores (clave: valor), una por línea",
    }),
    Code("yaml_clave_repetida", ERROR, "la clave ya aparece en la línea {other}; YAML se quedaría con la última sin avisar: deje una sola", "A key written twice in an acuerdo's YAML (the second would silently replace the first)."),
    Code("yaml_demasiados_alias", ERROR, "el YAML usa más de {limit} alias (*nombre): escriba los valores completos, sin anclas ni alias (&, *)", "An acuerdo's YAML whose aliases would expand beyond a small limit (checked before anything is built, so a «billion laughs» file costs nothing)."),
    Code("yaml_anidamiento", ERROR, "el YAML anida listas o mapas a más de {limit} niveles", "An acuerdo's YAML nested deeper than 20 levels."),
    # --- tables
    Code("csv_invalido", ERROR, "", "A CSV that cannot be split into rows and columns (an open quote, a row longer than the header), or a sheet with data in a column without header.", {
        "comillas_abiertas": 'unas comillas («"») se abren y no se cierran',
        "texto_tras_comillas": 'hay texto pegado a unas comillas de cierre: ponga toda la celda entre comillas y duplique las comillas interiores («""»)',
        "nulos": "el archivo contiene caracteres nulos: no es un CSV de texto",
        "mal_formado": "el CSV está mal formado: revise comillas y separadores",
        "campos_de_mas": "la fila tiene {campos} campos y el encabezado {ancho}; revise separadores y comillas",
        "columna_sin_encabezado": "la fila tiene datos en la columna {letra}, que no tiene encabezado: póngale uno o borre esos datos",
    }),
    Code("separador_distinto", ERROR, "la fila está separada con «{found}» y el archivo con «{expected}»; escríbala con «{expected}»", "One row written with another delimiter than the rest of the file: one finding for the row, not one per column."),
    Code("columna_duplicada", ERROR, "la columna aparece dos veces (también como «{other}»)", "Two headers that mean the same contract column."),
    Code("columna_faltante", ERROR, "falta la columna obligatoria «{title}»{unknown}", "A required column is absent; the headers that were not recognised are named with the contract column closest to each."),
    Code("filas_bloqueadas", ERROR, "{rows} por completo porque {blocker} tiene errores (vea sus mensajes); corríjalos y vuelva a validar", "Rows whose acuerdo's YAML (or whose table) could not be read: one finding names the file that blocks them, instead of one per row."),
    Code("caracter_invalido_identificador", ERROR, "el identificador contiene {chars}; escríbalo de nuevo", "A clave, número de meta or siglas holding a control character, a noncharacter, a bidi override, an invisible character (zero-width space or joiner, soft hyphen, U+FEFF) or a letter of another script (a Cyrillic «О» in «DEОE-1»): an identifier is never changed silently, and one that looks like another is not another."),
    Code("valor_faltante", ERROR, "falta este dato obligatorio", "A required cell or key is empty."),
    Code("valor_invalido", ERROR, "", "A value outside its type or list: the message says what is expected (a whole number for `personas_evaluadas`, «p. ej. 32»).", {
        "numero": "se espera un número (p. ej. 95 o 95.5)",
        "entero": "se espera un número entero (p. ej. 32)",
        "entero_minimo": "se espera un entero mayor o igual a {minimum}",
        "porcentaje": "se espera un porcentaje entre 0 y 100",
        "si_no": "se espera «sí» o «no» (también true o false)",
        "opcion": "{label} no reconocido; valores admitidos: {allowed}",
        "siglas": "se esperan las siglas del área normativa (letras, p. ej. DEOE)",
        "clave": "se espera una clave de acuerdo como INE/JGE186/2022",
        "referencia": "se espera CLAVE:NÚMERO",
        "lista": "se espera al menos un nombre (separados por «;»)",
        "texto": "se espera un texto",
        "comision": "se espera {{fecha: AAAA-MM-DD, sesion: texto}}",
        "totales": "se espera {{metas, individuales, colectivas}} con números enteros",
        "url": "se espera una dirección http:// o https://",
        "booleano": "se espera true o false",
        "glosario": "se espera un mapa siglas: significado",
        "ruta": "se espera una ruta dentro de la carpeta de datos, como metas/INE-JGE186-2022.csv",
        "cuadro": "se espera una lista de filas {{area, oc_individuales, oc_colectivas, od_individuales, od_colectivas, total}}",
        "cuadro_sin_area": "la fila {position} del cuadro no tiene «area»",
        "cuadro_fila": "fila {position} del cuadro: {motivo}",
    }),
    Code("accion_en_aprobacion", ERROR, "un acuerdo de aprobación solo da de alta metas (accion vacía o «alta»)", "An `accion` other than `alta` in an acuerdo of `tipo: aprobacion`."),
    Code("accion_faltante", ERROR, "un acuerdo de modificación o cancelación indica la acción de cada fila (alta, modifica, cancela)", "A row without `accion` in an acuerdo of `tipo: modificacion` or `cancelacion`."),
    Code("fecha_invalida", ERROR, "", "A date that is not AAAA-MM-DD or dd/mm/aaaa, does not exist in the calendar, or lies outside 1980-01-01 … 2107-12-31 (the dates a ZIP download can stamp; the message names the value and the range).", {
        "formato": "se espera una fecha AAAA-MM-DD o dd/mm/aaaa",
        "mes": "no hay mes {month}: se espera día/mes/año (dd/mm/aaaa); ¿se escribió como mes/día?",
        "calendario": "la fecha no existe en el calendario",
        "fuera_de_rango": "la fecha {date} queda fuera de las que el portal admite, del {earliest} al {latest}",
    }),
    Code("catalogo_repetido", ERROR, "", "A catalogue that says one thing twice: siglas listed twice in `areas.csv`, or in `cargos.csv` a spelling claimed by two cargos (as nombre or alias) or an alias that is another row's nombre (a cycle).", {
        "siglas": "las siglas {siglas} ya están en la fila {fila}; deje una sola fila por área",
        "escritura": "«{written}» ya pertenece a «{other}» (fila {fila}); cada escritura nombra un solo cargo",
        "alias_es_nombre": "el alias «{alias}» es el nombre de otro cargo (fila {fila}): un nombre no puede ser alias de otro; quite uno de los dos",
    }),
    Code("area_desconocida", ERROR, "el área normativa no está en el catálogo de áreas{suggestion}", "An `area_normativa` that is neither in `catalogos/areas.csv` nor (without a catalogue) in the acuerdos' Cuadro or glosario; the closest siglas are suggested."),
    Code("periodo_invertido", ERROR, "el periodo termina antes de empezar ({inicio})", "`periodo_fin` before `periodo_inicio`."),
    Code("fechas_invertidas", ERROR, "la fecha de término es anterior a la de inicio ({inicio}){tras}", "`fecha_termino` before `fecha_inicio` (also after a modification)."),
    Code("clave_duplicada", ERROR, "la clave ya está en {other}", "Two acuerdo files with the same clave."),
    Code("meta_duplicada", ERROR, "el número de meta se repite en el acuerdo {clave} (ya está en {other})", "A `numero_meta` repeated within its acuerdo (compared as in its web address), reported whatever other errors the rows have."),
    Code("acuerdo_inexistente", ERROR, "no hay un acuerdo con esa clave en acuerdos/{also}", "A row whose `acuerdo` (or `acuerdo_origen`) names no acuerdo file: one finding per table and clave, with the other rows that name it."),
    Code("meta_inexistente", ERROR, "no hay una meta {numero} aprobada por {origen}", "A `modifica` or `cancela` row for a meta its acuerdo_origen never approved."),
    Code("meta_anterior_invalida", ERROR, "escriba la meta anterior como CLAVE:NÚMERO, la clave del acuerdo que la aprobó y su número (p. ej. INE/JGE177/2022:DEOE-3)", "A `meta_anterior` that is not `CLAVE:NÚMERO` with a clave of the `INE/JGE186/2022` form."),
    Code("meta_anterior_inexistente", ERROR, "no hay una meta {numero} aprobada por {clave} en el portal", "A `meta_anterior` that names no meta of the portal."),
    Code("meta_anterior_no_anterior", ERROR, "la meta anterior debe ser de un periodo anterior del sistema {sistema}, y la que se indica es del periodo que empieza el {inicio} (sistema {otro})", "A `meta_anterior` that names a meta of the same or a later period, or of the other sistema."),
    # --- results of a closed period (data/resultados/)
    Code("resultado_sin_meta", ERROR, "no hay una meta {numero} aprobada por {clave}: el resultado no corresponde a ninguna meta del portal", "A row of `data/resultados/` whose `acuerdo` and `numero_meta` name no meta of the portal."),
    Code("resultado_duplicado", ERROR, "la meta ya tiene un resultado en {other}", "A meta given two rows in `data/resultados/` (in one table or two; `numero_meta` compared as in its web address)."),
    Code("promedio_fuera_de_escala", ERROR, "el promedio es la calificación final de la meta, de 0 a 10", "A `promedio` of `data/resultados/` below 0 or above 10."),
    Code("cambio_antes_de_aprobacion", ERROR, "el acuerdo {clave} ({fecha}) es anterior a la aprobación de la meta ({aprobacion})", "An amendment dated before the meta it changes."),
    Code("meta_cancelada_modificada", ERROR, "la meta fue cancelada por {acuerdo} y ya no puede cambiar", "A change to a meta after its cancellation."),
    Code("cambio_simultaneo", ERROR, "el acuerdo {other} cambia el mismo campo ({campo}) de esta meta el mismo día", "Two acuerdos of the same day changing the same field of a meta."),
    Code("documento_discrepante", ERROR, "el YAML y el texto del acuerdo ({documento}) no coinciden; el texto dice «{texto}»", "A key given both in the YAML and in the acuerdo's text, with different values."),
    Code("direccion_repetida", ERROR, "{label} tendría la misma dirección web («{slug}») que «{other}» ({where}): una página reemplazaría a la otra; distinga sus nombres", "Two acuerdos, metas (of one acuerdo), áreas or periods that would share a web address (`INE/JGE100/2023` and `INE/JGE100-2023`): one page would replace the other. Both are named."),
    Code("direccion_reservada", ERROR, "«{nombre}» daría {to} la dirección «{slug}», que el portal reserva para el índice de la sección; cámbielo", "A name whose address is one the portal keeps for a section's index (a meta numbered `index`)."),
    Code("documento_anidado", ERROR, "desde esta línea el documento anida listas o citas hasta {depth} niveles, y el límite es {limit}", "An acuerdo's text with lists or quotes nested deeper than 20 levels (a converted PDF never has them)."),
    Code("acuerdo_distinto", ERROR, "la fila dice acuerdo {written}, y la tabla es el anexo de {clave} (su YAML la nombra en `metas:`)", "A row whose `acuerdo` differs from the acuerdo whose YAML names its table in `metas:` (a table so named may leave the column out: its rows are that acuerdo's)."),
    Code("ambito_de_otro_sistema", ERROR, "la meta es del sistema OPLE (ámbito «OPLE») y el acuerdo {clave} es del sistema {sistema}", "A meta whose ámbito is `ople` (the annex says «Área: OPLE») in an acuerdo of sistema INE: it belongs to another acuerdo."),
    # --- observaciones: published with the data
    Code("anexo_revisar", OBSERVACION, "", "What a clerk must look at in an annex read from its forms: a label missing, repeated or not understood (its value kept in a column named as written), a value not understood, a form without its kind heading. The message names the meta (its número, or its position) and its page.", {
        "fila_fuera_de_formulario": 'la fila «{label}» está fuera de cualquier formulario de meta y no se leyó.',
        "texto_fuera_de_formulario": 'un texto sin etiqueta está fuera de cualquier formulario de meta y no se leyó.',
        "tabla_no_es_formulario": 'una tabla con {labels} no parece un formulario de meta (tiene menos de tres de sus etiquetas) y no se leyó.',
        "etiqueta_repetida": 'la etiqueta «{label}» aparece otra vez; se conserva el primer valor, no «{discarded}».',
        "etiqueta_repetida_renombrada": 'la etiqueta «{label}» aparece otra vez (antes como «{before}»); se conserva el primer valor, no «{discarded}».',
        "fila_sin_etiqueta": 'una fila sin etiqueta sigue a «{label}»; su texto se unió a ese valor.',
        "fila_desconocida": 'la fila «{label}» no es del formulario{hint} y no tiene valor.',
        "etiqueta_desconocida": 'la etiqueta «{label}» no es del formulario{hint}; su valor se conserva en la columna «{label}».',
        "quiso_decir": ' (¿quiso decir «{label}»?)',
        "fecha_no_entendida": '«{label}» dice «{text}», que no es una fecha dd/mm/aaaa; se copia como está.',
        "numero_no_entendido": '«{label}» dice «{text}», que no es un número ni un porcentaje; se copia como está.',
        "ambito_no_entendido": '«{label}» dice «{text}»; se esperaba OC, JL, JD, «JL y JD» u OPLE. Se copia como está.',
        "ambito_ople": '«{label}» dice «{text}»: la meta es del sistema OPLE; se anota el ámbito «ople».',
        "ambito_distinto": '«{label}» dice «{text}», pero el formulario está bajo «{heading}»; se toma el ámbito de «{label}».',
        "sin_tipo": 'el formulario no está bajo un encabezado que diga si la meta es individual o colectiva («Meta individual para oficinas centrales», «Órganos desconcentrados metas colectivas»…); falta el tipo.',
        "etiqueta_faltante": 'falta la etiqueta «{label}» (dato obligatorio).',
        "etiqueta_ausente": 'falta la etiqueta «{label}».',
        "valor_vacio": '«{label}» está vacío y es un dato obligatorio.',
    }),
    Code("ilustrativo_discrepante", OBSERVACION, "{rows} {marked} como datos ilustrativos (columna «{header}») y el acuerdo {clave} no lo dice (datos_ilustrativos en su YAML); se publican como ilustrativas", "Rows marked illustrative in the table itself (what `portal synth` writes) whose acuerdo's YAML does not say `datos_ilustrativos: true`: the rows are published as illustrative whatever the YAML says."),
    Code("caracter_invalido", OBSERVACION, "se quitó un carácter invisible o de control ({chars}) que ningún formato puede llevar", "A text value held a control character, a noncharacter or a bidi override (often mojibake, «Ã» followed by U+0081): it is removed and the value shown with the character as \\u0081."),
    Code("numero_de_otra_area", OBSERVACION, "el número de meta empieza con las siglas de otra área ({prefix}) y el área normativa es {area}", "A `numero_meta` whose prefix names another área of the catalogue than its `area_normativa` (without any list of áreas, any prefix other than its siglas)."),
    Code("cargo_variante", OBSERVACION, "escrituras probables de un mismo cargo: {spellings}; para unirlas {how}", "Cargo names that differ only in gendered forms, accents, case, abbreviations, punctuation or a trailing «Ejecutiva»: each spelling with its rows (the finding on the first row of a spelling to fix), and the line to add to `cargos.csv` (with its header when the file does not exist yet)."),
    Code("cargos_fusionados", OBSERVACION, "estas escrituras comparten dirección web y se publican como un solo cargo, «{nombre}»: {spellings}", "Cargo spellings that give the same web address are one cargo: published under the first, every spelling listed."),
    Code("vigencia_fuera_de_periodo", OBSERVACION, "la vigencia {which} fuera del periodo del acuerdo (del {inicio} al {fin})", "A meta's vigencia outside its acuerdo's period."),
    Code("inicio_antes_de_aprobacion", OBSERVACION, "la vigencia empieza antes de que la Junta aprobara la meta ({fecha})", "A meta that starts before its acuerdo was approved."),
    Code("colectiva_sin_lider", OBSERVACION, "una meta colectiva debe tener líder de equipo", "A colectiva without `lider_equipo`."),
    Code("colectiva_menos_de_3", OBSERVACION, "cada meta colectiva debe aplicar al menos a tres personas evaluadas", "A colectiva for fewer than 3 personas evaluadas."),
    Code("cuadro_totales_discrepantes", OBSERVACION, "la fila «Totales» del Cuadro 1 del texto dice {printed} y la suma de sus filas es {summed}", "The Totales row printed in an acuerdo's Cuadro 1 differs, in a column, from the sum of the Cuadro's rows (one finding per column, on the Totales line of the text)."),
    Code("conciliacion_totales", OBSERVACION, "el acuerdo declara {declared} y el anexo tiene {annex}", "The table's counts differ from the acuerdo's `totales`."),
    Code("conciliacion_cuadro", OBSERVACION, "el acuerdo declara {declared} y el anexo tiene {annex}", "The table's counts by área differ from the acuerdo's `cuadro`."),
    Code("repite_meta_con_promedio_10", OBSERVACION, "la meta antecesora, {predecessor}, obtuvo un promedio de {promedio} y esta meta la repite en los mismos términos (la misma descripción y el mismo nivel esperado) sin justificarlo", "A meta that repeats in the same terms (description and nivel esperado) a predecessor that averaged 10, without `justificacion` (Considerando 2; section 8)."),
    Code("nivel_esperado_no_superior", OBSERVACION, "", "A meta whose `nivel_esperado` is not above the level its predecessor reached (or, without results, its nivel esperado), without `justificacion` (Considerando 2; section 8).", {
        "alcanzado": "el nivel esperado, {now}, no es superior al que alcanzó la meta antecesora, {predecessor} ({before}), y la meta no lo justifica",
        "esperado": "el nivel esperado, {now}, no es superior al nivel esperado de la meta antecesora, {predecessor} ({before}; el portal no tiene el nivel que alcanzó), y la meta no lo justifica",
    }),
    # --- avisos: for whoever builds
    Code("clave_desconocida", AVISO, "clave que el contrato no define; se ignora", "A key of an acuerdo's YAML that the contract does not define."),
    Code("areas_sin_catalogo", AVISO, "no hay catalogos/areas.csv ni un Cuadro o glosario con siglas: las áreas normativas de las filas no se pueden revisar", "Without `catalogos/areas.csv` and without any Cuadro or glosario, a typo in `area_normativa` cannot be caught: said once."),
    Code("cargo_fuera_de_catalogo", AVISO, "", "With a `cargos.csv`, the cargos that are not in it: one aviso for all, on the first row of the first of them.", {
        "uno": "el cargo {shown} no está en catalogos/cargos.csv y se publica como está escrito",
        "varios": "{count} cargos no están en catalogos/cargos.csv y se publican como están escritos: {shown}",
    }),
)

CODES: dict[str, Code] = {}
for _code in _ALL:
    assert _code.code not in CODES, f"code declared twice: {_code.code}"
    CODES[_code.code] = _code


def message(code: str, reason: str | None = None, **params) -> str:
    """The code's sentence, its placeholders filled; for a code with reasons, the template of `reason` (a reason
    not declared, or none given, is a programming error)."""
    declared = CODES[code]
    if declared.reasons is None:
        assert reason is None, f"{code} has no reasons: {reason}"
        template = declared.template
    else:
        template = declared.reasons[reason]
    return template.format(**{"formats": FORMATS, **params})


def markdown_table() -> str:
    """The contract's list of findings, one line per code."""
    lines = ["| code | kind | when |", "|---|---|---|"]
    for code in _ALL:
        lines.append(f"| `{code.code}` | {SEVERITY_LABEL[code.kind].lower()} | {code.doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
