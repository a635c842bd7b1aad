// Part of the browser stage's probes: reflow, clipped text, text spacing, zoom and target size.
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
  // A box of text blocks only (paragraphs, no media or controls): cut at its bottom, it hides text too.
  const textBlocks = (element) => element.children.length > 0
    && !element.querySelector("img, picture, svg, video, canvas, iframe, object, embed, input, select, textarea, button");
  P.clipState = () => {
    const state = new Map();
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      const ownText = textBox(element);
      if (!ownText && !textBlocks(element)) continue;
      const style = getComputedStyle(element);
      const clipsX = ownText && ["hidden", "clip"].includes(style.overflowX);
      const clipsY = ["hidden", "clip"].includes(style.overflowY);
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
  // Spaced, measured and restored in one go: reading the layout makes the browser apply the spacing.
  P.spacing = () => {
    P.spaceText();
    const found = { clips: P.newClips(), overlaps: P.overlaps() };
    P.unspaceText();
    return found;
  };
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
  // The elements measured are kept (``P.textSeen``) for the comparison with the narrow layout.
  P.fontSizes = () => {
    const sizes = {};
    P.textSeen = [];
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (!ownTextNodes(element).length || !P.seen(element)) continue;
      sizes[P.selector(element)] = parseFloat(getComputedStyle(element).fontSize);
      P.textSeen.push(element);
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

  // Where the element a selector picks is on the page (null when the selector picks nothing here).
  P.place = (selector) => {
    let element = null;
    try { element = document.querySelector(selector); } catch (error) { return null; }
    return element ? box(element.getBoundingClientRect()) : null;
  };

  P.documentSize = () => ({
    width: document.documentElement.scrollWidth,
    height: Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0),
  });

  // The probes that only read the page: each call remembers what ancestors hide (``P.reading``).
  for (const name of ["textContrast", "fieldBoundaries", "clickables", "scrollables", "overflow", "clipState", "overlaps",
    "fontSizes", "targets", "walkLog", "shadowAriaContext"]) {
    P[name] = P.reading(P[name]);
  }
