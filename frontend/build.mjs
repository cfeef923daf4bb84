// Builds the front-end assets into build/static (not committed; Django serves them via
// STATICFILES_DIRS and WhiteNoise). GOV.UK Frontend is compiled with Dart Sass from npm.
import { mkdir, copyFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");

await mkdir(join(out, "css"), { recursive: true });
await mkdir(join(out, "js"), { recursive: true });

const result = await sass.compileAsync(join(root, "frontend", "scss", "main.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
await writeFile(join(out, "css", "main.css"), result.css);

// One minified module: our scripts plus only the GOV.UK Frontend components app.mjs imports.
await esbuild.build({
  entryPoints: [join(root, "frontend", "js", "app.mjs")],
  outfile: join(out, "js", "app.mjs"),
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
});

await mkdir(join(out, "img"), { recursive: true });
await copyFile(join(root, "frontend", "img", "favicon.svg"), join(out, "img", "favicon.svg"));
console.log(`built ${out}`);
