// Shared by both pages (page.js, queue.js): the moderator's key and name, the status line, and
// JSON requests that turn the service's error body into an Error carrying its message.
// Loaded before the page's own script; it defines window.claimcheckApi and nothing else.
"use strict";

window.claimcheckApi = (function () {
  // The key stays in this tab only: sessionStorage is cleared when the tab closes.
  function remember(keyInput, authorInput) {
    for (const [input, name] of [[keyInput, "claimcheck.apiKey"], [authorInput, "claimcheck.author"]]) {
      input.value = sessionStorage.getItem(name) || "";
      input.addEventListener("input", () => sessionStorage.setItem(name, input.value.trim()));
    }
  }

  function statusLine(status) {
    return function say(message, isError) {
      status.textContent = message;
      status.classList.toggle("error", Boolean(isError));
    };
  }

  // A client for the JSON API, sending the key typed into keyInput (when there is one).
  // A failed request throws an Error with the service's message, its HTTP status, and
  // `current` (the stored state a 409 answers with; null otherwise).
  function client(keyInput) {
    function headers() {
      const out = { "Content-Type": "application/json", Accept: "application/json" };
      const key = keyInput.value.trim();
      if (key) out.Authorization = "Bearer " + key;
      return out;
    }

    return async function call(method, url, body) {
      const response = await fetch(url, {
        method: method,
        headers: headers(),
        body: body === undefined ? undefined : JSON.stringify(body),
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
        error.current = data ? data.current : null;
        throw error;
      }
      return data;
    };
  }

  return { remember: remember, statusLine: statusLine, client: client };
})();
