// Part of the browser stage's probes: text contrast (pictures included) and form field boundaries.
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
  // The contrast a text needs by its size and weight: 4.5:1 (7:1 at level AAA), large text 3:1 (4.5:1).
  const thresholds = (style) => {
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    return { size, bold, needed: large ? 3 : 4.5, enhanced: large ? 4.5 : 7 };
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
      const { size, bold, needed, enhanced } = thresholds(style);
      const shadow = style.textShadow && style.textShadow !== "none" ? P.rgba((/rgba?\([^)]*\)/.exec(style.textShadow) || [style.color])[0]) : null;
      const back = behind(element, rect);
      // Described (selector, text) only when reported: most text passes.
      const item = () => ({ selector: P.selector(element), text: sample(element), rect: box(rect), color, needed, enhanced, size, bold });
      if (back.image) {
        if (shadow && shadow[3] >= 1 && P.contrast(over(color, shadow), shadow) >= enhanced) continue;
        overImages.push(item());
        continue;
      }
      const text = over(color, back.color);
      const ratio = P.contrast(text, back.color);
      if (ratio < 1.05 || ratio >= enhanced) continue; // text in its background's colour is not meant to be read
      if (shadow && shadow[3] >= 1 && P.contrast(text, shadow) >= enhanced) continue;
      failing.push({ ...item(), background: back.color, ratio });
    }
    return { failing: failing.concat(placeholderContrast()), overImages };
  };
  // Placeholder text is text too (1.4.3), painted in the ::placeholder style while the field is empty.
  const placeholderContrast = () => {
    const failing = [];
    for (const element of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
      if (element.value || !LETTER.test(element.placeholder) || disabled(element) || !P.seen(element)) continue;
      const style = getComputedStyle(element, "::placeholder");
      const rect = element.getBoundingClientRect();
      const back = behind(element, rect);
      if (back.image) continue;
      const own = P.rgba(style.color);
      const color = over([own[0], own[1], own[2], own[3] * parseFloat(style.opacity || "1") * opacity(element)], back.color);
      const ratio = P.contrast(color, back.color);
      const { size, bold, needed, enhanced } = thresholds(style);
      if (ratio >= enhanced) continue;
      const text = element.placeholder.trim().replace(/\s+/g, " ").slice(0, 80);
      failing.push({ selector: P.selector(element), text, rect: box(rect), color, needed, enhanced, size, bold, background: back.color, ratio });
    }
    return failing;
  };
  // Makes every text transparent, so a screenshot shows only what lies behind it (undone by restoreText).
  P.hideText = () => {
    const style = document.createElement("style");
    style.id = "__publisher-hide-text";
    style.textContent = "*, *::before, *::after { color: transparent !important; -webkit-text-fill-color: transparent !important; text-shadow: none !important; caret-color: transparent !important; }";
    document.documentElement.appendChild(style);
  };
  P.restoreText = () => document.getElementById("__publisher-hide-text")?.remove();

  // 1.4.11: form fields whose boundary does not stand out from what is around them.
  // The colours the page's style sheets give a restyled range slider's track and thumb (pseudo-elements
  // that computed styles do not show): their backgrounds and borders, the parts a reader sees.
  const SLIDER_PARTS = /::?(-webkit-slider-runnable-track|-webkit-slider-thumb|-moz-range-track|-moz-range-thumb|-moz-range-progress)/;
  const sliderColours = (element) => {
    const colours = [];
    const visit = (rules) => {
      for (const rule of Array.from(rules || [])) {
        if (rule.cssRules) visit(rule.cssRules);
        if (!rule.selectorText || !rule.style) continue;
        for (const selector of rule.selectorText.split(",")) {
          if (!SLIDER_PARTS.test(selector)) continue;
          let matches = false;
          try { matches = element.matches(selector.replace(new RegExp(SLIDER_PARTS.source, "g"), "").trim() || "*"); } catch (error) { matches = false; }
          if (!matches) continue;
          for (const name of ["background-color", "border-top-color", "border-color"]) {
            const value = rule.style.getPropertyValue(name);
            if (value && !/transparent|inherit|initial|currentcolor/i.test(value)) colours.push(P.rgba(value));
          }
          const shorthand = /#[0-9a-f]{3,8}\b|rgba?\([^)]*\)/i.exec(rule.style.getPropertyValue("background") || "");
          if (shorthand) colours.push(P.rgba(shorthand[0]));
        }
      }
    };
    for (const sheet of document.styleSheets) {
      try { visit(sheet.cssRules); } catch (error) { /* a sheet that cannot be read */ }
    }
    return colours.filter(Boolean);
  };
  P.fieldBoundaries = () => {
    const found = [];
    for (const element of document.querySelectorAll("input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea")) {
      if (element.matches(":disabled") || !P.seen(element)) continue;
      const style = getComputedStyle(element);
      const native = ["checkbox", "radio", "range", "color", "file"].includes(element.type);
      if (native && style.appearance !== "none") continue;
      const around = behind(element.parentElement || element).color || canvasColor();
      if (element.type === "range") {
        // What shows of a restyled slider is its track and thumb: the better of them stands out, or not.
        const parts = sliderColours(element);
        if (!parts.length) continue;
        const ratio = Math.max(...parts.map((colour) => P.contrast(over(colour, around), around)));
        if (ratio < 3) found.push({ selector: P.selector(element), rect: box(element.getBoundingClientRect()), ratio, background: around });
        continue;
      }
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

