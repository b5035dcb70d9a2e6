import type { Page } from 'playwright-core';

/**
 * Readability of what is on screen, measured in the browser: the type size and line spacing of every
 * element with visible text, the size of everything tappable and the contrast of text against what is
 * behind it. A page added later is measured by calling `measureReadability` on it (see
 * e2e/elder-mode.e2e.ts for the list of pages).
 */
export interface ReadabilityRules {
  /** Smallest computed font size of any visible text, in CSS px. */
  minFontPx: number;
  /** Smallest line height as a multiple of the font size. */
  minLineHeight: number;
  /** Smallest width and height of a touch target, in CSS px. */
  minTargetPx: number;
}

/** Normal mode: WCAG contrast and 44 × 44 targets (Apple's and WeChat's own minimum); no type floor. */
export const NORMAL_MODE: ReadabilityRules = { minFontPx: 0, minLineHeight: 0, minTargetPx: 44 };

/** 长辈模式: the MIIT 适老化 rules and WeChat's elderly design guide. */
export const ELDER_MODE: ReadabilityRules = { minFontPx: 18, minLineHeight: 1.3, minTargetPx: 60 };

/** WCAG 2.x AA: 4.5:1, or 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold). */
export const MIN_CONTRAST = 4.5;
export const MIN_CONTRAST_LARGE = 3;

export interface Finding {
  kind: 'font-size' | 'line-height' | 'target' | 'contrast' | 'off-screen';
  /** data-testid, class and text of the element, to find it in the code. */
  element: string;
  /** What was measured, e.g. "15.6px", "33×33", "2.38:1". */
  measured: string;
  required: string;
}

export interface Measurement {
  findings: Finding[];
  /** The smallest values seen, for the report: font px, line-height ratio, target px, contrast. */
  smallest: { fontPx: number; lineHeight: number; targetPx: number; contrast: number };
  texts: number;
  targets: number;
}

/**
 * Runs in the page. Self-contained (Playwright sends its source), so no imports and no helpers from
 * outside the function.
 */
