// eslint-doc-generator settings (`npm run docs` writes, `npm run docs:check` verifies).
// The generator loads the built plugin from package.json `main`, so run `npm run build` first.

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  // The eslintrc configs enable exactly the same rules as their flat twins: list only the flat names.
  ignoreConfig: ['legacy-recommended', 'legacy-strict'],
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  ruleDocTitleFormat: 'desc-parens-name',
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking', 'options'],
  ruleDocSectionInclude: ['Examples', 'Options', 'When Not To Use It'],
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'requiresTypeChecking', 'options', 'deprecated'],
};

module.exports = config;
