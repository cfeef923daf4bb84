PUBLIC_URLS = {"security:sign-in-code", "security:sign-in-setup"}
ACCOUNT_LEVEL_URLS = {"security:setup", "security:keep-alive"}
