// Search in the browser, over the static index under search/ (its format: disclosure/search_export.py).
// A query fetches meta.json, the shards of its own characters and the result files of the page it shows.
// The search page is a plain GET form; this script shows the results in place and keeps the query in the URL.

const FILTERS = ["agency", "kind", "year", "status"];
const MAX_WORD = 16; // longer words than this are not looked for when segmenting a query
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;
const BRACKETS = { "〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "［": "(", "］": ")",
  "（": "(", "）": ")", "﹝": "(", "﹞": ")", "⦅": "(", "⦆": ")" };

const results = document.getElementById("search-results");
const roots = document.querySelector("[data-search-root]"); // the search page's results, or the certificate lookup
const dataRoot = new URL(roots ? roots.dataset.searchRoot : "search/", document.baseURI);
const siteRoot = new URL(roots ? roots.dataset.siteRoot : "./", document.baseURI);
const loaded = new Map();
let metaPromise = null;

// ---- the files ----

function meta() {
  metaPromise = metaPromise || fetch(new URL("meta.json", dataRoot), { cache: "no-cache" }).then((response) => {
    if (!response.ok) throw new Error(`meta.json: ${response.status}`);
    return response.json();
  });
  return metaPromise;
}

async function file(path, as) {
  if (!loaded.has(path)) {
    const promise = meta().then(async (m) => {
      const response = await fetch(new URL(`${path}?v=${m.generation}`, dataRoot));
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return as === "json" ? response.json() : new Uint8Array(await response.arrayBuffer());
    });
    promise.catch(() => loaded.delete(path)); // a failed file is asked for again next time
    loaded.set(path, promise);
  }
  return loaded.get(path);
}

async function wordShard(term) {
  const m = await meta();
  return file(`w/${term.codePointAt(0) % m.wordShards}.json`, "json");
}

async function postings(encoded) {
  if (encoded === undefined) return [];
  const bytes = encoded[0] === "@" ? await file(`p/${encoded.slice(1)}.bin`)
    : Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  return decode(bytes);
}

// 'd' + LEB128 gaps, or 'b' + a bitmap: record numbers, ascending.
export function decode(bytes) {
  const numbers = [];
  if (bytes[0] === 100) {
    let number = -1;
    for (let i = 1; i < bytes.length;) {
      let gap = 0, scale = 1, byte;
      do { byte = bytes[i++]; gap += (byte & 127) * scale; scale *= 128; } while (byte & 128);
      number += gap + 1;
      numbers.push(number);
    }
  } else {
    for (let i = 1; i < bytes.length; i++) {
      for (let bits = bytes[i]; bits; bits &= bits - 1) numbers.push((i - 1) * 8 + 31 - Math.clz32(bits & -bits));
    }
  }
  return numbers;
}

// ---- the analysis, as the index was analysed ----

export function normalizeIdentifier(text) {
  const folded = Array.from(text.normalize("NFKC"), (c) => BRACKETS[c] || c).join("");
  return folded.replace(/\s+/gu, "").toUpperCase();
}

// Within each space-separated part, as the index made them from each name.
export function bigrams(text) {
  const grams = [];
  for (const part of text.split(/\s+/u).filter(Boolean)) {
    const letters = Array.from(normalizeIdentifier(part).toLowerCase()).filter((c) => WORD_CHARACTER.test(c));
    if (letters.length === 1) grams.push(letters[0]);
    for (let i = 1; i < letters.length; i++) grams.push(letters[i - 1] + letters[i]);
  }
  return grams;
}

// Forward maximum matching against the index's own vocabulary (the words jieba found in the records).
export async function segment(text) {
  const words = [];
  for (const run of text.toLowerCase().match(/[\p{L}\p{N}\p{M}_]+/gu) || []) {
    const characters = Array.from(run);
    for (let i = 0; i < characters.length;) {
      const vocabulary = (await wordShard(characters[i])).w;
      let length = Math.min(MAX_WORD, characters.length - i);
      while (length > 1 && !(characters.slice(i, i + length).join("") in vocabulary)) length--;
      words.push(characters.slice(i, i + length).join(""));
      i += length;
    }
  }
  return words;
}

