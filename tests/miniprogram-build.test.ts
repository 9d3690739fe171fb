/**
 * The WeChat build as `npm test` leaves it (`npm run build:miniprogram` runs first): the staff
 * workbench is a subpackage, and the main package a citizen downloads stays under 1 MB
 * (WeChat refuses a main package over 2 MB).
 */
import fs from 'node:fs';
import path from 'node:path';

const WEAPP_DIST = path.resolve(__dirname, '..', 'miniprogram', 'dist');
const MAIN_PACKAGE_LIMIT_BYTES = 1024 * 1024;

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}

describe('the WeChat mini-program build', () => {
  const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8')) as AppJson;
  const subpackageRoots = (appJson.subPackages ?? []).map(
    (sub) => path.join(WEAPP_DIST, sub.root) + path.sep,
  );

  test('when built, then every page of app.json, main package and staff subpackage, has its files', () => {
    const pages = [
      ...appJson.pages,
      ...(appJson.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`)),
    ];
    expect(pages).toEqual(expect.arrayContaining(['pages/report/index', 'packages/staff/pages/queue/index']));
    for (const page of pages) {
      for (const ext of ['.js', '.json', '.wxml']) {
        expect(fs.existsSync(path.join(WEAPP_DIST, page + ext))).toBe(true);
      }
    }
  });

  test('when measured, then the main package (all but the subpackages) is under 1 MB', () => {
    const mainPackage = filesUnder(WEAPP_DIST).filter(
      (file) => !subpackageRoots.some((root) => file.startsWith(root)),
    );
    const bytes = mainPackage.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    expect(mainPackage.some((file) => file.includes(`${path.sep}packages${path.sep}staff`))).toBe(false);
    expect(bytes).toBeGreaterThan(100 * 1024); // a real build, not an empty folder
    expect(bytes).toBeLessThan(MAIN_PACKAGE_LIMIT_BYTES);
  });
});
