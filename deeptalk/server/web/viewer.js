// The DeepTalk viewer: persona form -> POST start -> live chat over the WebSocket -> insights tabs.
// Only the public contract is used. All text is set with textContent: persona text is data.
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
  const socket = new WebSocket(`${scheme}://${location.host}/api/interviews/${interviewId}/stream`);
  $("#typing").hidden = false;
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "message") {
      const message = frame.payload;
      if (shown.has(message.id)) return; // a reconnect replays from the first message
      shown.add(message.id);
      const item = element("li", `message ${message.agent}`);
      item.dataset.id = message.id;
      item.append(element("span", "who", message.agent === "interviewer" ? "Interviewer" : customerName));
      item.append(element("span", "text", message.message));
      $("#messages").append(item);
    } else if (frame.type === "complete") {
      finished = true;
      $("#typing").hidden = true;
      $("#view-insights").hidden = false;
    } else if (frame.type === "error") {
      finished = true;
      $("#typing").hidden = true;
      notice(`The interview stopped: ${frame.message}. You can start another one.`);
      showFormAgain();
    }
  };
  socket.onclose = (event) => {
    if (finished) return;
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

$("#persona-form").addEventListener("submit", start);
$("#view-insights").addEventListener("click", viewInsights);
