/**
 * Sizes of the mini-program builds (`npm run build:miniprogram` first): the WeChat main package
 * (limit 2 MB, our target under 1 MB) and its subpackages, and what a browser downloads before the
 * H5 home page shows: the scripts index.html loads plus the home page's own chunks, gzipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const MINIPROGRAM = path.resolve(__dirname, '..', 'miniprogram');
const WEAPP = path.join(MINIPROGRAM, 'dist');
const H5 = path.join(MINIPROGRAM, 'dist-h5');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}

const bytesOf = (files: string[]) => files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
const gzippedBytesOf = (files: string[]) =>
  files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(file), { level: 9 }).length, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function weappFigures(): void {
  const app = JSON.parse(fs.readFileSync(path.join(WEAPP, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
  };
  const roots = (app.subPackages ?? []).map((sub) => sub.root);
  const all = filesUnder(WEAPP);
  const inRoot = (root: string) => (file: string) => file.startsWith(path.join(WEAPP, root) + path.sep);
  const main = all.filter((file) => !roots.some((root) => inRoot(root)(file)));
  console.log(
    `weapp main package: ${bytesOf(main).toLocaleString('en')} B (${kb(bytesOf(main))}, target < 1 MB)`,
  );
  for (const root of roots) {
    const files = all.filter(inRoot(root));
    console.log(`weapp subpackage ${root}: ${bytesOf(files).toLocaleString('en')} B`);
  }
}

function h5Figures(): void {
  const html = fs.readFileSync(path.join(H5, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+src="\.\/([^"]+)"/g)].map((match) => path.join(H5, match[1]!));
  // The home page's chunk is the one whose code holds the home page's own heading.
  const homeChunks = filesUnder(path.join(H5, 'js')).filter(
    (file) =>
      file.endsWith('.js') &&
      !entry.includes(file) &&
      fs.readFileSync(file, 'utf8').includes('您可以反映这些问题'),
  );
  console.log(
    `h5 first load, entry scripts: ${kb(gzippedBytesOf(entry))} gzipped (${kb(bytesOf(entry))} raw)`,
  );
  console.log(
    `h5 first load with the home page chunk: ${kb(gzippedBytesOf([...entry, ...homeChunks]))} gzipped`,
  );
}

export async function runMiniprogramSizeBench(): Promise<void> {
  if (!fs.existsSync(path.join(WEAPP, 'app.json')) || !fs.existsSync(path.join(H5, 'index.html'))) {
    throw new Error('build the mini-program first: npm run build:miniprogram');
  }
  weappFigures();
  h5Figures();
}
