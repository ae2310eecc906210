// The DeepTalk viewer, two views:
// - Interview: persona form -> POST start -> live chat over the WebSocket -> insights tabs. Only the
//   public contract is used. A finished interview's stream replays its whole transcript, which is how
//   the Panel view opens one (at a quoted message, highlighted).
// - Panel: brief form -> POST /api/panels -> progress (GET the panel every half second) -> synthesis.
// All text is set with textContent: persona, brief and model text is data, never markup.
"use strict";

const $ = (selector) => document.querySelector(selector);
const LIMITS = { name: 200, role: 200, industry: 200, background: 2000 };
const CLOSE_MEANINGS = {
  1001: "The server is restarting. Reload the page in a moment.",
  1008: "The connection was too slow and was closed.",
  4004: "This interview no longer exists.",
};
let interviewId = null;
let shown = new Set();
let finished = false;
let socket = null; // the stream followed now: frames and closes of a replaced one are ignored
let highlightId = null; // the message to scroll to and highlight when it arrives

function notice(text) {
  const box = $("#notice");
  box.textContent = text;
  box.hidden = !text;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function validate(form) {
  const persona = {};
  let ok = true;
  for (const [field, limit] of Object.entries(LIMITS)) {
    const value = form.elements[field].value;
    const error = form.querySelector(`.field-error[data-for="${field}"]`);
    error.textContent = "";
    if (!value.trim()) {
      error.textContent = "Please fill this in.";
      ok = false;
    } else if (value.length > limit) {
      error.textContent = `At most ${limit} characters.`;
      ok = false;
    }
    persona[field] = value.trim();
  }
  return ok ? persona : null;
}

async function errorText(response, fallback) {
  try {
    const body = await response.json();
    return body.message || body.error || fallback;
  } catch (_) {
    return fallback;
  }
}

async function start(event) {
  event.preventDefault();
  notice("");
  const persona = validate(event.target);
  if (!persona) return;
  $("#start").disabled = true;
  try {
    const response = await fetch("/api/interviews/start", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ persona }),
    });
    if (response.status !== 201) {
      notice(`The interview could not start: ${await errorText(response, response.statusText)}`);
      $("#start").disabled = false;
      return;
    }
    interviewId = (await response.json()).interviewId;
    $("#persona-form").hidden = true;
    $("#chat").hidden = false;
    follow(persona.name);
  } catch (_) {
    notice("The DeepTalk server cannot be reached. Is it running?");
    $("#start").disabled = false;
  }
}

function follow(customerName) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const current = new WebSocket(`${scheme}://${location.host}/api/interviews/${interviewId}/stream`);
  socket = current;
  $("#typing").hidden = false;
  current.onmessage = (event) => {
    if (current !== socket) return;
    const frame = JSON.parse(event.data);
    if (frame.type === "message") {
      const message = frame.payload;
      if (shown.has(message.id)) return; // a reconnect replays from the first message
      shown.add(message.id);
      const item = element("li", `message ${message.agent}`);
      item.dataset.id = message.id;
      item.dataset.messageId = message.id;
      item.append(element("span", "who", message.agent === "interviewer" ? "Interviewer" : customerName));
      item.append(element("span", "text", message.message));
      $("#messages").append(item);
      if (message.id === highlightId) highlight(item);
    } else if (frame.type === "complete") {
      finished = true;
      $("#typing").hidden = true;
      $("#view-insights").hidden = false;
      if (highlightId && !shown.has(highlightId)) notice(`This interview has no message ${highlightId}.`);
      else if (highlightId) $("#messages .highlight").scrollIntoView({ block: "center" }); // the page grew since
    } else if (frame.type === "error") {
      finished = true;
      $("#typing").hidden = true;
      notice(`The interview stopped: ${frame.message}. You can start another one.`);
      showFormAgain();
    }
  };
  current.onclose = (event) => {
    if (current !== socket || finished) return;
    if (CLOSE_MEANINGS[event.code]) {
      $("#typing").hidden = true;
      notice(CLOSE_MEANINGS[event.code]);
      return;
    }
    // Dropped without the end of the interview: reconnect; the stream replays and follows on.
    setTimeout(() => follow(customerName), 1000);
  };
}

