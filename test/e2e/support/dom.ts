/**
 * The little of the DOM the tests touch inside the page (page.evaluate, waitForFunction). The tests compile
 * with Node's types only, so these functions reach the page through `globalThis as unknown as PageGlobal`;
 * being serialised into the page, they cannot call helpers from here.
 */
export interface PageElement {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}

export interface PageGlobal {
  readonly document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement>;
    readonly documentElement: PageElement;
  };
  readonly location: { hash: string };
  addEventListener(type: string, listener: () => void, options?: { capture?: boolean; once?: boolean }): void;
  getComputedStyle(element: PageElement): { readonly borderTopStyle: string };
  readonly performance: { now(): number };
  __atelierInputAt?: number;
}
