// Part of the browser stage's probes (joined by tab.py into one script, in the order base,
// contrast, keyboard, layout, narrow): selectors, rectangles, colours and what lies behind an element.
  const LETTER = /[\p{L}\p{N}]/u;
  const TABBABLE = "a[href], area[href], button, input, select, textarea, iframe, summary, audio[controls], "
    + "video[controls], [tabindex], [contenteditable]";
  const INTERACTIVE_ROLES = new Set(["button", "link", "checkbox", "radio", "switch", "tab", "menuitem",
    "menuitemcheckbox", "menuitemradio", "option", "slider", "spinbutton", "combobox", "textbox", "treeitem"]);
  // Content that may need two-dimensional scrolling at 320 CSS px (Understanding 1.4.10).
  // A layout table (role presentation or none) is no two-dimensional content: it must reflow like any box.
  const TWO_DIMENSIONAL = "table:not([role=presentation]):not([role=none]), pre, code, math, svg, canvas, video, "
    + "iframe, map, object, embed, [role=application], [role=grid], [role=treegrid], [role=img][aria-roledescription]";

  // A CSS selector for an element: its id when unique and plain, else a :nth-of-type path.
  // While a probe that only reads the page runs (``P.reading``), each element's selector is made once:
  // an element's path then starts from its parent's, not from the root again.
  let selectors = null;
  P.selector = (element) => {
    if (selectors && selectors.has(element)) return selectors.get(element);
    let found;
    const id = element.getAttribute("id");
    const parent = element.parentElement;
    if (id && /^[A-Za-z_][\w-]*$/.test(id) && document.querySelectorAll("#" + id).length === 1) {
      found = element.localName + "#" + id;
    } else if (!parent) {
      found = element.localName;
    } else {
      const same = Array.from(parent.children).filter((child) => child.localName === element.localName);
      const part = same.length > 1 ? `${element.localName}:nth-of-type(${same.indexOf(element) + 1})` : element.localName;
      found = P.selector(parent) + " > " + part;
    }
    if (selectors) selectors.set(element, found);
    return found;
  };

  const box = (rect) => ({
    x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height,
  });
  const union = (rects) => {
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    for (const rect of rects) {
      if (rect.width <= 0 && rect.height <= 0) continue;
      left = Math.min(left, rect.left); top = Math.min(top, rect.top);
      right = Math.max(right, rect.right); bottom = Math.max(bottom, rect.bottom);
    }
    return left === Infinity ? null : new DOMRect(left, top, right - left, bottom - top);
  };
  const ownTextNodes = (element) => Array.from(element.shadowRoot && !element.childNodes.length ? element.shadowRoot.childNodes : element.childNodes)
    .filter((node) => node.nodeType === 3 && LETTER.test(node.data));
  const textRect = (element) => {
    const range = document.createRange();
    const rects = [];
    for (const node of ownTextNodes(element)) {
      range.selectNodeContents(node);
      rects.push(...range.getClientRects());
    }
    return union(rects);
  };
  const sample = (element) => (element.innerText || element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 80);

  // Colours: computed values are rgb()/rgba() in Chromium; other spaces go through a canvas.
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d", { willReadFrequently: true });
  P.rgba = (value) => {
    const found = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
    if (found) {
      const alpha = found[4] === undefined ? 1 : found[4].endsWith("%") ? parseFloat(found[4]) / 100 : parseFloat(found[4]);
      return [+found[1], +found[2], +found[3], alpha];
    }
    if (!value || value === "transparent") return [0, 0, 0, 0];
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = "#000";
    paint.fillStyle = value;
    paint.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
    return a === 0 ? [0, 0, 0, 0] : [r, g, b, a / 255];
  };
  const over = (top, bottom) => {
    const alpha = top[3];
    return [0, 1, 2].map((i) => top[i] * alpha + bottom[i] * (1 - alpha)).concat([1]);
  };
  const channel = (value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  P.luminance = (color) => 0.2126 * channel(color[0]) + 0.7152 * channel(color[1]) + 0.0722 * channel(color[2]);
  P.contrast = (first, second) => {
    const [a, b] = [P.luminance(first), P.luminance(second)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  };
  // The canvas behind everything: the root's background, else the colour scheme's default.
  const canvasColor = () => {
    for (const element of [document.documentElement, document.body]) {
      if (!element) continue;
      const color = P.rgba(getComputedStyle(element).backgroundColor);
      if (color[3] >= 1) return color;
    }
    const scheme = getComputedStyle(document.documentElement).colorScheme || "";
    const dark = scheme.includes("dark") && matchMedia("(prefers-color-scheme: dark)").matches;
    return dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
  };

  const hasImage = (style) => style.backgroundImage && style.backgroundImage !== "none";
  const IMAGE_TAGS = new Set(["img", "picture", "video", "canvas", "svg", "iframe", "object", "embed"]);
  const isImageLike = (element) => IMAGE_TAGS.has(element.localName) || hasImage(getComputedStyle(element));

  // Visible to a sighted reader: rendered, not hidden, not a clipped 1px box or moved far away.
  P.seen = (element) => {
    if (!element.isConnected || !element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const rect = element.getBoundingClientRect();
    if (rect.width * rect.height < 4) return false;
    const right = rect.right + window.scrollX, bottom = rect.bottom + window.scrollY;
    if (right <= 0 || bottom <= 0) return false;
    return !clipsAway(getComputedStyle(element)) && !hidesInside(element.parentElement);
  };
  const clipsAway = (style) => style.clipPath.startsWith("inset(50%") || /^rect\(0(px)? /.test(style.clip);
  // Whether ``node`` or an ancestor hides what is inside it: clipped away, or a box of 1 px that cuts off
  // what overflows. Remembered while one probe that does not change the page runs (``P.reading``).
  let hiding = null;
  const hidesInside = (node) => {
    if (!node || node.nodeType !== 1) return false;
    if (hiding && hiding.has(node)) return hiding.get(node);
    const style = getComputedStyle(node);
    let hides = clipsAway(style);
    if (!hides && (style.overflow === "hidden" || style.overflow === "clip")) {
      const clip = node.getBoundingClientRect();
      hides = clip.width <= 1 || clip.height <= 1;
    }
    hides = hides || hidesInside(node.parentElement);
    if (hiding) hiding.set(node, hides);
    return hides;
  };
  // ``probe`` (a function that reads the page without changing it) with what ancestors hide remembered
  // during each call: each element's ancestors are then looked at once, not once per element inside them.
  P.reading = (probe) => (...args) => {
    const [outer, outerSelectors] = [hiding, selectors];
    [hiding, selectors] = [new Map(), new Map()];
    try {
      return probe(...args);
    } finally {
      [hiding, selectors] = [outer, outerSelectors];
    }
  };
  const opacity = (element) => {
    let value = 1;
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      value *= parseFloat(getComputedStyle(node).opacity);
    }
    return value;
  };
  const disabled = (element) => Boolean(element.closest(":disabled, [aria-disabled=true], label:has(:disabled)"));

  // What lies behind an element: an opaque colour from its own and its ancestors' backgrounds, or
  // "image" when a picture, gradient or other element shows through.
  const behind = (element, rect) => {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (hasImage(style)) return { image: true };
      const color = P.rgba(style.backgroundColor);
      if (color[3] > 0) layers.push(color);
      if (color[3] >= 1) break;
    }
    let color = layers.length && layers[layers.length - 1][3] >= 1 ? layers.pop() : canvasColor();
    while (layers.length) color = over(layers.pop(), color);
    if (rect && rect.width > 0) {
      // Something painted below the text that is not its ancestor (a picture under a caption).
      const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
      if (x >= 0 && y >= 0 && x < innerWidth && y < innerHeight) {
        let passed = false; // the stack from the top: what lies under the element itself counts
        for (const below of document.elementsFromPoint(x, y)) {
          if (!passed) { passed = below === element; continue; }
          if (element.contains(below)) continue;
          if (isImageLike(below)) return { image: true };
          const back = P.rgba(getComputedStyle(below).backgroundColor);
          if (back[3] >= 1) return below.contains(element) ? { color } : { color: back };
        }
      }
    }
    return { color };
  };
  P.behind = behind;

