# The API's endpoints need no session: each one signs in by bearer token and reaches an
# area only through the token user's membership (see toolkit/api/access.py). Their
# isolation across areas, scopes and token states is tested in test_isolation.py over every
# operation of the OpenAPI document. The documentation and the OpenAPI document are public.
PUBLIC_URLS = {
    "api:docs",
    "api:openapi-json",
    "api:api-root",
    "api:areas",
    "api:area",
    "api:organisations",
    "api:relationships",
    "api:relationship-create",
    "api:relationship",
    "api:relationship-update",
    "api:rounds",
    "api:round",
    "api:round-results",
    "api:round-barriers",
    "api:imports",
    "api:actions",
    "api:action-create",
    "api:action",
    "api:action-update",
    "api:action-update-add",
}
ACCOUNT_LEVEL_URLS = {
    "api-tokens:list",
    "api-tokens:create",
    "api-tokens:created",
    "api-tokens:revoke",
}
