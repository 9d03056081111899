// Goroutine groups on real dumps: test/fixtures/pprof/goroutines parks goroutines for over two
// minutes while forcing GCs (so debug=2 prints their waits), then writes the goroutine profile of
// that moment as debug=2, debug=1 and protobuf.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { Function as PFunction, Line, Location as PLocation, Profile as PProfile, Sample as PSample, StringTable, ValueType as PValueType } from 'pprof-format';
import { runProfileCommand } from '../../../src/cli/profileCommand';
import { GoroutineGroup, goroutineGroups, isStandardFrame, stateOfStack } from '../../../src/core/pprof/goroutines';
import { loadFlatProfile, loadProfile } from '../../../src/core/pprof/node';
import { initialView } from '../../../src/webview/protocol';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/pprof');
const limit = { maxInflatedBytes: 64 << 20 };
const load = (file: string) => loadProfile(fs.readFileSync(path.join(fixtures, file)), limit);
const text = (s: string) => loadProfile(Buffer.from(s), limit);
const line = (group: GoroutineGroup) => `${group.place.function}:${group.place.line}`;

function find(groups: GoroutineGroup[], where: string, createdBy?: string): GoroutineGroup {
  const group = groups.find((g) => line(g) === where && (createdBy === undefined || g.createdBy?.function === createdBy));
  assert.ok(group, `a group at ${where}${createdBy ? ` created by ${createdBy}` : ''} in ${groups.map(line).join(', ')}`);
  return group;
}

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runProfileCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('goroutine groups', () => {
  describe('debug=2 dump of goroutines parked for minutes', () => {
    const report = goroutineGroups(load('goroutines.debug2.txt'));

    it('groups by state, wait, blocking line and go statement, largest first', () => {
      assert.strictEqual(report.total, 39);
      assert.ok(report.waitTimesKnown);
      const counts = report.groups.map((g) => g.count);
      assert.deepStrictEqual(counts, [...counts].sort((a, b) => b - a));
      const consumers = report.groups[0];
      assert.strictEqual(consumers.count, 20, 'two batches a minute apart from one go statement: one group');
      assert.strictEqual(consumers.state, 'chan receive');
      assert.deepStrictEqual(consumers.waitMinutes, { min: 1, max: 2 });
      assert.deepStrictEqual([consumers.place.function, consumers.place.line], ['main.consume', 26]);
      assert.match(consumers.place.file, /goroutines\/main\.go$/);
      assert.deepStrictEqual([consumers.createdBy?.function, consumers.createdBy?.line], ['main.startConsumers', 34]);
    });

    it('the same blocking line from another go statement, parked for under a minute, is its own group', () => {
      const burst = find(report.groups, 'main.consume:26', 'main.handleBurst');
      assert.strictEqual(burst.count, 3);
      assert.deepStrictEqual(burst.waitMinutes, { min: 0, max: 0 });
      assert.strictEqual(burst.suspect, false);
    });

    it('marks the groups that wait long on channels, selects and locks as leak suspects, with the reason', () => {
      const consumers = report.groups[0];
      assert.ok(consumers.suspect);
      assert.match(consumers.reason, /^20 goroutines have been parked in chan receive at main\.consume \(main\.go:26\) for 1 to 2 minutes/);
      const senders = find(report.groups, 'main.fanOut.func1:50');
      assert.deepStrictEqual([senders.count, senders.state, senders.suspect, senders.createdBy?.function], [6, 'chan send', true, 'main.fanOut']);
      assert.ok(find(report.groups, 'main.waitEither:56').suspect);
      for (const where of ['main.nap:72', 'main.serve:77', 'main.lockShared:63', 'main.awaitAll:68']) {
        const group = find(report.groups, where);
        assert.strictEqual(group.suspect, false, `${where} (${group.state}, ${group.count})`);
        assert.strictEqual(group.reason, '');
      }
      assert.strictEqual(find(report.groups, 'main.serve:77').state, 'IO wait');
      assert.strictEqual(find(report.groups, 'main.nap:72').state, 'sleep');
    });

    it('the blocking frames run from the top of the stack down to the program\'s own frame', () => {
      const lockers = find(report.groups, 'main.lockShared:63');
      assert.deepStrictEqual(
        lockers.blockingFrames.map((f) => f.function),
        ['sync.runtime_SemacquireMutex', 'sync.(*Mutex).lockSlow', 'sync.(*Mutex).Lock', 'main.lockShared'],
      );
    });

    it('the viewer\'s flat form of the dump groups the same', () => {
      const flat = goroutineGroups(loadFlatProfile(fs.readFileSync(path.join(fixtures, 'goroutines.debug2.txt')), limit));
      assert.deepStrictEqual(flat, report);
    });
  });

  describe('protobuf and debug=1 of the same moment', () => {
    const proto = goroutineGroups(load('goroutines.pb.gz'));
    const debug1 = goroutineGroups(load('goroutines.debug1.txt'));

    it('states come from the runtime frames the protobuf keeps', () => {
      assert.strictEqual(proto.total, 39);
      assert.strictEqual(proto.waitTimesKnown, false);
      const consumers = proto.groups[0];
      assert.deepStrictEqual([consumers.count, consumers.state, line(consumers)], [23, 'chan receive', 'main.consume:26']);
      assert.deepStrictEqual(
        consumers.blockingFrames.map((f) => f.function),
        ['runtime.gopark', 'runtime.chanrecv', 'runtime.chanrecv2', 'main.consume'],
      );
      assert.strictEqual(consumers.waitMinutes, null);
      assert.strictEqual(consumers.createdBy, null);
      assert.ok(consumers.suspect, 'many goroutines at one receive');
      assert.match(consumers.reason, /no wait times, so compare it with a later one/);
      assert.strictEqual(find(proto.groups, 'main.waitEither:56').state, 'select');
      assert.strictEqual(find(proto.groups, 'main.fanOut.func1:50').state, 'chan send');
      assert.strictEqual(find(proto.groups, 'main.lockShared:63').state, 'sync.Mutex.Lock');
      assert.strictEqual(find(proto.groups, 'main.awaitAll:68').state, 'sync.WaitGroup.Wait');
      assert.strictEqual(find(proto.groups, 'main.serve:77').state, 'IO wait');
      assert.strictEqual(find(proto.groups, 'main.write:100').state, 'running');
    });

    it('all three forms count the same goroutines at the same lines', () => {
      const byPlace = (groups: GoroutineGroup[]) => {
        const counts = new Map<string, number>();
        for (const g of groups) counts.set(line(g), (counts.get(line(g)) ?? 0) + g.count);
        return [...counts].sort();
      };
      const dump = goroutineGroups(load('goroutines.debug2.txt'));
      assert.deepStrictEqual(byPlace(debug1.groups), byPlace(proto.groups));
      assert.deepStrictEqual(byPlace(dump.groups), byPlace(proto.groups));
    });

    it('debug=1 keeps the runtime frames by address; states its # lines show are read', () => {
      const consumers = debug1.groups[0];
      assert.strictEqual(consumers.blockingFrames.length, 4);
      assert.match(consumers.blockingFrames[0].function, /^runtime frame 0x[0-9a-f]+$/);
      assert.strictEqual(consumers.state, 'unknown');
      assert.ok(consumers.suspect);
      assert.strictEqual(find(debug1.groups, 'main.lockShared:63').state, 'sync.Mutex.Lock');
      assert.strictEqual(find(debug1.groups, 'main.nap:72').state, 'sleep');
    });
  });

  describe('the goroutineleak profile (Go 1.26+)', () => {
    it('debug=2: goroutines marked (leaked) are suspects whatever their count; the others are judged as usual', () => {
      const report = goroutineGroups(
        text(
          [
            'goroutine 7 [chan send (leaked)]:',
            'main.work.func1()',
            '\t/app/work.go:37 +0x45',
            'created by main.work in goroutine 1',
            '\t/app/work.go:30 +0x25',
            '',
            'goroutine 1 [sleep]:',
            'time.Sleep(0x3b9aca00)',
            '\t/go/src/runtime/time.go:300 +0x10',
            'main.main()',
            '\t/app/main.go:9 +0x20',
            '',
          ].join('\n'),
        ),
      );
      const leaked = find(report.groups, 'main.work.func1:37');
      assert.deepStrictEqual([leaked.state, leaked.leaked, leaked.suspect], ['chan send', true, true]);
      assert.match(leaked.reason, /leak detector proved this goroutine stuck in chan send at main\.work\.func1 \(work\.go:37\)/);
      assert.deepStrictEqual(leaked.createdBy, { function: 'main.work', file: '/app/work.go', line: 30 });
      assert.strictEqual(find(report.groups, 'main.main:9').suspect, false);
    });

    it('protobuf and debug=1: every group is a suspect', () => {
      const strings = new StringTable();
      const encoded = new PProfile({
        sampleType: [new PValueType({ type: strings.dedup('goroutineleak'), unit: strings.dedup('count') })],
        function: [
          new PFunction({ id: 1, name: strings.dedup('runtime.gopark'), filename: strings.dedup('/go/src/runtime/proc.go') }),
          new PFunction({ id: 2, name: strings.dedup('runtime.chansend1'), filename: strings.dedup('/go/src/runtime/chan.go') }),
          new PFunction({ id: 3, name: strings.dedup('app.(*Server).AggregateResults.func1'), filename: strings.dedup('app/server.go') }),
        ],
        location: [1, 2, 3].map((id) => new PLocation({ id, address: 0x1000 * id, line: [new Line({ functionId: id, line: 30 + id })] })),
        sample: [new PSample({ locationId: [1, 2, 3], value: [2] })],
        stringTable: strings,
      }).encode();
      const fromProto = goroutineGroups(loadProfile(zlib.gzipSync(encoded), limit));
      assert.ok(fromProto.leakProfile);
      assert.deepStrictEqual(
        fromProto.groups.map((g) => [g.count, g.state, line(g), g.suspect]),
        [[2, 'chan send', 'app.(*Server).AggregateResults.func1:33', true]],
      );
      const fromText = goroutineGroups(text(['goroutineleak profile: total 2', '2 @ 0x1001 0x2001 0x3001 0x9001', '#\t0x3000\tmain.leak+0x10\t/app/main.go:12', ''].join('\n')));
      assert.deepStrictEqual(
        fromText.groups.map((g) => [g.count, line(g), g.suspect]),
        [[2, 'main.leak:12', true]],
      );
    });
  });

  it('a receive from a nil channel is a suspect even alone and young', () => {
    const report = goroutineGroups(text(['goroutine 5 [chan receive (nil chan)]:', 'main.stuck()', '\t/app/main.go:4 +0x1', ''].join('\n')));
    assert.ok(report.groups[0].suspect);
    assert.match(report.groups[0].reason, /can never end/);
  });

  it('the standard library and the runtime are told from the program by import path', () => {
    for (const name of ['runtime.gopark', 'net/http.(*conn).serve', 'internal/poll.runtime_pollWait', 'vendor/golang.org/x/net/http2.(*Framer).ReadFrame', 'runtime frame 0x43a715']) {
      assert.ok(isStandardFrame(name), name);
    }
    for (const name of ['main.consume', 'github.com/x/y.(*T).run', 'example.com/app/internal/pool.worker.func1', 'myapp/handlers.Serve']) {
      assert.ok(!isStandardFrame(name), name);
    }
    assert.strictEqual(stateOfStack(['runtime.gopark', 'runtime.goparkunlock', 'runtime.semacquire1', 'sync.runtime_SemacquireMutex', 'sync.(*RWMutex).RLock', 'main.read']), 'sync.RWMutex.RLock');
  });

  describe('gomem profile goroutines', () => {
    it('json: exactly the documented shape, largest groups first', async () => {
      const result = await cli('goroutines', '--format', 'json', path.join(fixtures, 'goroutines.debug2.txt'));
      assert.strictEqual(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.deepStrictEqual(Object.keys(json), ['total', 'groups']);
      assert.strictEqual(json.total, 39);
      for (const group of json.groups) {
        assert.deepStrictEqual(Object.keys(group), ['count', 'state', 'waitMinutes', 'function', 'file', 'line', 'createdBy', 'suspect']);
        if (group.createdBy) assert.deepStrictEqual(Object.keys(group.createdBy), ['function', 'file', 'line']);
      }
      const first = json.groups[0];
      assert.deepStrictEqual(
        { ...first, file: path.basename(first.file), createdBy: { ...first.createdBy, file: path.basename(first.createdBy.file) } },
        {
          count: 20,
          state: 'chan receive',
          waitMinutes: { min: 1, max: 2 },
          function: 'main.consume',
          file: 'main.go',
          line: 26,
          createdBy: { function: 'main.startConsumers', file: 'main.go', line: 34 },
          suspect: true,
        },
      );
      const fromProto = JSON.parse((await cli('goroutines', '--format=json', path.join(fixtures, 'goroutines.pb.gz'))).stdout);
      assert.strictEqual(fromProto.groups[0].waitMinutes, null);
      assert.strictEqual(fromProto.groups[0].createdBy, null);
    });

    it('text: each group with its place, creator and the reason it looks leaked', async () => {
      const result = await cli('goroutines', path.join(fixtures, 'goroutines.debug2.txt'));
      assert.strictEqual(result.code, 0, result.stderr);
      assert.match(result.stdout, /^39 goroutines in \d+ groups; 29 look leaked\.\n/);
      assert.match(result.stdout, /20 × chan receive, 1-2 min {2}\[leak suspect\]\n {4}at main\.consume {2}\S+main\.go:26\n {4}created by main\.startConsumers {2}\S+main\.go:34\n {4}20 goroutines have been parked/);
    });

    it('a profile that is not a goroutine profile, or no file, is one sentence and exit 2', async () => {
      const heap = await cli('goroutines', path.join(fixtures, 'pool_leak.heap.pb.gz'));
      assert.strictEqual(heap.code, 2);
      assert.match(heap.stderr, /is not a goroutine profile \(its sample types are alloc_objects, alloc_space, inuse_objects, inuse_space\)/);
      const none = await cli('goroutines');
      assert.strictEqual(none.code, 2);
      assert.match(none.stderr, /needs a profile file/);
      const help = await cli('goroutines', '--help');
      assert.strictEqual(help.code, 0);
      assert.match(help.stdout, /^Usage: gomem profile goroutines/);
    });
  });
});

describe('the viewer\'s initial view of a goroutine profile', () => {
  it('carries the goroutine groups, computed where the profile is decoded; other profiles carry none', () => {
    const dump = initialView(loadFlatProfile(fs.readFileSync(path.join(fixtures, 'goroutines.debug2.txt')), limit));
    assert.deepStrictEqual(dump.goroutines, goroutineGroups(load('goroutines.debug2.txt')));
    assert.strictEqual(initialView(loadFlatProfile(fs.readFileSync(path.join(fixtures, 'pool_leak.heap.pb.gz')), limit)).goroutines, undefined);
    const proto = initialView(loadFlatProfile(fs.readFileSync(path.join(fixtures, 'goroutines.pb.gz')), limit));
    assert.strictEqual(proto.goroutines?.groups[0].count, 23);
  });
});
