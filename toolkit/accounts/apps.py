from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "toolkit.accounts"
    label = "accounts"
