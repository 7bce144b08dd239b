// The page's files. HTML, CSS and the page script are read from src/dashboard/public, the
// view model from its compiled form in dist: both live in the package (and in its image),
// so the page needs neither a build server nor the internet.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DashboardAssetMissingError } from './errors';

/** services/health-monitor, whether this file runs from src (tests) or from dist. */
const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const PUBLIC_DIR = join(PACKAGE_ROOT, 'src', 'dashboard', 'public');
export const COMPILED_VIEW_MODEL = join(PACKAGE_ROOT, 'dist', 'dashboard', 'view-model.js');

export interface Asset {
  contentType: string;
  body: string;
}

const PUBLIC_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
};
export const VIEW_MODEL_ASSET = 'view-model.js';

export class DashboardAssets {
  private readonly cache = new Map<string, Asset>();

  /** Throws DashboardAssetMissingError for a name that is not one of the page's files. */
  get(name: string): Asset {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const asset = name === VIEW_MODEL_ASSET ? this.viewModel() : this.publicFile(name);
    this.cache.set(name, asset);
    return asset;
  }

  private publicFile(name: string): Asset {
    const contentType = PUBLIC_FILES[name];
    if (!contentType) throw new DashboardAssetMissingError(name);
    return { contentType, body: read(join(PUBLIC_DIR, name), name) };
  }

  /** The CommonJS output of view-model.ts, given an `exports` object and published as window.CutoverView. */
  private viewModel(): Asset {
    const compiled = read(COMPILED_VIEW_MODEL, VIEW_MODEL_ASSET);
    return {
      contentType: PUBLIC_FILES['dashboard.js']!,
      body: `window.CutoverView = (function () {\nvar exports = {};\n${compiled}\nreturn exports;\n})();\n`,
    };
  }
}

function read(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new DashboardAssetMissingError(name, { cause });
  }
}
