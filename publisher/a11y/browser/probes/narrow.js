// Part of the browser stage's probes: what the layout at 320 CSS px loses against the desktop's (text,
// the names of links and buttons), the state of controls shown there only, and how much of a zoomed
// view bars fixed to the screen take.
  const NAMED = "a[href], button, [role=button], [role=link]";
  // What may open a part of the page that a narrow layout folds away (a menu button, a checkbox hack, a
  // link to the menu that :target opens).
  const TOGGLES = "button, summary, [role=button], [aria-expanded], label[for], input[type=checkbox], a[href^='#']";
  // Attributes through which scripts find the part a button opens (as the static disclosure rule reads them).
  const TARGETS = ["aria-controls", "data-target", "data-bs-target", "data-panel", "data-controls", "data-toggle-target"];
  const STATEFUL = ["aria-expanded", "aria-pressed", "aria-checked", "aria-selected", "aria-haspopup"];
  // Parts that scripts show and hide as time passes or the reader acts (a media query sets no attribute):
  // what they hide at 320 px may just be the next slide, tab or message.
  const SCRIPTED = "[hidden], [inert], [role=tabpanel], [aria-roledescription], [aria-live], [role=status], "
    + "[role=alert], [role=log], [role=timer], [role=marquee], [role=dialog], [role=alertdialog], dialog";
  const NAVIGATION = "nav, header, [role=navigation], [role=banner], [role=menu], [role=menubar]";
  // Laid out and painted: not display: none, visibility: hidden, opacity 0 (itself or an ancestor).
  // A box moved out of sight or clipped to a pixel stays in the accessibility tree: screen readers
  // still read it, and responsive tables hide their column headers so; such text does not count as lost.
  const rendered = (element) => element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const words = (text) => text.toLowerCase().replace(/\s+/g, " ").trim();
  // The words and numbers of a text ("37,00 Euro": 37, 00, euro), to find it in another format elsewhere.
  const tokens = (text) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  // Navigation, or the site's own header or footer (not an article's): what the page shares with the site.
  const inChrome = (element) => Boolean(element.closest("nav, [role=navigation], [role=banner], [role=contentinfo]")
    || [element.closest("header"), element.closest("footer")].some((part) => part && !part.parentElement.closest("main, article, section, aside, [role=main]")));
  // A control's name from what it shows: its rendered text, or a named picture inside it.
  const shownName = (element) => {
    const text = words(element.innerText || "");
    if (LETTER.test(text)) return text;
    for (const inner of element.querySelectorAll("img[alt], [role=img][aria-label], svg > title")) {
      const name = inner.localName === "title" ? inner.textContent : inner.getAttribute(inner.localName === "img" ? "alt" : "aria-label");
      const shown = inner.localName === "title" ? inner.parentElement : inner;
      if (LETTER.test(name || "") && rendered(shown) && !shown.closest("[aria-hidden=true]")) return words(name);
    }
    return "";
  };
  const namedOtherwise = (element) => ["aria-label", "aria-labelledby", "title"].some((name) => (element.getAttribute(name) || "").trim());

  // On the desktop, after ``P.fontSizes`` (which notes the text it saw): what a narrow layout may lose.
  // Only asked when the styles depend on the width; returns true.
  P.rememberWide = () => {
    const texts = (P.textSeen || []).map((element) => ({
      element,
      parts: ownTextNodes(element).map((node) => words(node.data)),
      rect: box(element.getBoundingClientRect()),
    }));
    const seenControls = new Set(Array.from(document.querySelectorAll(`${NAMED}, ${TOGGLES}`)).filter((element) => P.seen(element)));
    const named = [];
    for (const element of seenControls) {
      if (!element.matches(NAMED) || namedOtherwise(element)) continue;
      const name = shownName(element);
      if (name) named.push({ element, name });
    }
    P.wide = { texts, seenControls, named };
    return true;
  };

  // The outermost ancestor (or the element itself) that the narrow layout stops rendering.
  const hiddenRoot = (element) => {
    let root = element;
    while (root.parentElement && root.parentElement !== document.body && !rendered(root.parentElement)) root = root.parentElement;
    return root;
  };
  // The elements that rendered controls point at as the part they open or close.
  const opened = () => {
    const found = [];
    for (const control of document.querySelectorAll(TARGETS.map((name) => `[${name}]`).join(", "))) {
      if (!rendered(control)) continue;
      for (const name of TARGETS) {
        for (const ref of (control.getAttribute(name) || "").split(/\s+/)) {
          const target = ref && document.getElementById(ref.replace(/^#/, ""));
          if (target) found.push(target);
        }
      }
    }
    return found;
  };
  // Whether a reader of the narrow layout can bring ``root`` back: a control points at it, it sits in a
  // closed details element, a toggle that shows here but not on the desktop (or says it is closed) comes
  // right before it (an accordion's button before its panel), or it is navigation and such a toggle shows
  // anywhere: a menu folded behind a button.
  const revealable = (root, targets, toggles) => {
    if (targets.some((target) => target.contains(root) || root.contains(target))) return true;
    const details = root.closest("details:not([open])");
    if (details && rendered(details)) return true;
    for (let node = root, depth = 0; node && node !== document.body && depth < 3; node = node.parentElement, depth++) {
      const before = node.previousElementSibling;
      if (before && toggles.some((toggle) => before === toggle || before.contains(toggle))) return true;
    }
    const navigation = root.closest(NAVIGATION) || root.querySelector(NAVIGATION);
    return Boolean(navigation) && toggles.length > 0;
  };

  // At 320 CSS px: the desktop's text no longer rendered and shown nowhere else (its words and numbers,
  // in any order or format), grouped by the part that hides it, and whether that part is the site's
  // navigation, header or footer; links and buttons that lost the name they showed; buttons shown only here without a state.
  P.narrowed = () => {
    const wide = P.wide;
    if (!wide) return null;
    let shown = null;
    const roots = new Map();
    for (const item of wide.texts) {
      const element = item.element;
      if (!element.isConnected || rendered(element) || element.closest("[aria-hidden=true]")) continue;
      shown ??= new Set(tokens(document.body.innerText));
      if (item.parts.every((part) => tokens(part).every((token) => shown.has(token)))) continue;
      const root = hiddenRoot(element);
      if (root.closest(SCRIPTED)) continue;
      if (!roots.has(root)) roots.set(root, []);
      roots.get(root).push(item);
    }
    const lost = [];
    if (roots.size) {
      const targets = opened();
      const toggles = Array.from(document.querySelectorAll(TOGGLES)).filter((toggle) => P.seen(toggle)
        && (!wide.seenControls.has(toggle) || toggle.getAttribute("aria-expanded") === "false"));
      for (const [root, items] of roots) {
        if (revealable(root, targets, toggles)) continue;
        const text = items.flatMap((item) => item.parts).filter((part) => LETTER.test(part)).join(" ");
        const around = union(items.map((item) => new DOMRect(item.rect.x, item.rect.y, item.rect.width, item.rect.height)));
        const rect = around && { x: around.x, y: around.y, width: around.width, height: around.height };
        const chrome = inChrome(root) && !root.querySelector("table, input, select, textarea");
        lost.push({ selector: P.selector(root), rect, text: text.slice(0, 80), chrome });
      }
    }
    const unnamed = [];
    for (const { element, name } of wide.named) {
      if (!element.isConnected || !P.seen(element) || shownName(element)) continue;
      unnamed.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), name: name.slice(0, 80) });
    }
    return { lost: lost.slice(0, 10), unnamed: unnamed.slice(0, 20), stateless: statelessHere(wide) };
  };
  // Buttons shown at this width only (not on the desktop) that open a hidden part or a menu and do not say
  // whether it is open: the static rules read the desktop's styles and never see them.
  const statelessHere = (wide) => {
    const found = [];
    for (const button of document.querySelectorAll("button, [role=button]")) {
      if (wide.seenControls.has(button) || STATEFUL.some((state) => button.hasAttribute(state)) || !P.seen(button)) continue;
      const parts = TARGETS.flatMap((name) => (button.getAttribute(name) || "").split(/\s+/))
        .map((ref) => ref && document.getElementById(ref.replace(/^#/, ""))).filter(Boolean);
      if (parts.some((part) => !rendered(part) || part.matches("nav, [role=navigation]"))) {
        found.push({ selector: P.selector(button), rect: box(button.getBoundingClientRect()), text: sample(button) });
      }
    }
    return found.slice(0, 10);
  };

  // One walk over the page: the elements fixed to the screen or sticky, and the flex and grid containers
  // that place their children out of source order (order, grid placement, reversed directions).
  const walkLayout = () => {
    const fixed = [], reordering = [];
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      const style = getComputedStyle(element);
      if (style.position === "fixed" || style.position === "sticky") fixed.push([element, style]);
      else if (/flex|grid/.test(style.display) && element.childElementCount > 1 && reorders(element, style)) reordering.push(element);
    }
    return { fixed, reordering };
  };
  const reorders = (container, style) => /reverse/.test(style.flexDirection + style.flexWrap) || style.gridTemplateAreas !== "none"
    || Array.from(container.children).some((child) => {
      const placed = getComputedStyle(child);
      return placed.order !== "0" || placed.gridRowStart !== "auto" || placed.gridRowEnd !== "auto";
    });

  // A notice the reader can close (a cookie notice with its button), as 2.4.11 leaves what one can dismiss
  // out: a plain button in it, and no navigation or page header (whose buttons open menus).
  const closable = (bar) => Boolean(bar.querySelector("button[type=button]"))
    && !bar.matches("header, nav, [role=banner], [role=navigation]") && !bar.querySelector("nav, [role=navigation]");
  // Bars fixed to the screen, or sticky over a long stretch of the page, across at least half its width:
  // the part of the viewport's height they cover together (where they overlap, once).
  const bars = (fixed) => {
    const height = innerHeight, width = document.documentElement.clientWidth;
    const found = [];
    for (const [element, style] of fixed) {
      if (found.some((bar) => bar.element.contains(element)) || !P.seen(element)) continue;
      if (element.closest("dialog, [role=dialog], [role=alertdialog]") || closable(element)) continue;
      const rect = element.getBoundingClientRect();
      if (Math.min(rect.right, width) - Math.max(rect.left, 0) < width / 2) continue; // a button or a badge
      let span = null;
      if (style.position === "fixed") {
        span = [Math.max(rect.top, 0), Math.min(rect.bottom, height)];
      } else if (element.parentElement && element.parentElement.getBoundingClientRect().height >= rect.height + height) {
        // Sticky: it sticks while its parent scrolls by, so only a long parent keeps it on screen.
        if (style.top !== "auto") span = [parseFloat(style.top), parseFloat(style.top) + rect.height];
        else if (style.bottom !== "auto") span = [height - parseFloat(style.bottom) - rect.height, height - parseFloat(style.bottom)];
      }
      if (span && span[1] - span[0] >= 1) found.push({ element, span: [Math.max(span[0], 0), Math.min(span[1], height)], rect, position: style.position });
    }
    let covered = 0, reached = 0;
    for (const [top, bottom] of found.map((bar) => bar.span).sort((a, b) => a[0] - b[0])) {
      covered += Math.max(0, bottom - Math.max(top, reached));
      reached = Math.max(reached, bottom);
    }
    return { viewport: height, covered, bars: found.map((bar) => ({ selector: P.selector(bar.element), rect: box(bar.rect),
      height: bar.span[1] - bar.span[0], position: bar.position })) };
  };

  // A section of content: a block holding a heading, a form or form fields (not a heading, a picture or
  // a line of meta data by itself: cards that show their picture or date above the title say the same).
  const HEADING = "h1, h2, h3, h4, h5, h6, [role=heading]";
  const headingOf = (element) => element.querySelector(HEADING);
  const section = (element) => !element.matches(HEADING) && Boolean(headingOf(element)
    || element.matches("form, fieldset") || element.querySelector("input:not([type=hidden]), select, textarea"));
  // Sections that a container shows wholly above a section before them in the source, in the same column.
  const reordered = (containers) => {
    const found = [];
    for (const container of containers) {
      const children = Array.from(container.children).filter((child) => P.seen(child)
        && !["absolute", "fixed"].includes(getComputedStyle(child).position) && section(child));
      const rects = children.map((child) => child.getBoundingClientRect());
      outer: for (let later = 1; later < children.length; later++) {
        if (!headingOf(children[later])) continue;
        for (let earlier = 0; earlier < later; earlier++) {
          const [above, below] = [rects[later], rects[earlier]];
          const shared = Math.min(above.right, below.right) - Math.max(above.left, below.left);
          if (above.bottom <= below.top + 1 && shared > Math.min(above.width, below.width) / 2) {
            found.push({ selector: P.selector(children[later]), rect: box(above), text: sample(headingOf(children[later])),
              other: sample(headingOf(children[earlier]) || children[earlier]).slice(0, 60) });
            break outer;
          }
        }
      }
    }
    return found.slice(0, 5);
  };

  // At 320 CSS px: the bars and the sections out of order, in one walk; ``P.bars``: the bars alone.
  P.narrowLayout = () => {
    const walked = walkLayout();
    return { bars: bars(walked.fixed), reordered: reordered(walked.reordering) };
  };
  P.bars = () => bars(walkLayout().fixed);

  for (const name of ["rememberWide", "narrowed", "narrowLayout", "bars"]) P[name] = P.reading(P[name]);
