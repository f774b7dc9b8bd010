"""Home page per role. Apps register a context provider for a role in their ``AppConfig.ready``;
the home view stays ignorant of the apps above it. List values (``summary``, ``home_links``)
from several providers are concatenated; other keys are merged."""

from collections.abc import Callable, Iterable

from django.http import HttpRequest

from core.roles import Role

HomeProvider = Callable[..., dict]
HOME_PROVIDERS: dict[str, list[HomeProvider]] = {}


def register_home(roles: str | Iterable[str], provider: HomeProvider) -> None:
    for role in [roles] if isinstance(roles, str) else roles:
        HOME_PROVIDERS.setdefault(str(role), []).append(provider)


def home_context(role: str, request: HttpRequest) -> dict:
    context: dict = {"role_label": Role(role).label if role in Role.values else ""}
    for provider in HOME_PROVIDERS.get(role, []):
        for key, value in provider(request).items():
            if isinstance(value, list) and isinstance(context.get(key), list):
                context[key] = context[key] + value
            else:
                context[key] = value
    return context
