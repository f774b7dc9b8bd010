"""OpenAPI additions: the API-key security scheme and the shared error component."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BankApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BankApiKeyAuthentication"
    name = "BankApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <prefix>.<secret>` — a key issued to a bank by the administrator (hashed at rest, "
            "expiring, revocable, rate-limited per minute).",
        }
