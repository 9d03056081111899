#!/usr/bin/env node
// `gomem gctrace` runs from a bundle of its own, which loads in a fraction of the time of the whole CLI.
if (process.argv[2] === 'gctrace') require('../dist/cli/gctrace.js').main();
else require('../dist/cli/main.js').main();