function intersect(lists) {
  if (!lists.length) return [];
  lists.sort((a, b) => a.length - b.length);
  let result = lists[0];
  for (const other of lists.slice(1)) {
    const members = new Set(other);
    result = result.filter((n) => members.has(n));
  }
  return result;
}

function union(a, b) {
  return Array.from(new Set([...a, ...b])).sort((x, y) => x - y);
}

async function byIdentifier(query) {
  const identifier = normalizeIdentifier(query);
  if (!/\d/.test(identifier)) return []; // every 文书号, 信用代码, 证号 and 编码 holds a digit
  const m = await meta();
  const shard = await file(`i/${crc32(identifier) % m.idShards}.json`, "json");
  return postings(shard.i[identifier]);
}

async function byName(query) {
  const grams = bigrams(query);
  if (!grams.length) return [];
  const lists = await Promise.all(grams.map(async (gram) => postings((await wordShard(gram)).n[gram])));
  return intersect(lists);
}

async function byWords(query) {
  const words = await segment(query);
  if (!words.length) return [];
  const lists = await Promise.all(words.map(async (word) => {
    const shard = await wordShard(word);
    return union(await postings(shard.w[word]), await postings(shard.n[word]));
  }));
  return intersect(lists);
}

// A 执法证号's verification page (or its notice), or null: the identifier shards, as the search page reads them.
export async function certificateUrl(text) {
  const m = await meta();
  for (const number of await byIdentifier(text)) {
    const chunk = await file(`r/${Math.floor(number / m.chunkSize)}.json`, "json");
    const [, cell, , url] = chunk[number % m.chunkSize];
    if (m.kinds[m.cells[cell][1]][0] === "officers") return new URL(url, siteRoot).href;
  }
  return null;
}

// ---- a query, its facets and its page ----

