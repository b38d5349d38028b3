/* caetl report site: sortable, filterable, paged tables and Vega-Lite charts.
   Loaded as a classic script (module scripts are blocked on file://). Every cell is set
   with textContent, so text from sources can never become markup. */
(function () {
  "use strict";

  var PAGE_SIZE = 100;
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined || a === "") return 1; // empty cells last either way
    if (b === null || b === undefined || b === "") return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function formatter(column) {
    if (!column.numeric || column.raw) return function (v) { return v === null ? "" : String(v); };
    var big = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    var small = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });
    return function (v) {
      if (v === null || v === undefined) return "";
      return Math.abs(v) >= 1000 ? big.format(v) : small.format(v);
    };
  }

  function initTable(root) {
    var data = readJson(root.getAttribute("data-rows"));
    var table = root.querySelector("table");
    var tbody = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var filter = root.querySelector("input[type=search]");
    var status = root.querySelector(".table-status");
    var prev = root.querySelector("button.prev");
    var next = root.querySelector("button.next");
    var formats = data.columns.map(formatter);
    var view = data.rows.slice();
    var sortColumn = -1;
    var sortDirection = 1;
    var page = 0;
    var printing = false;

    function pages() { return Math.max(1, Math.ceil(view.length / PAGE_SIZE)); }

    function render() {
      var start = printing ? 0 : page * PAGE_SIZE;
      var end = printing ? view.length : Math.min(view.length, start + PAGE_SIZE);
      var fragment = document.createDocumentFragment();
      for (var i = start; i < end; i++) {
        var tr = document.createElement("tr");
        for (var c = 0; c < data.columns.length; c++) {
          var td = document.createElement("td");
          td.textContent = formats[c](view[i][c]);
          if (data.columns[c].numeric) td.className = "num";
          tr.appendChild(td);
        }
        fragment.appendChild(tr);
      }
      tbody.replaceChildren(fragment);
      var shown = view.length ? (start + 1) + "–" + end : "0";
      status.textContent = "Rows " + shown + " of " + view.length +
        (view.length !== data.rows.length ? " (filtered from " + data.rows.length + ")" : "");
      prev.disabled = page === 0;
      next.disabled = page >= pages() - 1;
    }

    function sortView() {
      var c = sortColumn;
      view.sort(function (a, b) { return sortDirection * compare(a[c], b[c]); });
    }

    headers.forEach(function (th, index) {
      th.querySelector("button").addEventListener("click", function () {
        sortDirection = sortColumn === index ? -sortDirection : 1;
        sortColumn = index;
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", sortDirection === 1 ? "ascending" : "descending");
        sortView();
        page = 0;
        render();
      });
    });

    filter.addEventListener("input", function () {
      var query = filter.value.trim().toLowerCase();
      view = !query ? data.rows.slice() : data.rows.filter(function (row) {
        return row.some(function (v) { return v !== null && String(v).toLowerCase().indexOf(query) !== -1; });
      });
      if (sortColumn >= 0) sortView();
      page = 0;
      render();
    });
    prev.addEventListener("click", function () { if (page > 0) { page--; render(); } });
    next.addEventListener("click", function () { if (page < pages() - 1) { page++; render(); } });
    // Print every row of the current view, not just the page on screen.
    window.addEventListener("beforeprint", function () { printing = true; render(); });
    window.addEventListener("afterprint", function () { printing = false; render(); });
    // index.html links a claim's evidence as <report>.html#filter=C07.
    var wanted = /^#filter=(.+)$/.exec(window.location.hash);
    if (wanted) {
      filter.value = decodeURIComponent(wanted[1]);
      filter.dispatchEvent(new Event("input"));
    } else {
      render();
    }
  }

  function drawChart(holder) {
    var spec = readJson(holder.getAttribute("data-spec"));
    // Faceted charts wrap to one column on a phone instead of scrolling sideways.
    if (spec.columns && window.innerWidth < 700) spec.columns = 1;
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: holder.getAttribute("data-name") || "chart"
    };
    if (darkQuery && darkQuery.matches) options.theme = "dark";
    window.vegaEmbed(holder, spec, options).catch(function (error) {
      holder.textContent = "The chart could not be drawn: " + error;
      console.error(error);
    });
  }

  // Index: the verdict counts filter the claim cards (click again to show all).
  function initVerdictFilter(summary) {
    var buttons = Array.prototype.slice.call(summary.querySelectorAll("button[data-verdict]"));
    var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
        button.setAttribute("aria-pressed", String(on));
        var verdict = button.getAttribute("data-verdict");
        cards.forEach(function (card) {
          card.hidden = on && !card.classList.contains(verdict);
        });
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".summary"), initVerdictFilter);
    Array.prototype.forEach.call(document.querySelectorAll("[data-rows]"), initTable);
    if (window.vegaEmbed) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-spec]"), drawChart);
    } else if (document.querySelector("[data-spec]")) {
      console.error("assets/vega-bundle.js did not load: charts cannot be drawn");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
