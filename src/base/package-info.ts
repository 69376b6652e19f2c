// The package manifest is loaded once, at module load (not by rules): it names the plugin and its docs.
// `../../package.json` resolves from both `src/base` (tests) and `dist/base` (the published build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const manifest = require('../../package.json') as { name: string; version: string; homepage: string };

export const packageName = manifest.name;
export const packageVersion = manifest.version;
export const repositoryUrl = manifest.homepage.replace(/#.*$/, '');
/** Rule ids are `nestjs-microservices/<rule>`. */
export const pluginNamespace = 'nestjs-microservices';
