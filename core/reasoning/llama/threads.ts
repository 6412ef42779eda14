import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Physical cores, the thread count llama.cpp generates fastest with on a CPU. Hyper-threads share one core's
 * math units, and more threads than cores makes llama.cpp's threads wait on each other: node-llama-cpp's default
 * of 4 threads on a 2-core laptop drops generation from thousands to about one token per second.
 */
export function physicalCores(): number {
  const logical = availableParallelism();
  try {
    if (process.platform === 'linux')
      return Math.min(logical, linuxPhysicalCores(readFileSync('/proc/cpuinfo', 'utf8')) ?? logical);
    if (process.platform === 'darwin') {
      const n = Number(
        execFileSync('sysctl', ['-n', 'hw.physicalcpu'], { encoding: 'utf8', timeout: 2000 }).trim(),
      );
      if (Number.isInteger(n) && n > 0) return Math.min(logical, n);
    }
  } catch {
    // An unreadable /proc or a sandboxed sysctl: fall through to the logical count.
  }
  return logical;
}

/** Distinct (physical id, core id) pairs of /proc/cpuinfo; null when the file does not list them. */
export function linuxPhysicalCores(cpuinfo: string): number | null {
  const cores = new Set<string>();
  let physical = '0';
  for (const block of cpuinfo.split(/\n\s*\n/)) {
    const physicalMatch = /^physical id\s*:\s*(\d+)/m.exec(block);
    const coreMatch = /^core id\s*:\s*(\d+)/m.exec(block);
    if (physicalMatch) physical = physicalMatch[1]!;
    if (coreMatch) cores.add(`${physical}:${coreMatch[1]}`);
  }
  return cores.size > 0 ? cores.size : null;
}
