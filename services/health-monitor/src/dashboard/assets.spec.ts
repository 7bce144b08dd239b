import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COMPILED_VIEW_MODEL, DashboardAssets, PUBLIC_DIR } from './assets';
import { DashboardAssetMissingError } from './errors';

const PACKAGE = join(__dirname, '..', '..');

describe('dashboard assets', () => {
  it('reads the page files from the package and refuses any other name', () => {
    const assets = new DashboardAssets();
    expect(assets.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8' });
    expect(assets.get('dashboard.js').body).toContain('new EventSource(');
    expect(() => assets.get('../../package.json')).toThrow(DashboardAssetMissingError);
    expect(() => assets.get('view-model.ts')).toThrow(DashboardAssetMissingError);
  });

  it('loads nothing from elsewhere: the page works offline', () => {
    const html = readFileSync(join(PUBLIC_DIR, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((r) => r.startsWith('/dashboard/assets/'))).toBe(true);
    // The SVG namespace is a name, not something fetched.
    const js = readFileSync(join(PUBLIC_DIR, 'dashboard.js'), 'utf8').replace("'http://www.w3.org/2000/svg'", '');
    expect(js).not.toMatch(/https?:\/\//);
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('finds the compiled view model where the build puts it, and the image keeps both', () => {
    const tsconfig = JSON.parse(readFileSync(join(PACKAGE, 'tsconfig.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
    const source = relative(PACKAGE, join(__dirname, 'view-model.ts'));
    const expected = source.replace(tsconfig.compilerOptions.rootDir, tsconfig.compilerOptions.outDir).replace(/\.ts$/, '.js');
    expect(relative(PACKAGE, COMPILED_VIEW_MODEL)).toBe(expected);
    expect(existsSync(PUBLIC_DIR)).toBe(true);
    // The image's last stage copies the whole built tree, src (the page files) and dist included.
    const dockerfile = readFileSync(join(PACKAGE, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^COPY --from=build (--chown=\S+ )?\/src \/app$/m);
  });
});
