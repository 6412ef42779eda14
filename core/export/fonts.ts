import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { logger } from '../log.js';
import { toWinAnsi } from './winansi.js';

/**
 * The lookbook's typefaces. pdfkit's standard fonts speak WinAnsi only, so "Łódź" or "Анна" would lose
 * letters; Noto Serif and Noto Sans (OFL, embedded as subsets) cover Latin, Greek, Cyrillic and Vietnamese.
 * A character none of them has (Han, Arabic...) is spelled without its accents where that exists, else
 * shown as "?", never as an empty box. Should the font files be missing, the standard fonts take over.
 */
export type Face = 'serif' | 'serif-italic' | 'sans' | 'sans-bold';

const files: Record<Face, string> = {
  serif: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  'serif-italic': '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  sans: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'sans-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
};

const standard: Record<Face, string> = {
  serif: 'Times-Roman',
  'serif-italic': 'Times-Italic',
  sans: 'Helvetica',
  'sans-bold': 'Helvetica-Bold',
};

export interface Typefaces {
  /** True when the Noto files are embedded; false when the standard fonts stand in. */
  readonly embedded: boolean;
  /** The font files by face, to register with pdfkit (empty when not embedded). */
  readonly files: ReadonlyMap<Face, Buffer>;
  /** The pdfkit font name to select for a face. */
  name(face: Face): string;
  /** The text as the fonts can draw it. */
  text(value: string): string;
}

const log = logger('export');
let loaded: Typefaces | undefined;

function embeddedFaces(buffers: Map<Face, Buffer>): Typefaces {
  const fonts = [...buffers.values()].map((b) => fontkit.create(b));
  const drawable = (ch: string): boolean => {
    const code = ch.codePointAt(0)!;
    return fonts.every((f) => 'hasGlyphForCodePoint' in f && f.hasGlyphForCodePoint(code));
  };
  const memo = new Map<string, string>();
  const spell = (ch: string): string => {
    let out = memo.get(ch);
    if (out === undefined) {
      const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out = bare !== '' && [...bare].every(drawable) ? bare : '?';
      memo.set(ch, out);
    }
    return out;
  };
  return {
    embedded: true,
    files: buffers,
    name: (face) => face,
    text(value) {
      let out = '';
      for (const ch of value) {
        if (ch === '\n') out += ch;
        else if (ch === '\t' || ch === '\r') out += ' ';
        else out += drawable(ch) ? ch : spell(ch);
      }
      return out;
    },
  };
}

const standardFaces: Typefaces = {
  embedded: false,
  files: new Map(),
  name: (face) => standard[face],
  text: toWinAnsi,
};

/** The lookbook's faces, read once per process. */
export function lookbookTypefaces(): Typefaces {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const buffers = new Map<Face, Buffer>();
  try {
    for (const [face, file] of Object.entries(files) as [Face, string][]) {
      buffers.set(face, readFileSync(require.resolve(file)));
    }
    loaded = embeddedFaces(buffers);
  } catch (error) {
    log.warn('the Noto font files could not be read; the lookbook falls back to the standard PDF fonts', {
      error: (error as Error).message,
    });
    loaded = standardFaces;
  }
  return loaded;
}

/** For tests: the faces the lookbook falls back to. */
export const standardTypefaces = (): Typefaces => standardFaces;
