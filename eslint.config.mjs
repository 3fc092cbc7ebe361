import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import jsxA11y from 'eslint-plugin-jsx-a11y';

const config = [
  ...nextVitals,
  ...nextTs,
  // Accessibility is a legal duty for councils: the full recommended jsx-a11y set, as errors.
  { files: ['**/*.tsx'], rules: jsxA11y.flatConfigs.recommended.rules },
  // next.config.js is CommonJS, as Next.js loads it.
  { files: ['next.config.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    ignores: ['.next/**', 'node_modules/**', 'next-env.d.ts', 'db/migrations/**', 'test-results/**', 'playwright-report/**'],
  },
];

export default config;
