import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/.artifacts/', 'custom-elements.json', '.shot.mjs', '.shot2.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  litConfigs['flat/recommended'],
  {
    languageOptions: {
      globals: {
        window: 'readonly', document: 'readonly', navigator: 'readonly', location: 'readonly', customElements: 'readonly', console: 'readonly',
        process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        requestAnimationFrame: 'readonly', performance: 'readonly', fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Backend data is untrusted: it is rendered as text, never as HTML.
      'no-restricted-imports': ['error', { paths: [{ name: 'lit/directives/unsafe-html.js', message: 'Render backend data as text.' }] }],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render as text (Lit templates or textContent).' },
        { property: 'outerHTML', message: 'Render as text.' },
        { property: 'insertAdjacentHTML', message: 'Render as text.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
);
