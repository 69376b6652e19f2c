// Flat config (ESLint 9.22+/10) for the example app. The plugin is loaded from this repository's build
// (`npm run build` writes ../../dist); in your own project, import it by name:
//   import nestjsMicroservices from 'eslint-plugin-nestjs-microservices';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

import nestjsMicroservices from '../../dist/index.js';

export default defineConfig(
  {
    // Typed linting: the rules tell NestJS client calls apart from other `emit()`/`send()` methods by type.
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  // `strict`: every rule of the plugin, including require-send-timeout (not in `recommended`), and
  // no-unawaited-emit with `reportFireAndForget`, so an unhandled `emit()` is reported even when nothing after it
  // depends on delivery (mark deliberate fire-and-forget with `void`, or subscribe with an `error` callback).
  nestjsMicroservices.configs.strict,
);
