// An editor cites a passage of a source while reading it (sent only on editors' source pages).
// Select text, press "Cite for…", then pick a record found by name or start a new one. The
// server works out the locator from where the selection starts.
(function () {
  "use strict";

  function init() {
    var tools = document.querySelector(".cite-tools");
    var text = document.querySelector(".source-text");
    var dialog = document.querySelector(".cite-dialog");
    if (!tools || !text || !dialog) { return; }
    var button = tools.querySelector(".cite-button");
    var query = dialog.querySelector("#cite-query");
    var results = dialog.querySelector(".cite-results");
    var status = dialog.querySelector(".cite-status");
    var kind = dialog.querySelector("#cite-kind");
    var newLink = dialog.querySelector(".cite-new-link");
    var token = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
    var chosen = null;
    var timer = null;

    // The selected passage and where it starts in the text, if the selection lies in the text.
    function selected() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return null; }
      var range = selection.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return null; }
      var raw = range.toString();
      var passage = raw.trim();
      if (!passage) { return null; }
      var before = document.createRange();
      before.selectNodeContents(text);
      before.setEnd(range.startContainer, range.startOffset);
      var leading = raw.length - raw.replace(/^\s+/, "").length;
      return { passage: passage, offset: before.toString().length + leading };
    }

    document.addEventListener("selectionchange", function () {
      if (dialog.open) { return; }
      var found = selected();
      if (found) { chosen = found; }
      button.hidden = !found;
    });
    // Pressing the button must not clear the selection it is about.
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });

    function newRecordLink() {
      if (!chosen || !kind.value) { newLink.removeAttribute("href"); return; }
      var params = new URLSearchParams({
        cite_source: tools.dataset.source,
        cite_passage: chosen.passage,
        cite_offset: String(chosen.offset)
      });
      newLink.href = kind.value + "?" + params.toString();
    }

    button.addEventListener("click", function () {
      if (!chosen) { return; }
      dialog.querySelector(".cite-passage").textContent = chosen.passage;
      status.textContent = "";
      newRecordLink();
      dialog.showModal();
      query.focus();
      if (query.value) { search(); }
    });
    dialog.querySelector(".cite-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { button.focus(); });
    kind.addEventListener("change", newRecordLink);
    dialog.querySelector(".cite-search").addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    query.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });

    function show(items) {
      results.replaceChildren();
      items.forEach(function (item) {
        var entry = document.createElement("li");
        var choose = document.createElement("button");
        choose.type = "button";
        choose.className = "cite-for";
        choose.textContent = "Cite for " + item.label;
        var what = document.createElement("span");
        what.className = "muted";
        what.textContent = " (" + item.kind + ")";
        choose.addEventListener("click", function () { cite(item); });
        entry.append(choose, what);
        results.append(entry);
      });
      status.textContent = query.value.trim().length < 2 ? "" :
        items.length ? items.length + " records found." : "No record found.";
    }

    function search() {
      var q = query.value.trim();
      if (q.length < 2) { show([]); return; }
      fetch(tools.dataset.searchUrl + "?" + new URLSearchParams({ q: q }).toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) { return response.json(); })
        .then(function (data) { if (q === query.value.trim()) { show(data.results || []); } })
        .catch(function () { status.textContent = "The search did not answer; try again."; });
    }

    function cite(item) {
      var body = new FormData();
      body.append("record_type", item.record_type);
      body.append("record", item.slug);
      body.append("passage", chosen.passage);
      body.append("offset", String(chosen.offset));
      status.textContent = "Saving…";
      fetch(tools.dataset.citeUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
        body: body
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        status.replaceChildren();
        if (!answer.ok) { status.textContent = answer.data.detail || "Not saved."; return; }
        var link = document.createElement("a");
        link.href = answer.data.url;
        link.textContent = answer.data.record;
        status.append("Cited for ", link, ". Reload this page to see the passage marked.");
        link.focus();
      }).catch(function () { status.textContent = "Not saved: the server did not answer."; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
