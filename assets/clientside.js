/* Browser-side view logic: pure filtering and restyling, no server round trip.
 * applyView: date range and event-category visibility on precomputed figures.
 * syncUrl: mirror the page's canonical query string to the address bar and the nav links.
 * exportSvg: save the chart next to an SVG button as an .svg file, at its drawn size. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  blockade: {
    applyView: function (base, start, end, categories) {
      const shown = new Set(categories || []);
      const toggle = (item) =>
        item.name && item.name.startsWith("evt:")
          ? Object.assign({}, item, { visible: shown.has(item.name.slice(4)) })
          : item;
      const range = start && end && start < end ? [start, end] : null;
      const view = (fig) => {
        if (!fig) return window.dash_clientside.no_update;
        const layout = Object.assign({}, fig.layout, {
          shapes: (fig.layout.shapes || []).map(toggle),
          annotations: (fig.layout.annotations || []).map(toggle),
          xaxis: Object.assign({}, fig.layout.xaxis, range ? { range: range, autorange: false } : { autorange: true }),
        });
        return { data: fig.data, layout: layout };
      };
      base = base || {};
      return [view(base.production), view(base.cumulative), view(base.price)];
    },
    syncUrl: function (queries, pages) {
      const query = (queries || []).find((q) => q) || "";
      if (query && window.location.search !== query) {
        window.history.replaceState(window.history.state, "", window.location.pathname + query);
      }
      return pages.map((path) => path + query);
    },
    exportSvg: function (clicks, id) {
      const host = id && document.getElementById(id.graph);
      const gd = host && host.querySelector(".js-plotly-plot");
      if (!clicks || !gd || !window.Plotly) return;
      const full = gd._fullLayout || {};
      window.Plotly.downloadImage(gd, {
        format: "svg",
        filename: id.graph,
        width: full.width,
        height: full.height,
      });
    },
  },
});
