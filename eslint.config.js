// ESLint (flat config) for the PWA's ES modules and their node unit tests:
// the recommended rules, and no import cycles (modules import one way: storage <- transport
// <- sync engine <- write API <- UI), so tracktory/pwa/staticfiles.py can hash each module
// by its source and its imports' hashed names.
import js from "@eslint/js";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["static/js/**/*.js", "tests/js/**/*.js"],
    plugins: { "import-x": importX },
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-unresolved": "error",
      "import-x/named": "error",
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // The service worker is a classic script with the worker's globals.
    files: ["static/js/sw.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.serviceworker } },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
