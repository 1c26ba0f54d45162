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

  const { renderText, renderSummary } = window.claimcheckRender;
  const say = window.claimcheckApi.statusLine(status);
  const call = window.claimcheckApi.client(keyInput);
  window.claimcheckApi.remember(keyInput, authorInput);

  // Blank lines separate comments when there are any; otherwise each line is a comment.
  function splitComments(raw) {
    const text = raw.replace(/\r\n?/g, "\n");
    const parts = /\n[ \t]*\n/.test(text) ? text.split(/\n[ \t]*\n/) : text.split("\n");
    return parts.map((part) => part.trim()).filter((part) => part.length > 0);
  }

  function requestId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    return "r-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
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
      const record = await call("POST", "v1/feedback", body);
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
      item.dataset.id = comment.id;
      item.dataset.label = label || "";
      const title = item.querySelector(".result-title");
      title.id = "result-" + comment.id;
      title.textContent = "Comment " + comment.id;
      renderSummary(item, label, label, result.confidence, result.flags, labelNames);
      renderText(item.querySelector(".comment-text"), comment.text, result, labelNames);
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
      const data = await call("POST", "v1/classify", { comments: comments });
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
