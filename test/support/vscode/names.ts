// Turning the names tests use into file names and label matchers.

/** A file-name-safe form of a test's or a shot's name. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'vscode'
  );
}

/** Matches a label that is exactly `text`, give or take surrounding white space. */
export function exactLabel(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
