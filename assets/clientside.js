/* Browser-side view logic: pure filtering and restyling, no server round trip.
 * applyView: date range and event-category visibility on the production chart's figure.
 * mountLater, lowerViews: the charts below it, mounted once it has been drawn, and their views.
 * syncUrl: mirror the page's canonical query string to the address bar and the nav links.
 * showPanel, fillTable, exportImage, copyLink: the chart frame (dashboard/components.py
 * chart_frame): Chart / Table / Download switch, the table drawn from its rows, PNG/SVG that
 * stand alone (title, subtitle, the view's settings, source, URL; a file name saying what and
 * which view) and "Copy link". */
(function () {
  const esc = (t) => String(t || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // wrap plain text into <br>-separated lines of at most `n` characters (plotly has no wrapping)
  const wrap = (text, n) => {
    const lines = [];
    let line = "";
    String(text || "").split(/\s+/).forEach((w) => {
      if (line && (line + " " + w).length > n) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) lines.push(line);
    return lines.map(esc);
  };
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const day = (iso) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : iso;
  };
  // the view's settings as the reader sees them: each labelled select, then the date range
  // (from the address, which holds the view's ISO dates)
  const settings = () => {
    const parts = [];
    document.querySelectorAll("#main select").forEach((sel) => {
      const lab = document.querySelector('label[for="' + sel.id + '"]');
      const opt = sel.options[sel.selectedIndex];
      if (lab && opt) parts.push(lab.textContent.trim() + ": " + opt.text);
    });
    const q = new URLSearchParams(window.location.search);
    if (q.get("start") && q.get("end")) parts.push("Dates: " + day(q.get("start")) + " to " + day(q.get("end")));
    return parts.join(" · ");
  };
  const stem = (slug) => {
    const q = new URLSearchParams(window.location.search);
    const level = q.get("level") ? String(Math.round(Number(q.get("level")) * 100)) : null;
    return ["libya", slug, q.get("episode"), q.get("model"), q.get("price"), level]
      .filter(Boolean).join("-").replace(/[^A-Za-z0-9_.-]+/g, "_");
  };
  window.blockadeFrame = {
    // the figure an export draws: the chart plus its title block and its source and URL lines
    exportFigure: function (gd, frame) {
      const full = gd._fullLayout;
      const width = Math.max(full.width, 800);
      const chars = Math.floor(width / 7);
      const head = ["<b>" + esc(frame.querySelector(".chart-title").textContent) + "</b>"]
        .concat(wrap(frame.dataset.subtitle, chars), wrap(settings(), chars + 10).map((l) => '<span style="font-size:11px">' + l + "</span>"));
      const foot = wrap(frame.dataset.source, chars + 10).concat([esc(window.location.href)]);
      const margin = Object.assign({ t: 40, b: 40, l: 60, r: 16 }, gd.layout.margin || {});
      const top = 22 * head.length + 8;
      const bottom = 16 * foot.length + 16;
      const layout = Object.assign({}, gd.layout, {
        width: width,
        height: full.height + top + bottom + 60,
        title: { text: head.join("<br>"), x: 0.01, xref: "container", xanchor: "left", y: 0.995, yref: "container", yanchor: "top", font: { size: 14 } },
        margin: Object.assign({}, margin, { t: margin.t + top, b: margin.b + bottom + 60 }),
        annotations: (gd.layout.annotations || []).concat([{
          text: foot.join("<br>"), xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
          yshift: -(margin.b + 60), align: "left", showarrow: false, font: { size: 10, color: "#4a4a4a" }, name: "export-source",
        }]),
      });
      return { data: gd.data, layout: layout, width: width, height: layout.height };
    },
    stem: stem,
  };
})();
(function () {
  // the view of a precomputed figure: date range and event categories shown (no_update for
  // none); dashboard/pages/overview.py shown_view gives the same for the page's first figure
  const view = (fig, start, end, categories) => {
    if (!fig) return window.dash_clientside.no_update;
    const shown = new Set(categories || []);
    const toggle = (item) =>
      item.name && item.name.startsWith("evt:")
        ? Object.assign({}, item, { visible: shown.has(item.name.slice(4)) })
        : item;
    const range = start && end && start < end ? [start, end] : null;
    const layout = Object.assign({}, fig.layout, {
      shapes: (fig.layout.shapes || []).map(toggle),
      annotations: (fig.layout.annotations || []).map(toggle),
      xaxis: Object.assign({}, fig.layout.xaxis, range ? { range: range, autorange: false } : { autorange: true }),
    });
    // event-strip traces carry meta "evt:<category>"
    const data = (fig.data || []).map((t) =>
      typeof t.meta === "string" && t.meta.startsWith("evt:")
        ? Object.assign({}, t, { visible: shown.has(t.meta.slice(4)) })
        : t);
    return { data: data, layout: layout };
  };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    blockade: {
      applyView: function (base, start, end, categories) {
        return view((base || {}).production, start, end, categories);
      },
      // the charts below the production chart, mounted in their slots with the figures of the
      // view (dashboard/components.py mount_later): only once the `after` graph has been drawn
      // and painted, so that its drawing is not held up by theirs (one task for all before);
      // once they are there, lowerViews keeps their figures up to date
      mountLater: function (later, base, start, end, categories) {
        const ids = later.graphs.map((g) => g.graph.props.id);
        if (ids.every((id) => document.getElementById(id))) {
          return ids.map(() => window.dash_clientside.no_update);
        }
        const graphs = later.graphs.map((g) => Object.assign({}, g.graph, {
          props: Object.assign({}, g.graph.props,
            g.figure && base && base[g.figure] ? { figure: view(base[g.figure], start, end, categories) } : {}),
        }));
        const drawn = () => {
          const gd = document.querySelector("#" + later.after + " .js-plotly-plot");
          return !!(gd && gd.data && gd.data.length && gd.querySelector(".main-svg"));
        };
        let seen = false;
        return new Promise((resolve) => {
          // checked once a frame; then a task of their own, after that frame is painted; the
          // checks end if the reader has left the page before it was drawn
          const look = () => {
            const there = !!document.getElementById(later.after);
            if (drawn()) setTimeout(() => resolve(graphs));
            else if (seen && !there) resolve(ids.map(() => window.dash_clientside.no_update));
            else requestAnimationFrame(look);
            seen = seen || there;
          };
          look();
        });
      },
      lowerViews: function (base, start, end, categories) {
        base = base || {};
        return [view(base.cumulative, start, end, categories), view(base.price, start, end, categories)];
      },
      syncUrl: function (queries, pages) {
        const query = (queries || []).find((q) => q) || "";
        if (query && window.location.search !== query) {
          window.history.replaceState(window.history.state, "", window.location.pathname + query);
        }
        return pages.map((path) => path + query);
      },
      showPanel: function (view) {
        return ["chart", "table", "download"].map((v) => v !== view);
      },
      // the Table panel drawn from its rows (dashboard/components.py table_data) as one plain
      // table: text only (textContent), never markup from the data
      fillTable: function (data, id) {
        const box = data && id && document.getElementById(id.chart + "-table");
        if (!box) return;
        const cell = (tag, text, scope) => {
          const el = document.createElement(tag);
          el.textContent = text;
          if (scope) el.scope = scope;
          return el;
        };
        const table = document.createElement("table");
        table.className = "table table-sm table-hover";
        table.createCaption().textContent = data.caption;
        const head = table.createTHead().insertRow();
        data.columns.forEach((c) => head.appendChild(cell("th", c, "col")));
        const body = table.createTBody();
        // a link cell is [text, url]: an anchor only for an http(s) URL, else its text
        const td = (v) => {
          if (!Array.isArray(v)) return cell("td", v);
          const el = document.createElement("td");
          if (/^https?:\/\//i.test(v[1])) {
            const a = el.appendChild(document.createElement("a"));
            a.textContent = v[0];
            a.href = v[1];
            a.target = "_blank";
            a.rel = "noopener";
          } else {
            el.textContent = v[0];
          }
          return el;
        };
        data.rows.forEach((row) => {
          const tr = body.insertRow();
          row.forEach((v) => tr.appendChild(td(v)));
        });
        box.replaceChildren(table);
      },
      // a page table drawn as its page opens; its Output is the Store's clear_data, so this
      // must return no_update (anything truthy would clear the rows)
      fillPageTable: function (data, id) {
        window.dash_clientside.blockade.fillTable(data, id);
        return window.dash_clientside.no_update;
      },
      exportImage: function (clicks, id) {
        const frame = id && document.getElementById(id.chart + "-frame");
        const gd = frame && frame.querySelector(".js-plotly-plot");
        if (!clicks || !gd || !gd._fullLayout || !window.Plotly) return;
        const fig = window.blockadeFrame.exportFigure(gd, frame);
        window.Plotly.downloadImage({ data: fig.data, layout: fig.layout }, {
          format: id.format,
          filename: window.blockadeFrame.stem(frame.dataset.slug),
          width: fig.width,
          height: fig.height,
          scale: id.format === "png" ? 2 : 1,
        });
      },
      copyLink: function (clicks) {
        if (!clicks) return window.dash_clientside.no_update;
        const url = window.location.href;
        const fallback = () => {
          const area = document.createElement("textarea");
          area.value = url;
          area.setAttribute("readonly", "");
          area.style.position = "fixed";
          area.style.opacity = "0";
          document.body.appendChild(area);
          area.select();
          let ok = false;
          try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          document.body.removeChild(area);
          return ok ? "Copied" : "Copy this link: " + url;
        };
        if (navigator.clipboard && window.isSecureContext) {
          return navigator.clipboard.writeText(url).then(() => "Copied", fallback);
        }
        return fallback();
      },
    },
  });
})();
