/* The page asking for Dash's layout names itself exactly (dashboard/factory.py,
   page_container): the layout then holds that page, and Dash's router has nothing to fetch on
   first load. A Referer would not do: browsers cut it to the origin for long addresses, and
   some settings drop its query, so the layout would hold another page than the one shown. */
(function () {
  var fetchFirst = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (/\/_dash-layout$/.test(url.split("?")[0])) {
      init = Object.assign({}, init);
      var headers = new Headers(init.headers || {});
      headers.set("X-Dash-Page", window.location.pathname + window.location.search);
      init.headers = headers;
    }
    return fetchFirst.call(this, input, init);
  };
})();
