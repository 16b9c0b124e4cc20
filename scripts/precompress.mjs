// Writes brotli (quality 11) and gzip (level 9) copies next to the site's scripts,
// WASM and CSS (target/site/pkg, target/site/vendor), which `runboard` serves as they
// are when a browser accepts them — smaller than compressing on the fly at the fast
// levels a server can afford per request (WASM: 590 KB at brotli 11, 758 KB at 4).
// Run after `cargo leptos build --release`; skips files whose copies are up to date.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const site = process.argv[2] ?? "target/site";
const compressible = /\.(js|wasm|css|svg|json)$/;
let written = 0;
for (const dir of ["pkg", "vendor"]) {
  const root = path.join(site, dir);
  if (!fs.existsSync(root)) continue;
  for (const name of fs.readdirSync(root)) {
    if (!compressible.test(name)) continue;
    const file = path.join(root, name);
    const modified = fs.statSync(file).mtimeMs;
    const fresh = (copy) => fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= modified;
    if (fresh(`${file}.br`) && fresh(`${file}.gz`)) continue;
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    );
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
    written += 1;
  }
}
console.log(`precompressed ${written} file(s) under ${site}`);
