import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

// electron-builder's own schema check and YAML reader (declared at the versions electron-builder itself uses).
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const yaml = require('js-yaml') as { load: (text: string) => unknown };

const config = yaml.load(readFileSync(resolve(repoRoot, 'electron-builder.yml'), 'utf8')) as {
  asarUnpack: string[];
  npmRebuild: boolean;
  files: string[];
  mac: { target: string };
  win: { target: string };
  linux: { target: string };
  electronFuses: Record<string, boolean>;
};

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds a dmg, an NSIS installer and an AppImage', () => {
    expect([config.mac.target, config.win.target, config.linux.target]).toEqual(['dmg', 'nsis', 'AppImage']);
  });

  it('keeps the native modules out of the asar and never rebuilds them as a side effect', () => {
    expect(config.asarUnpack).toEqual([
      'node_modules/better-sqlite3-multiple-ciphers/**',
      'node_modules/node-llama-cpp/**',
      'node_modules/@node-llama-cpp/**',
      // The OS keychain binding (a .node file per platform).
      'node_modules/@napi-rs/keyring*/**',
    ]);
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toContain('out/**/*');
  });

  it('flips the fuses that would let NODE_OPTIONS, --inspect or code outside its asar drive the packaged app', () => {
    expect(config.electronFuses).toEqual({
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });
});
