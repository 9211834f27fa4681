// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const PLUGIN = "packages/obsidian-plugin";

// eslint-plugin-obsidianmd reads ./manifest.json once, at import, from the
// working directory (it assumes the repository is one plugin). Import it from
// the plugin package so its manifest-aware rules see Redline's manifest.
const cwd = process.cwd();
process.chdir(new URL(`./${PLUGIN}/`, import.meta.url).pathname);
const { default: obsidianmd } = await import("eslint-plugin-obsidianmd");
process.chdir(cwd);

/**
 * eslint-plugin-obsidianmd's recommended config is written for a repository
 * that is one plugin; here it must apply to the plugin package only.
 * @param {import("eslint").Linter.Config} config
 * @returns {import("eslint").Linter.Config}
 */
function scopeToPlugin(config) {
  const files = config.files?.map((f) => (typeof f === "string" ? `${PLUGIN}/${f.replace(/^\*\*\//, "**/")}` : f));
  return { ...config, files: files ?? [`${PLUGIN}/**/*.ts`] };
}

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", ".artifacts/**", "bench-results/**", "**/.scratch/**", "**/*.d.ts", "**/*.d.mts"],
  },
  { files: ["**/*.{ts,mts,mjs,js}"], ...js.configs.recommended },
  ...tseslint.configs.strictTypeChecked.map((c) => ({ files: ["**/*.{ts,mts,mjs,js}"], ...c })),
  {
    files: ["**/*.{ts,mts,mjs,js}"],
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ["*.mjs", "scripts/*.mjs", ".ci/*.mjs"],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    ...tseslint.configs.disableTypeChecked,
    files: ["**/*.mjs", "**/*.js"],
  },
  {
    // Tests and benchmarks poke at internals and build fixtures freely.
    files: ["**/*.test.ts", "**/bench/**/*.ts", "test-support/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
  ...obsidianmd.configs.recommended.map(scopeToPlugin),
  {
    files: [`${PLUGIN}/**/*.ts`],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Test tooling (vitest, fast-check) is declared once at the workspace root.
      "import/no-extraneous-dependencies": ["error", { packageDir: [import.meta.dirname, `${import.meta.dirname}/${PLUGIN}`] }],
    },
  },
  {
    // Tests run in Node, not in Obsidian's renderer; mobile-safety rules are for shipped code.
    files: [`${PLUGIN}/**/*.test.ts`],
    rules: { "obsidianmd/no-nodejs-modules": "off" },
  },
);
