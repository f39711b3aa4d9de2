/**
 * The renderer's Content-Security-Policy, the same under Electron's app protocol and the bridge:
 * only the app's own scripts and styles, images from the app or in-memory blobs, and connections
 * back to the app itself (the bridge's API and event socket). No inline scripts, no eval, no
 * plugins, no framing.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
