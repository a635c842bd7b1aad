// What the browser stage measures in a rendered page: plain functions under window.__publisherProbe.
// Each probe returns JSON-ready data (selectors, rectangles in page coordinates, colours as
// [r, g, b, a] with channels 0..255); the Python rules decide what is a finding.
(() => {
  "use strict";
  if (window.__publisherProbe) return;
  const P = {};
  const LETTER = /[\p{L}\p{N}]/u;
  const TABBABLE = "a[href], area[href], button, input, select, textarea, iframe, summary, audio[controls], "
    + "video[controls], [tabindex], [contenteditable]";
  const INTERACTIVE_ROLES = new Set(["button", "link", "checkbox", "radio", "switch", "tab", "menuitem",
    "menuitemcheckbox", "menuitemradio", "option", "slider", "spinbutton", "combobox", "textbox", "treeitem"]);
  // Content that may need two-dimensional scrolling at 320 CSS px (Understanding 1.4.10).
  const TWO_DIMENSIONAL = "table, pre, code, math, svg, canvas, video, iframe, map, object, embed, "
    + "[role=application], [role=grid], [role=treegrid], [role=img][aria-roledescription]";

  // A CSS selector for an element: its id when unique and plain, else a :nth-of-type path.
  P.selector = (element) => {
    const parts = [];
    let node = element;
    while (node && node.nodeType === 1) {
      const id = node.getAttribute("id");
      if (id && /^[A-Za-z_][\w-]*$/.test(id) && document.querySelectorAll("#" + id).length === 1) {
        parts.unshift(node.localName + "#" + id);
        break;
      }
      const parent = node.parentElement;
      if (!parent) { parts.unshift(node.localName); break; }
      const same = Array.from(parent.children).filter((child) => child.localName === node.localName);
      parts.unshift(same.length > 1 ? `${node.localName}:nth-of-type(${same.indexOf(node) + 1})` : node.localName);
      node = parent;
    }
    return parts.join(" > ");
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
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath.startsWith("inset(50%") || /^rect\(0(px)? /.test(style.clip)) return false;
      if ((style.overflow === "hidden" || style.overflow === "clip") && node !== element) {
        const clip = node.getBoundingClientRect();
        if (clip.width <= 1 || clip.height <= 1) return false;
      }
    }
    return true;
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

  // 1.4.3: text whose colour does not stand out from what lies behind it.
  // Elements with text of their own, in open shadow roots too (text put there by a script).
  const textOwners = (root, owners) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === 1) {
        if (node.shadowRoot) textOwners(node.shadowRoot, owners);
        continue;
      }
      const owner = node.parentElement || (node.parentNode && node.parentNode.host);
      if (owner && LETTER.test(node.data)) owners.add(owner);
    }
    return owners;
  };
  // Labels of disabled widgets: WCAG sets no contrast for them.
  const disabledLabels = () => {
    const found = new Set();
    for (const control of document.querySelectorAll(":disabled, [aria-disabled=true]")) {
      for (const id of (control.getAttribute("aria-labelledby") || "").split(/\s+/)) {
        const label = id && document.getElementById(id);
        if (label) found.add(label);
      }
    }
    return found;
  };
  P.textContrast = () => {
    const failing = [], overImages = [];
    const owners = textOwners(document.body || document.documentElement, new Set());
    const exempt = disabledLabels();
    for (const element of owners) {
      if (["script", "style", "noscript", "template", "option", "title"].includes(element.localName)) continue;
      if (element.closest("svg") || disabled(element) || exempt.has(element) || !P.seen(element)) continue;
      const label = element.getAttribute("aria-label");
      if (label && !label.includes(ownTextNodes(element).map((node) => node.data).join("").trim())) continue;
      const rect = textRect(element);
      if (!rect || rect.width * rect.height < 4) continue;
      const style = getComputedStyle(element);
      const alpha = opacity(element);
      if (alpha < 0.05) continue;
      let color = P.rgba(style.webkitTextFillColor && style.webkitTextFillColor !== style.color ? style.webkitTextFillColor : style.color);
      color = [color[0], color[1], color[2], color[3] * alpha];
      const size = parseFloat(style.fontSize);
      const bold = parseInt(style.fontWeight, 10) >= 700;
      const large = size >= 24 || (size >= 18.66 && bold);
      const needed = large ? 3 : 4.5, enhanced = large ? 4.5 : 7;
      const shadow = style.textShadow && style.textShadow !== "none" ? P.rgba((/rgba?\([^)]*\)/.exec(style.textShadow) || [style.color])[0]) : null;
      const back = behind(element, rect);
      const item = { selector: P.selector(element), text: sample(element), rect: box(rect), color, needed, enhanced, size, bold };
      if (back.image) {
        if (shadow && shadow[3] >= 1 && P.contrast(over(color, shadow), shadow) >= enhanced) continue;
        overImages.push(item);
        continue;
      }
      const text = over(color, back.color);
      const ratio = P.contrast(text, back.color);
      if (ratio < 1.05 || ratio >= enhanced) continue; // text in its background's colour is not meant to be read
      if (shadow && shadow[3] >= 1 && P.contrast(text, shadow) >= enhanced) continue;
      failing.push({ ...item, background: back.color, ratio });
    }
    return { failing, overImages };
  };
  // Makes every text transparent, so a screenshot shows only what lies behind it (undone by restoreText).
  P.hideText = () => {
    const style = document.createElement("style");
    style.id = "__publisher-hide-text";
    style.textContent = "*, *::before, *::after { color: transparent !important; -webkit-text-fill-color: transparent !important; text-shadow: none !important; caret-color: transparent !important; }";
    document.documentElement.appendChild(style);
  };
  P.restoreText = () => document.getElementById("__publisher-hide-text")?.remove();

  // Elements in sequential focus order (positive tabindex first), as the browser should visit them.
  P.tabbables = () => {
    // Tab stops once per group of radio buttons: at the checked one, else the first.
    const groups = new Map();
    for (const radio of document.querySelectorAll("input[type=radio][name]")) {
      const key = (radio.form ? "form" + Array.from(document.forms).indexOf(radio.form) : "page") + "/" + radio.name;
      if (!groups.has(key) || (radio.checked && !groups.get(key).checked)) groups.set(key, radio);
    }
    const stops = new Set(groups.values());
    const framed = new Set(["iframe", "object", "embed"]);
    const found = Array.from(document.querySelectorAll(TABBABLE)).filter((element) =>
      element.tabIndex >= 0 && !element.closest("[inert]") && !element.matches(":disabled")
      && element.checkVisibility({ checkVisibilityCSS: true })
      && !(element.localName === "input" && element.type === "hidden")
      && !(element.localName === "input" && element.type === "radio" && element.name && !stops.has(element))
      && !framed.has(element.localName));
    const positive = found.filter((element) => element.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
    return positive.concat(found.filter((element) => element.tabIndex === 0));
  };

  const FOCUS_PROPERTIES = ["outline-style", "outline-width", "outline-color", "box-shadow", "border-top-color",
    "border-bottom-color", "border-left-color", "border-right-color", "border-bottom-width", "background-color",
    "background-image", "color", "text-decoration-line", "text-decoration-thickness", "transform", "filter"];
  // How an element and what shows its focus look: itself, its parent, its first child, its pseudo-elements.
  const look = (element) => {
    const values = [];
    for (const node of [element, element.parentElement, element.firstElementChild]) {
      if (!node) continue;
      const style = getComputedStyle(node);
      values.push(FOCUS_PROPERTIES.map((name) => style.getPropertyValue(name)).join("|"));
      if (node !== element) continue;
      for (const pseudo of ["::before", "::after"]) {
        const part = getComputedStyle(node, pseudo);
        if (part.content !== "none" && part.content !== "normal") {
          values.push(part.content + "|" + FOCUS_PROPERTIES.map((name) => part.getPropertyValue(name)).join("|"));
        }
      }
    }
    return values.join("\n");
  };
  // Whether anything is fixed to the screen or sticky (only then can it cover a focused element).
  P.hasFixed = () => Array.from(document.body ? document.body.querySelectorAll("*") : [])
    .some((element) => ["fixed", "sticky"].includes(getComputedStyle(element).position));
  // Whether the page's styles react to the colour scheme (else dark mode looks as light mode does).
  P.schemeAware = () => {
    const scheme = getComputedStyle(document.documentElement).colorScheme || "";
    if (scheme.includes("dark") || document.querySelector("meta[name=color-scheme]")) return true;
    const aware = (rules) => Array.from(rules || []).some((rule) =>
      (rule.conditionText || rule.media?.mediaText || "").includes("prefers-color-scheme")
      || (rule.cssRules && aware(rule.cssRules))
      || (rule.style && /light-dark\(/.test(rule.cssText)));
    for (const sheet of document.styleSheets) {
      try {
        if ((sheet.media && sheet.media.mediaText.includes("prefers-color-scheme")) || aware(sheet.cssRules)) return true;
      } catch (error) {
        return true; // a sheet that cannot be read may react: check dark mode to be safe
      }
    }
    return Array.from(document.querySelectorAll("[style]")).some((element) => /light-dark\(/.test(element.getAttribute("style")));
  };
  // Whether the page's styles depend on the viewport width (else 320 px only wraps lines).
  P.widthAware = () => {
    const aware = (rules) => Array.from(rules || []).some((rule) =>
      /width|orientation|aspect-ratio/.test(rule.conditionText || rule.media?.mediaText || "")
      || (rule.cssRules && aware(rule.cssRules)));
    for (const sheet of document.styleSheets) {
      try {
        if (aware(sheet.cssRules) || /width/.test(sheet.media ? sheet.media.mediaText : "")) return true;
      } catch (error) {
        return true;
      }
    }
    return false;
  };

  // Starts a keyboard walk: remembers each tabbable element's look and logs every focus change.
  P.startWalk = () => {
    const tabbables = P.tabbables();
    P.walk = { tabbables, looks: new Map(tabbables.map((element) => [element, look(element)])), log: [] };
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    document.addEventListener("focusin", (event) => P.walk && P.walk.log.push(event.composedPath()[0]), true);
    // Media controls and frames hold several Tab stops of their own: allow for them in the walk.
    const nested = tabbables.filter((element) => ["audio", "video"].includes(element.localName) || element.shadowRoot).length
      + document.querySelectorAll("iframe, object, embed").length;
    return tabbables.length + 2 + 8 * nested;
  };
  // How the walk stands: whether it came round to its first element again and where the focus is.
  P.walkState = () => {
    const log = P.walk.log.filter((element) => element.nodeType === 1);
    const distinct = new Set(log).size;
    const wrapped = log.length > 1 && log.indexOf(log[0], 1) > 0;
    const active = document.activeElement;
    const nested = active && (["iframe", "object", "audio", "video"].includes(active.localName) || active.shadowRoot);
    return { expected: P.walk.tabbables.length, distinct, wrapped, nested: Boolean(nested),
      active: active && active !== document.body ? P.selector(active) : null };
  };

  // The outline or ring the focused element shows, and how well it stands out from what is around it.
  const indicator = (element) => {
    const style = getComputedStyle(element);
    const around = behind(element.parentElement || element).color || canvasColor();
    const candidates = [];
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) {
      candidates.push(style.outlineStyle === "auto" ? null : P.rgba(style.outlineColor));
    }
    const ring = /rgba?\([^)]*\)/.exec(style.boxShadow || "");
    if (ring && style.boxShadow !== "none") candidates.push(P.rgba(ring[0]));
    if (!candidates.length) return null;
    if (candidates.includes(null)) return { ratio: 21 }; // the browser's own two-tone ring
    const ratios = candidates.map((color) => P.contrast(over(color, around), around));
    const best = Math.max(...ratios);
    return { ratio: best, color: candidates[ratios.indexOf(best)], background: around };
  };

  // Where a sticky or fixed box covers the focused element entirely (2.4.11).
  const coveredBy = (element) => {
    const rect = element.getBoundingClientRect();
    const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
    let cover = null;
    for (const [fx, fy] of points) {
      const x = rect.left + rect.width * fx, y = rect.top + rect.height * fy;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
      const top = document.elementFromPoint(x, y);
      if (!top || top === element || element.contains(top) || top.contains(element)) return null;
      let fixed = null;
      for (let node = top; node && node.nodeType === 1; node = node.parentElement) {
        const position = getComputedStyle(node).position;
        if (position === "fixed" || position === "sticky") { fixed = node; break; }
      }
      if (!fixed || fixed.contains(element)) return null;
      cover = fixed;
    }
    return cover;
  };

  // Focuses every tabbable element in turn (as Tab does, scrolling it into view) and reports what shows.
  // ``backwards``: only where sticky content covers (Shift+Tab brings elements in from the top);
  // ``indicatorsOnly``: only the contrast of the focus outline (dark mode).
  P.focusReport = (backwards, indicatorsOnly) => {
    const walk = P.walk || { tabbables: P.tabbables(), looks: new Map() };
    const fixed = P.hasFixed();
    if (backwards && !fixed) return [];
    const order = backwards ? walk.tabbables.slice().reverse() : walk.tabbables;
    const results = [];
    for (const element of order.slice(0, 400)) {
      const before = indicatorsOnly || backwards ? null : walk.looks.get(element) ?? look(element);
      element.focus({ focusVisible: true });
      const active = document.activeElement;
      const focused = active === element || element.contains(active) || (active && active.shadowRoot && active.contains(element));
      const cover = focused && fixed && !indicatorsOnly ? coveredBy(element) : null;
      if (!backwards || cover) {
        results.push({
          selector: P.selector(element),
          rect: box(element.getBoundingClientRect()),
          focused: Boolean(focused),
          changed: Boolean(focused && before !== null && look(element) !== before),
          indicator: focused && !backwards ? indicator(element) : null,
          coveredBy: cover ? P.selector(cover) : null,
        });
      }
      element.blur();
    }
    return results;
  };

  // The keyboard walk as it happened: the elements focused in turn, with where they are on the page.
  P.walkLog = () => {
    const walk = P.walk;
    const fixed = (element) => {
      for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
        if (["fixed", "sticky"].includes(getComputedStyle(node).position)) return true;
      }
      return false;
    };
    return {
      expected: walk.tabbables.map((element) => P.selector(element)),
      visited: walk.log.filter((element) => element.nodeType === 1).map((element) => ({
        selector: P.selector(element),
        rect: box(element.getBoundingClientRect()),
        fixed: fixed(element),
        expected: walk.tabbables.includes(element),
      })),
    };
  };

  // Elements a mouse user can click that the keyboard never reaches (role or handler without focus).
  P.clickables = () => {
    const found = [];
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (element.tabIndex >= 0 || element.closest("a[href], button, label, summary, select, [tabindex]") !== element && element.closest("a[href], button, label, summary, select")) continue;
      if (element.matches(":disabled") || !P.seen(element)) continue;
      // A clickable card around a link or button: the keyboard uses the control inside.
      if (Array.from(element.querySelectorAll(TABBABLE)).some((inner) => inner.tabIndex >= 0)) continue;
      const role = element.getAttribute("role");
      const handler = element.hasAttribute("onclick") || element.hasAttribute("onkeydown") || element.hasAttribute("onmousedown");
      const pointer = getComputedStyle(element).cursor === "pointer"
        && getComputedStyle(element.parentElement || element).cursor !== "pointer";
      if ((role && INTERACTIVE_ROLES.has(role)) || handler || pointer) {
        found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), role, handler, pointer, text: sample(element) });
      }
    }
    return found.slice(0, 50);
  };

  // The part of a rectangle that its ancestors with overflow other than visible let show (None: nothing).
  const clipped = (element, rect) => {
    let left = rect.left, right = rect.right, top = rect.top, bottom = rect.bottom;
    for (let node = element.parentElement; node && node !== document.documentElement; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.position === "fixed") break;
      if (style.overflowX !== "visible" && style.overflowX !== "") {
        const clip = node.getBoundingClientRect();
        left = Math.max(left, clip.left); right = Math.min(right, clip.right);
      }
      if (style.overflowY !== "visible" && style.overflowY !== "") {
        const clip = node.getBoundingClientRect();
        top = Math.max(top, clip.top); bottom = Math.min(bottom, clip.bottom);
      }
      if (right <= left || bottom <= top) return null;
    }
    return new DOMRect(left, top, right - left, bottom - top);
  };

  // 1.4.10: what sticks out of a narrow viewport (the page must not scroll sideways for it).
  P.overflow = () => {
    const width = document.documentElement.clientWidth;
    const sticking = (rect) => rect.right > width + 1 || rect.left < -1;
    const exempt = (element) => Boolean(element.closest(TWO_DIMENSIONAL)) || scrolledIn(element);
    const scrolledIn = (element) => {
      for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (["auto", "scroll"].includes(style.overflowX) && node.scrollWidth > node.clientWidth + 1) {
          return Boolean(node.querySelector(TWO_DIMENSIONAL + ", img"));
        }
      }
      return false;
    };
    const found = [];
    const reported = new Set();
    const scrolls = document.documentElement.scrollWidth > width + 1;
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (found.length >= 20) break;
      if (!element.checkVisibility({ checkVisibilityCSS: true }) || exempt(element)) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width * rect.height < 4 || rect.right < -200 || rect.bottom + scrollY < 0) continue; // moved away on purpose
      if (!scrolls && rect.left >= width - 1) continue; // an off-canvas menu waiting beside the page
      if (!P.seen(element)) continue;
      const shown = clipped(element, rect);
      if (!shown) continue;
      let ancestorReported = false;
      for (let node = element.parentElement; node; node = node.parentElement) {
        if (reported.has(node)) { ancestorReported = true; break; }
      }
      if (ancestorReported) continue;
      if (sticking(shown)) {
        reported.add(element);
        found.push({ selector: P.selector(element), rect: box(rect), kind: "box", text: sample(element), width: rect.width, viewport: width });
        continue;
      }
      const text = textRect(element) && clipped(element, textRect(element));
      if (text && sticking(text)) {
        reported.add(element);
        const longest = ownTextNodes(element).map((node) => node.data).join(" ").split(/\s+/).sort((a, b) => b.length - a.length)[0] || "";
        found.push({ selector: P.selector(element), rect: box(union([rect, text])), kind: "text", text: longest.slice(0, 80), width: text.width, viewport: width });
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport: width, found };
  };

  // Text boxes that cut off their text (overflow hidden): measured before and after a change.
  // A box of text: text of its own and nothing but phrasing inside (a carousel track or a card grid
  // that hides what does not fit is not a text box).
  const PHRASING = new Set(["a", "span", "strong", "em", "b", "i", "abbr", "code", "br", "small", "sup", "sub", "mark", "q", "time", "bdi", "bdo", "s", "u", "wbr", "dfn", "kbd", "var", "cite", "data"]);
  const textBox = (element) => ownTextNodes(element).length > 0
    && Array.from(element.querySelectorAll("*")).every((inner) => PHRASING.has(inner.localName));
  P.clipState = () => {
    const state = new Map();
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (!textBox(element)) continue;
      const style = getComputedStyle(element);
      const clipsX = ["hidden", "clip"].includes(style.overflowX), clipsY = ["hidden", "clip"].includes(style.overflowY);
      if (!clipsX && !clipsY) continue;
      if (!P.seen(element) || !LETTER.test(element.textContent)) continue;
      state.set(element, {
        x: clipsX ? element.scrollWidth - element.clientWidth : 0,
        y: clipsY ? element.scrollHeight - element.clientHeight : 0,
      });
    }
    return state;
  };
  P.rememberClips = () => { P.clips = P.clipState(); return P.clips.size; };
  // Text cut off now, whether or not it was before, unless a link right after it leads to the full text.
  P.clippedText = () => {
    const found = [];
    for (const [element, cut] of P.clipState()) {
      if (cut.x <= 2 && cut.y <= 2) continue;
      const next = element.nextElementSibling;
      if (next && (next.matches("a[href]") || next.querySelector("a[href]"))) continue;
      found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), text: sample(element), x: cut.x, y: cut.y });
    }
    return found.slice(0, 20);
  };
  P.newClips = () => {
    const now = P.clipState();
    const found = [];
    for (const [element, cut] of now) {
      const before = (P.clips && P.clips.get(element)) || { x: 0, y: 0 };
      if ((cut.x > 2 && cut.x > before.x + 2) || (cut.y > 2 && cut.y > before.y + 2)) {
        found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), text: sample(element), x: cut.x, y: cut.y });
      }
    }
    return found.slice(0, 20);
  };

  // 1.4.12: the text spacing a reader may set (the WCAG bookmarklet's values).
  P.spaceText = () => {
    const style = document.createElement("style");
    style.id = "__publisher-spacing";
    style.textContent = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";
    document.documentElement.appendChild(style);
  };
  P.unspaceText = () => document.getElementById("__publisher-spacing")?.remove();
  // Text that runs into the next block (a fixed height with overflow visible) after spacing.
  P.overlaps = () => {
    const found = [];
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (found.length >= 20) break;
      const style = getComputedStyle(element);
      if (style.overflowY !== "visible" || !ownTextNodes(element).length || style.display === "inline") continue;
      if (element.scrollHeight <= element.clientHeight + 2 || !P.seen(element)) continue;
      const text = textRect(element);
      const next = element.nextElementSibling;
      if (!text || !next || !P.seen(next)) continue;
      const other = next.getBoundingClientRect();
      if (text.bottom > other.top + 2 && text.top < other.bottom && text.left < other.right && text.right > other.left
          && LETTER.test(next.textContent)) {
        found.push({ selector: P.selector(element), rect: box(union([element.getBoundingClientRect(), text])), text: sample(element), next: P.selector(next) });
      }
    }
    return found;
  };

  // Font sizes of text, to see whether zooming makes them larger (1.4.4).
  P.fontSizes = () => {
    const sizes = {};
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (!ownTextNodes(element).length || !P.seen(element)) continue;
      sizes[P.selector(element)] = parseFloat(getComputedStyle(element).fontSize);
    }
    return sizes;
  };

  // 2.5.8: pointer targets, their size and the spacing exception's circles.
  P.targets = () => {
    const all = [];
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], "
      + "[role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [onclick]";
    for (const element of document.querySelectorAll(selector)) {
      if (element.matches(":disabled") || !P.seen(element)) continue;
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      let inline = false;
      if (style.display === "inline") {
        const block = element.parentElement && element.parentElement.closest("p, li, td, th, dd, dt, div, span, figcaption, label, blockquote, h1, h2, h3, h4, h5, h6") ;
        const own = (element.textContent || "").trim().length;
        const around = block ? (block.textContent || "").trim().length : 0;
        inline = around > own + 1;
      }
      const native = ["checkbox", "radio"].includes(element.type) && style.appearance !== "none" && style.webkitAppearance !== "none";
      all.push({ element, rect, inline, native });
    }
    const small = all.filter((item) => (item.rect.width < 24 || item.rect.height < 24) && !item.inline && !item.native);
    const found = [];
    const centre = (rect) => [rect.left + rect.width / 2, rect.top + rect.height / 2];
    const hits = (point, rect) => {
      const dx = Math.max(rect.left - point[0], 0, point[0] - rect.right);
      const dy = Math.max(rect.top - point[1], 0, point[1] - rect.bottom);
      return dx * dx + dy * dy < 144;
    };
    for (const item of small) {
      const point = centre(item.rect);
      const crowded = all.find((other) => other !== item && !other.element.contains(item.element)
        && !item.element.contains(other.element) && (hits(point, other.rect)
        || (small.includes(other) && Math.hypot(point[0] - centre(other.rect)[0], point[1] - centre(other.rect)[1]) < 24)));
      if (crowded) {
        found.push({ selector: P.selector(item.element), rect: box(item.rect), width: item.rect.width, height: item.rect.height, neighbour: P.selector(crowded.element), text: sample(item.element) });
      }
    }
    return found.slice(0, 30);
  };

  // 1.4.11: form fields whose boundary does not stand out from what is around them.
  P.fieldBoundaries = () => {
    const found = [];
    for (const element of document.querySelectorAll("input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea")) {
      if (element.matches(":disabled") || !P.seen(element)) continue;
      const style = getComputedStyle(element);
      const native = ["checkbox", "radio", "range", "color", "file"].includes(element.type);
      if (native && style.appearance !== "none") continue;
      const around = behind(element.parentElement || element).color || canvasColor();
      const own = over(P.rgba(style.backgroundColor), around);
      const widths = ["top", "right", "bottom", "left"].map((side) => parseFloat(style.getPropertyValue(`border-${side}-width`)));
      const styles = ["top", "right", "bottom", "left"].map((side) => style.getPropertyValue(`border-${side}-style`));
      const colours = ["top", "right", "bottom", "left"].map((side) => P.rgba(style.getPropertyValue(`border-${side}-color`)));
      let best = P.contrast(own, around);
      for (let side = 0; side < 4; side++) {
        if (widths[side] >= 1 && styles[side] !== "none" && styles[side] !== "hidden") {
          best = Math.max(best, P.contrast(over(colours[side], around), around), P.contrast(over(colours[side], own), own) >= 3 && side === 2 ? P.contrast(over(colours[side], around), around) : 0);
        }
      }
      const ring = /rgba?\([^)]*\)/.exec(style.boxShadow || "");
      if (ring && style.boxShadow !== "none") best = Math.max(best, P.contrast(over(P.rgba(ring[0]), around), around));
      if (best < 3) found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), ratio: best, background: around });
    }
    return found;
  };

  // Boxes with content that scrolls, and whether the keyboard can reach them (ACT 0ssw9k).
  P.scrollables = () => {
    const found = [];
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      const style = getComputedStyle(element);
      const padX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      const padY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      const x = ["auto", "scroll"].includes(style.overflowX) && element.scrollWidth - element.clientWidth > Math.max(padX, 2);
      const y = ["auto", "scroll"].includes(style.overflowY) && element.scrollHeight - element.clientHeight > Math.max(padY, 2);
      if (!x && !y) continue;
      if (!P.seen(element) || !(LETTER.test(element.textContent) || element.querySelector("img, svg, video, canvas, iframe"))) continue;
      const reachable = element.tabIndex >= 0 || Array.from(element.querySelectorAll(TABBABLE)).some((inner) => inner.tabIndex >= 0 && inner.checkVisibility());
      if (!reachable) found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), text: sample(element) });
    }
    return found;
  };

  // Roles that need a certain parent, for content a script put into shadow roots (the static rules
  // cannot see it): the nearest ancestor in the composed tree that is not generic must have that role.
  const CONTEXT = {
    listitem: ["list", "directory"], row: ["table", "grid", "treegrid", "rowgroup"], rowgroup: ["table", "grid", "treegrid"],
    cell: ["row"], gridcell: ["row"], columnheader: ["row"], rowheader: ["row"], tab: ["tablist"],
    menuitem: ["menu", "menubar", "group"], menuitemcheckbox: ["menu", "menubar", "group"],
    menuitemradio: ["menu", "menubar", "group"], option: ["listbox", "group"], treeitem: ["tree", "group"],
  };
  const IMPLICIT = { ul: "list", ol: "list", menu: "list", li: "listitem", table: "table", tr: "row", td: "cell",
    th: "columnheader", tbody: "rowgroup", thead: "rowgroup", tfoot: "rowgroup", select: "listbox" };
  const roleOf = (element) => (element.getAttribute("role") || "").trim().split(/\s+/)[0] || IMPLICIT[element.localName] || "";
  P.shadowAriaContext = () => {
    const found = [];
    const visit = (root) => {
      for (const element of root.querySelectorAll("*")) {
        if (element.shadowRoot) visit(element.shadowRoot);
        if (root === document || !element.hasAttribute("role")) continue;
        const needed = CONTEXT[roleOf(element)];
        if (!needed || !element.checkVisibility()) continue;
        let node = element.parentNode;
        let parentRole = "";
        while (node) {
          if (node.nodeType === 11) { node = node.host; continue; }
          if (node.nodeType !== 1) break;
          const role = roleOf(node);
          if (role && !["generic", "none", "presentation"].includes(role)) { parentRole = role; break; }
          node = node.parentNode;
        }
        if (!needed.includes(parentRole)) found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), role: roleOf(element), text: sample(element) });
      }
    };
    visit(document);
    return found.slice(0, 20);
  };

  P.documentSize = () => ({
    width: document.documentElement.scrollWidth,
    height: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0),
  });

  window.__publisherProbe = P;
})();
