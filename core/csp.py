"""Per-view Content Security Policy exceptions (django-csp 4).

The site-wide policy (settings.CONTENT_SECURITY_POLICY) allows no inline script or style. Pages
that embed third-party UIs may need a narrow exception, applied per view and never site-wide:

* Swagger UI works under the strict policy when served by drf-spectacular's
  ``SpectacularSwaggerSplitView`` (its start-up script is a separate same-origin request);
  ``SpectacularSwaggerView`` inlines that script and is blocked.
* ReDoc injects its styles at run time and starts a search worker from a ``blob:`` URL; wrap its
  view with ``redoc_csp`` (styles only, never scripts).
"""

from csp.decorators import csp_update

redoc_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})
