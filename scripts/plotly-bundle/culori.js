/* What plotly's src/components/color needs of culori, with only the colour spaces the portal's
   charts use (sRGB, its linear form for WCAG contrast, and HSL): culori's own bundle registers some
   thirty at start-up. Colours written in other spaces (lab(), oklch(), color(display-p3 …)) are
   read as black, with plotly's warning: generator/charts.py writes hex colours only. */
import { useMode, modeRgb, modeLrgb, modeHsl } from './node_modules/culori/src/index-fn.js';

useMode(modeRgb);
useMode(modeLrgb);
useMode(modeHsl);

export { converter, formatHex, formatRgb, wcagContrast, wcagLuminance } from './node_modules/culori/src/index-fn.js';
