"""OpenAPI: our authentication classes (loaded by CoreConfig.ready), the one error shape, and the hook that
documents the error answers of every operation."""

from __future__ import annotations

import copy
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
            "description": (
                "Khóa của tài khoản tích hợp, dạng `Token ph_…` (cấp bằng `phoihop token create`)."
            ),
        }


class MFASessionScheme(OpenApiAuthenticationExtension):
    target_class = "phoihop.core.api.authentication.MFASessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "phoihop_session"}


# Every error answer of the API (core/api/errors.py).
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "string",
            "description": "Thông báo lỗi, theo ngôn ngữ của yêu cầu (Accept-Language).",
        },
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": (
                "Lỗi theo từng trường (`non_field_errors` cho lỗi "
                "chung); rỗng khi lỗi không gắn với trường nào."
            ),
        },
    },
    "required": ["detail", "errors"],
}
# When each error answer applies (decision 95), so a client (and the contract test) can rely on the list.
ERROR_DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ: thân yêu cầu hoặc tham số truy vấn sai kiểu, ngoài khoảng hoặc thiếu "
    "(`errors` nêu từng trường).",
    "401": (
        "Chưa xác thực: thiếu, sai, đã thu hồi hoặc hết hạn khóa API (hoặc phiên chưa qua xác thực hai lớp)."
    ),
    "403": "Đã xác thực nhưng vai trò hoặc cơ quan của bạn không được thực hiện thao tác này.",
    "413": "Thân yêu cầu vượt giới hạn kích thước (không kèm tệp); `detail` nêu giới hạn.",
    "404": "Không tìm thấy — hoặc bạn không được xem (hai trường hợp trả lời như nhau); với danh sách: trang "
    "vượt quá trang cuối.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _error_codes(method: str, operation: dict[str, Any]) -> list[str]:
    parameters = operation.get("parameters", [])
    located = {p.get("in") for p in parameters}
    codes = []
    if "requestBody" in operation or "query" in located or method in WRITE_METHODS:
        codes.append("400")  # a write can always be refused by a rule of the domain, with its reason
    if {} not in operation.get("security", [{}]):  # `{}` among the schemes: anonymous allowed
        codes.append("401")
    if method in WRITE_METHODS:
        codes.append("403")
    paged = any(p.get("in") == "query" and p.get("name") in ("page", "cursor") for p in parameters)
    if "path" in located or paged:
        codes.append("404")
    if "requestBody" in operation:
        codes.append("413")
    return codes


def _error_content() -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Postprocessing hook: the `Error` component; the 400/401/403/404 answers each operation can give unless
    it documents that status itself; and the `Error` body on any 4xx an operation declared without one."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = copy.deepcopy(ERROR_SCHEMA)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for code in _error_codes(method, operation):
                responses.setdefault(
                    code, {"description": ERROR_DESCRIPTIONS[code], "content": _error_content()}
                )
            for code, response in responses.items():
                if code.startswith("4") and "content" not in response:
                    response["content"] = _error_content()
                    response["description"] = response.get("description") or ERROR_DESCRIPTIONS.get(code, "")
            operation["responses"] = dict(sorted(responses.items()))
    return result
