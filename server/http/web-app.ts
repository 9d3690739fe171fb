/**
 * Serves the built H5 app (the Taro mini-program's browser build) at `/`. Mounted after every
 * router, so it only sees GET/HEAD requests no API route answered. Files are read from the build
 * folder only: the request path is resolved and must stay inside it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Paths that belong to the server, never to the web app (an unknown API path stays a JSON 404). */
const SERVER_PREFIXES = ['/api/', '/wechat/', '/healthz', '/metrics'];

// Webpack puts a content hash in these names, so a new build never collides with a cached copy.
const IMMUTABLE_DIRS = ['/js/', '/css/', '/static/'];

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>12314</title>' +
  '<p>网页版正在准备中，请稍后再试。</p>' +
  '<p>The web app is not built: run <code>npm run build:miniprogram</code> (npm start does it when it is missing).</p></html>';

/**
 * The page's one inline script (Taro's rem sizing) is allowed by its hash, so the policy can
 * refuse every other inline script. Styles stay inline-friendly: Taro's components set them.
 */
export function contentSecurityPolicy(indexHtml: string): string {
  const inlineScripts = [...indexHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' ${inlineScripts.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // Taro's WeUI icons are an inline (data:) font.
    "font-src 'self' data:",
    // blob: because Taro's H5 uploadFile reads the chosen photo's blob: URL with an XHR.
    "connect-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function resolveInside(root: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function serveWebApp(webRoot: string): Middleware {
  const root = path.resolve(webRoot);
  return async function webApp(ctx, next) {
    await next();
    if (ctx.body !== undefined || ctx.status !== 404) return;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    if (SERVER_PREFIXES.some((prefix) => ctx.path.startsWith(prefix))) return;

    const file = resolveInside(root, ctx.path);
    if (!file || !isFile(file)) {
      // Browsers ask for it on their own; a 404 would only fill their consoles.
      if (ctx.path === '/favicon.ico') ctx.status = 204;
      if (ctx.path === '/') {
        ctx.status = 503;
        ctx.type = 'html';
        ctx.body = NOT_BUILT_PAGE;
      }
      return;
    }
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (path.basename(file) === 'index.html') {
      const html = await fs.promises.readFile(file, 'utf8');
      ctx.set('Cache-Control', 'no-cache');
      ctx.set('Content-Security-Policy', contentSecurityPolicy(html));
      ctx.set('Referrer-Policy', 'same-origin');
      ctx.body = html;
      return;
    }
    const immutable = IMMUTABLE_DIRS.some((dir) => ctx.path.startsWith(dir));
    ctx.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.body = fs.createReadStream(file);
  };
}
