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
// The long-list picker is its own module, loaded only by the form that needs it.
await esbuild.build({
  entryPoints: ["app", "long-list-picker"].map((name) => ({
    in: join(root, "frontend", "js", `${name}.mjs`),
    out: name,
  })),
  outdir: join(out, "js"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  legalComments: "none",
  logLevel: "warning",
  // alphagov's accessible-autocomplete is bundled from its source (JSX for Preact 8): its
  // prebuilt file carries polyfills and a copy of Preact, three times the size.
  loader: { ".js": "jsx" },
  define: { "process.env.COMPONENT_LIBRARY": '"PREACT"' },
});

await mkdir(join(out, "img"), { recursive: true });
await copyFile(join(root, "frontend", "img", "favicon.svg"), join(out, "img", "favicon.svg"));
console.log(`built ${out}`);
