// Where a secret could hide in text a test inspects: in clear, or inside base64 (which is no protection).

/** A secret as it would show inside base64 text, at each of the three byte alignments (base64 is no protection). */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].map((pad) => {
    const text = Buffer.concat([Buffer.alloc(pad, 0x41), bytes]).toString('base64');
    // Drop the characters that depend on the neighbouring bytes.
    const start = Math.ceil((pad * 4) / 3) + 1;
    return text.slice(start, start + Math.floor((bytes.length * 4) / 3) - 4);
  });
}

/** The first place `secret` shows in `text`, in clear or as base64, or undefined. */
export function findSecret(text: string, secret: string): string | undefined {
  for (const form of [secret, ...base64Forms(secret)]) {
    const at = text.indexOf(form);
    if (at >= 0) return `…${text.slice(Math.max(0, at - 120), at + form.length + 40)}…`;
  }
  return undefined;
}
