// pdfkit's standard fonts (Helvetica, Times) speak WinAnsi only: any other character would come out as a
// wrong glyph, so text is brought into WinAnsi first (accents kept, other scripts spelled without them).
const winAnsiExtras = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);

const substitutes: Record<string, string> = {
  '\u2009': ' ',
  '\u202f': '\u00a0',
  '\u2007': '\u00a0',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  '\u2032': "'",
  '\u2033': '"',
};

function inWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (
    (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(ch) || ch === '\n'
  );
}

export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (inWinAnsi(ch)) out += ch;
    else if (substitutes[ch] !== undefined) out += substitutes[ch];
    else if (ch === '\t' || ch === '\r') out += ' ';
    else {
      const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += [...bare].every(inWinAnsi) && bare !== '' ? bare : '?';
    }
  }
  return out;
}