function showFormAgain() {
  $("#persona-form").hidden = false;
  $("#start").disabled = false;
}

function highlight(item) {
  document.querySelectorAll("#messages .highlight").forEach((node) => node.classList.remove("highlight"));
  item.classList.add("highlight");
  item.scrollIntoView({ block: "center" });
}

function stopFollowing() {
  const previous = socket;
  socket = null;
  if (previous) previous.close();
}

// Opens a stored interview in the Interview view (its stream replays the transcript), at a message.
function openInterview(id, messageId, customerName) {
  showView("interview");
  notice("");
  highlightId = messageId || null;
  if (id === interviewId && finished) { // already shown in full: only move the highlight
    const item = highlightId && document.querySelector(`#messages [data-message-id="${CSS.escape(highlightId)}"]`);
    if (item) highlight(item);
    else if (highlightId) notice(`This interview has no message ${highlightId}.`);
    return;
  }
  stopFollowing();
  interviewId = id;
  shown = new Set();
  finished = false;
  $("#messages").replaceChildren();
  $("#persona-form").hidden = true;
  $("#insights").hidden = true;
  $("#view-insights").hidden = true;
  $("#chat").hidden = false;
  $("#new-interview").hidden = false;
  follow(customerName || "Customer");
}

function newInterview() {
  stopFollowing();
  interviewId = null;
  shown = new Set();
  finished = false;
  highlightId = null;
  notice("");
  $("#messages").replaceChildren();
  $("#chat").hidden = true;
  $("#insights").hidden = true;
  $("#new-interview").hidden = true;
  showFormAgain();
}

const TABS = [
  ["Summary and mood", (i) => [
    element("p", "summary", i.summary),
    element("p", "mood", `${i.moodEmoji} ${i.overallMood}`),
    element("p", "topics", `Topics: ${i.topicCloud.join(", ")}`),
  ]],
  ["Themes with quotes", (i) => i.themes.flatMap((t) => [
    element("h3", "", t.theme),
    element("p", "", `Tone: ${t.emotionalTone}. Underlying need: ${t.underlyingNeed}.`),
    ...t.quotes.map((q) => element("blockquote", "quote", `"${q}"`)),
  ])],
  ["Human insights", (i) => list([["Core desires", i.humanInsights.coreDesires],
    ["Fears and frustrations", i.humanInsights.fearsOrFrustrations], ["Aspirations", i.humanInsights.aspirations]])],
  ["Context", (i) => list([["When the problem is felt", i.contextualInsights.whenProblemFelt],
    ["Triggers", i.contextualInsights.triggersMoments], ["Barriers", i.contextualInsights.preventionBarriers]])],
  ["Opportunities", (i) => list([["Opportunity map", i.opportunityMap]])],
  ["Emotional journey", (i) => i.emotionalJourney.map((p) => element("p", "phase", `${p.emoji} ${p.phase}: ${p.emotion}`))],
];

function list(groups) {
  return groups.flatMap(([title, items]) => {
    const ul = element("ul");
    items.forEach((item) => ul.append(element("li", "", item)));
    return [element("h3", "", title), ul];
  });
}

function showTab(insights, index) {
  const panel = $("#tab-panel");
  panel.replaceChildren(...TABS[index][1](insights));
  document.querySelectorAll("#tabs button").forEach((button, i) => button.setAttribute("aria-selected", i === index));
}

