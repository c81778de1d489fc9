// The V8 side of bench/compare.py: instantiates one kernel module (untimed), calls one
// export R times with one i32 argument, timing each call with process.hrtime.bigint(),
// and prints one JSON line in the format of shortcrust_kernel_runner: the last result as
// decimal text (i64 results arrive as BigInt) and each call's time in ns. V8's tiering is
// chosen by node's flags (compare.py runs `node --liftoff --no-wasm-tier-up` and plain
// `node`), not here.
//
//   node bench/node_runner.js FILE.wasm EXPORT N [--runs R]
'use strict';

const fs = require('fs');

function usage() {
  process.stderr.write('usage: node node_runner.js FILE.wasm EXPORT N [--runs R]\n');
  process.exit(2);
}

function fail(status, what) {
  process.stdout.write(JSON.stringify({ error: what }) + '\n');
  process.exit(status);
}

async function main() {
  const positional = [];
  let runs = 1;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--runs' && i + 1 < argv.length) {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1 || runs > 1000) usage();
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 3) usage();
  const [path, exportName, nText] = positional;
  const n = Number(nText);
  if (!Number.isInteger(n)) usage();

  let instance;
  try {
    ({ instance } = await WebAssembly.instantiate(fs.readFileSync(path), {}));
  } catch (e) {
    fail(1, `instantiate: ${e.message}`);
  }
  const run = instance.exports[exportName];
  if (typeof run !== 'function') fail(2, `no exported function ${exportName}`);

  const times = [];
  let result;
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    try {
      result = run(n);
    } catch (e) {
      fail(1, `trap: ${e.message}`);
    }
    times.push(Number(process.hrtime.bigint() - start));
  }
  process.stdout.write(JSON.stringify({ result: String(result), times_ns: times }) + '\n');
}

main();
