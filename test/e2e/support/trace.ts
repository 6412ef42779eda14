import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';

/** A Chromium trace event (the Trace Event Format DevTools' Performance panel reads). */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  /** Thread (CPU) time, where Chromium measured it: wall time less the time the thread was not running. */
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/** Where the renderer's main thread spent a traced stretch, in milliseconds of its own CPU time. */
export interface MainThreadTime {
  readonly busyMs: number;
  readonly scriptMs: number;
  readonly styleMs: number;
  readonly layoutMs: number;
  readonly paintMs: number;
  readonly otherMs: number;
  /** The other threads that took the most CPU time (the display compositor, with software rendering). */
  readonly otherThreadsMs: Readonly<Record<string, number>>;
}

const categories: Record<string, 'script' | 'style' | 'layout' | 'paint'> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  EvaluateScript: 'script',
  'V8.Execute': 'script',
  UpdateLayoutTree: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  HitTest: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  UpdateLayer: 'paint',
};

const cpu = (event: TraceEvent): number => event.tdur ?? event.dur ?? 0;
const ms = (microseconds: number): number => Math.round(microseconds / 1000);

/** Each event's own time: its CPU time less that of the events nested in it (one thread's events). */
function selfTimes(events: readonly TraceEvent[]): Map<TraceEvent, number> {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const own = new Map<TraceEvent, number>();
  const open: TraceEvent[] = [];
  for (const event of sorted) {
    while (open.length > 0 && open.at(-1)!.ts + (open.at(-1)!.dur ?? 0) <= event.ts) open.pop();
    const parent = open.at(-1);
    if (parent) own.set(parent, (own.get(parent) ?? 0) - cpu(event));
    own.set(event, (own.get(event) ?? 0) + cpu(event));
    open.push(event);
  }
  return own;
}

function summarise(events: readonly TraceEvent[]): MainThreadTime {
  const threadNames = new Map<string, string>();
  for (const event of events) {
    if (event.ph === 'M' && event.name === 'thread_name' && event.args?.name)
      threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
  }
  const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of complete) {
    const thread = `${event.pid}:${event.tid}`;
    const list = byThread.get(thread);
    if (list) list.push(event);
    else byThread.set(thread, [event]);
  }
  // A thread's busy time: its top-level tasks. The page's main thread is the busiest renderer main thread.
  const taskTime = new Map<string, number>();
  for (const [thread, list] of byThread) {
    const tasks = list.filter((e) => e.name === 'RunTask');
    taskTime.set(
      thread,
      tasks.reduce((sum, e) => sum + cpu(e), 0),
    );
  }
  const busiest = [...taskTime.keys()].sort((a, b) => taskTime.get(b)! - taskTime.get(a)!);
  const main = busiest.find((t) => threadNames.get(t) === 'CrRendererMain');
  const totals = { script: 0, style: 0, layout: 0, paint: 0 };
  for (const [event, own] of selfTimes(byThread.get(main ?? '') ?? [])) {
    const category = categories[event.name];
    if (category) totals[category] += own;
  }
  const busy = main === undefined ? 0 : taskTime.get(main)!;
  const others = busiest.filter((t) => t !== main).slice(0, 3);
  return {
    busyMs: ms(busy),
    scriptMs: ms(totals.script),
    styleMs: ms(totals.style),
    layoutMs: ms(totals.layout),
    paintMs: ms(totals.paint),
    otherMs: ms(busy - totals.script - totals.style - totals.layout - totals.paint),
    otherThreadsMs: Object.fromEntries(others.map((t) => [threadNames.get(t) ?? t, ms(taskTime.get(t)!)])),
  };
}

/**
 * Records a Chromium performance trace of the page (what DevTools' Performance panel records) until the
 * returned function is called; that writes it to `file` (open it in the Performance panel) and returns
 * where the main thread's time went.
 */
export async function startTrace(page: Page, file: string): Promise<() => Promise<MainThreadTime>> {
  const session = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => {
    for (const event of value as unknown as TraceEvent[]) events.push(event);
  });
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'disabled-by-default-devtools.timeline.frame',
        'blink.user_timing',
        'v8.execute',
      ],
    },
  });
  return async () => {
    const complete = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
    await session.send('Tracing.end');
    await complete;
    await session.detach();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ traceEvents: events }));
    return summarise(events);
  };
}
