// Commune's progressive enhancement: pages work without it. It adds
// (1) ranked ballots reordered by buttons (keyboard) and by dragging, the
// rank numbers kept in step so the form posts the same fields either way,
// and (2) live updates: a page marked data-live-page listens to the
// server's event stream and, when the record grows, fetches itself again
// and swaps its [data-live] regions (tallies, seats) in place.
(function () {
  "use strict";

  function announce(text) {
    var a = document.getElementById("announcer");
    if (a) { a.textContent = ""; setTimeout(function () { a.textContent = text; }, 50); }
  }

  function renumber(list) {
    var items = list.querySelectorAll("li.opt");
    items.forEach(function (li, i) {
      var input = li.querySelector("input[type=number]");
      if (input) input.value = String(i + 1);
    });
  }

  function enhanceRanking(list) {
    list.querySelectorAll(".move").forEach(function (m) { m.hidden = false; });
    list.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-move]");
      if (!b) return;
      var li = b.closest("li.opt");
      if (b.dataset.move === "up" && li.previousElementSibling) {
        list.insertBefore(li, li.previousElementSibling);
      } else if (b.dataset.move === "down" && li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      } else {
        return;
      }
      renumber(list);
      b.focus();
      var pos = Array.prototype.indexOf.call(list.children, li) + 1;
      announce((li.dataset.name || "") + ": " + pos);
    });
    // Typing a rank reorders the list to match, so it reads as the ballot.
    list.addEventListener("change", function (ev) {
      if (!ev.target.matches("input[type=number]")) return;
      var items = Array.prototype.slice.call(list.querySelectorAll("li.opt"));
      items.sort(function (a, b) {
        var ra = parseInt(a.querySelector("input").value, 10) || 1e9;
        var rb = parseInt(b.querySelector("input").value, 10) || 1e9;
        return ra - rb;
      });
      items.forEach(function (li) { list.appendChild(li); });
      ev.target.focus();
    });
    var dragged = null;
    list.querySelectorAll("li.opt").forEach(function (li) {
      li.draggable = true;
      li.addEventListener("dragstart", function (ev) {
        dragged = li;
        li.classList.add("dragging");
        if (ev.dataTransfer) { ev.dataTransfer.effectAllowed = "move"; ev.dataTransfer.setData("text/plain", li.dataset.id); }
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("dragging");
        list.querySelectorAll(".over").forEach(function (o) { o.classList.remove("over"); });
        dragged = null;
      });
      li.addEventListener("dragover", function (ev) {
        if (!dragged || dragged === li) return;
        ev.preventDefault();
        li.classList.add("over");
      });
      li.addEventListener("dragleave", function () { li.classList.remove("over"); });
      li.addEventListener("drop", function (ev) {
        if (!dragged || dragged === li) return;
        ev.preventDefault();
        li.classList.remove("over");
        var rect = li.getBoundingClientRect();
        var after = ev.clientY > rect.top + rect.height / 2;
        list.insertBefore(dragged, after ? li.nextElementSibling : li);
        renumber(list);
        var pos = Array.prototype.indexOf.call(list.children, dragged) + 1;
        announce((dragged.dataset.name || "") + ": " + pos);
      });
    });
  }

  function live() {
    if (!document.body.hasAttribute("data-live-page") || !window.EventSource) return;
    var busy = false, again = false;
    function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      // A fetch that hangs must not stop later updates.
      var ctl = window.AbortController ? new AbortController() : null;
      var timer = ctl && setTimeout(function () { ctl.abort(); }, 10000);
      fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" }, signal: ctl ? ctl.signal : undefined })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          document.querySelectorAll("[data-live]").forEach(function (el) {
            var fresh = el.id && doc.getElementById(el.id);
            if (fresh && fresh.innerHTML !== el.innerHTML) el.innerHTML = fresh.innerHTML;
          });
        })
        .catch(function () {})
        .then(function () {
          if (timer) clearTimeout(timer);
          busy = false;
          if (again) { again = false; refresh(); }
        });
    }
    // since: the record size this page shows, so that nothing committed
    // before the stream opened is missed.
    var es = new EventSource("/events?since=" + encodeURIComponent(document.body.dataset.size || ""));
    es.addEventListener("change", refresh);
    window.addEventListener("pagehide", function () { es.close(); });
  }

  function start() {
    document.querySelectorAll("[data-ranking]").forEach(enhanceRanking);
    live();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
