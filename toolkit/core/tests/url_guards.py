PUBLIC_URLS = {
    "core:home",
    "core:healthz",
    "core:security-txt",
    "core:accessibility",
    "core:privacy",
    "core:cookies",
}
