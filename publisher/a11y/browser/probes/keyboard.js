// Part of the browser stage's probes: the Tab walk, focus looks, things only a mouse reaches, scroll
// boxes, and ARIA parents in shadow DOM.
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
    "background-image", "color", "text-decoration-line", "text-decoration-thickness", "transform", "filter",
    "stroke", "stroke-width"];
  // How an element and what shows its focus look: itself, its parent, its first child, its pseudo-elements
  // (an SVG link shows focus on the shape inside it: stroke and stroke-width).
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

  // Starts a keyboard walk: remembers each tabbable element's look and logs every focus change. Where Tab
  // brings the focus, what shows is noted before the next press moves it on (after the page's own focus
  // handlers ran), so that the focus report need not focus that element again.
  P.startWalk = () => {
    const tabbables = P.tabbables();
    P.walk = { tabbables, looks: new Map(tabbables.map((element) => [element, look(element)])), log: [], shown: new Map(),
      left: [], focusing: null };
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    document.addEventListener("focusin", (event) => P.walk && P.walk.log.push(event.composedPath()[0]), true);
    window.addEventListener("keydown", (event) => event.key === "Tab" && noteFocused(), true);
    // A script that leaves the page when an element gets the focus (3.2.1): the navigation is cancelled,
    // so the walk and the measurements go on in this page, and noted with the element focused.
    document.addEventListener("focus", (event) => { P.walk.focusing = event.target; }, true);
    document.addEventListener("blur", () => { P.walk.focusing = null; }, true);
    if (window.navigation) window.navigation.addEventListener("navigate", (event) => {
      if (!P.walk || !event.cancelable || event.destination.sameDocument || !P.walk.focusing || P.walk.focusing.nodeType !== 1) return;
      event.preventDefault();
      const url = new URL(event.destination.url);
      P.walk.left.push({ selector: P.selector(P.walk.focusing), url: url.origin === location.origin ? url.pathname + url.search : url.href });
    });
    // Media controls and frames hold several Tab stops of their own: allow for them in the walk.
    const nested = tabbables.filter((element) => ["audio", "video"].includes(element.localName) || element.shadowRoot).length
      + document.querySelectorAll("iframe, object, embed").length;
    return tabbables.length + 2 + 8 * nested;
  };
  // The focus report's entry for the tabbable element that has the focus now, if it has none yet.
  const noteFocused = () => {
    const walk = P.walk, element = document.activeElement;
    if (!walk || !walk.looks.has(element) || walk.shown.has(element)) return;
    if (walk.fixed === undefined) walk.fixed = P.hasFixed();
    walk.shown.set(element, focusEntry(element, walk.looks.get(element), walk.fixed, true));
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

  // What shows while ``element`` has the focus: whether it has it, looks different from ``before`` (its
  // look without focus; null: not compared), its indicator's contrast, and what covers it (``covers``).
  // Null when none of it is a finding: focus kept and shown (when compared), indicator at 3:1, uncovered.
  const focusEntry = (element, before, covers, withIndicator) => {
    const active = document.activeElement;
    const focused = active === element || element.contains(active) || (active && active.shadowRoot && active.contains(element));
    const cover = focused && covers ? coveredBy(element) : null;
    const changed = Boolean(focused && before !== null && look(element) !== before);
    const shown = focused && withIndicator ? indicator(element) : null;
    if (!((before !== null && !changed) || (shown && shown.ratio < 3) || cover)) return null;
    return {
      selector: P.selector(element),
      rect: box(element.getBoundingClientRect()),
      focused: Boolean(focused),
      changed,
      indicator: shown,
      coveredBy: cover ? P.selector(cover) : null,
    };
  };

  // Focuses every tabbable element in turn (as Tab does, scrolling it into view) and reports where
  // focus does not show, or shows too faintly, or is covered (``focusEntry``); forwards, the entries the
  // Tab walk noted are taken as they are.
  // ``backwards``: only where sticky content covers (Shift+Tab brings elements in from the top);
  // ``indicatorsOnly``: only the contrast of the focus outline (dark mode).
  P.focusReport = (backwards, indicatorsOnly) => {
    const walk = P.walk || { tabbables: P.tabbables(), looks: new Map(), shown: new Map() };
    const noted = backwards || indicatorsOnly ? new Map() : walk.shown;
    if (noted === walk.shown) noteFocused(); // where the walk ended: no Tab press came after it
    const fixed = !indicatorsOnly && P.hasFixed(); // only what covers the focus asks for it
    if (backwards && !fixed) return [];
    const order = backwards ? walk.tabbables.slice().reverse() : walk.tabbables;
    const results = [];
    for (const element of order.slice(0, 400)) {
      if (noted.has(element)) {
        if (noted.get(element)) results.push(noted.get(element));
        continue;
      }
      const before = indicatorsOnly || backwards ? null : walk.looks.get(element) ?? look(element);
      // The outline alone does not depend on where the page is scrolled to: it is not scrolled there.
      element.focus({ focusVisible: true, preventScroll: Boolean(indicatorsOnly) });
      const entry = focusEntry(element, before, fixed && !indicatorsOnly, !backwards);
      if (entry) results.push(entry);
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
        rtl: getComputedStyle(element).direction === "rtl",
        expected: walk.tabbables.includes(element),
      })),
      left: walk.left,
    };
  };

  // An item of a composite widget (tabs, listbox, menu, tree, grid, toolbar) taken out of the Tab order
  // while another item of the same widget is in it ("roving tabindex") or the widget points at the active
  // item: the arrow keys move between the items, as the ARIA patterns describe.
  const COMPOSITE = "[role=tablist], [role=listbox], [role=menu], [role=menubar], [role=tree], [role=treegrid], [role=grid], [role=radiogroup], [role=toolbar]";
  const roving = (element, role) => {
    const widget = role ? element.closest(COMPOSITE) : null;
    if (!widget) return false;
    if (widget.hasAttribute("aria-activedescendant") && widget.tabIndex >= 0) return true;
    // A popup a combobox (or other focusable element) controls and points into with aria-activedescendant.
    if (widget.id && Array.from(document.querySelectorAll("[aria-activedescendant]")).some((owner) => owner.tabIndex >= 0
      && `${owner.getAttribute("aria-controls") || ""} ${owner.getAttribute("aria-owns") || ""}`.split(/\s+/).includes(widget.id))) return true;
    return Array.from(widget.querySelectorAll(`[role=${CSS.escape(role)}]`)).some((item) => item !== element && item.tabIndex >= 0);
  };

  // Elements a mouse user can click that the keyboard never reaches (role or handler without focus).
  P.clickables = () => {
    const found = [];
    for (const element of document.body ? document.body.querySelectorAll("*") : []) {
      if (element.tabIndex >= 0 || element.closest("a[href], button, label, summary, select, [tabindex]") !== element && element.closest("a[href], button, label, summary, select")) continue;
      // What makes it clickable first (cheap), then whether it is seen and has no control inside.
      const role = element.getAttribute("role");
      const handler = element.hasAttribute("onclick") || element.hasAttribute("onkeydown") || element.hasAttribute("onmousedown");
      const pointer = getComputedStyle(element).cursor === "pointer"
        && getComputedStyle(element.parentElement || element).cursor !== "pointer";
      if (!((role && INTERACTIVE_ROLES.has(role)) || handler || pointer)) continue;
      if (element.matches(":disabled") || !P.seen(element)) continue;
      // A label of a field the keyboard reaches: Tab goes to the field, Space ticks it.
      if (element.tagName === "LABEL" && element.control && element.control.tabIndex >= 0 && P.seen(element.control)) continue;
      // A clickable card around a link or button: the keyboard uses the control inside.
      if (Array.from(element.querySelectorAll(TABBABLE)).some((inner) => inner.tabIndex >= 0)) continue;
      if (roving(element, role)) continue;
      found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), role, handler, pointer, text: sample(element) });
    }
    return found.slice(0, 50);
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

