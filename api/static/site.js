/* The MSCOS web front: progressive enhancement only. Every page works without this file.
 * 1. Copy buttons (button[data-copy]) are hidden in the HTML and shown here.
 * 2. Autocomplete for search fields (input[data-suggest]): the ARIA 1.2 combobox pattern over
 *    /suggest, the same ranking as /search. Arrow keys move, Enter opens, Escape closes.
 */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("announcer");
    if (region) { region.textContent = ""; window.setTimeout(function () { region.textContent = text; }, 30); }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.className = "visually-hidden";
      document.body.appendChild(area); area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (err) { reject(err); }
      finally { document.body.removeChild(area); }
    });
  }

  function setUpCopy(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "Copied"; announce("Copied to the clipboard");
        window.setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () { announce("Could not copy: select the text and copy it"); });
    });
  }

  var uid = 0;

  function setUpSuggest(input) {
    uid += 1;
    var listId = "suggestions-" + uid, items = [], active = -1, timer = null, controller = null;
    var wrap = document.createElement("span");
    wrap.className = "suggest-wrap";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var list = document.createElement("ul");
    list.id = listId; list.className = "suggestions"; list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions"); list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      items.forEach(function (item, i) {
        var li = document.getElementById(listId + "-" + i);
        if (li) { li.setAttribute("aria-selected", i === index ? "true" : "false"); }
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", listId + "-" + index);
        var li = document.getElementById(listId + "-" + index);
        if (li && li.scrollIntoView) { li.scrollIntoView({ block: "nearest" }); }
      } else { input.removeAttribute("aria-activedescendant"); }
    }

    function show(found) {
      list.innerHTML = ""; items = found; active = -1;
      if (!found.length) { close(); return; }
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
        if (item.notation) {
          var n = document.createElement("span"); n.className = "notation"; n.textContent = item.notation + " ";
          li.appendChild(n);
        }
        li.appendChild(document.createTextNode(item.label));
        li.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
        list.appendChild(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
      announce(found.length + " suggestion" + (found.length === 1 ? "" : "s") + "; use the arrow keys");
    }

    function go(index) {
      var item = items[index];
      if (item) { window.location.href = item.href; }
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch("/suggest?limit=8&q=" + encodeURIComponent(q),
            { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) { if (input.value.trim() === q) { show(body.items || []); } })
        .catch(function () { /* offline or aborted: the form still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer); timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(active); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setUpCopy);
    if (window.fetch) {
      Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), setUpSuggest);
    }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
