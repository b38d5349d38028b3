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

  var ARABIC = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;

  function isEmpty(v) { return v === null || v === undefined || v === ""; }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  // Empty cells last in both directions: only filled cells follow the sort direction.
  function sorter(column, direction) {
    return function (x, y) {
      var a = x[column], b = y[column];
      if (isEmpty(a) || isEmpty(b)) return isEmpty(a) === isEmpty(b) ? 0 : (isEmpty(a) ? 1 : -1);
      return direction * compare(a, b);
    };
  }

  function formatter(column) {
    if (!column.numeric || column.raw) return function (v) { return v === null ? "" : String(v); };
    if (column.bn) {
      var billions = new Intl.NumberFormat("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 3 });
      return function (v) { return v === null || v === undefined ? "" : billions.format(v / 1e9); };
    }
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
          var text = formats[c](view[i][c]);
          td.textContent = text;
          if (data.columns[c].numeric) td.className = "num";
          else if (ARABIC.test(text)) { td.dir = "rtl"; td.lang = "ar"; }
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
      view.sort(sorter(sortColumn, sortDirection));
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

    var labels = data.labels || {};
    var columnFilters = Array.prototype.slice.call(root.querySelectorAll("input[data-filter-column]"));

    // A cell matches by its value, its shown text, or the name of a country code.
    function matches(v, c, query) {
      if (isEmpty(v)) return false;
      var text = String(v).toLowerCase();
      if (text.indexOf(query) !== -1) return true;
      if (formats[c](v).toLowerCase().indexOf(query) !== -1) return true;
      var name = labels[v];
      return name !== undefined && name.toLowerCase().indexOf(query) !== -1;
    }

    function applyFilters() {
      var query = filter.value.trim().toLowerCase();
      var perColumn = columnFilters
        .map(function (input) {
          return { c: Number(input.getAttribute("data-filter-column")), q: input.value.trim().toLowerCase() };
        })
        .filter(function (f) { return f.q; });
      view = data.rows.filter(function (row) {
        if (query && !row.some(function (v, c) { return matches(v, c, query); })) return false;
        return perColumn.every(function (f) { return matches(row[f.c], f.c, f.q); });
      });
      if (sortColumn >= 0) sortView();
      page = 0;
      render();
    }
    filter.addEventListener("input", applyFilters);
    columnFilters.forEach(function (input) { input.addEventListener("input", applyFilters); });
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
    } else if (columnFilters.some(function (input) { return input.value; })) {
      applyFilters(); // a table that opens on one state (value set in the page)
    } else {
      render();
    }
  }

  // Fit a chart to its holder: facets get as many columns as fit, each view a width that
  // leaves room for axes; legends wrap into fewer columns on a narrow screen.
  function wrap(text, width) {
    if (Array.isArray(text) || String(text).length <= width) return text;
    var lines = [], line = "";
    String(text).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines;
  }

  function fitSpec(spec, available) {
    var room = Math.max(160, available - 90);
    spec.config = spec.config || {};
    spec.config.legend = Object.assign({}, spec.config.legend || {}, {
      columns: available < 500 ? 2 : 3,
      labelLimit: Math.max(80, Math.floor(available / 2) - 40)
    });
    if (spec.facet || spec.spec) {
      var inner = spec.spec || {};
      var cell = Math.min(inner.width || 260, room);
      if (spec.columns) spec.columns = Math.max(1, Math.min(spec.columns, Math.floor((available - 40) / (cell + 70))));
      if (typeof inner.width === "number") inner.width = cell;
      // A row facet puts axis labels beside the view: leave them room.
      if (spec.facet && spec.facet.row !== undefined) inner.width = Math.max(100, Math.min(cell, room - 110));
    } else if (typeof spec.width === "number") {
      spec.width = Math.min(spec.width, room);
    }
    // Long titles wrap onto lines instead of running off a narrow screen.
    if (typeof spec.title === "string") spec.title = { text: spec.title };
    if (spec.title) {
      spec.title.text = wrap(spec.title.text, Math.floor(available / 8.5));
      if (spec.title.subtitle) spec.title.subtitle = wrap(spec.title.subtitle, Math.floor(available / 7));
    }
    return spec;
  }

  // Narrow every view of a spec by `excess` pixels (axes and legends keep their size).
  function shrink(spec, excess) {
    var target = spec.spec || spec;
    if (typeof target.width === "number") target.width = Math.max(80, target.width - excess);
    return spec;
  }

  // A chart drawn from the page's table rows names the dataset "table_rows": the rows are
  // in the page once, in the table's island, and become the chart's records here.
  function withTableRows(spec) {
    var island = document.querySelector("[data-rows]");
    var uses = JSON.stringify(spec.data || {}).indexOf('"table_rows"') !== -1;
    if (!uses || !island) return spec;
    var data = readJson(island.getAttribute("data-rows"));
    var names = data.columns.map(function (c) { return c.name; });
    spec.datasets = spec.datasets || {};
    spec.datasets.table_rows = data.rows.map(function (row) {
      var record = {};
      for (var i = 0; i < names.length; i++) record[names[i]] = row[i];
      return record;
    });
    return spec;
  }

  function drawChart(holder) {
    // vega-embed keeps 38 px on the right for its menu button.
    var available = (holder.parentElement.clientWidth || window.innerWidth) - 40;
    var spec = fitSpec(withTableRows(readJson(holder.getAttribute("data-spec"))), available);
    var options = {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: holder.getAttribute("data-name") || "chart"
    };
    if (darkQuery && darkQuery.matches) options.theme = "dark";
    function draw(attempt) {
      window.vegaEmbed(holder, spec, options).then(function (result) {
        // Labels and legends take room the spec cannot know: measure, then redraw narrower.
        var svg = holder.querySelector("svg.marks");
        var width = svg ? parseFloat(svg.getAttribute("width")) : 0;
        if (width > available && attempt < 4) {
          result.finalize();
          shrink(spec, Math.ceil(width - available) / (spec.columns || 1) + 2);
          // Still too wide after a narrower plot: the legend is, so one entry per line.
          if (attempt >= 1) spec.config.legend.columns = 1;
          draw(attempt + 1);
        } else {
          holder.setAttribute("data-fitted", "true");
        }
      }).catch(function (error) {
        holder.textContent = "The chart could not be drawn: " + error;
        holder.setAttribute("data-fitted", "true");
        console.error(error);
      });
    }
    draw(0);
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
