import type { PlacementRating, Verdict } from './placementRating';
import { topReasons } from './placementRating';

/** A rating in words, for a pick list's label, description and detail and for a notification. */

const verdictWords: Record<Verdict, string> = { suitable: 'suitable', warning: 'warning', unsuitable: 'unsuitable' };

/** Five stars, filled as many as earned ("★★★★☆"). */
export function starsText(stars: number): string {
  const n = Math.max(0, Math.min(5, stars));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}

/** "★★★★☆ 78 · suitable · node of CLU-PROD" */
export function ratingSummary(r: PlacementRating): string {
  const where = r.cluster ? `node of ${r.cluster}` : 'standalone';
  return `${starsText(r.stars)} ${r.score} · ${verdictWords[r.verdict]} · ${where}`;
}

/** The top reasons on one line ("Live migration is off on HV-C · 120 GB memory free after the move (47 %)"). */
export function reasonsLine(r: PlacementRating, max = 2): string {
  return topReasons(r, max)
    .map((x) => x.text)
    .join(' · ');
}

/** Every reason, worst first, each marked by its severity. */
export function reasonsList(r: PlacementRating): string[] {
  const mark = { unsuitable: '✖', warning: '⚠', unknown: '?', good: '✓' } as const;
  return r.reasons.map((x) => `${mark[x.severity]} ${x.text}`);
}

/** Why a host cannot be picked, for the message shown when it is. */
export function unsuitableText(r: PlacementRating): string {
  const why = r.reasons.filter((x) => x.severity === 'unsuitable').map((x) => x.text);
  return `${r.host} is unsuitable: ${why.join('; ')}.`;
}