// Identifier matches alone when there are any (a 文书号 names its decision); otherwise records whose names hold
// the query, then records holding its words. Each group newest first: the highest record numbers.
export async function find(query, filters = {}, page = 1) {
  const m = await meta();
  const exact = await byIdentifier(query);
  const tiers = exact.length ? [exact] : await Promise.all([byName(query), byWords(query)]);
  const seen = new Set();
  const ordered = [];
  for (const tier of tiers) {
    for (let i = tier.length - 1; i >= 0; i--) {
      if (!seen.has(tier[i])) { seen.add(tier[i]); ordered.push(tier[i]); }
    }
  }
  const filtering = FILTERS.some((name) => filters[name]);
  const cellOf = ordered.length > m.pageSize || filtering ? await cellReader(m) : await rowCells(m, ordered);
  const wanted = FILTERS.filter((name) => filters[name]);
  const matching = wanted.length ? ordered.filter((n) => wanted.every((name) => facetValue(m, name, n, cellOf) === filters[name])) : ordered;
  const pages = Math.max(1, Math.ceil(matching.length / m.pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const shown = matching.slice((current - 1) * m.pageSize, current * m.pageSize);
  const rows = await Promise.all(shown.map((n) => row(m, n)));
  return {
    query, total: matching.length, page: current, pages, pageSize: m.pageSize, exact: exact.length > 0,
    hits: rows.map((r) => ({ ...r, exact: exact.length > 0 })),
    facets: facets(m, matching, cellOf),
  };
}

async function row(m, number) {
  const chunk = await file(`r/${Math.floor(number / m.chunkSize)}.json`, "json");
  const [title, cell, date, url, summary] = chunk[number % m.chunkSize];
  const [agency, kind, status] = m.cells[cell];
  return { number, title, date, summary, url: new URL(url, siteRoot).href, agency: m.agencies[agency][1],
    kind: m.kinds[kind][1], status: m.statuses[status] };
}

async function cellReader(m) {
  const bytes = await file("cells.bin");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return m.cellBytes === 1 ? (n) => view.getUint8(n) : (n) => view.getUint16(2 * n, true);
}

// A handful of matches: their cells come with the rows the page shows anyway, and cells.bin is not needed.
async function rowCells(m, numbers) {
  const cells = new Map();
  await Promise.all(numbers.map(async (n) => {
    const chunk = await file(`r/${Math.floor(n / m.chunkSize)}.json`, "json");
    cells.set(n, chunk[n % m.chunkSize][1]);
  }));
  return (n) => cells.get(n);
}

function yearOf(m, number) {
  const range = m.years.find(([, start, end]) => number >= start && number < end);
  return range ? range[0] : "";
}

function facetValue(m, name, number, cellOf) {
  if (name === "year") return yearOf(m, number);
  const [agency, kind, status] = m.cells[cellOf(number)];
  if (name === "agency") return m.agencies[agency][0];
  if (name === "kind") return m.kinds[kind][0];
  return m.statuses[status];
}

function facets(m, numbers, cellOf) {
  const counts = { agency: new Map(), kind: new Map(), year: new Map(), status: new Map() };
  const cellCounts = new Map();
  for (const n of numbers) cellCounts.set(cellOf(n), (cellCounts.get(cellOf(n)) || 0) + 1);
  for (const [cell, count] of cellCounts) {
    const [agency, kind, status] = m.cells[cell];
    add(counts.agency, m.agencies[agency][0], count);
    add(counts.kind, m.kinds[kind][0], count);
    add(counts.status, m.statuses[status], count);
  }
  for (const [year, start, end] of m.years) {
    const count = countBetween(numbers, start, end);
    if (count) counts.year.set(year, count);
  }
  return counts;
}

function add(map, key, count) { map.set(key, (map.get(key) || 0) + count); }

function countBetween(numbers, start, end) {
  let count = 0;
  for (const n of numbers) if (n >= start && n < end) count++;
  return count;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(text) {
  let crc = 0xFFFFFFFF;
  for (const byte of new TextEncoder().encode(text)) crc = CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >>> 8);
  return (crc ^ 0xFFFFFFFF) >>> 0;
}

// ---- the page ----

const FACET_HEADINGS = { kind: "信息类别", agency: "执法机关", year: "年份", status: "状态" };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function searchHref(params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  return `?${query}`;
}

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  return { query: (params.get("q") || "").trim(), filters, page: Number(params.get("page")) || 1 };
}

function facetLabel(m, name, value) {
  if (name === "agency") return (m.agencies.find(([slug]) => slug === value) || [value, value])[1];
  if (name === "kind") return (m.kinds.find(([kind]) => kind === value) || [value, value])[1];
  return name === "year" ? `${value}年` : value;
}

function renderFacets(m, found, state) {
  const nav = element("nav", { class: "search-facets", "aria-label": "筛选查询结果" });
  for (const name of ["kind", "agency", "year", "status"]) {
    const counts = found.facets[name];
    const active = state.filters[name];
    if (!counts.size && !active) continue;
    const list = element("ul");
    const entries = [...counts].sort((a, b) => (name === "year" ? b[0].localeCompare(a[0]) : b[1] - a[1]));
    for (const [value, count] of entries) {
      const href = searchHref({ q: state.query, ...state.filters, [name]: value });
      const link = element("a", { href }, facetLabel(m, name, value), element("span", { class: "count" }, `（${count}）`));
      if (active === value) link.setAttribute("aria-current", "true");
      list.append(element("li", {}, link));
    }
    if (active) {
      list.append(element("li", {}, element("a", { href: searchHref({ q: state.query, ...state.filters, [name]: "" }) },
        `不限${FACET_HEADINGS[name]}`)));
    }
    nav.append(element("section", { class: "facet" }, element("h2", {}, FACET_HEADINGS[name]), list));
  }
  return nav;
}

function renderHits(found) {
  const list = element("ol", { class: "search-hits", start: String((found.page - 1) * found.pageSize + 1) });
  for (const hit of found.hits) {
    const facts = [hit.agency, hit.kind, hit.date, hit.status].filter(Boolean).join(" · ");
    list.append(element("li", {},
      element("h3", {}, element("a", { href: hit.url }, hit.title || "（无标题）")),
      hit.exact ? element("p", { class: "exact" }, "编号完全匹配") : null,
      element("p", { class: "hit-facts" }, facts),
      hit.summary ? element("p", { class: "hit-summary" }, hit.summary) : null));
  }
  return list;
}

function renderPages(found, state) {
  if (found.pages < 2) return null;
  const list = element("ul");
  const link = (page, text, label) => element("a", { href: searchHref({ q: state.query, ...state.filters, page }),
    "aria-label": label || `第${page}页` }, text);
  if (found.page > 1) list.append(element("li", {}, link(found.page - 1, "上一页", "上一页")));
  const first = Math.max(1, found.page - 4);
  for (let page = first; page <= Math.min(found.pages, first + 9); page++) {
    const item = link(page, String(page));
    if (page === found.page) item.setAttribute("aria-current", "page");
    list.append(element("li", {}, item));
  }
  if (found.page < found.pages) list.append(element("li", {}, link(found.page + 1, "下一页", "下一页")));
  return element("nav", { class: "pagination", "aria-label": "查询结果分页" }, list);
}

let latest = 0;

async function show(state, focus) {
  const status = document.getElementById("search-status");
  const browse = document.querySelector(".search-browse");
  const input = document.getElementById("search-page");
  input.value = state.query;
  results.replaceChildren();
  const ticket = ++latest;
  const finish = (outcome) => { results.dataset.state = outcome; };
  if (!state.query) { status.textContent = ""; browse.hidden = false; finish("idle"); return; }
  finish("searching");
  status.textContent = "正在查询……";
  try {
    const m = await meta();
    const found = await find(state.query, state.filters, state.page);
    if (ticket !== latest) return;
    document.title = `“${state.query}”的查询结果 - ${document.title.split(" - ").pop()}`;
    if (!found.total) {
      status.textContent = `没有找到与“${state.query}”相关的公示信息。请检查输入，或换用较短的名称、关键词，也可以按类别浏览。`;
      browse.hidden = false;
      finish("empty");
      return;
    }
    const filtered = FILTERS.some((name) => state.filters[name]) ? "（已筛选）" : "";
    status.textContent = `找到 ${found.total} 条与“${state.query}”相关的公示信息${filtered}，第 ${found.page}/${found.pages} 页。`;
    browse.hidden = true;
    results.append(renderFacets(m, found, state), element("div", { class: "search-list" }, renderHits(found),
      renderPages(found, state)));
    finish("found");
    if (focus) status.focus();
  } catch (error) {
    if (ticket !== latest) return;
    status.textContent = "查询暂时无法完成，请稍后再试，或按类别浏览。";
    browse.hidden = false;
    finish("failed");
  }
}

function navigate(href) {
  history.pushState(null, "", href);
  show(stateFromUrl(), true);
}

if (results) {
  const form = document.querySelector("form.search-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate(searchHref({ q: document.getElementById("search-page").value.trim() }));
  });
  results.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='?']");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    navigate(link.getAttribute("href"));
  });
  window.addEventListener("popstate", () => show(stateFromUrl(), false));
  show(stateFromUrl(), false);
}

// ---- the certificate lookup on the officers' listings ----

const lookup = document.getElementById("certificate-lookup");

async function lookUp(event) {
  event.preventDefault();
  const status = document.getElementById("certificate-status");
  const typed = document.getElementById("certificate-number").value.trim();
  if (!typed) { status.textContent = "请输入执法证号。"; return; }
  lookup.dataset.state = "searching";
  status.textContent = "正在查询……";
  try {
    const url = await certificateUrl(typed);
    if (url) { lookup.dataset.state = "found"; location.assign(url); return; }
    const message = document.getElementById("certificate-unknown").content.cloneNode(true);
    message.querySelector(".typed").textContent = typed;
    status.replaceChildren(message);
    lookup.dataset.state = "unknown";
  } catch (error) {
    status.textContent = "查询暂时无法完成，请稍后再试，或打开下面的全部执法证号索引查找。";
    lookup.dataset.state = "failed";
  }
  status.focus();
}

if (lookup) lookup.addEventListener("submit", lookUp);
