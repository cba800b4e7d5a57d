// Spreadsheets run a cell that starts with = + - @ as a formula, and buyer-entered text (names,
// addresses) reaches our export: such cells are written with a leading apostrophe (OWASP "CSV
// Injection"), which the imports remove again so that an exported file reads back unchanged.

// A value that itself starts with apostrophes before such a character gets one more, so that
// removing one on import always gives the value back.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED_FORMULA_START = /^'+[=+\-@\t\r]/;

export function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function unguardFormula(cell: string): string {
  return GUARDED_FORMULA_START.test(cell) ? cell.slice(1) : cell;
}
