/* Accessibility in every state, measured from computed styles (see states.py).

   Installed in the page before its own scripts (context.add_init_script) as
   window.__states. Python drives the real keyboard and mouse; each step here
   measures what is focused or hovered and returns failures as plain objects:
     {rule, state, path, name, detail}
   rule: "text" (1.4.3 text contrast), "indicator" (2.4.13 focus appearance and
   1.4.11 against what is next to it), "obscured" (2.4.11 focus not obscured).

   Colours are [r, g, b, a] with r, g, b in 0..255 and a in 0..1. */
(() => {
  "use strict";
  if (window.__states) return;

  const TRANSPARENT = [0, 0, 0, 0];
  const WHITE = [255, 255, 255, 1];
  const RING_DEPTH = 24; // distances 0..24 px outside the border box
  const NEEDED_PX = 2; // each side needs this many qualifying px (a 2 px outline)

  // --- Colours -------------------------------------------------------------------------

  let canvasContext = null;
  const parsed = new Map();

  function parseColour(text) {
    if (Array.isArray(text)) return text;
    const key = String(text).trim();
    if (parsed.has(key)) return parsed.get(key);
    let colour = null;
    let m;
    if (key === "transparent" || key === "") {
      colour = TRANSPARENT;
    } else if ((m = key.match(/^#([0-9a-f]{3,8})$/i))) {
      let hex = m[1];
      if (hex.length <= 4) hex = [...hex].map((c) => c + c).join("");
      const n = (i) => parseInt(hex.slice(i, i + 2), 16);
      colour = [n(0), n(2), n(4), hex.length === 8 ? n(6) / 255 : 1];
    } else if ((m = key.match(/^rgba?\(([^)]*)\)$/i))) {
      const parts = m[1].split(/[\s,/]+/).filter(Boolean);
      const channel = (p) => (p.endsWith("%") ? (parseFloat(p) * 255) / 100 : parseFloat(p));
      const alpha = parts.length > 3 ? parts[3] : "1";
      colour = [
        channel(parts[0]),
        channel(parts[1]),
        channel(parts[2]),
        alpha.endsWith("%") ? parseFloat(alpha) / 100 : parseFloat(alpha),
      ];
    } else if ((m = key.match(/^color\(srgb\s+([^)]*)\)$/i))) {
      const parts = m[1].split(/[\s/]+/).filter(Boolean).map(parseFloat);
      colour = [parts[0] * 255, parts[1] * 255, parts[2] * 255, parts.length > 3 ? parts[3] : 1];
    } else {
      // Any other syntax (oklch(), color-mix() ...): let the browser draw it.
      if (!canvasContext) {
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 1;
        canvasContext = canvas.getContext("2d", { willReadFrequently: true });
      }
      canvasContext.clearRect(0, 0, 1, 1);
      canvasContext.fillStyle = "#000";
      canvasContext.fillStyle = key;
      canvasContext.fillRect(0, 0, 1, 1);
      const d = canvasContext.getImageData(0, 0, 1, 1).data;
      colour = [d[0], d[1], d[2], d[3] / 255];
    }
    parsed.set(key, colour);
    return colour;
  }

  /** ``top`` drawn over ``bottom`` (source-over, straight alpha). */
  function over(top, bottom) {
    const ta = top[3];
    const ba = bottom[3];
    const a = ta + ba * (1 - ta);
    if (a === 0) return TRANSPARENT;
    const mix = (i) => (top[i] * ta + bottom[i] * ba * (1 - ta)) / a;
    return [mix(0), mix(1), mix(2), a];
  }

  function luminance(colour) {
    const c = parseColour(colour);
    const linear = (v) => {
      const s = Math.min(255, Math.max(0, v)) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
  }

  /** WCAG 2.x contrast ratio of two opaque colours (or colour strings). */
  function contrast(a, b) {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function hex(colour) {
    const c = parseColour(colour);
    const h = (v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0");
    return "#" + h(c[0]) + h(c[1]) + h(c[2]);
  }

  const ratio = (r) => (Math.floor(r * 100) / 100).toFixed(2) + ":1";

  // --- What is painted where -----------------------------------------------------------

  /** A fresh cache of computed facts, for one measurement (styles change between steps). */
  function facts() {
    const cache = new Map();
    return (el) => {
      let f = cache.get(el);
      if (f) return f;
      const s = getComputedStyle(el);
      let brightness = 1;
      for (const m of s.filter.matchAll(/brightness\(\s*([\d.]+)(%?)\s*\)/g)) {
        brightness *= m[2] ? parseFloat(m[1]) / 100 : parseFloat(m[1]);
      }
      f = { bg: parseColour(s.backgroundColor), brightness, opacity: parseFloat(s.opacity) };
      cache.set(el, f);
      return f;
    };
  }

  /** The parent in the flat tree: through slots and out of shadow roots. */
  function parentOf(n) {
    if (n.assignedSlot) return n.assignedSlot;
    if (n.parentElement) return n.parentElement;
    const root = n.parentNode;
    return root && root.host ? root.host : null;
  }

  function contains(outer, inner) {
    for (let n = inner; n; n = parentOf(n)) if (n === outer) return true;
    return false;
  }

  /** Painting levels from the root down to ``el``: its background, filter and opacity. */
  function levelsOf(el, fact) {
    const out = [];
    for (let n = el; n && n.nodeType === 1; n = parentOf(n)) out.push(fact(n));
    return out.reverse();
  }

  /** The opaque colour of a pixel: canvas white, each level's background, then ``tops``
      in the last level. Filter brightness and opacity apply to everything painted inside
      the element that has them (its own background, what is inside, and ``tops``). */
  function render(levels, tops = []) {
    let result = WHITE;
    const groups = [];
    for (const level of levels) {
      if (level.brightness !== 1 || level.opacity < 1) {
        groups.push({ backdrop: result, level });
        result = TRANSPARENT;
      }
      result = over(level.bg, result);
    }
    for (const top of tops) result = over(top, result);
    while (groups.length) {
      const { backdrop, level } = groups.pop();
      const b = level.brightness;
      const content = [
        Math.min(255, result[0] * b),
        Math.min(255, result[1] * b),
        Math.min(255, result[2] * b),
        result[3] * level.opacity,
      ];
      result = over(content, backdrop);
    }
    return [result[0], result[1], result[2], 1];
  }

  // --- Which elements -------------------------------------------------------------------

  const FOCUSABLE =
    'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, ' +
    'iframe, [tabindex], [contenteditable=""], [contenteditable="true"], ' +
    "audio[controls], video[controls]";
  const HOVERABLE = 'a[href], button, summary, [role="button"]';

  function isZeroClip(s) {
    if (s.clip && s.clip !== "auto") {
      const n = (s.clip.match(/-?[\d.]+/g) || []).map(parseFloat);
      if (n.length === 4 && (n[2] - n[0] <= 1 || n[1] - n[3] <= 1)) return true;
    }
    return /inset\(\s*50%/.test(s.clipPath);
  }

  /** Hidden from sight but not from screen readers (or not rendered at all). */
  function isVisuallyHidden(el) {
    if (!el.getClientRects().length) return true;
    const own = getComputedStyle(el);
    if (own.visibility !== "visible") return true;
    for (let n = el; n && n.nodeType === 1; n = parentOf(n)) {
      if (n.classList.contains("visually-hidden") || n.classList.contains("sr-only")) return true;
      const s = n === el ? own : getComputedStyle(n);
      if (parseFloat(s.opacity) === 0 || isZeroClip(s)) return true;
      if (s.overflow !== "visible") {
        const r = n.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return true;
      }
    }
    return false;
  }

  function isInert(el) {
    if (el.closest("[inert]")) return true;
    const dialog = el.closest("dialog");
    if (dialog && !dialog.open) return true;
    const modal = document.querySelector("dialog:modal");
    return Boolean(modal && !modal.contains(el));
  }

  function hasOwnText(el) {
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE && n.textContent.trim()) return true;
    }
    return false;
  }

  const TEXT_INPUT =
    /^(text|email|password|search|number|tel|url|date|time|datetime-local|month|week)$/;

  /** The element and everything inside it with visible text of its own; for a form
      field, its value (or placeholder) and its labels' text. */
  function textElements(el) {
    const out = [];
    const add = (t, pseudo = null) => {
      if (!out.some((o) => o.el === t && o.pseudo === pseudo)) out.push({ el: t, pseudo });
    };
    const scan = (root) => {
      for (const t of [root, ...root.querySelectorAll("*")]) {
        if (hasOwnText(t) && !isVisuallyHidden(t) && textShows(t)) add(t);
      }
    };
    scan(el);
    const tag = el.tagName;
    if ((tag === "INPUT" && TEXT_INPUT.test(el.type)) || tag === "TEXTAREA" || tag === "SELECT") {
      if (tag === "SELECT" || el.value) add(el);
      else if (el.placeholder) add(el, "::placeholder");
    }
    if (el.labels) {
      for (const label of el.labels) if (!label.contains(el) || label === el) scan(label);
    }
    return out;
  }

  /** Its own text is laid out somewhere with a size. */
  function textShows(el) {
    const range = document.createRange();
    for (const n of el.childNodes) {
      if (n.nodeType !== Node.TEXT_NODE || !n.textContent.trim()) continue;
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) return true;
    }
    return false;
  }

  // --- Naming elements in reports -------------------------------------------------------

  /** An id that names a part of the page, not one of many records (note-12, chart-3). */
  const namingId = (el) => el.id && !/\d/.test(el.id);

  function segment(el) {
    if (namingId(el)) return `${el.tagName.toLowerCase()}#${el.id}`;
    const classes = [...el.classList].slice(0, 2).map((c) => "." + c).join("");
    return el.tagName.toLowerCase() + classes;
  }

  /** A short CSS path: up to four steps, stopping at an id that names a part of the page.
      Elements alike (every note's "Note actions" button) have the same path. */
  function cssPath(el) {
    const steps = [];
    for (let n = el; n && n !== document.body && steps.length < 4; n = parentOf(n)) {
      if (n.nodeType !== 1) break;
      steps.unshift(segment(n));
      if (namingId(n)) break;
    }
    return steps.join(" > ");
  }

  function ownText(el) {
    return squash(
      [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join(" "),
    );
  }

  function squash(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    return text.length > 50 ? text.slice(0, 49) + "…" : text;
  }

  function accessibleText(el) {
    const label = el.getAttribute("aria-label");
    if (label) return squash(label);
    const ids = el.getAttribute("aria-labelledby");
    if (ids) {
      const text = ids
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent || "")
        .join(" ");
      if (text.trim()) return squash(text);
    }
    if (el.labels && el.labels.length) return squash(el.labels[0].textContent);
    const text = squash(el.textContent);
    if (text) return text;
    return squash(el.value || el.title || el.querySelector("img")?.alt || "");
  }

  // --- Rule 1: text contrast ------------------------------------------------------------

  function isLarge(s) {
    const size = parseFloat(s.fontSize);
    const weight = parseInt(s.fontWeight, 10) || 400;
    return size >= 24 || (size >= 18.66 && weight >= 700);
  }

  function textFailures(target, state, fact) {
    const failures = [];
    for (const { el, pseudo } of textElements(target)) {
      const s = getComputedStyle(el, pseudo);
      const levels = levelsOf(el, fact);
      const background = render(levels);
      const foreground = render(levels, [parseColour(s.color)]);
      const needed = isLarge(s) ? 3 : 4.5;
      const r = contrast(foreground, background);
      if (r >= needed) continue;
      const where = el === target ? "" : ` in ${cssPath(el)}${pseudo || ""}`;
      const text = pseudo ? el.placeholder : hasOwnText(el) ? ownText(el) : el.value;
      failures.push({
        rule: "text",
        state,
        path: cssPath(target),
        name: accessibleText(target),
        detail:
          `text "${squash(text).slice(0, 30)}"${where}: ${hex(foreground)} on ${hex(background)} ` +
          `is ${ratio(r)}, needs ${needed}:1 (${Math.round(parseFloat(s.fontSize) * 10) / 10}px ` +
          `weight ${s.fontWeight})`,
      });
    }
    return failures;
  }

  // --- Rule 2: the focus indicator ------------------------------------------------------

  const SIDES = ["top", "right", "bottom", "left"];

  function parseShadows(text) {
    if (!text || text === "none") return [];
    const parts = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "(") depth++;
      else if (text[i] === ")") depth--;
      else if (text[i] === "," && depth === 0) {
        parts.push(text.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(text.slice(start));
    return parts
      .map((part) => {
        const found = part.match(/(rgba?|color|oklch|oklab|lab|lch|hsla?)\([^)]*\)|#[0-9a-f]+/i);
        const colourText = found ? found[0] : "currentcolor";
        const rest = part.replace(colourText, " ");
        const n = (rest.match(/-?[\d.]+px/g) || []).map(parseFloat);
        return {
          colour: parseColour(colourText === "currentcolor" ? "#000" : colourText),
          x: n[0] || 0,
          y: n[1] || 0,
          spread: n[3] || 0,
          inset: /\binset\b/.test(rest),
        };
      })
      .filter((shadow) => !shadow.inset);
  }

  function shadowExtent(shadow, side) {
    if (side === "top") return shadow.spread - shadow.y;
    if (side === "bottom") return shadow.spread + shadow.y;
    if (side === "left") return shadow.spread - shadow.x;
    return shadow.spread + shadow.x;
  }

  /** Everything that paints around and on the edge of ``el``, from its computed style. */
  function indicatorModel(el, fact) {
    const s = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const own = fact(el);
    let outline = null;
    if (s.outlineStyle !== "none" && s.outlineStyle !== "hidden") {
      const width = parseFloat(s.outlineWidth) || 0;
      outline = {
        colour: parseColour(s.outlineColor),
        width: s.outlineStyle === "auto" ? Math.max(width, 2) : width,
        offset: parseFloat(s.outlineOffset) || 0,
      };
    }
    const borders = {};
    for (const side of SIDES) {
      const style = s.getPropertyValue(`border-${side}-style`);
      const none = style === "none" || style === "hidden";
      borders[side] = {
        width: none ? 0 : parseFloat(s.getPropertyValue(`border-${side}-width`)) || 0,
        colour: parseColour(s.getPropertyValue(`border-${side}-color`)),
      };
    }
    return {
      behind: behindLevels(el, fact),
      offPage: rect.bottom + scrollY <= 0 || rect.right + scrollX <= 0,
      effects: { brightness: own.brightness, opacity: own.opacity },
      bg: own.bg,
      outline,
      shadows: parseShadows(s.boxShadow),
      borders,
      width: rect.width,
      height: rect.height,
    };
  }

  /** What is painted under ``el``: its parent's levels, or for an element positioned
      out of the flow (a skip link over the header), whatever is under its centre. */
  function behindLevels(el, fact) {
    const s = getComputedStyle(el);
    if (s.position === "absolute" || s.position === "fixed") {
      const r = el.getBoundingClientRect();
      const x = (r.left + r.right) / 2;
      const y = (r.top + r.bottom) / 2;
      if (x >= 0 && y >= 0 && x < innerWidth && y < innerHeight) {
        const under = el
          .getRootNode()
          .elementsFromPoint(x, y)
          .find((e) => !contains(el, e));
        if (under) return levelsOf(under, fact);
      }
    }
    const parent = parentOf(el);
    return parent ? levelsOf(parent, fact) : [];
  }

  /** Nothing of the element was there before it was focused: it appeared on focus. */
  function absent(model) {
    const none = { width: 0, colour: TRANSPARENT };
    return {
      ...model,
      bg: TRANSPARENT,
      outline: null,
      shadows: [],
      borders: { top: none, right: none, bottom: none, left: none },
    };
  }

  /** The colour ``d`` px outside the border box on ``side`` (d < 0: inside, on the border). */
  function pixel(model, side, d) {
    const tops = [];
    let bg = TRANSPARENT;
    if (d < 0) {
      bg = model.bg;
      if (-d <= model.borders[side].width) tops.push(model.borders[side].colour);
    } else {
      for (const shadow of [...model.shadows].reverse()) {
        if (d < shadowExtent(shadow, side)) tops.push(shadow.colour);
      }
    }
    const o = model.outline;
    if (o && o.width > 0 && o.offset <= d && d < o.offset + o.width) tops.push(o.colour);
    return render([...model.behind, { bg, ...model.effects }], tops);
  }

  function ownBackground(model) {
    return render([...model.behind, { bg: model.bg, ...model.effects }]);
  }

  function describeSide(focused, unfocused, side, from, behind) {
    const runs = [];
    for (let d = from; d <= RING_DEPTH; d++) {
      const f = hex(pixel(focused, side, d));
      const u = hex(pixel(unfocused, side, d));
      const last = runs[runs.length - 1];
      if (last && last.f === f && last.u === u) last.px++;
      else runs.push({ f, u, px: 1 });
    }
    const changed = runs.filter((run) => run.f !== run.u);
    if (!changed.length) return `no change on focus (${hex(behind)})`;
    const score = (run) => Math.min(contrast(run.f, run.u), contrast(run.f, behind));
    const better = (a, b) => score(b) > score(a) || (score(b) === score(a) && b.px > a.px);
    const best = changed.reduce((a, b) => (better(a, b) ? b : a));
    return (
      `${best.px}px ${best.f} (unfocused ${best.u}: ${ratio(contrast(best.f, best.u))}; ` +
      `against ${hex(behind)} behind: ${ratio(contrast(best.f, behind))})`
    );
  }

  function indicatorFailures(el, focused, unfocused) {
    const behind = render(focused.behind);
    const inside = Math.min(
      8,
      Math.floor(Math.min(focused.width, focused.height) / 2),
      Math.max(
        0,
        ...SIDES.map((side) =>
          Math.max(focused.borders[side].width, unfocused.borders[side].width),
        ),
        focused.outline ? -focused.outline.offset : 0,
      ),
    );
    const from = -inside;
    const qualifying = {};
    for (const side of SIDES) {
      let px = 0;
      for (let d = from; d <= RING_DEPTH; d++) {
        const f = pixel(focused, side, d);
        const u = pixel(unfocused, side, d);
        if (contrast(f, u) >= 3 && contrast(f, behind) >= 3) px++;
      }
      qualifying[side] = px;
    }
    const failing = SIDES.filter((side) => qualifying[side] < NEEDED_PX);
    if (!failing.length) return [];
    // Or: its own background changed, enough against before and around, over an area
    // at least that of a 2 px outline.
    const bgFocused = ownBackground(focused);
    const bgUnfocused = ownBackground(unfocused);
    const area = focused.width * focused.height;
    const perimeter = 2 * NEEDED_PX * (focused.width + focused.height) + 4 * NEEDED_PX * NEEDED_PX;
    const bgChanged = contrast(bgFocused, bgUnfocused) >= 3 && contrast(bgFocused, behind) >= 3;
    if (bgChanged && area >= perimeter) return [];
    const groups = new Map();
    for (const side of failing) {
      const text = describeSide(focused, unfocused, side, from, behind);
      const key = `${qualifying[side]}px qualify: ${text}`;
      groups.set(key, [...(groups.get(key) || []), side]);
    }
    const parts = [...groups].map(([text, sides]) => `${sides.join(", ")}: ${text}`);
    return [
      {
        rule: "indicator",
        state: "focus",
        path: cssPath(el),
        name: accessibleText(el),
        detail:
          `focus indicator under 3:1 or thinner than ${NEEDED_PX}px on ${parts.join("; ")}; ` +
          `own background ${hex(bgUnfocused)} -> ${hex(bgFocused)} ` +
          `(${ratio(contrast(bgFocused, bgUnfocused))})`,
      },
    ];
  }

  // --- Rule 3: nothing covers the focused element ---------------------------------------

  function clippedRects(el) {
    const clips = [];
    const own = getComputedStyle(el);
    if (isZeroClip(own)) return [];
    let fixed = own.position === "fixed";
    for (let a = parentOf(el); a && a !== document.documentElement && !fixed; a = parentOf(a)) {
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        const r = a.getBoundingClientRect();
        clips.push({
          left: r.left + a.clientLeft,
          top: r.top + a.clientTop,
          right: r.left + a.clientLeft + a.clientWidth,
          bottom: r.top + a.clientTop + a.clientHeight,
        });
      }
      if (isZeroClip(s)) return [];
      fixed = s.position === "fixed";
    }
    const out = [];
    for (const r of el.getClientRects()) {
      let box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      for (const c of clips) {
        box = {
          left: Math.max(box.left, c.left),
          top: Math.max(box.top, c.top),
          right: Math.min(box.right, c.right),
          bottom: Math.min(box.bottom, c.bottom),
        };
      }
      if (box.right - box.left >= 1 && box.bottom - box.top >= 1) out.push(box);
    }
    return out;
  }

  function obscuredFailures(el) {
    const fail = (detail) => [
      { rule: "obscured", state: "focus", path: cssPath(el), name: accessibleText(el), detail },
    ];
    const rects = clippedRects(el);
    if (!rects.length) return fail("focused element is clipped to zero size");
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const s = getComputedStyle(el);
    const radius = Math.max(
      ...["top-left", "top-right", "bottom-left", "bottom-right"].map(
        (c) => parseFloat(s.getPropertyValue(`border-${c}-radius`)) || 0,
      ),
    );
    const covered = [];
    let inView = 0;
    for (const r of rects) {
      // Far enough in from each corner to be inside its rounding.
      const corner = Math.ceil(radius * 0.3) + 2;
      const inset = Math.min(corner, (r.right - r.left) / 2, (r.bottom - r.top) / 2);
      const points = [
        ["centre", (r.left + r.right) / 2, (r.top + r.bottom) / 2],
        ["top left", r.left + inset, r.top + inset],
        ["top right", r.right - inset, r.top + inset],
        ["bottom left", r.left + inset, r.bottom - inset],
        ["bottom right", r.right - inset, r.bottom - inset],
      ];
      for (const [where, x, y] of points) {
        // elementFromPoint rounds to whole pixels, so a point in the last pixel of the
        // window hits nothing: that part of the element is off-screen, not covered.
        if (x < 0 || y < 0 || x >= vw - 1 || y >= vh - 1) continue;
        inView++;
        const hit = el.getRootNode().elementFromPoint(x, y);
        const ok =
          hit && (contains(el, hit) || (el.labels && [...el.labels].some((l) => contains(l, hit))));
        if (!ok) covered.push(`${where} by ${hit ? cssPath(hit) : "nothing"}`);
      }
    }
    if (!inView) return fail("focused element is outside the viewport");
    if (covered.length) return fail(`covered at ${covered.slice(0, 3).join(", ")}`);
    return [];
  }

  // --- Steps driven from Python ---------------------------------------------------------

  let unfocusedModels = new WeakMap();
  let seen = new WeakSet();
  let steps = 0;
  let exits = 0;
  let hoverTargets = [];
  let shadowRoots = [];

  /** The element whose style shows focus: a visually hidden control shows it on its label. */
  function shownBy(el) {
    if (!isVisuallyHidden(el)) return el;
    for (const label of el.labels || []) if (!isVisuallyHidden(label)) return label;
    return el;
  }

  /** Record the unfocused look of every focusable element not yet recorded (and of labels). */
  function recordUnfocused() {
    const fact = facts();
    const focused = focusedElement();
    let count = 0;
    const roots = [document, ...shadowRoots];
    for (const el of roots.flatMap((root) => [...root.querySelectorAll(FOCUSABLE)])) {
      if (el === focused) continue;
      for (const shown of new Set([el, ...(el.labels || [])])) {
        if (unfocusedModels.has(shown) || !shown.getClientRects().length) continue;
        unfocusedModels.set(shown, indicatorModel(shown, fact));
        count++;
      }
    }
    return count;
  }

  function tabStart() {
    shadowRoots = [...document.querySelectorAll("*")]
      .filter((e) => e.shadowRoot)
      .map((e) => e.shadowRoot);
    unfocusedModels = new WeakMap();
    seen = new WeakSet();
    steps = 0;
    exits = 0;
    return recordUnfocused();
  }

  /** The focused element, inside shadow roots too (Wagtail's user bar). */
  function focusedElement() {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }

  /** Measure what Tab just focused; say whether to stop. Focus that leaves the document
      (after its last element) comes back to its first with the next Tab, so the round
      is complete from wherever focus started; stop at an element seen before. */
  /** Jump every running transition to its end: a state is judged as it looks once it
      has settled (Wagtail's user bar fades its focus outline in over 0.2 s). */
  function settle() {
    for (const root of [document, ...shadowRoots]) {
      for (const animation of root.getAnimations()) {
        try {
          animation.finish();
        } catch {
          // An endless animation cannot finish; it is judged as it is now.
        }
      }
    }
  }

  function tabStep() {
    settle();
    const el = focusedElement();
    if (!el || el === document.body || el === document.documentElement) {
      exits++;
      if (!steps) return { stop: "nothing focusable", failures: [] };
      return { stop: exits > 1 ? "focus left the document twice" : null, failures: [] };
    }
    if (seen.has(el)) return { stop: "focus came round again", failures: [] };
    seen.add(el);
    steps++;
    const fact = facts();
    const failures = [...textFailures(el, "focus", fact)];
    const shown = shownBy(el);
    const focused = indicatorModel(shown, fact);
    let unfocused = unfocusedModels.get(shown);
    if (unfocused && unfocused.offPage && !focused.offPage) {
      // Off the page until focused (a skip link): all of it is the indicator.
      unfocused = absent(focused);
    }
    if (unfocused) {
      failures.push(...indicatorFailures(shown, focused, unfocused));
    } else {
      // Drawn after the page was recorded: compare with nothing around it but its border.
      const guess = { ...focused, outline: null, shadows: [] };
      failures.push(
        ...indicatorFailures(shown, focused, guess).map((f) => ({
          ...f,
          detail: f.detail + " (no unfocused look recorded: compared with no ring)",
        })),
      );
    }
    failures.push(...obscuredFailures(shown));
    // Whatever the page drew since, recorded before it can be focused.
    recordUnfocused();
    return { stop: null, failures, path: cssPath(el) };
  }

  const STATE_ATTRIBUTES = [
    "aria-current",
    "aria-expanded",
    "aria-pressed",
    "aria-disabled",
    "disabled",
  ];

  /** What decides how an element looks when hovered: where it is (its short CSS path,
      with classes and ids), its state attributes and its colours and font at rest. */
  function lookAlike(el) {
    const s = getComputedStyle(el);
    return [
      cssPath(el),
      ...STATE_ATTRIBUTES.map((a) => el.getAttribute(a)),
      s.color,
      s.backgroundColor,
      s.fontSize,
      s.fontWeight,
      ...textElements(el).map(({ el: t }) => cssPath(t) + getComputedStyle(t).color),
    ].join("|");
  }

  /** The links and buttons to hover: each look once (a board has a hundred "Note actions"
      buttons that differ only in their note). Returns how many, and how many alike. */
  function hoverStart() {
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    const looks = new Set();
    let alike = 0;
    hoverTargets = [];
    for (const root of [document, ...shadowRoots]) {
      for (const el of root.querySelectorAll(HOVERABLE)) {
        if (isInert(el) || isVisuallyHidden(el)) continue;
        const look = lookAlike(el);
        if (looks.has(look)) {
          alike++;
          continue;
        }
        looks.add(look);
        hoverTargets.push(el);
      }
    }
    return { count: hoverTargets.length, alike };
  }

  /** Scroll target ``i`` into view; where to put the mouse so it is over it (or null). */
  function hoverPrepare(i) {
    const el = hoverTargets[i];
    if (!el || !el.isConnected) return null;
    el.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    for (const r of clippedRects(el)) {
      const candidates = [
        [(r.left + r.right) / 2, (r.top + r.bottom) / 2],
        [r.left + Math.min(4, (r.right - r.left) / 2), (r.top + r.bottom) / 2],
      ];
      for (const [x, y] of candidates) {
        if (x < 0 || y < 0 || x >= vw || y >= vh) continue;
        const hit = el.getRootNode().elementFromPoint(x, y);
        if (hit && contains(el, hit)) return { x, y };
      }
    }
    return null;
  }

  /** Measure hover target ``i`` (the mouse is over it now), then prepare ``next``. */
  function hoverMeasure(i, next) {
    settle();
    const el = hoverTargets[i];
    let failures = [];
    if (el && el.isConnected && el.matches(":hover")) failures = textFailures(el, "hover", facts());
    return { failures, next: next < hoverTargets.length ? hoverPrepare(next) : null };
  }

  window.__states = {
    parseColour,
    render,
    contrast,
    luminance,
    hex,
    tabStart,
    tabStep,
    hoverStart,
    hoverPrepare,
    hoverMeasure,
  };
})();