function measureInPage(args: {
  rules: ReadabilityRules;
  minContrast: number;
  minContrastLarge: number;
  within: string | null;
}): Measurement {
  const { rules, minContrast, minContrastLarge, within } = args;
  const root = (within && document.querySelector(within)) || document.body;
  type Rgba = [number, number, number, number];
  const findings: Finding[] = [];
  const smallest = { fontPx: Infinity, lineHeight: Infinity, targetPx: Infinity, contrast: Infinity };

  const parseColours = (value: string): Rgba[] =>
    Array.from(value.matchAll(/rgba?\(([^)]+)\)/g), (match) => {
      const parts = match[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1] as Rgba;
    });
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3] + below[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i] * top[3] + below[i] * below[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };

  const rendered = (element: Element): boolean => {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    for (let e: Element | null = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) {
        return false;
      }
    }
    return true;
  };
  // Controls that cannot be used right now (WCAG exempts inactive components from contrast).
  const inactive = (element: Element) =>
    !!element.closest('[disabled]:not([disabled="false"]), .btn--disabled, .cell--disabled');

  const describe = (element: Element): string => {
    const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
    const cls = (element.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean)[0];
    const text = (element.textContent || (element as HTMLInputElement).placeholder || '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 24);
    return [
      testId ? `[data-testid=${testId}]` : '',
      `<${element.tagName.toLowerCase()}${cls ? `.${cls}` : ''}>`,
      text ? `"${text}"` : '',
    ]
      .filter(Boolean)
      .join(' ');
  };

  /**
   * The colours behind an element: background layers up the ancestors to the first opaque one (the
   * page's canvas, white, below everything), composited; a gradient counts as each of its colours.
   */
  const backgroundsBehind = (element: Element): Rgba[] => {
    const layers: Rgba[][] = [];
    for (let e: Element | null = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      const opacity = Number(style.opacity);
      const gradient = style.backgroundImage.includes('gradient') ? parseColours(style.backgroundImage) : [];
      const colour = parseColours(style.backgroundColor)[0] ?? ([0, 0, 0, 0] as Rgba);
      const choices = gradient.length ? gradient : [colour];
      layers.push(choices.map((c) => [c[0], c[1], c[2], c[3] * opacity] as Rgba));
      if (choices.every((c) => c[3] * opacity >= 1)) break;
    }
    let results: Rgba[] = [[255, 255, 255, 1]];
    for (const layer of layers.reverse()) {
      results = results.flatMap((below) => layer.map((top) => over(top, below)));
    }
    return results;
  };
  // Opacity below the background applies to the text too.
  const textColour = (element: Element): Rgba => {
    const colour = parseColours(getComputedStyle(element).color)[0];
    let alpha = colour[3];
    for (let e: Element | null = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      alpha *= Number(style.opacity);
      if (parseColours(style.backgroundColor)[0]?.[3] >= 1 || style.backgroundImage.includes('gradient'))
        break;
    }
    return [colour[0], colour[1], colour[2], alpha];
  };

  // ---- text: every element that directly holds visible text, and every text field ----
  const textElements = new Set<Element>();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent && node.textContent.trim() && node.parentElement)
      textElements.add(node.parentElement);
  }
  // Text fields (not ticks and switches, which hold no text).
  root
    .querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea')
    .forEach((field) => textElements.add(field));
  let texts = 0;
  for (const element of textElements) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE'].includes(element.tagName) || !rendered(element)) continue;
    texts += 1;
    const style = getComputedStyle(element);
    const fontPx = parseFloat(style.fontSize);
    const name = describe(element);
    smallest.fontPx = Math.min(smallest.fontPx, fontPx);
    if (fontPx < rules.minFontPx) {
      findings.push({
        kind: 'font-size',
        element: name,
        measured: `${fontPx.toFixed(1)}px`,
        required: `≥ ${rules.minFontPx}px`,
      });
    }
    if (rules.minLineHeight > 0 && !['INPUT', 'TEXTAREA'].includes(element.tagName)) {
      // `normal` is about 1.2 in Chromium: below the rule, so it must be set explicitly.
      const lineHeight = style.lineHeight === 'normal' ? 1.2 : parseFloat(style.lineHeight) / fontPx;
      smallest.lineHeight = Math.min(smallest.lineHeight, lineHeight);
      if (lineHeight < rules.minLineHeight - 0.005) {
        findings.push({
          kind: 'line-height',
          element: name,
          measured: `${lineHeight.toFixed(2)}× (${style.lineHeight})`,
          required: `≥ ${rules.minLineHeight}×`,
        });
      }
    }
    if (inactive(element)) continue;
    const bold = Number(style.fontWeight) >= 700;
    const large = fontPx >= 24 || (bold && fontPx >= 18.66);
    const needed = large ? minContrastLarge : minContrast;
    const foreground = textColour(element);
    const worst = Math.min(...backgroundsBehind(element).map((bg) => ratio(over(foreground, bg), bg)));
    smallest.contrast = Math.min(smallest.contrast, worst);
    if (worst < needed - 0.005) {
      findings.push({
        kind: 'contrast',
        element: name,
        measured: `${worst.toFixed(2)}:1 (${style.color} on ${backgroundsBehind(element)
          .map((c) => `rgb(${c.slice(0, 3).map(Math.round).join(',')})`)
          .join('…')})`,
        required: `≥ ${needed}:1`,
      });
    }
  }

  // ---- touch targets: anything with a tap handler, and the controls Taro and the browser draw ----
  const TAPPABLE = [
    'taro-button-core',
    'button',
    'taro-switch-core',
    'taro-checkbox-core',
    'taro-radio-core',
    'taro-input-core',
    'taro-textarea-core',
    'input:not([type=hidden])',
    'textarea',
    '.weui-tabbar__item',
    '.taro-navigation-bar-back',
    '.taro-navigation-bar-home',
    '.taro-model__btn',
    '.keypad__key:not(.keypad__key--blank)',
    '.keypad__close',
  ].join(',');
  const handled = (element: Element): boolean => {
    const key = Object.getOwnPropertyNames(element).find((k) => k.startsWith('__reactProps$'));
    if (!key) return false;
    const props = (element as unknown as Record<string, Record<string, unknown>>)[key];
    return ['onClick', 'onTap', 'onLongPress', 'onChange'].some((k) => typeof props?.[k] === 'function');
  };
  let targets = 0;
  const seen = new Set<Element>();
  for (const element of Array.from(root.querySelectorAll('*'))) {
    if (!(element.matches(TAPPABLE) || handled(element))) continue;
    // A field, switch or tick is measured once, by its Taro wrapper when there is one.
    if (element.matches('input, textarea') && element.parentElement?.tagName.startsWith('TARO-')) continue;
    if (seen.has(element) || !rendered(element)) continue;
    seen.add(element);
    targets += 1;
    const rect = element.getBoundingClientRect();
    const size = Math.min(rect.width, rect.height);
    smallest.targetPx = Math.min(smallest.targetPx, size);
    // Cut off at the side of the screen (e.g. a row of chips that does not wrap).
    if (rect.left < -0.5 || rect.right > window.innerWidth + 0.5) {
      findings.push({
        kind: 'off-screen',
        element: describe(element),
        measured: `${rect.left.toFixed(0)}…${rect.right.toFixed(0)}px`,
        required: `within 0…${window.innerWidth}px`,
      });
    }
    if (size < rules.minTargetPx - 0.5) {
      findings.push({
        kind: 'target',
        element: describe(element),
        measured: `${rect.width.toFixed(0)}×${rect.height.toFixed(0)}`,
        required: `≥ ${rules.minTargetPx}×${rules.minTargetPx}`,
      });
    }
  }
  return { findings, smallest, texts, targets };
}

/**
 * Measures what is rendered now (pages below the current one are hidden and not measured), the whole
 * page including what is scrolled out of view; `within` (a selector) limits it to one dialog.
 */
export async function measureReadability(
  page: Page,
  rules: ReadabilityRules,
  within?: string,
): Promise<Measurement> {
  return page.evaluate(measureInPage, {
    rules,
    minContrast: MIN_CONTRAST,
    minContrastLarge: MIN_CONTRAST_LARGE,
    within: within ?? null,
  });
}

/** One line per finding, naming the element and the value, for a failing test's message. */
export function formatFindings(where: string, findings: Finding[]): string {
  return findings
    .map((f) => `${where}: ${f.kind} ${f.element}: ${f.measured}, needs ${f.required}`)
    .join('\n');
}
