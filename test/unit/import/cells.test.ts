import { describe, expect, it } from 'vitest';
import { preview, quote } from '../../../core/import/values/cells.js';

describe('a cell as an error message shows it', () => {
  it('writes the start of lists and objects as JSON, as JSON.stringify would', () => {
    expect(preview({ a: [1, 'b', true, null], c: { d: 2 } }, 100)).toBe(
      '{"a":[1,"b",true,null],"c":{"d":2}}',
    );
    expect(preview(new Date('2025-02-01T00:00:00Z'), 100)).toBe('"2025-02-01T00:00:00.000Z"');
    expect(quote(['x'.repeat(80)])).toBe(`"["${'x'.repeat(55)}..."`);
  });

  it('stops at its budget: a value a million levels deep is not walked', () => {
    const deep: unknown[] = [];
    let inner = deep;
    for (let i = 0; i < 1_000_000; i++) {
      const next: unknown[] = [];
      inner.push(next);
      inner = next;
    }
    expect(preview(deep as never, 10)).toBe('[[[[[[[[[[');
    expect(quote(deep as never)).toBe(`"${'['.repeat(57)}..."`);
  });
});
