// Bundles the extension, the language server, the CLI and the webview with esbuild, and copies
// the tree-sitter WASM files beside them so nothing is built or fetched at install or run time.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');

// web-tree-sitter's ESM build reads import.meta, which a CommonJS bundle lacks; its CommonJS
// build bundles cleanly, so every import of it resolves there.
const webTreeSitterCommonJs = {
  name: 'web-tree-sitter-commonjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({
      path: require.resolve('web-tree-sitter', { paths: [root] }), // the "require" export: tree-sitter.cjs
    }));
  },
};

const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  plugins: [webTreeSitterCommonJs],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const entries = [
  { entryPoints: ['src/client/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'], ...nodeBundle },
  { entryPoints: ['src/server/server.ts'], outfile: 'dist/server/server.js', ...nodeBundle },
  { entryPoints: ['src/server/evidenceWorker.ts'], outfile: 'dist/server/evidenceWorker.js', ...nodeBundle },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli/main.js', ...nodeBundle },
  // bin/gomem.js runs `gomem gctrace` from here: the trace reader without the linter and profile tools.
  { entryPoints: ['src/cli/gctraceMain.ts'], outfile: 'dist/cli/gctrace.js', ...nodeBundle },
  { entryPoints: ['src/client/profileDecodeWorker.ts'], outfile: 'dist/client/profileDecodeWorker.js', ...nodeBundle },
  { entryPoints: ['src/client/leakHunt/leakHuntWorker.ts'], outfile: 'dist/client/leakHuntWorker.js', ...nodeBundle },
  { entryPoints: ['src/client/gcTraceWorker.ts'], outfile: 'dist/client/gcTraceWorker.js', ...nodeBundle },
  { entryPoints: ['src/client/profileInEditor/lineFiguresWorker.ts'], outfile: 'dist/client/lineFiguresWorker.js', ...nodeBundle },
];
for (const webviewEntry of ['src/webview/profileViewer.ts', 'src/webview/gcTraceViewer.ts']) {
  if (!fs.existsSync(path.join(root, webviewEntry))) continue;
  entries.push({
    entryPoints: [webviewEntry],
    outfile: `dist/webview/${path.basename(webviewEntry, '.ts')}.js`,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  });
}

// The leak hunt's compare and series views: their own page, beside the profile viewer's.
entries.push({
  entryPoints: ['src/webview/leakHunt/leakHuntView.ts'],
  outfile: 'dist/webview/leakHuntView.js',
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
});

async function main() {
  fs.rmSync(dist, { recursive: true, force: true });
  await Promise.all(entries.map((options) => esbuild.build({ absWorkingDir: root, ...options })));
  const wasmDir = path.join(dist, 'wasm');
  fs.mkdirSync(wasmDir, { recursive: true });
  fs.copyFileSync(path.join(path.dirname(require.resolve('web-tree-sitter', { paths: [root] })), 'tree-sitter.wasm'), path.join(wasmDir, 'tree-sitter.wasm'));
  fs.copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-go/package.json', { paths: [root] })), 'tree-sitter-go.wasm'), path.join(wasmDir, 'tree-sitter-go.wasm'));
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
