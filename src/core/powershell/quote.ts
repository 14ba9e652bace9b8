/**
 * Values written into PowerShell text a person will paste ("Copy as PowerShell"). The product itself never builds
 * code from data (values travel as parameters); these make copied scripts just as safe: every value is a literal.
 */

/** A PowerShell single-quoted literal: nothing inside expands; a quote (any of PowerShell's four) is doubled. */
export function quotePs(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** A name shown in a `#` comment line: kept on that line. */
export function commentText(value: string): string {
  // A comment ends at a line break; `#>` could close a block comment someone wraps this in.
  return value.replace(/[\r\n\u0085\u2028\u2029]/g, ' ').replace(/#>/g, '# >');
}

/** A value as an argument: booleans as $true/$false, finite numbers as digits, everything else quoted. */
export function psLiteral(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quotePs(String(value));
  return quotePs(value);
}

/** An enum argument: bare when it is one of the known names (reads as the docs write it), quoted otherwise. */
export function psEnum(value: string, known: readonly string[]): string {
  return known.includes(value) ? value : quotePs(value);
}
