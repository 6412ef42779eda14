import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../core/jobs/reason/progress.js';

describe('reasoning rate and ETA', () => {
  it('measures over active time only: a pause counts neither as work nor as time', () => {
    let now = 0;
    const meter = new RateMeter(() => now);
    expect(meter.eta(10)).toBeNull();
    meter.start();
    now = 30_000;
    meter.record(5, 1500);
    expect(meter.perMinute).toBe(10);
    expect(meter.tokensPerSecond).toBe(50);
    expect(meter.eta(10)).toBe(60);
    meter.stop();
    now = 630_000; // ten minutes of pause
    expect(meter.perMinute).toBe(10);
    meter.start();
    now = 660_000;
    meter.record(5, 1500);
    expect(meter.seconds).toBe(60);
    expect(meter.perMinute).toBe(10);
    expect(meter.eta(5)).toBe(30);
    expect(meter.eta(0)).toBe(0);
  });
});
