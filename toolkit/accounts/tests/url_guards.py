PUBLIC_URLS = {
    "accounts:sign-in",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:invitation",
}
ACCOUNT_LEVEL_URLS = {"accounts:sign-out", "accounts:settings"}
