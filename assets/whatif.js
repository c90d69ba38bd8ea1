/* "What if it lasts?" (dashboard/pages/whatif.py): answers the slider and the price in the
 * browser from the grid the page embeds (dashboard/views/whatif.py grid), so no server round trip.
 * answer: the sentence and the fan chart for N days more, at the scenario's Brent paths or at a
 * flat price (barrels x price: a positive constant keeps the interval's quantiles).
 * reload: a new episode or what-if date is a new address (the server checks it). */
(function () {
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const day = (iso) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : String(iso);
  };
  const sig = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
  const barrels = (m) => (Math.abs(m) >= 1000 ? sig(m / 1000) + " billion" : sig(m) + " million");
  const usd = (b) => (b < 0 ? "-" : "") + "$" + (Math.abs(b) >= 1 ? sig(Math.abs(b)) + " billion" : sig(Math.abs(b) * 1000) + " million");
  const flatPrice = (value, grid) => {
    if (value === null || value === undefined || value === "") return null;
    const p = Number(value);
    return Number.isFinite(p) && p >= grid.flat_min && p <= grid.flat_max ? p : NaN;
  };
  // keep this page's own parameters in the address bar, after the shell's own URL sync
  const syncUrl = (price, days, flat) => {
    window.setTimeout(() => {
      const q = new URLSearchParams(window.location.search);
      q.set("price", price);
      q.set("days", String(days));
      if (flat === null || Number.isNaN(flat)) q.delete("flat"); else q.set("flat", String(flat));
      const query = "?" + q.toString().replace(/%2C/g, ",");
      if (window.location.search !== query) {
        window.history.replaceState(window.history.state, "", window.location.pathname + query);
      }
    }, 0);
  };
  const empty = (text) => ({
    data: [],
    layout: { xaxis: { visible: false }, yaxis: { visible: false },
      annotations: [{ text: text, xref: "paper", yref: "paper", x: 0.5, y: 0.5, showarrow: false }] },
  });
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    whatif: {
      answer: function (grid, days, flatValue, price, style) {
        if (!grid || !grid.days || !grid.usd[price]) {
          const none = "No projection is available for this episode and date.";
          return [none, empty(none)];
        }
        let i = grid.days.indexOf(Number(days));
        if (i < 0) i = 0;
        const flat = flatPrice(flatValue, grid);
        const atFlat = flat !== null && !Number.isNaN(flat);
        const b = grid.barrels;
        const scen = grid.usd[price];
        const value = (k, side) => {
          const src = atFlat ? (k === "point" ? b.point : b[k][side]) : (k === "point" ? scen.point : scen[k][side]);
          return atFlat ? src.map((v) => (v * flat) / 1000) : src;
        };
        const basis = atFlat ? "at a flat $" + flat + " a barrel" : "on Brent price paths from the price on " + day(grid.as_of);
        const n = grid.days[i];
        const lead = n === 0
          ? "Had it stopped on " + day(grid.as_of) + ", the blockade would have cost Libya "
          : "If the blockade lasts " + n + " more days after " + day(grid.as_of) + ", to " + day(grid.ends[i]) + ", Libya forgoes ";
        let text = lead + barrels(b.point[i]) + " barrels in all (95% interval " + barrels(b["0.95"].lower[i]) +
          " to " + barrels(b["0.95"].upper[i]) + "), worth " + usd(value("point")[i]) + " (95% interval " +
          usd(value("0.95", "lower")[i]) + " to " + usd(value("0.95", "upper")[i]) + ") " + basis + ".";
        if (n > 0) {
          text += " The cost so far, to " + day(grid.as_of) + ": " + barrels(b.point[0]) + " barrels, " + usd(value("point")[0]) + ".";
        }
        if (Number.isNaN(flat)) {
          text += " (A flat price must be " + grid.flat_min + " to " + grid.flat_max + " US$/bbl; showing Brent paths.)";
        }
        const x = grid.ends;
        const edge = { type: "scatter", x: x, mode: "lines", line: { width: 0 }, hoverinfo: "skip" };
        const data = [
          Object.assign({}, edge, { y: value("0.95", "upper"), showlegend: false, name: "95% upper" }),
          Object.assign({}, edge, { y: value("0.95", "lower"), fill: "tonexty", fillcolor: style.band95, name: "95% interval" }),
          Object.assign({}, edge, { y: value("0.8", "upper"), showlegend: false, name: "80% upper" }),
          Object.assign({}, edge, { y: value("0.8", "lower"), fill: "tonexty", fillcolor: style.band80, name: "80% interval" }),
          { type: "scatter", x: x, y: value("point"), mode: "lines", line: { color: style.line, width: 2 },
            name: "Estimate", hovertemplate: "%{y:.2f} bn<extra>%{x}</extra>" },
          { type: "scatter", x: [x[i]], y: [value("point")[i]], mode: "markers",
            marker: { color: style.marker, size: 11, symbol: "diamond" }, name: n + " more days" },
        ];
        syncUrl(price, n, flat);
        return [text, { data: data, layout: style.layout }];
      },
      reload: function (episode, asOf) {
        const q = new URLSearchParams(window.location.search);
        const changed = window.dash_clientside.callback_context.triggered.map((t) => t.prop_id);
        if (q.get("episode") !== episode && changed.some((p) => p.startsWith("whatif-episode"))) {
          q.set("episode", episode);
          ["from", "days", "start", "end"].forEach((k) => q.delete(k));
        } else {
          q.set("from", asOf);
          q.delete("days");
        }
        window.location.assign(window.location.pathname + "?" + q.toString().replace(/%2C/g, ","));
        return window.dash_clientside.no_update;
      },
    },
  });
})();
