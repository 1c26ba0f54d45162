// claimcheck moderation page: classify pasted comments, show labels, correct with one click.
// Plain DOM, no framework; text is always inserted with textContent (never as HTML).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("page-config").textContent);
  const labelNames = Object.fromEntries(config.labels);
  const form = document.getElementById("classify-form");
  const textarea = document.getElementById("comments");
  const keyInput = document.getElementById("api-key");
  const authorInput = document.getElementById("author");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const resultsHeading = document.getElementById("results-heading");
  const template = document.getElementById("result-template");
  const maxBatch = Number(textarea.dataset.maxBatch);
  const maxChars = Number(textarea.dataset.maxChars);

  // The key stays in this tab only: sessionStorage is cleared when the tab closes.
  for (const [input, name] of [[keyInput, "claimcheck.apiKey"], [authorInput, "claimcheck.author"]]) {
    input.value = sessionStorage.getItem(name) || "";
    input.addEventListener("input", () => sessionStorage.setItem(name, input.value.trim()));
  }

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  // Blank lines separate comments when there are any; otherwise each line is a comment.
  function splitComments(raw) {
    const text = raw.replace(/\r\n?/g, "\n");
    const parts = /\n[ \t]*\n/.test(text) ? text.split(/\n[ \t]*\n/) : text.split("\n");
    return parts.map((part) => part.trim()).filter((part) => part.length > 0);
  }

  function headers() {
    const out = { "Content-Type": "application/json", Accept: "application/json" };
    const key = keyInput.value.trim();
    if (key) out.Authorization = "Bearer " + key;
    return out;
  }

  async function postJson(url, body, extraHeaders) {
    const response = await fetch(url, {
      method: "POST",
      headers: Object.assign(headers(), extraHeaders || {}),
      body: JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    if (!response.ok) {
      const message = data && data.error ? data.error.message : "HTTP " + response.status;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function requestId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    return "r-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function percent(value) {
    return Math.round(value * 100) + "%";
  }

  // Offsets from the API count Unicode code points; JS strings count UTF-16 units,
  // so slice an array of code points instead.
  function appendWithCues(parent, chars, start, end, cues) {
    let pos = start;
    for (const cue of cues) {
      const from = Math.max(cue.start, pos);
      const to = Math.min(cue.end, end);
      if (to <= from) continue;
      if (from > pos) parent.append(chars.slice(pos, from).join(""));
      const mark = document.createElement("mark");
      mark.className = "cue";
      mark.dataset.family = cue.family;
      mark.title = "cue: " + cue.family;
      mark.textContent = chars.slice(from, to).join("");
      parent.append(mark);
      pos = to;
    }
    if (end > pos) parent.append(chars.slice(pos, end).join(""));
  }

  function renderText(container, text, result) {
    const chars = Array.from(text);
    const cues = result.cues.slice().sort((a, b) => a.start - b.start);
    const many = result.sentences.length > 1;
    let pos = 0;
    for (const sentence of result.sentences) {
      if (sentence.start > pos) appendWithCues(container, chars, pos, sentence.start, cues);
      const span = document.createElement("span");
      span.className = "sent sent-" + sentence.label;
      span.dataset.label = sentence.label;
      span.title = "sentence: " + labelNames[sentence.label];
      if (many) {
        const hint = document.createElement("span");
        hint.className = "sr-only";
        hint.textContent = "(" + labelNames[sentence.label] + " sentence) ";
        span.append(hint);
      }
      appendWithCues(span, chars, sentence.start, sentence.end, cues);
      container.append(span);
      pos = Math.max(pos, sentence.end);
    }
    if (chars.length > pos) appendWithCues(container, chars, pos, chars.length, cues);
  }

  function setPressed(item, label) {
    for (const button of item.querySelectorAll(".label-button")) {
      button.setAttribute("aria-pressed", String(button.dataset.label === label));
    }
  }

  async function correct(item, comment, result, label, modelVersion) {
    const saved = item.querySelector(".saved");
    if (!keyInput.value.trim()) {
      saved.textContent = "Enter your API key above to save corrections.";
      saved.className = "saved error";
      keyInput.focus();
      return;
    }
    saved.textContent = "Saving…";
    saved.className = "saved";
    const body = {
      text: comment.text,
      label: label,
      comment_id: comment.id,
      predicted_label: result.label,
      model_version: modelVersion,
      request_id: requestId(),
    };
    const author = authorInput.value.trim();
    if (author) body.author = author;
    try {
      const record = await postJson("v1/feedback", body);
      setPressed(item, label);
      item.classList.add("corrected");
      item.dataset.corrected = label;
      saved.textContent = "Saved: " + labelNames[label] + " (record " + record.id + ").";
    } catch (err) {
      saved.className = "saved error";
      saved.textContent =
        err.status === 401
          ? "Not saved: the API key was refused (" + err.message + ")."
          : "Not saved: " + err.message;
    }
  }

  function render(comments, data) {
    results.replaceChildren();
    data.results.forEach((result, index) => {
      const comment = comments[index];
      const item = template.content.firstElementChild.cloneNode(true);
      const label = result.label;
      const name = label ? labelNames[label] : "No label (empty)";
      item.dataset.id = comment.id;
      item.dataset.label = label || "";
      const title = item.querySelector(".result-title");
      title.id = "result-" + comment.id;
      title.textContent = "Comment " + comment.id;
      const badge = item.querySelector(".badge");
      badge.textContent = name;
      badge.classList.add("label-" + (label || "none"));
      item.querySelector(".flags").textContent = result.flags.length
        ? "flags: " + result.flags.join(", ")
        : "";
      item.querySelector(".confidence-label").textContent = "Confidence " + percent(result.confidence);
      const bar = item.querySelector(".bar");
      bar.setAttribute("aria-label", "confidence " + percent(result.confidence));
      const fill = item.querySelector(".bar-fill");
      fill.style.width = percent(result.confidence);
      fill.classList.add("label-" + (label || "none"));
      renderText(item.querySelector(".comment-text"), comment.text, result);
      const group = item.querySelector(".correct");
      group.setAttribute("aria-label", "Correct label for comment " + comment.id);
      setPressed(item, label);
      for (const button of group.querySelectorAll(".label-button")) {
        button.setAttribute(
          "aria-describedby",
          title.id
        );
        button.addEventListener("click", () =>
          correct(item, comment, result, button.dataset.label, data.model_version)
        );
      }
      results.append(item);
    });
  }

  async function classify() {
    const texts = splitComments(textarea.value);
    if (texts.length === 0) {
      say("Paste at least one comment first.", true);
      textarea.focus();
      return;
    }
    if (texts.length > maxBatch) {
      say("Too many comments: " + texts.length + " (at most " + maxBatch + ").", true);
      return;
    }
    const tooLong = texts.findIndex((t) => Array.from(t).length > maxChars);
    if (tooLong >= 0) {
      say("Comment " + (tooLong + 1) + " is longer than " + maxChars + " characters.", true);
      return;
    }
    const comments = texts.map((text, i) => ({ id: String(i + 1), text: text }));
    say("Classifying " + comments.length + " comment" + (comments.length > 1 ? "s" : "") + "…");
    form.setAttribute("aria-busy", "true");
    try {
      const data = await postJson("v1/classify", { comments: comments });
      render(comments, data);
      say(
        "Classified " + comments.length + " comment" + (comments.length > 1 ? "s" : "") +
          " with model " + data.model_version + "."
      );
    } catch (err) {
      say("Could not classify: " + err.message, true);
    } finally {
      form.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    classify();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      classify();
    }
  });
  resultsHeading.addEventListener("focus", () => resultsHeading.scrollIntoView());
})();
