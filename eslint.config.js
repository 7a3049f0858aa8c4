import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Diagnostics and results go through the rendering layer; bare console calls would bypass it.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
);