async function viewInsights() {
  notice("");
  const response = await fetch(`/api/interviews/${interviewId}/insights`);
  if (response.status !== 200) {
    const reason = await errorText(response, response.statusText);
    notice(response.status === 503 ? "The insights are still being drawn. Try again in a few seconds."
      : `The insights could not be shown: ${reason}`);
    return;
  }
  const insights = await response.json();
  const tabs = $("#tabs");
  tabs.replaceChildren(...TABS.map(([title], index) => {
    const button = element("button", "", title);
    button.type = "button";
    button.setAttribute("role", "tab");
    button.onclick = () => showTab(insights, index);
    return button;
  }));
  $("#insights").hidden = false;
  showTab(insights, 0);
}

// -- the Panel view ------------------------------------------------------------------------
const PANEL_POLL_MS = 500;
let panelId = null; // the panel shown (and, while it runs, followed)
let panelTimer = null;
const customerNames = new Map(); // interview id -> persona name, for the transcripts a panel opens

function showView(name) {
  $("#interview-view").hidden = name !== "interview";
  $("#panel-view").hidden = name !== "panel";
  document.querySelectorAll("#views button").forEach((button) =>
    button.setAttribute("aria-selected", button.dataset.view === name));
}

function panelNotice(text) {
  const box = $("#panel-notice");
  box.textContent = text;
  box.hidden = !text;
}

// Non-blank lines, trimmed, each with its line number (1-based) for messages.
function lines(text) {
  return text.split("\n").map((line, index) => [line.trim(), index + 1]).filter(([line]) => line);
}

function parsePersonas(text) {
  const isPersona = (value) => value && typeof value === "object" && !Array.isArray(value);
  if (text.trim().startsWith("[")) { // a JSON list pasted whole is welcome too
    try {
      const list = JSON.parse(text);
      if (Array.isArray(list) && list.every(isPersona)) return list;
    } catch (_) { /* read it line by line below, for a message with a line number */ }
  }
  return lines(text).map(([line, number]) => {
    let persona;
    try {
      persona = JSON.parse(line);
    } catch (_) {
      throw new Error(`Personas, line ${number}: this is not valid JSON.`);
    }
    if (!isPersona(persona)) {
      throw new Error(`Personas, line ${number}: a JSON object is needed, with name, role, industry and background.`);
    }
    return persona;
  });
}

function parseSeeds(text) {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (!parts.length) return null; // the server's default: seed 1
  if (!parts.every((part) => /^\d+$/.test(part))) throw new Error("Seeds: whole numbers, e.g. 1 or 1,2.");
  return parts.map(Number);
}

function panelRequest(form) {
  const brief = {
    goal: form.elements.goal.value.trim(),
    hypotheses: lines(form.elements.hypotheses.value).map(([line]) => line),
  };
  const guide = lines(form.elements.guide.value).map(([line]) => line);
  if (guide.length) brief.guide = guide;
  const request = { personas: parsePersonas(form.elements.personas.value), brief };
  const seeds = parseSeeds(form.elements.seeds.value);
  if (seeds) request.options = { seeds };
  return request;
}

async function startPanel(event) {
  event.preventDefault();
  panelNotice("");
  let request;
  try {
    request = panelRequest(event.target);
  } catch (error) {
    panelNotice(error.message);
    return;
  }
  $("#start-panel").disabled = true;
  try {
    const response = await fetch("/api/panels", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request),
    });
    if (response.status !== 201) {
      panelNotice(`The panel could not start: ${await errorText(response, response.statusText)}`);
      return;
    }
    const started = await response.json();
    history.pushState(null, "", `#${new URLSearchParams({ panel: started.panelId })}`);
    openPanel(started.panelId);
  } catch (_) {
    panelNotice("The DeepTalk server cannot be reached. Is it running?");
  } finally {
    $("#start-panel").disabled = false;
  }
}

function openPanel(id) {
  showView("panel");
  if (id === panelId) return; // shown already (and followed while it runs)
  clearTimeout(panelTimer);
  panelId = id;
  panelNotice("");
  $("#panel-form").hidden = true;
  $("#synthesis").hidden = true;
  $("#new-panel").hidden = true;
  $("#panel-run").hidden = false;
  for (const list of ["#panel-hypotheses", "#panel-interviews"]) $(list).replaceChildren();
  $("#panel-goal").textContent = "";
  $("#panel-progress").textContent = "Loading the panel...";
  pollPanel(id);
}

