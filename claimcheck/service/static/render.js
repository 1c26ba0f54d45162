// Shared by both pages (page.js, queue.js): a prediction drawn into a result card: the label
// badge, flags, the confidence bar, and the text with sentence colours and underlined cues.
// Plain DOM; text is always inserted with textContent (never as HTML).
// Loaded before the page's own script; it defines window.claimcheckRender and nothing else.
"use strict";

window.claimcheckRender = (function () {
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

  // Replaces the container's content with `text`, each sentence coloured by its label.
  function renderText(container, text, prediction, labelNames) {
    container.replaceChildren();
    const chars = Array.from(text);
    const cues = prediction.cues.slice().sort((a, b) => a.start - b.start);
    const many = prediction.sentences.length > 1;
    let pos = 0;
    for (const sentence of prediction.sentences) {
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

  // Fills a card's .badge, .flags, .confidence-label, .bar and .bar-fill.
  // `label` names the badge; `barLabel` colours the bar (the model's label: the two differ
  // once a moderator relabels a comment).
  function renderSummary(card, label, barLabel, confidence, flags, labelNames) {
    const badge = card.querySelector(".badge");
    badge.textContent = label ? labelNames[label] : "No label (empty)";
    badge.className = "badge label-" + (label || "none");
    card.querySelector(".flags").textContent = flags.length ? "flags: " + flags.join(", ") : "";
    card.querySelector(".confidence-label").textContent = "Confidence " + percent(confidence);
    card.querySelector(".bar").setAttribute("aria-label", "confidence " + percent(confidence));
    const fill = card.querySelector(".bar-fill");
    fill.style.width = percent(confidence);
    fill.className = "bar-fill label-" + (barLabel || "none");
  }

  return { renderText: renderText, renderSummary: renderSummary };
})();
