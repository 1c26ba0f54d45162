// claimcheck moderation queue: the pending comments in review order, decided with the keyboard.
// j/k move, a approve, r remove, 1-4 relabel, u undo this page's last decision.
// Plain DOM, no framework; text is always inserted with textContent (never as HTML).
// Every key goes through one promise chain, so fast typing is applied in order and focus
// is placed by the step that knows where it belongs.
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("page-config").textContent);
  const labels = config.labels.map((pair) => pair[0]);
  const labelNames = Object.fromEntries(config.labels);
  const form = document.getElementById("queue-form");
  const keyInput = document.getElementById("api-key");
  const authorInput = document.getElementById("author");
  const stateFilter = document.getElementById("state-filter");
  const labelFilter = document.getElementById("label-filter");
  const threadFilter = document.getElementById("thread-filter");
  const status = document.getElementById("status");
  const countsLine = document.getElementById("counts");
  const list = document.getElementById("queue");
  const heading = document.getElementById("queue-heading");
  const empty = document.getElementById("empty");
  const more = document.getElementById("more");
  const template = document.getElementById("item-template");
  const PAGE = 50;
  // which states each filter shows (as the server's STATE_FILTERS)
  const SHOWN = {
    open: ["held", "pending"],
    undecided: ["held", "pending", "passed"],
    all: ["held", "pending", "passed", "approved", "removed"],
  };

  let nextCursor = null;
  let chain = Promise.resolve();
  const undoStack = []; // {id, version} of this page's decisions, newest last

  const { renderText, renderSummary } = window.claimcheckRender;
  const say = window.claimcheckApi.statusLine(status);
  const call = window.claimcheckApi.client(keyInput);
  window.claimcheckApi.remember(keyInput, authorInput);

  function fill(li, comment) {
    li.dataset.id = comment.id;
    li.dataset.version = String(comment.version);
    li.dataset.state = comment.state;
    li.dataset.label = comment.label || "";
    const title = li.querySelector(".result-title");
    title.id = "item-" + encodeURIComponent(comment.id);
    title.textContent = "Comment " + comment.id + (comment.author ? " by " + comment.author : "");
    li.setAttribute("aria-labelledby", title.id);
    const stateBadge = li.querySelector(".state");
    stateBadge.textContent = comment.state;
    stateBadge.className = "state state-" + comment.state;
    renderSummary(
      li,
      comment.label,
      comment.predicted_label,
      comment.confidence,
      comment.prediction.flags,
      labelNames
    );
    renderText(li.querySelector(".comment-text"), comment.text, comment.prediction, labelNames);
    li.querySelector(".decide").setAttribute("aria-label", "Decide comment " + comment.id);
  }

  function renderItem(comment) {
    const li = template.content.firstElementChild.cloneNode(true);
    fill(li, comment);
    const parent = comment.parent;
    if (parent) {
      const quote = li.querySelector(".parent");
      quote.hidden = false;
      quote.querySelector(".parent-head").textContent =
        "In reply to " + parent.id + (parent.author ? " by " + parent.author : "") + ":";
      quote.querySelector(".parent-text").textContent = parent.text;
    }
    for (const button of li.querySelectorAll(".action")) {
      button.addEventListener("click", () => enqueue(() => decide(li, button.dataset.action)));
    }
    for (const button of li.querySelectorAll(".label-button")) {
      button.addEventListener("click", () =>
        enqueue(() => decide(li, "relabel", button.dataset.label))
      );
    }
    return li;
  }

  function items() {
    return Array.from(list.querySelectorAll(".item"));
  }

  function current() {
    const active = document.activeElement;
    return active ? active.closest(".item") : null;
  }

  function focusItem(li) {
    if (li) {
      li.focus();
      li.scrollIntoView({ block: "nearest" });
    } else {
      heading.focus();
    }
  }

  function query() {
    const params = new URLSearchParams({ state: stateFilter.value, limit: String(PAGE) });
    if (labelFilter.value) params.set("label", labelFilter.value);
    const thread = threadFilter.value.trim();
    if (thread) params.set("thread_id", thread);
    return params;
  }

  async function refreshCounts() {
    const params = new URLSearchParams();
    if (labelFilter.value) params.set("label", labelFilter.value);
    const thread = threadFilter.value.trim();
    if (thread) params.set("thread_id", thread);
    try {
      const data = await call("GET", "v1/queue/counts?" + params.toString());
      countsLine.textContent = Object.entries(data.counts)
        .map(([state, n]) => state + " " + n)
        .join(" · ");
    } catch (err) {
      countsLine.textContent = "";
    }
  }

  function needKey() {
    if (keyInput.value.trim()) return false;
    say("Enter your API key above to load the queue.", true);
    keyInput.focus();
    return true;
  }

  async function load(append) {
    if (needKey()) return;
    const params = query();
    if (append && nextCursor) params.set("cursor", nextCursor);
    say("Loading…");
    try {
      const data = await call("GET", "v1/queue?" + params.toString());
      if (!append) list.replaceChildren();
      const known = new Set(items().map((li) => li.dataset.id));
      for (const comment of data.items) {
        if (!known.has(comment.id)) list.append(renderItem(comment));
      }
      nextCursor = data.next_cursor;
      more.hidden = !nextCursor;
      empty.hidden = items().length > 0;
      say(items().length + " comment" + (items().length === 1 ? "" : "s") + " to review.");
    } catch (err) {
      say(
        err.status === 401 ? "The API key was refused (" + err.message + ")." : "Could not load: " + err.message,
        true
      );
    }
    await refreshCounts();
  }

  function stillShown(comment) {
    const states = SHOWN[stateFilter.value] || [stateFilter.value];
    if (!states.includes(comment.state)) return false;
    if (labelFilter.value && comment.label !== labelFilter.value) return false;
    return true;
  }

  async function decide(li, action, label) {
    if (!li || !li.isConnected) {
      say("Press j to choose a comment first.", true);
      return;
    }
    if (needKey()) return;
    const saved = li.querySelector(".saved");
    const body = { action: action, version: Number(li.dataset.version) };
    if (label) body.label = label;
    const author = authorInput.value.trim();
    if (author) body.moderator = author;
    saved.className = "saved";
    saved.textContent = "Saving…";
    let result;
    try {
      result = await call("POST", "v1/comments/" + encodeURIComponent(li.dataset.id) + "/decision", body);
    } catch (err) {
      saved.className = "saved error";
      if (err.status === 409 && err.current) {
        fill(li, err.current);
        saved.textContent = "Not saved: " + err.message + " (now " + err.current.state + ").";
      } else {
        saved.textContent = "Not saved: " + err.message;
      }
      focusItem(li);
      return;
    }
    const comment = result.comment;
    undoStack.push({ id: comment.id, version: comment.version });
    const done =
      action === "relabel"
        ? "Relabelled " + labelNames[label] + " (" + comment.state + ")"
        : action === "approve"
          ? "Approved"
          : "Removed";
    say(done + ": comment " + comment.id + ". u undoes it.");
    await moveOn(li, comment);
    await refreshCounts();
  }

  // After a decision: keep the item if the view still shows it, else drop it; focus the next.
  async function moveOn(li, comment) {
    const all = items();
    const index = all.indexOf(li);
    if (stillShown(comment)) {
      fill(li, comment);
      li.querySelector(".saved").textContent = "Decided: " + comment.state + ".";
      focusItem(all[index + 1] || li);
      return;
    }
    li.remove();
    const rest = items();
    if (rest.length === 0 && nextCursor) {
      await load(true);
    }
    const after = items();
    empty.hidden = after.length > 0;
    focusItem(after[Math.min(index, after.length - 1)] || null);
  }

  async function undo() {
    const last = undoStack.pop();
    if (!last) {
      say("Nothing to undo on this page.", true);
      return;
    }
    if (needKey()) return;
    const body = { action: "undo", version: last.version };
    const author = authorInput.value.trim();
    if (author) body.moderator = author;
    let result;
    try {
      result = await call("POST", "v1/comments/" + encodeURIComponent(last.id) + "/decision", body);
    } catch (err) {
      say("Could not undo: " + err.message, true);
      return;
    }
    const comment = result.comment;
    let li = items().find((item) => item.dataset.id === comment.id);
    if (li) {
      fill(li, comment);
    } else if (stillShown(comment)) {
      // put it back where the queue order says it belongs: reload the first page
      await load(false);
      li = items().find((item) => item.dataset.id === comment.id);
    }
    focusItem(li || current() || items()[0] || null);
    say("Undone: comment " + comment.id + " is " + comment.state + " again.");
    await refreshCounts();
  }

  // Steps run one after another; body[data-busy] says whether any is still running.
  let running = 0;
  function enqueue(step) {
    running += 1;
    document.body.dataset.busy = "true";
    chain = chain
      .then(step)
      .catch((err) => say("Error: " + err.message, true))
      .finally(() => {
        running -= 1;
        if (running === 0) document.body.dataset.busy = "false";
      });
    return chain;
  }

  function move(delta) {
    const all = items();
    if (all.length === 0) return;
    const li = current();
    const index = li ? all.indexOf(li) : -1;
    const next = index < 0 ? (delta > 0 ? 0 : all.length - 1) : index + delta;
    focusItem(all[Math.max(0, Math.min(all.length - 1, next))]);
  }

  function target() {
    return current() || null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    const key = event.key;
    let step = null;
    if (key === "j") step = () => move(1);
    else if (key === "k") step = () => move(-1);
    else if (key === "a") step = () => decide(target(), "approve");
    else if (key === "r") step = () => decide(target(), "remove");
    else if (key === "u") step = () => undo();
    else if (/^[1-9]$/.test(key) && Number(key) <= labels.length) {
      const label = labels[Number(key) - 1];
      step = () => decide(target(), "relabel", label);
    }
    if (step) {
      event.preventDefault();
      enqueue(step);
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    enqueue(async () => {
      await load(false);
      if (items().length) focusItem(items()[0]);
    });
  });
  more.addEventListener("click", () => enqueue(() => load(true)));
  for (const select of [stateFilter, labelFilter]) {
    select.addEventListener("change", () => enqueue(() => load(false)));
  }
  heading.addEventListener("focus", () => heading.scrollIntoView());
  if (keyInput.value.trim()) enqueue(() => load(false));
})();
