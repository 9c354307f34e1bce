// Copies the built front-end assets from node_modules into the committed static folder.
// Run with `make assets` after changing package.json; the app never loads anything from outside.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "phoihop/web/static/vendor";
rmSync(out, { recursive: true, force: true });
const copies = [
  ["node_modules/bootstrap/dist/css/bootstrap.min.css", `${out}/bootstrap/bootstrap.min.css`],
  ["node_modules/bootstrap/dist/css/bootstrap.min.css.map", `${out}/bootstrap/bootstrap.min.css.map`],
  ["node_modules/bootstrap/dist/js/bootstrap.bundle.min.js", `${out}/bootstrap/bootstrap.bundle.min.js`],
  ["node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map", `${out}/bootstrap/bootstrap.bundle.min.js.map`],
  ["node_modules/bootstrap/LICENSE", `${out}/bootstrap/LICENSE`],
  ["node_modules/bootstrap-icons/font/bootstrap-icons.min.css", `${out}/bootstrap-icons/bootstrap-icons.min.css`],
  ["node_modules/bootstrap-icons/font/fonts", `${out}/bootstrap-icons/fonts`],
  ["node_modules/bootstrap-icons/LICENSE", `${out}/bootstrap-icons/LICENSE`],
];
for (const [from, to] of copies) {
  mkdirSync(to.substring(0, to.lastIndexOf("/")), { recursive: true });
  cpSync(from, to, { recursive: true });
}
console.log(`assets copied to ${out}`);