function newPanel() {
  clearTimeout(panelTimer);
  panelId = null;
  panelNotice("");
  $("#panel-run").hidden = true;
  $("#synthesis").hidden = true;
  $("#panel-form").hidden = false;
  if (new URLSearchParams(location.hash.slice(1)).get("panel")) history.pushState(null, "", location.pathname);
}

async function pollPanel(id) {
  let response;
  try {
    response = await fetch(`/api/panels/${encodeURIComponent(id)}`);
  } catch (_) {
    if (id !== panelId) return;
    panelNotice("The DeepTalk server cannot be reached. Trying again...");
    panelTimer = setTimeout(() => pollPanel(id), 2000);
    return;
  }
  if (id !== panelId) return;
  if (response.status !== 200) {
    $("#panel-progress").textContent = "";
    panelNotice(`The panel cannot be shown: ${await errorText(response, response.statusText)}`);
    $("#new-panel").hidden = false;
    return;
  }
  const panel = await response.json();
  if (id !== panelId) return;
  panelNotice("");
  renderPanel(panel);
  if (panel.status === "running") {
    panelTimer = setTimeout(() => pollPanel(id), PANEL_POLL_MS);
    return;
  }
  $("#new-panel").hidden = false;
  if (panel.status === "failed") {
    panelNotice(`The panel failed: ${panel.failure || "its interviews could not go on"}.`);
    return;
  }
  showSynthesis(id);
}

function renderPanel(panel) {
  const goal = $("#panel-goal");
  goal.replaceChildren(element("strong", "", "Goal: "), element("span", "", panel.brief.goal));
  $("#panel-hypotheses").replaceChildren(...panel.brief.hypotheses.map((h) => {
    const item = element("li");
    item.append(element("span", "hyp-id", h.id), element("span", "", ` ${h.text}`));
    return item;
  }));
  const { total, completed, failed } = panel.progress;
  $("#panel-progress").textContent = `${completed} of ${total} interviews completed${failed ? `, ${failed} failed` : ""}`;
  $("#panel-interviews").replaceChildren(...panel.interviews.map((interview) => {
    const item = element("li", `panel-interview status-${interview.status}`);
    item.dataset.interview = interview.interviewId || "";
    if (interview.interviewId) customerNames.set(interview.interviewId, interview.persona.name);
    const name = interview.status === "completed"
      ? interviewLink(interview.interviewId, null, interview.persona.name, "interview-link")
      : element("span", "persona-name", interview.persona.name);
    item.append(name, element("span", "meta", `${interview.persona.role}, seed ${interview.seed}`),
      element("span", "status", interview.status));
    return item;
  }));
}

function interviewHref(id, messageId) {
  const params = { interview: id };
  if (messageId) params.message = messageId;
  return `#${new URLSearchParams(params)}`;
}

function interviewLink(id, messageId, text, className) {
  const link = element("a", className, text);
  link.href = interviewHref(id, messageId);
  link.dataset.interview = id;
  if (messageId) link.dataset.message = messageId;
  return link;
}

async function showSynthesis(id) {
  let response;
  try {
    response = await fetch(`/api/panels/${encodeURIComponent(id)}/synthesis`);
  } catch (_) {
    panelNotice("The DeepTalk server cannot be reached. Is it running?");
    return;
  }
  if (id !== panelId) return;
  if (response.status !== 200) {
    panelNotice(`The synthesis cannot be shown: ${await errorText(response, response.statusText)}`);
    return;
  }
  const synthesis = await response.json();
  if (id !== panelId) return;
  renderSynthesis(synthesis);
}

const verdictClass = (verdict) => `v-${String(verdict).replace(/\s+/g, "-")}`;

