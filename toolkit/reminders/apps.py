from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "toolkit.reminders"
    label = "reminders"
    verbose_name = "Reminders, digests and the outbox"

    def ready(self):
        from toolkit.rounds.signals import personal_link_used

        from .respondents import link_address_forget

        personal_link_used.connect(link_address_forget, dispatch_uid="reminders-link-used")
