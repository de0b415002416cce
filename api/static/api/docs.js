// Starts Swagger UI on the API's schema: a file, since the site's policy allows no
// inline script (core/csp.py).
//
// The base layout, without the standalone preset's top bar: that bar's Swagger logo is
// an SVG carrying a <style> element, which the policy (style-src 'self') refuses; its
// other part, a box to load any schema address, is of no use here. Our page's own
// header links back to the site, the tokens and the schema instead.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
