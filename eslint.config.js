// Lint rules: type-aware, so that un-awaited promises (informer callbacks, async replies) are caught.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Architecture: DingTalk is one folder; only the composition root and the simulator reach into it.
    files: ['src/**'],
    ignores: ['src/platforms/dingtalk/**', 'src/app/**', 'src/simulator/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/platforms/dingtalk/**'] }],
    },
  },
  {
    // Platforms know nothing of Kubernetes (nor of what is built on it); actions know nothing of chat platforms.
    files: ['src/platforms/**', 'src/simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@kubernetes/*',
            '**/kube/**',
            '**/actions/**',
            '**/controller/**',
            '**/coordination/**',
            '**/audit/**',
            '**/authz/**',
          ],
        },
      ],
    },
  },
  {
    files: ['src/actions/**', 'src/commands/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/platforms/**', 'express'] }],
    },
  },
);
