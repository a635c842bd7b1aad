// The search page: Pagefind's static index, results as a list of links, their number announced politely.
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const text = form.dataset;
const SHOWN = 50;
let engine = null;

async function pagefind() {
  if (engine === null) {
    engine = await import("../pagefind/pagefind.js");
    await engine.options({ baseUrl: text.base });
  }
  return engine;
}

// Excerpts come as HTML with <mark>; only their text is shown, never their markup.
function plain(html) {
  return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
}

function result(page) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  const excerpt = document.createElement("p");
  excerpt.textContent = plain(page.excerpt);
  item.append(link, excerpt);
  return item;
}

function summary(count, query) {
  const template = count === 0 ? text.none : count === 1 ? text.one : text.many;
  const found = template.replace("{count}", String(count)).replace("{query}", query);
  return count > SHOWN ? `${found} ${text.more.replace("{shown}", String(SHOWN))}` : found;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = text.searching;
  try {
    const search = await (await pagefind()).search(query);
    const pages = await Promise.all(search.results.slice(0, SHOWN).map((found) => found.data()));
    list.append(...pages.map(result));
    status.textContent = summary(search.results.length, query);
  } catch (error) {
    status.textContent = text.unavailable;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  run(query);
});

const initial = new URLSearchParams(window.location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
