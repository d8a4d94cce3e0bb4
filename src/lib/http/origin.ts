/** A post from another site is refused: only this site's pages (and its public addresses) may post. */
export function originAllowed(request: Request, allowedOrigins: readonly string[] = []): boolean {
  const origin = request.headers.get('origin');
  return !origin || origin === new URL(request.url).origin || allowedOrigins.includes(origin);
}
