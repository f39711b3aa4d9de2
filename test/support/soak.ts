/**
 * Reliability tests run small inside `npm test` and full size with `npm run test:soak`
 * (LOUPE_SOAK=1). Each picks its size here so the README can quote both.
 */
export const soak = process.env['LOUPE_SOAK'] === '1';

export function size(smoke: number, full: number): number {
  return soak ? full : smoke;
}