function quoteBlock(quote, stance) {
  const block = element("blockquote", stance ? `panel-quote ${stance}` : "panel-quote");
  block.append(interviewLink(quote.interviewId, quote.messageId, `\u201c${quote.quote}\u201d`, "quote-link"));
  block.append(element("cite", "", ` \u2014 ${quote.persona}${stance ? `, ${stance}` : ""}`));
  return block;
}

function bar(kind, count, most, label) {
  const line = element("div", "bar-line");
  const track = element("span", "track");
  const fill = element("span", `bar bar-${kind}`);
  fill.dataset.count = count;
  fill.style.width = `${most ? (100 * count) / most : 0}%`;
  track.append(fill);
  line.append(track, element("span", "bar-count", `${count} ${label}`));
  return line;
}

function renderSynthesis(synthesis) {
  $("#synthesis-banner").textContent = synthesis.banner;
  const most = Math.max(1, synthesis.interviews.length);
  $("#chart").replaceChildren(...synthesis.hypotheses.map((h) => {
    const row = element("div", "chart-row");
    row.dataset.hypothesis = h.id;
    const label = element("div", "chart-label");
    label.append(element("span", "hyp-id", h.id), element("span", "", ` ${h.text}`));
    row.append(label, bar("supports", h.supporting, most, "supporting"),
      bar("contradicts", h.contradicting, most, "contradicting"));
    return row;
  }));
  $("#synthesis-hypotheses").replaceChildren(...synthesis.hypotheses.map((h) => {
    const card = element("div", `hyp ${verdictClass(h.verdict)}`);
    card.dataset.hypothesis = h.id;
    const title = element("h4");
    title.append(element("span", "hyp-id", h.id), element("span", "", ` ${h.text} `),
      element("span", `verdict ${verdictClass(h.verdict)}`, h.verdict));
    card.append(title, element("p", "meta", h.summary));
    h.evidence.forEach((quote) => card.append(quoteBlock(quote, quote.stance)));
    return card;
  }));
  $("#synthesis-themes").replaceChildren(...(synthesis.themes.length ? synthesis.themes.map((theme) => {
    const card = element("div", "theme");
    const personas = theme.personas === 1 ? "1 persona" : `${theme.personas} personas`;
    const interviews = theme.interviews === 1 ? "1 interview" : `${theme.interviews} interviews`;
    card.append(element("h4", "", theme.theme), element("p", "meta", `Raised in ${interviews} by ${personas}.`));
    theme.quotes.forEach((quote) => card.append(quoteBlock(quote)));
    return card;
  }) : [element("p", "meta", "No theme came up.")]));
  $("#synthesis-flags").replaceChildren(...(synthesis.flags.length ? synthesis.flags.map((flag) => {
    const item = element("li", "flag");
    item.dataset.flag = flag.flag;
    item.append(element("code", "", flag.flag), element("span", "", ` ${flag.message}`));
    return item;
  }) : [element("li", "meta", "None.")]));
  $("#synthesis").hidden = false;
}

// #interview=<id>&message=msg-004 opens an interview at a message; #panel=<id> a panel.
function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  const interview = params.get("interview");
  if (interview) openInterview(interview, params.get("message"), customerNames.get(interview));
  else if (params.get("panel")) openPanel(params.get("panel"));
}

$("#persona-form").addEventListener("submit", start);
$("#view-insights").addEventListener("click", viewInsights);
$("#new-interview").addEventListener("click", newInterview);
$("#panel-form").addEventListener("submit", startPanel);
$("#new-panel").addEventListener("click", newPanel);
document.querySelectorAll("#views button").forEach((button) =>
  button.addEventListener("click", () => showView(button.dataset.view)));
document.addEventListener("click", (event) => { // links to a panel's interviews (and their quotes)
  const link = event.target.closest("a[data-interview]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  if (location.hash !== link.getAttribute("href")) history.pushState(null, "", link.getAttribute("href"));
  openInterview(link.dataset.interview, link.dataset.message, customerNames.get(link.dataset.interview));
});
window.addEventListener("hashchange", route);
route();
