import { describe, expect, it } from 'vitest';
import { linuxPhysicalCores, physicalCores } from '../../../core/reasoning/llama/threads.js';

const block = (processor: number, physical: number, core: number): string =>
  `processor\t: ${processor}\nmodel name\t: Test CPU\nphysical id\t: ${physical}\ncore id\t\t: ${core}\n`;

describe('physical cores', () => {
  it('counts distinct (socket, core) pairs, not hyper-threads', () => {
    const twoCoresFourThreads = [block(0, 0, 0), block(1, 0, 1), block(2, 0, 0), block(3, 0, 1)].join('\n');
    expect(linuxPhysicalCores(twoCoresFourThreads)).toBe(2);
    const twoSockets = [block(0, 0, 0), block(1, 1, 0)].join('\n');
    expect(linuxPhysicalCores(twoSockets)).toBe(2);
    expect(linuxPhysicalCores('processor\t: 0\nmodel name\t: ARM\n')).toBeNull();
  });

  it('finds at least one core on this machine', () => {
    expect(physicalCores()).toBeGreaterThanOrEqual(1);
  });
});
