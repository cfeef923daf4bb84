PUBLIC_URLS = {
    "core:home",
    "core:healthz",
    "core:accessibility",
    "core:privacy",
    "core:cookies",
}
