"""OpenAPI descriptions of our authentication classes (loaded by CoreConfig.ready)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "phoihop.core.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Khóa của tài khoản tích hợp, dạng `Token ph_…` (cấp bằng `phoihop token create`).",
        }


class MFASessionScheme(OpenApiAuthenticationExtension):
    target_class = "phoihop.core.api.authentication.MFASessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "phoihop_session"}
