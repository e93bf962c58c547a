import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RendererFile {
  path: string;
  contentType: string;
}

/**
 * Maps a URL path to a file inside the built renderer, refusing anything that would leave
 * that folder. Unknown paths without an extension get index.html (client-side routes).
 */
export function resolveRendererFile(rendererDir: string, urlPath: string): RendererFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = resolve(rendererDir);
  const candidate = resolve(join(root, normalize(decoded)));
  const within = relative(root, candidate);
  if (within.startsWith('..') || within.startsWith(sep) || resolve(root, within) !== candidate) return null;

  let file = candidate;
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (extname(decoded) !== '') return null;
    file = join(root, 'index.html');
    if (!existsSync(file)) return null;
  }
  return { path: file, contentType: contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
