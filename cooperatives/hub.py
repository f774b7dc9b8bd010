"""The cooperative page as a hub: apps above ``cooperatives`` (compliance, outreach, banking) add
their section to ``/koperasi/<id>/`` by registering a panel provider in their ``AppConfig.ready``,
the way they add to the home page (``core.home``); this app never imports them.

A provider is ``provider(request, cooperative) -> dict | None``: ``None`` when the user's role may
not see that section, else ``{"order": int, "template": str, "context": dict}``. A provider runs a
fixed number of queries, whatever the cooperative's history, so the page's count stays constant.
"""

from collections.abc import Callable

PanelProvider = Callable[..., dict | None]
PANEL_PROVIDERS: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> None:
    if provider not in PANEL_PROVIDERS:
        PANEL_PROVIDERS.append(provider)


def cooperative_panels(request, cooperative) -> list[dict]:
    """The sections the user may see, in order, each rendered (``html``) with its own context."""
    from django.template.loader import render_to_string

    panels = [panel for provider in PANEL_PROVIDERS if (panel := provider(request, cooperative)) is not None]
    panels.sort(key=lambda panel: panel.get("order", 100))
    for panel in panels:
        panel["html"] = render_to_string(panel["template"], {"cooperative": cooperative, **panel["context"]}, request=request)
    return panels
